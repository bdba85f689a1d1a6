"""Writes of attendance: tallies, study-circle lists and presences, imports, retention, bulk loads.

Rules every write here keeps:

- Only dates that count can be tallied (the rule lives in ``activities/models/events.py``:
  started, not cancelled, of a published activity that is not an internal meeting; a draft is
  refused with "publish first"). Counts of occurrences that started more
  than ``LOCK_AFTER_DAYS`` days ago are locked for partner staff; coordinators can still
  correct them.
- Study circles are counted from their presence lists: the head counts of a session follow
  its presences (participants by age band and gender, leaders as leaders), never typed twice.
- Concurrent saves (optimistic version check): a tally form carries the version of the counts
  it was opened with. Saving locks the occurrence row (``SELECT ... FOR UPDATE``), compares
  versions and refuses with ``TallyConflict`` when someone else saved in between; the second
  saver sees the other's numbers beside their own, nothing entered is lost, and saving again
  replaces the numbers on purpose. Presence grids merge instead: only the boxes a person
  changed are applied, so two people ticking different boxes both keep their ticks.
- Every change writes a history row of ``OccurrenceAttendance`` (who, when, every count) or of
  ``Participant``/``Presence`` (django-simple-history).
"""

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import (
    Activity,
    ActivityForm,
    CountSource,
    Gender,
    HeadCount,
    Occurrence,
    OccurrenceAttendance,
    Participant,
    ParticipantRole,
    Presence,
    age_bands,
)
from activities.models.attendance import (
    MAX_COUNT,
    MAX_STUDY_HOURS_PER_SESSION,
    STUDY_HOUR_MINUTES,
    band_for_age,
)
from activities.services import create_single_occurrence
from klocket import permissions

LOCK_AFTER_DAYS = 30
BULK_BATCH_SIZE = 5000

# Why an occurrence cannot be counted now, by code.
STATE_MESSAGES = {
    "future": gettext_lazy("This date has not started yet. Count it once it has begun."),
    "cancelled": gettext_lazy("This date was cancelled, so it cannot be counted."),
    "draft": gettext_lazy("This activity is a draft. Publish it first, then count its dates."),
    "internal_meeting": gettext_lazy(
        "Internal meetings are not counted: their participants are not visitors of KLOCKET."
    ),
    "locked": gettext_lazy("Counts older than 30 days are locked. Ask a coordinator if they need correcting."),
    "study_circle": gettext_lazy("Study circles are counted from their presence list: tick who was there instead."),
}


class TallyConflict(Exception):
    """Someone else saved the counts after the form was opened."""

    def __init__(self, attendance: OccurrenceAttendance):
        super().__init__("counts changed since the form was opened")
        self.attendance = attendance


def cell_key(band: str, gender: str) -> str:
    return f"{band}:{gender}"


def all_cells() -> list[tuple[str, str]]:
    """(band code, gender) of every counter, youngest band first."""
    return [(band.code, gender) for band in age_bands() for gender in Gender.values]


def counting_state(occurrence: Occurrence, user, *, now: dt.datetime | None = None, presence: bool = False):
    """None when ``user`` may count ``occurrence`` now, else a code of STATE_MESSAGES.

    ``presence`` asks for the presence list of a study-circle session instead of a tally.
    """
    now = now or timezone.now()
    refusal = occurrence.counting_refusal(now)
    if refusal:
        return refusal
    if is_locked_for(occurrence, user, now=now):
        return "locked"
    if not presence and occurrence.activity.form == ActivityForm.STUDY_CIRCLE:
        return "study_circle"
    return None


def is_locked_for(occurrence: Occurrence, user, *, now: dt.datetime | None = None) -> bool:
    """Partner staff cannot change counts older than 30 days; coordinators and the system (no user) can."""
    if user is None:
        return False
    now = now or timezone.now()
    too_old = timezone.localdate(occurrence.start) < timezone.localdate(now) - dt.timedelta(days=LOCK_AFTER_DAYS)
    return too_old and not permissions.is_coordinator(user)


def refuse_unless_countable(occurrence, user, *, now=None, presence=False):
    state = counting_state(occurrence, user, now=now, presence=presence)
    if state:
        raise ValidationError(STATE_MESSAGES[state], code=state)


def check_count(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise ValidationError(_("Enter a whole number from 0 to 10,000."), code="count_range")
    return value


def default_study_hours(occurrence: Occurrence) -> int:
    """Whole study hours of 45 minutes that fit in the session, at most 4."""
    minutes = int(occurrence.duration.total_seconds() // 60)
    return max(0, min(MAX_STUDY_HOURS_PER_SESSION, minutes // STUDY_HOUR_MINUTES))


def _locked_occurrence(occurrence_id, scope=None) -> Occurrence:
    """The occurrence with its activity, locked against other writers of its attendance, and its
    summary (``occurrence.attendance``) read after the lock is held.

    The summary is read in a statement of its own: on PostgreSQL a row joined to a locked row is
    read from the snapshot taken before waiting for the lock, so a summary that the previous
    lock holder created would be missed.
    """
    queryset = scope if scope is not None else Occurrence.objects.all()
    occurrence = queryset.select_related("activity").select_for_update(of=("self",)).get(pk=occurrence_id)
    occurrence.attendance = OccurrenceAttendance.objects.filter(occurrence_id=occurrence.pk).first()
    return occurrence


def _attendance_of(occurrence: Occurrence) -> OccurrenceAttendance | None:
    try:
        return occurrence.attendance
    except OccurrenceAttendance.DoesNotExist:
        return None


def _write(
    occurrence: Occurrence,
    attendance: OccurrenceAttendance | None,
    *,
    counts: dict[str, int],
    replace: bool,
    user,
    source: str,
    reason: str,
    now: dt.datetime,
    **summary,
) -> tuple[OccurrenceAttendance, int]:
    """Set head counts (only the given cells, or every cell with ``replace``) and save the summary.

    The summary's snapshot of counts is the copy compared against, so the changed cells go to the
    database in one INSERT ... ON CONFLICT DO UPDATE (no read of the rows): three queries with
    the summary and its history. Returns the summary and the number of cells whose count changed.
    """
    day = timezone.localdate(occurrence.start)
    before = dict(attendance.counts) if attendance is not None else {}
    moved = attendance is not None and attendance.day != day
    wanted = dict(counts)
    if replace:
        for key in before:
            wanted.setdefault(key, 0)
    after = {key: value for key, value in before.items() if key not in wanted}
    after.update({key: value for key, value in wanted.items() if value})
    rows = []
    for key, value in wanted.items():
        if value != before.get(key, 0) or (moved and value):
            band, gender = key.split(":", 1)
            rows.append(HeadCount(occurrence=occurrence, day=day, band=band, gender=gender, count=value))
    if moved:  # the date was moved: every row takes its new day
        rows += [
            HeadCount(occurrence=occurrence, day=day, band=key.split(":")[0], gender=key.split(":")[1], count=value)
            for key, value in after.items()
            if key not in wanted
        ]
    if rows:
        HeadCount.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["occurrence", "band", "gender"],
            update_fields=["count", "day"],
        )
    changed = sum(1 for key in set(before) | set(wanted) if after.get(key, 0) != before.get(key, 0))
    adding = attendance is None
    if adding:
        attendance = OccurrenceAttendance(occurrence=occurrence)
    for name, value in summary.items():
        setattr(attendance, name, value)
    attendance.day = day
    attendance.counts = dict(sorted(after.items()))
    attendance.total = sum(after.values())
    attendance.version += 1
    attendance.source = source
    attendance.counted_at = now
    attendance.counted_by = user if getattr(user, "pk", None) else None
    attendance._history_user = attendance.counted_by
    attendance._change_reason = reason
    attendance.save(force_insert=adding)
    occurrence.attendance = attendance
    return attendance, changed


@transaction.atomic
def save_tally(
    *,
    occurrence_id: int,
    user,
    counts: dict[str, int],
    leaders: int = 0,
    first_time: int = 0,
    expected_version: int,
    scope=None,
    now: dt.datetime | None = None,
) -> OccurrenceAttendance:
    """Save the tally page: every counter of the occurrence, leaders and first-time visitors.

    ``scope`` (a queryset of occurrences the user may edit) turns the lock into the permission
    check too: an occurrence outside it raises ``Occurrence.DoesNotExist``. Raises
    ``ValidationError`` when the occurrence cannot be counted or a number is out of range, and
    ``TallyConflict`` when the saved version is not ``expected_version``. Five queries: the lock,
    the summary, the head-count upsert, the summary and its history.
    """
    now = now or timezone.now()
    known = {cell_key(*cell) for cell in all_cells()}
    for key, value in counts.items():
        if key not in known:
            raise ValidationError(_("Unknown age band or gender."), code="unknown_cell")
        check_count(value)
    check_count(leaders)
    check_count(first_time)
    total = sum(counts.values())
    if first_time > total:
        raise ValidationError(
            _("First-time visitors cannot be more than the visitors counted (%(total)s).") % {"total": total},
            code="first_time_over_total",
        )
    occurrence = _locked_occurrence(occurrence_id, scope)
    refuse_unless_countable(occurrence, user, now=now)
    attendance = _attendance_of(occurrence)
    current = attendance.version if attendance else 0
    if current != expected_version:
        raise TallyConflict(attendance)
    full = {cell_key(*cell): 0 for cell in all_cells()}
    full.update(counts)
    attendance, _changed = _write(
        occurrence,
        attendance,
        counts=full,
        replace=True,
        user=user,
        source=CountSource.TALLY,
        reason="tally",
        now=now,
        leaders=leaders,
        first_time=first_time,
    )
    return attendance


# Study circles ----------------------------------------------------------------------------------------------


def _clean_participant(*, activity, name, birth_year, gender, contact, role, exclude_pk=None, now=None):
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Enter the participant's name.")})
    this_year = timezone.localdate(now or timezone.now()).year
    if birth_year is None or not 1900 <= birth_year <= this_year:
        raise ValidationError({"birth_year": _("Enter a birth year from 1900 to %(year)s.") % {"year": this_year}})
    if gender not in Gender.values:
        raise ValidationError({"gender": _("Choose a gender.")})
    if role not in ParticipantRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    duplicate = (
        Participant.objects.named()
        .filter(activity=activity, birth_year=birth_year)
        .annotate(lower_name=Lower("name"))
        .filter(lower_name=name.lower())
        .exclude(pk=exclude_pk)
    )
    if duplicate.exists():
        raise ValidationError(
            {"name": _("%(name)s, born %(year)s, is already on the list.") % {"name": name, "year": birth_year}},
            code="duplicate",
        )
    return {"name": name, "birth_year": birth_year, "gender": gender, "contact": (contact or "").strip(), "role": role}


def _refuse_anonymised(activity):
    if activity.participants.filter(anonymised_at__isnull=False).exists():
        raise ValidationError(
            _("This list has been anonymised after the retention period and can no longer be changed."),
            code="anonymised",
        )


@transaction.atomic
def add_participant(
    *, activity: Activity, name: str, birth_year: int | None, gender: str, contact: str = "", role: str, user=None
) -> Participant:
    """Add a person to a study circle's list (no personal identity number, ever)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _refuse_anonymised(activity)
    values = _clean_participant(
        activity=activity, name=name, birth_year=birth_year, gender=gender, contact=contact, role=role
    )
    participant = Participant(activity=activity, **values)
    participant._history_user = user
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        raise ValidationError({"name": _("This person is already on the list.")}, code="duplicate") from None
    return participant


@transaction.atomic
def update_participant(*, participant: Participant, user=None, now=None, **fields) -> Participant:
    """Change a participant; sessions they attended are recounted when age, gender or role change."""
    activity = Activity.objects.select_for_update().get(pk=participant.activity_id)
    participant = Participant.objects.get(pk=participant.pk)
    if participant.is_anonymised:
        raise ValidationError(_("An anonymised participant cannot be changed."), code="anonymised")
    current = {
        "name": participant.name,
        "birth_year": participant.birth_year,
        "gender": participant.gender,
        "contact": participant.contact,
        "role": participant.role,
    }
    values = _clean_participant(activity=activity, exclude_pk=participant.pk, **{**current, **fields})
    recount = any(values[key] != current[key] for key in ("birth_year", "gender", "role"))
    for key, value in values.items():
        setattr(participant, key, value)
    participant._history_user = user
    participant.save()
    if recount:
        sessions = Occurrence.objects.filter(presences__participant=participant)
        for occurrence in sessions.select_related("activity"):
            _sync_session(occurrence.pk, user=user, now=now)
    return participant


@transaction.atomic
def remove_participant(*, participant: Participant, user=None, now=None) -> None:
    """Take a person off the list, with their presences; the sessions are recounted."""
    Activity.objects.select_for_update().get(pk=participant.activity_id)
    if participant.is_anonymised:
        raise ValidationError(_("An anonymised participant cannot be changed."), code="anonymised")
    session_ids = list(participant.presences.values_list("occurrence_id", flat=True))
    for presence in participant.presences.all():
        presence._history_user = user
        presence.delete()
    participant._history_user = user
    participant.delete()
    for occurrence_id in session_ids:
        _sync_session(occurrence_id, user=user, now=now)


def _sync_session(occurrence_id, *, user, now=None, study_hours=...) -> OccurrenceAttendance:
    """Recount a study-circle session from its presences (and set its study hours if given)."""
    now = now or timezone.now()
    occurrence = _locked_occurrence(occurrence_id)
    year = timezone.localdate(occurrence.start).year
    counts: Counter = Counter()
    leaders = 0
    for participant in Participant.objects.filter(presences__occurrence=occurrence).only(
        "birth_year", "gender", "role"
    ):
        if participant.role == ParticipantRole.LEADER:
            leaders += 1
            continue
        age = participant.age_in(year)
        band = band_for_age(age) if age is not None and age >= 0 else None
        if band is not None:
            counts[cell_key(band.code, participant.gender)] += 1
    attendance = _attendance_of(occurrence)
    summary = {"leaders": leaders}
    if study_hours is not ...:
        summary["study_hours"] = study_hours
    elif attendance is None or attendance.study_hours is None:
        summary["study_hours"] = default_study_hours(occurrence)
    attendance, _changed = _write(
        occurrence,
        attendance,
        counts=dict(counts),
        replace=True,
        user=user,
        source=CountSource.PRESENCE,
        reason="presence",
        now=now,
        **summary,
    )
    return attendance


@dataclass
class PresenceResult:
    added: int = 0
    removed: int = 0
    sessions: int = 0


@transaction.atomic
def save_presences(
    *,
    activity: Activity,
    user,
    ticked: set[tuple[int, int]],
    shown: set[tuple[int, int]],
    sessions: Iterable[int],
    study_hours: dict[int, int] | None = None,
    now: dt.datetime | None = None,
) -> PresenceResult:
    """Apply a presence grid: (participant id, occurrence id) pairs ticked now and when shown.

    Only boxes the person changed are applied (ticked now but not when shown: added; shown but
    no longer ticked: removed), so two people ticking different boxes at once both keep their
    ticks. ``study_hours`` sets whole study hours per session (0 to 4). Each changed session is
    recounted from its presences.
    """
    now = now or timezone.now()
    study_hours = study_hours or {}
    session_ids = set(sessions)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    occurrences = {
        occurrence.pk: occurrence
        for occurrence in Occurrence.objects.filter(activity=activity, pk__in=session_ids).select_related(
            "activity", "attendance"
        )
    }
    if set(occurrences) != session_ids:
        raise ValidationError(_("A session does not belong to this study circle."), code="foreign_session")
    participants = set(activity.participants.values_list("pk", flat=True))
    for participant_id, occurrence_id in ticked | shown:
        if participant_id not in participants or occurrence_id not in session_ids:
            raise ValidationError(_("A participant or session is not on this list."), code="foreign_cell")
    add = ticked - shown
    remove = shown - ticked
    touched = {occurrence_id for _participant, occurrence_id in add | remove}
    for occurrence_id, hours in study_hours.items():
        if occurrence_id not in session_ids:
            raise ValidationError(_("A session does not belong to this study circle."), code="foreign_session")
        if not isinstance(hours, int) or not 0 <= hours <= MAX_STUDY_HOURS_PER_SESSION:
            raise ValidationError(_("Study hours per session are whole numbers from 0 to 4."), code="study_hours")
        attendance = _attendance_of(occurrences[occurrence_id])
        if attendance is None or attendance.study_hours != hours:
            touched.add(occurrence_id)
    for occurrence_id in touched:
        refuse_unless_countable(occurrences[occurrence_id], user, now=now, presence=True)
    if add or remove:
        _refuse_anonymised(activity)
    existing = {
        (presence.participant_id, presence.occurrence_id): presence
        for presence in Presence.objects.filter(occurrence_id__in=touched)
    }
    result = PresenceResult()
    for pair in sorted(add):
        if pair not in existing:
            presence = Presence(participant_id=pair[0], occurrence_id=pair[1])
            presence._history_user = user
            presence.save()
            result.added += 1
    for pair in sorted(remove):
        presence = existing.get(pair)
        if presence is not None:
            presence._history_user = user
            presence.delete()
            result.removed += 1
    for occurrence_id in sorted(touched):
        if occurrence_id in study_hours:
            _sync_session(occurrence_id, user=user, now=now, study_hours=study_hours[occurrence_id])
        else:
            _sync_session(occurrence_id, user=user, now=now)
        result.sessions += 1
    return result


# Import -----------------------------------------------------------------------------------------------------

# Why a row of an import cannot be saved: the counting rule's reasons, the lock worded for imports.
IMPORT_STATE_MESSAGES = {
    **STATE_MESSAGES,
    "locked": gettext_lazy(
        "Counts older than 30 days are locked. A coordinator can import them, or open an import "
        "window for your organisation."
    ),
}


def history_window_activities(user, activity_ids, *, now: dt.datetime | None = None) -> set[int]:
    """Which of ``activity_ids`` partner staff ``user`` may import old counts into: those that an
    organisation of theirs organises or co-organises while its import window is open
    (``Organisation.history_import_until`` today or later). One query; none for coordinators.
    """
    if user is None or permissions.is_coordinator(user) or not activity_ids:
        return set()
    today = timezone.localdate(now or timezone.now())
    open_organisations = permissions.editable_organisations(user).filter(history_import_until__gte=today)
    return set(
        Activity.objects.filter(pk__in=activity_ids)
        .filter(Q(organiser__in=open_organisations) | Q(co_organisers__in=open_organisations))
        .values_list("pk", flat=True)
    )


def import_state(occurrence: Occurrence, user, *, now: dt.datetime, window: set[int]) -> str | None:
    """``counting_state`` for an import: an open import window lifts the 30-day lock, nothing else."""
    state = counting_state(occurrence, user, now=now)
    if state == "locked" and occurrence.activity_id in window:
        return None
    return state


@dataclass
class ImportResult:
    occurrences: int = 0
    rows: int = 0
    changed: int = 0
    created_dates: int = 0


@transaction.atomic
def import_head_counts(
    *,
    rows: list[tuple],
    user,
    filename: str = "",
    scope=None,
    activity_scope=None,
    create_dates: bool = False,
    now=None,
) -> ImportResult:
    """Set the head counts of (target, band, gender, count) rows, all or nothing.

    A target is an occurrence id, or (activity id, start, end) of a past date the activity lacks:
    that date is created when ``create_dates`` is set (the person importing ticked it), within
    ``activity_scope``, and refused otherwise. Importing sets a cell to the file's number rather
    than adding to it, so importing the same file twice changes nothing the second time; cells
    the file does not name keep their counts. Every occurrence is checked again under lock
    (scope, not future, not cancelled, not locked unless an import window is open, not a study
    circle): one refusal rolls the whole import back. The history of each date's counts names
    the file and who imported it.
    """
    now = now or timezone.now()
    by_target: dict = {}
    known_bands = {band.code for band in age_bands()}
    for target, band, gender, count in rows:
        if band not in known_bands or gender not in Gender.values:
            raise ValidationError(_("Unknown age band or gender."), code="unknown_cell")
        by_target.setdefault(target, {})[cell_key(band, gender)] = check_count(count)
    result = ImportResult(rows=len(rows))
    reason = f"import {filename}"[:100]
    by_occurrence: dict[int, dict[str, int]] = {}
    for target, counts in by_target.items():
        if isinstance(target, tuple):
            occurrence_id = _date_for_import(
                target, user=user, activity_scope=activity_scope, allowed=create_dates, now=now, result=result
            )
        else:
            occurrence_id = target
        by_occurrence.setdefault(occurrence_id, {}).update(counts)
    window = history_window_activities(
        user, set(Occurrence.objects.filter(pk__in=by_occurrence).values_list("activity_id", flat=True)), now=now
    )
    for occurrence_id in sorted(by_occurrence):
        occurrence = _locked_occurrence(occurrence_id, scope)
        state = import_state(occurrence, user, now=now, window=window)
        if state:
            raise ValidationError(IMPORT_STATE_MESSAGES[state], code=state)
        attendance = _attendance_of(occurrence)
        _attendance, changed = _write(
            occurrence,
            attendance,
            counts=by_occurrence[occurrence_id],
            replace=False,
            user=user,
            source=CountSource.IMPORT,
            reason=reason,
            now=now,
        )
        result.occurrences += 1
        result.changed += changed
    return result


def _date_for_import(target, *, user, activity_scope, allowed: bool, now, result: ImportResult) -> int:
    """The id of the activity's date at ``start``: the existing one, or one created now."""
    activity_id, start, end = target
    scope = activity_scope if activity_scope is not None else Activity.objects.all()
    activity = scope.filter(pk=activity_id).first()
    if activity is None:
        raise ValidationError(_("An activity is no longer yours."), code="not_yours")
    existing = Occurrence.objects.filter(activity=activity, start=start).values_list("pk", flat=True).first()
    if existing:
        return existing
    if not allowed:
        raise ValidationError(
            _("Some rows name dates that their activity does not have. Tick “Create the missing dates” to add them."),
            code="missing_dates",
        )
    if start > now:
        raise ValidationError(STATE_MESSAGES["future"], code="future")
    occurrence = create_single_occurrence(activity=activity, start=start, end=end)
    result.created_dates += 1
    return occurrence.pk


# Retention --------------------------------------------------------------------------------------------------


@dataclass
class PurgeResult:
    circles: list
    participants: int


def circles_to_anonymise(*, months: int, now: dt.datetime | None = None):
    """Study circles whose last session ended more than ``months`` months ago and still have names."""
    from django.db.models import Max

    now = now or timezone.now()
    cutoff = _months_before(timezone.localdate(now), months)
    cutoff_moment = timezone.make_aware(dt.datetime.combine(cutoff, dt.time()))
    return (
        Activity.objects.filter(participants__anonymised_at__isnull=True)
        .annotate(last_end=Max("occurrences__end"))
        .filter(last_end__lt=cutoff_moment)
        .distinct()
        .order_by("last_end", "pk")
    ), cutoff


def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def anonymise_participants(*, months: int, dry_run: bool = False, now: dt.datetime | None = None) -> PurgeResult:
    """Replace names, contacts and birth years of old lists by "Deltagare N", in the history too.

    Presences (and so study hours) and the head counts stay.
    """
    now = now or timezone.now()
    circles, _cutoff = circles_to_anonymise(months=months, now=now)
    circles = list(circles)
    total = 0
    for circle in circles:
        people = list(Participant.objects.named().filter(activity=circle).order_by("pk"))
        circle.anonymise_count = len(people)
        total += len(people)
        if dry_run:
            continue
        numbered = Participant.objects.filter(activity=circle, anonymised_at__isnull=False).count()
        for number, person in enumerate(people, start=numbered + 1):
            label = ("Ledare %d" if person.role == ParticipantRole.LEADER else "Deltagare %d") % number
            Participant.objects.filter(pk=person.pk).update(name=label, contact="", birth_year=None, anonymised_at=now)
            # The audit trail must not keep what the list no longer holds.
            Participant.history.filter(id=person.pk).update(name=label, contact="", birth_year=None)
    return PurgeResult(circles=circles, participants=total)


# Bulk loading (generated and demo data) ---------------------------------------------------------------------


def add_head_count_rows(
    items: Iterable[tuple[Occurrence, dict[tuple[str, str], int]]],
    *,
    leaders: dict[int, int] | None = None,
    study_hours: dict[int, int] | None = None,
    batch_size: int = BULK_BATCH_SIZE,
    source: str = CountSource.GENERATED,
) -> int:
    """Add head counts in bulk, without history: for generated and demo data only.

    ``items`` gives (occurrence, {(band code, gender): count}) for occurrences without counts
    yet; zero counts are stored too. Each occurrence gets its summary row (with its leaders and
    study hours from the dicts by occurrence id). Rows go in batches
    (PostgreSQL COPY when available), so a million rows take well under a minute. Returns the
    number of head-count rows added.
    """
    leaders = leaders or {}
    study_hours = study_hours or {}
    added = 0
    rows: list[tuple] = []
    summaries: list[OccurrenceAttendance] = []
    now = timezone.now()

    def flush():
        nonlocal added, rows, summaries
        if rows:
            _insert_head_counts(rows, batch_size)
            added += len(rows)
        if summaries:
            OccurrenceAttendance.objects.bulk_create(summaries, batch_size=batch_size)
        rows, summaries = [], []

    for occurrence, counts in items:
        day = timezone.localdate(occurrence.start)
        snapshot = {}
        for (band, gender), count in counts.items():
            if not 0 <= count <= MAX_COUNT:
                raise ValueError(f"count out of range: {count}")
            rows.append((occurrence.pk, day, band, gender, count))
            if count:
                snapshot[cell_key(band, gender)] = count
        summaries.append(
            OccurrenceAttendance(
                occurrence_id=occurrence.pk,
                day=day,
                counts=snapshot,
                total=sum(snapshot.values()),
                leaders=leaders.get(occurrence.pk, 0),
                study_hours=study_hours.get(occurrence.pk),
                version=1,
                source=source,
                counted_at=now,
            )
        )
        if len(rows) >= batch_size:
            flush()
    flush()
    return added


def _insert_head_counts(rows: list[tuple], batch_size: int) -> None:
    if connection.vendor == "postgresql":
        table = HeadCount._meta.db_table
        with connection.cursor() as cursor:
            raw = getattr(cursor, "cursor", cursor)
            with raw.copy(f'COPY "{table}" (occurrence_id, day, band, gender, count) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        return
    HeadCount.objects.bulk_create(
        [HeadCount(occurrence_id=o, day=d, band=b, gender=g, count=c) for o, d, b, g, c in rows],
        batch_size=batch_size,
    )


# Rough shares of visitors by band for generated data: homework help is young, lectures older.
_BAND_WEIGHTS = [0.08, 0.22, 0.16, 0.14, 0.12, 0.22, 0.06]


def random_head_counts(rng: random.Random, *, size: int = 12) -> dict[tuple[str, str], int]:
    """Plausible made-up counts for every cell (zeros included) around ``size`` visitors."""
    bands = age_bands()
    weights = _BAND_WEIGHTS if len(bands) == len(_BAND_WEIGHTS) else [1 / len(bands)] * len(bands)
    counts = {}
    for band, weight in zip(bands, weights, strict=True):
        for gender, share in ((Gender.FEMALE, 0.48), (Gender.MALE, 0.48), (Gender.OTHER, 0.04)):
            mean = size * weight * share
            counts[(band.code, str(gender))] = max(0, int(rng.gauss(mean, mean / 2 + 0.3) + 0.5))
    return counts


def generate_head_counts_for(occurrences: list[Occurrence], *, rng: random.Random, now: dt.datetime) -> int:
    """For ``generate_load_data``: head counts for every date that counts and is not a study circle.

    Every cell is stored (zeros too), 21 rows per date with the default bands, so 100,000
    generated dates over 5 years give well over a million rows.
    """
    chosen = [
        occurrence
        for occurrence in occurrences
        if occurrence.counting_refusal(now) is None and occurrence.activity.form != ActivityForm.STUDY_CIRCLE
    ]
    items = [(occurrence, random_head_counts(rng, size=rng.randint(3, 40))) for occurrence in chosen]
    leaders = {occurrence.pk: rng.randint(1, 3) for occurrence in chosen}
    return add_head_count_rows(items, leaders=leaders)


def delete_head_counts_for(occurrences) -> int:
    """For ``generate_load_data --clear``: delete the attendance of a queryset of occurrences.

    Summaries and head counts go in one statement each, without loading rows or writing
    history (generated rows have none); the few presences and participants go through the ORM.
    """
    ids = occurrences.values("pk")
    Presence.objects.filter(occurrence__in=ids).delete()
    Participant.objects.filter(activity__in=occurrences.values("activity_id")).delete()
    _delete_where_occurrence_in(OccurrenceAttendance, ids)
    return _delete_where_occurrence_in(HeadCount, ids)


def _delete_where_occurrence_in(model, ids) -> int:
    ids_sql, params = ids.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE occurrence_id IN ({ids_sql})", params)  # noqa: S608
        return cursor.rowcount
