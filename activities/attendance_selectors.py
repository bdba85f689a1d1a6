"""Reads of attendance: the staff's Today list, study-circle reports, LOK checks and exports.

Held dates are the dates that count (``Occurrence.objects.countable()``, the rule of
activities/models/events.py); the goals' sums over head counts live in goals/queries.py.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from activities.attendance_services import STATE_MESSAGES, cell_key, counting_state, default_study_hours
from activities.models import (
    Activity,
    ActivityForm,
    Occurrence,
    OccurrenceAttendance,
    Participant,
    ParticipantRole,
    Presence,
    age_bands,
)
from activities.selectors import local_day_bounds
from klocket import permissions

TODAY_MAX = 50
RECENT_DAYS = 14

# Study-circle rules (DESIGN.md): 3-20 people counting the leader, at least 9 study hours over
# at least 3 sessions, participants 13 or older, at most 3 sessions and 12 study hours a week.
CIRCLE_MIN_PEOPLE = 3
CIRCLE_MAX_PEOPLE = 20
CIRCLE_MIN_HOURS = 9
CIRCLE_MIN_SESSIONS = 3
CIRCLE_MIN_AGE = 13
CIRCLE_MAX_SESSIONS_A_WEEK = 3
CIRCLE_MAX_HOURS_A_WEEK = 12

# LOK-stöd (since 2023-07-01): at least 60 minutes, a leader, 3-30 participants aged 7-25.
LOK_MIN_MINUTES = 60
LOK_MIN_PARTICIPANTS = 3
LOK_MAX_PARTICIPANTS = 30
LOK_MIN_AGE = 7
LOK_MAX_AGE = 25


# Today ------------------------------------------------------------------------------------------------------


@dataclass
class TodayItem:
    occurrence: Occurrence
    attendance: OccurrenceAttendance | None
    state: str | None

    @property
    def is_study_circle(self) -> bool:
        return self.occurrence.activity.form == ActivityForm.STUDY_CIRCLE

    @property
    def state_message(self):
        return STATE_MESSAGES.get(self.state) if self.state and self.state != "study_circle" else None


def _attendance(occurrence):
    try:
        return occurrence.attendance
    except OccurrenceAttendance.DoesNotExist:
        return None


def today_for(user, *, now=None, limit: int = TODAY_MAX) -> dict:
    """The user's dates of today and recent held dates not yet counted: two queries whatever the data."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    day_start, day_end = local_day_bounds(today)
    base = permissions.editable_occurrences(user).select_related("activity", "activity__venue", "venue", "attendance")
    todays = list(base.filter(start__gte=day_start, start__lt=day_end).order_by("start", "pk")[: limit + 1])
    recent = list(
        base.filter(
            Occurrence.countable_q(now=now),
            start__gte=day_start - dt.timedelta(days=RECENT_DAYS),
            start__lt=day_start,
            attendance__isnull=True,
        ).order_by("-start", "-pk")[: limit + 1]
    )

    def items(occurrences):
        return [
            TodayItem(occurrence, _attendance(occurrence), counting_state(occurrence, user, now=now, presence=True))
            for occurrence in occurrences[:limit]
        ]

    return {
        "today": items(todays),
        "today_more": len(todays) > limit,
        "recent": items(recent),
        "recent_more": len(recent) > limit,
        "recent_days": RECENT_DAYS,
    }


def study_circles_for(user):
    return (
        permissions.editable_activities(user)
        .filter(form=ActivityForm.STUDY_CIRCLE)
        .select_related("organiser")
        .annotate(
            people=Count("participants", distinct=True),
            sessions=Count("occurrences", filter=Q(occurrences__cancelled=False), distinct=True),
        )
        .order_by("title", "pk")
    )


# Study circles ----------------------------------------------------------------------------------------------


@dataclass
class Session:
    occurrence: Occurrence
    hours: int
    hours_set: bool
    held: bool
    present: set = field(default_factory=set)

    @property
    def minutes(self) -> int:
        return int(self.occurrence.duration.total_seconds() // 60)


@dataclass
class ParticipantStatus:
    participant: Participant
    present: set = field(default_factory=set)
    sessions: int = 0
    hours: int = 0

    @property
    def reached(self) -> bool:
        """Reached at least 9 study hours over at least 3 sessions."""
        return self.sessions >= CIRCLE_MIN_SESSIONS and self.hours >= CIRCLE_MIN_HOURS


@dataclass
class CircleReport:
    activity: Activity
    sessions: list[Session]
    participants: list[ParticipantStatus]
    warnings: list[str]

    @property
    def held(self) -> list[Session]:
        return [session for session in self.sessions if session.held]

    @property
    def planned_hours(self) -> int:
        return sum(session.hours for session in self.sessions)

    @property
    def held_hours(self) -> int:
        return sum(session.hours for session in self.held)

    @property
    def period(self) -> tuple[dt.date, dt.date] | None:
        if not self.sessions:
            return None
        return (
            timezone.localdate(self.sessions[0].occurrence.start),
            timezone.localdate(self.sessions[-1].occurrence.start),
        )

    @property
    def is_anonymised(self) -> bool:
        return any(status.participant.is_anonymised for status in self.participants)

    def status_of(self, participant_id) -> ParticipantStatus | None:
        return next((s for s in self.participants if s.participant.pk == participant_id), None)


def circle_report(activity: Activity, *, now=None) -> CircleReport:
    """Sessions with study hours, participants with what they attended, and rule warnings: 3 queries."""
    now = now or timezone.now()
    occurrences = list(
        activity.occurrences.filter(cancelled=False).select_related("attendance", "venue").order_by("start", "pk")
    )
    sessions = []
    by_id = {}
    for occurrence in occurrences:
        attendance = _attendance(occurrence)
        hours_set = attendance is not None and attendance.study_hours is not None
        session = Session(
            occurrence=occurrence,
            hours=attendance.study_hours if hours_set else default_study_hours(occurrence),
            hours_set=hours_set,
            held=occurrence.start <= now,
        )
        sessions.append(session)
        by_id[occurrence.pk] = session
    statuses = [ParticipantStatus(participant) for participant in activity.participants.all()]
    by_participant = {status.participant.pk: status for status in statuses}
    for participant_id, occurrence_id in Presence.objects.filter(participant__activity=activity).values_list(
        "participant_id", "occurrence_id"
    ):
        session = by_id.get(occurrence_id)
        status = by_participant.get(participant_id)
        if session is None or status is None:
            continue
        session.present.add(participant_id)
        status.present.add(occurrence_id)
        status.sessions += 1
        status.hours += session.hours
    report = CircleReport(activity=activity, sessions=sessions, participants=statuses, warnings=[])
    report.warnings = circle_warnings(report)
    return report


def circle_warnings(report: CircleReport) -> list[str]:
    """The study-circle rules the circle breaks, as sentences (warnings, not refusals)."""
    warnings = []
    people = len(report.participants)
    if people < CIRCLE_MIN_PEOPLE:
        warnings.append(
            ngettext(
                "%(count)s person on the list, leader included: a study circle needs at least 3.",
                "%(count)s people on the list, leader included: a study circle needs at least 3.",
                people,
            )
            % {"count": people}
        )
    if people > CIRCLE_MAX_PEOPLE:
        warnings.append(
            _("%(count)s people on the list, leader included: a study circle has at most 20.") % {"count": people}
        )
    if report.participants and not any(s.participant.role == ParticipantRole.LEADER for s in report.participants):
        warnings.append(_("No leader on the list."))
    if len(report.sessions) < CIRCLE_MIN_SESSIONS:
        warnings.append(
            ngettext(
                "%(count)s session planned: a study circle needs at least 3.",
                "%(count)s sessions planned: a study circle needs at least 3.",
                len(report.sessions),
            )
            % {"count": len(report.sessions)}
        )
    if report.planned_hours < CIRCLE_MIN_HOURS:
        warnings.append(
            ngettext(
                "%(hours)s study hour planned: a study circle needs at least 9.",
                "%(hours)s study hours planned: a study circle needs at least 9.",
                report.planned_hours,
            )
            % {"hours": report.planned_hours}
        )
    if report.sessions:
        year = timezone.localdate(report.sessions[0].occurrence.start).year
        young = [
            s
            for s in report.participants
            if s.participant.role == ParticipantRole.PARTICIPANT
            and s.participant.birth_year is not None
            and s.participant.age_in(year) < CIRCLE_MIN_AGE
        ]
        if young:
            warnings.append(
                ngettext(
                    "%(count)s participant is under 13 in %(year)s: participants are 13 or older.",
                    "%(count)s participants are under 13 in %(year)s: participants are 13 or older.",
                    len(young),
                )
                % {"count": len(young), "year": year}
            )
    weeks: dict[tuple[int, int], list[Session]] = defaultdict(list)
    for session in report.sessions:
        iso = timezone.localdate(session.occurrence.start).isocalendar()
        weeks[(iso[0], iso[1])].append(session)
    for (year, week), in_week in sorted(weeks.items()):
        if len(in_week) > CIRCLE_MAX_SESSIONS_A_WEEK:
            warnings.append(
                _("Week %(week)s of %(year)s has %(count)s sessions: at most 3 a week.")
                % {"week": week, "year": year, "count": len(in_week)}
            )
        hours = sum(session.hours for session in in_week)
        if hours > CIRCLE_MAX_HOURS_A_WEEK:
            warnings.append(
                _("Week %(week)s of %(year)s has %(hours)s study hours: at most 12 a week.")
                % {"week": week, "year": year, "hours": hours}
            )
    for session in report.sessions:
        if session.hours * 45 > session.minutes:
            warnings.append(
                ngettext(
                    "The session on %(date)s has %(hours)s study hour but lasts only %(minutes)s minutes.",
                    "The session on %(date)s has %(hours)s study hours but lasts only %(minutes)s minutes.",
                    session.hours,
                )
                % {
                    "date": timezone.localdate(session.occurrence.start).isoformat(),
                    "hours": session.hours,
                    "minutes": session.minutes,
                }
            )
    return warnings


# LOK-stöd ---------------------------------------------------------------------------------------------------


@dataclass
class ReportingPeriod:
    year: int
    half: int

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def deadline(self) -> dt.date:
        """Applications are due 25 August (January-June) and 25 February (July-December)."""
        return dt.date(self.year, 8, 25) if self.half == 1 else dt.date(self.year + 1, 2, 25)


def lok_bands() -> list[str]:
    """Band codes wholly inside ages 7-25: head counts cannot tell ages within a band."""
    return [
        band.code
        for band in age_bands()
        if band.min_age >= LOK_MIN_AGE and band.max_age is not None and band.max_age <= LOK_MAX_AGE
    ]


# Why a sports date would not qualify for LOK-stöd, by code (exports use their own Swedish words).
LOK_REASONS = {
    "short": gettext_lazy("shorter than 60 minutes"),
    "not_counted": gettext_lazy("not counted"),
    "no_leader": gettext_lazy("no leader counted"),
    "too_few": gettext_lazy("fewer than 3 participants aged 7–25"),
    "too_many": gettext_lazy("more than 30 participants aged 7–25"),
}


@dataclass
class LokRow:
    occurrence: Occurrence
    attendance: OccurrenceAttendance | None
    minutes: int
    leaders: int
    youth: int
    others: int
    reasons: list[str]

    @property
    def qualifies(self) -> bool:
        return not self.reasons

    @property
    def reason_labels(self) -> list[str]:
        return [str(LOK_REASONS[code]) for code in self.reasons]


def lok_check(*, period: ReportingPeriod, organisations, now=None) -> list[LokRow]:
    """Every held sports date (a date that counts) of the organisations in the period, marked as
    qualifying or not with reasons."""
    now = now or timezone.now()
    first, _next = local_day_bounds(period.first_day)
    _last, after = local_day_bounds(period.last_day)
    occurrences = (
        Occurrence.objects.countable(now)
        .filter(
            Q(activity__organiser__in=organisations)
            | Q(activity__in=Activity.objects.filter(co_organisers__in=organisations).values("pk")),
            activity__form=ActivityForm.SPORTS,
            start__gte=first,
            start__lt=after,
        )
        .select_related("activity", "activity__organiser", "attendance")
        .order_by("start", "pk")
    )
    youth_bands = set(lok_bands())
    rows = []
    for occurrence in occurrences:
        attendance = _attendance(occurrence)
        minutes = int(occurrence.duration.total_seconds() // 60)
        counts = attendance.counts if attendance else {}
        youth = sum(n for key, n in counts.items() if key.split(":", 1)[0] in youth_bands)
        others = sum(counts.values()) - youth
        leaders = attendance.leaders if attendance else 0
        reasons = []
        if minutes < LOK_MIN_MINUTES:
            reasons.append("short")
        if attendance is None:
            reasons.append("not_counted")
        else:
            if leaders < 1:
                reasons.append("no_leader")
            if youth < LOK_MIN_PARTICIPANTS:
                reasons.append("too_few")
            elif youth > LOK_MAX_PARTICIPANTS:
                reasons.append("too_many")
        rows.append(LokRow(occurrence, attendance, minutes, leaders, youth, others, reasons))
    return rows


# Exports ----------------------------------------------------------------------------------------------------


def head_count_export(*, start: dt.date, end: dt.date, organisations, now=None):
    """Dates that count of the organisations from ``start`` to ``end`` with their attendance: one query."""
    now = now or timezone.now()
    first, _next = local_day_bounds(start)
    _last, after = local_day_bounds(end)
    return (
        Occurrence.objects.countable(now)
        .filter(
            Q(activity__organiser__in=organisations)
            | Q(activity__in=Activity.objects.filter(co_organisers__in=organisations).values("pk")),
            start__gte=first,
            start__lt=after,
        )
        .select_related("activity", "activity__organiser", "activity__venue", "venue", "attendance")
        .order_by("start", "pk")
    )


def counts_of(attendance: OccurrenceAttendance | None, band: str, gender: str) -> int:
    if attendance is None:
        return 0
    return attendance.counts.get(cell_key(band, gender), 0)


def place_of(occurrence) -> str:
    return (occurrence.venue or occurrence.activity.venue).name
