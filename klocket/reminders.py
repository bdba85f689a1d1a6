"""The weekly reminder e-mail to partner staff (``manage.py send_reminders``, Monday mornings).

In the spirit of FixMyStreet's follow-up questionnaires: the portal asks the people who can act.
Each person gets at most one e-mail a run, and one a week, listing

- the overdue safety-walk deficiencies of the organisations they work for: handed over to the
  organisation as responsible party more than ``KLOCKET_DEFICIENCY_OVERDUE_DAYS`` days ago and
  still with it (handed over or accepted; ``safety_walks.selectors.with_days_open``), with links
  to each deficiency and to the organisation's follow-up page;
- their organisations' dates of the last 7 days (organiser or co-organiser) that took place and
  still have no head count, with links to the tally page (which opens a study circle's presence
  list). Only dates that count are listed (``Occurrence.objects.countable()``, the rule of
  activities/models/events.py): drafts, cancelled dates and internal meetings are left out.

Recipients are the active users with an e-mail address who are members of an active partner
organisation (``activities.Membership``) and whose role lets them open the linked pages: partner
staff (and coordinators or the steering group for the follow-up part). Nobody else gets
anything. The e-mails name no resident: deficiencies are shown by category, place and dates
(never their description, notes or reporters' contacts), dates by activity title.

The portal stores no language per user, so the e-mails are written in the default language
(Swedish); the texts go through gettext like every other text of the portal.
"""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from activities.models import Membership, Occurrence
from activities.selectors import local_day_bounds
from klocket import permissions
from klocket.models import ReminderSent
from safety_walks import selectors as sw_selectors
from safety_walks.models import Deficiency

WINDOW_DAYS = 7
SUBJECT_TEMPLATE = "emails/weekly_reminder_subject.txt"
BODY_TEMPLATE = "emails/weekly_reminder.txt"


class ReminderError(Exception):
    """The reminders cannot be prepared (e.g. no KLOCKET_SITE_URL); the message says how to fix it."""


@dataclass
class PartyDigest:
    organisation: object
    followup_url: str
    items: list = field(default_factory=list)


@dataclass
class DateItem:
    occurrence: Occurrence
    url: str

    @property
    def start(self):
        return self.occurrence.start

    @property
    def title(self) -> str:
        return self.occurrence.activity.title

    @property
    def organiser(self) -> str:
        return self.occurrence.activity.organiser.name


@dataclass
class Reminder:
    user: object
    parties: list[PartyDigest] = field(default_factory=list)
    dates: list[DateItem] = field(default_factory=list)

    @property
    def deficiency_count(self) -> int:
        return sum(len(party.items) for party in self.parties)

    @property
    def is_empty(self) -> bool:
        return not self.parties and not self.dates


@dataclass
class RunResult:
    sent: list[Reminder] = field(default_factory=list)
    already: list[Reminder] = field(default_factory=list)
    failed: list[tuple[Reminder, str]] = field(default_factory=list)


def site_url() -> str:
    url = (getattr(settings, "KLOCKET_SITE_URL", "") or "").rstrip("/")
    if not url:
        raise ReminderError(
            "Set KLOCKET_SITE_URL (e.g. https://portal.your-municipality.se) so the e-mails can link to the portal."
        )
    return url


def absolute(path: str) -> str:
    return site_url() + path


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week (ISO weeks, as Swedish calendars number them)."""
    return day - dt.timedelta(days=day.weekday())


def language_for(user) -> str:
    """The language of a user's e-mails: the portal keeps none per user, so the default (Swedish)."""
    return settings.LANGUAGE_CODE


# What is due ------------------------------------------------------------------------------------------------


def overdue_by_party(today: dt.date) -> dict[int, list[Deficiency]]:
    """Overdue deficiencies per responsible organisation (active ones), oldest hand-over first."""
    cutoff = today - dt.timedelta(days=sw_selectors.overdue_days())
    rows = list(
        Deficiency.objects.with_party()
        .filter(responsible_party__is_active=True, handed_over_on__lt=cutoff)
        .select_related("responsible_party")
        .order_by("handed_over_on", "found_on", "pk")
    )
    sw_selectors.with_days_open(rows, today=today)
    parties: dict[int, list[Deficiency]] = defaultdict(list)
    for item in rows:
        if item.is_overdue:
            item.url = absolute(item.get_absolute_url())
            parties[item.responsible_party_id].append(item)
    return parties


def uncounted_dates(today: dt.date) -> list[tuple[Occurrence, set[int]]]:
    """Held dates of the ``WINDOW_DAYS`` days before ``today`` without a head count, with their organisations."""
    first, _next = local_day_bounds(today - dt.timedelta(days=WINDOW_DAYS))
    today_start, _tomorrow = local_day_bounds(today)
    occurrences = (
        Occurrence.objects.countable()
        .filter(start__gte=first, start__lt=today_start, attendance__isnull=True)
        .select_related("activity", "activity__organiser")
        .prefetch_related("activity__co_organisers")
        .order_by("start", "pk")
    )
    return [
        (
            occurrence,
            {occurrence.activity.organiser_id, *(org.pk for org in occurrence.activity.co_organisers.all())},
        )
        for occurrence in occurrences
    ]


def recipients() -> dict[object, list]:
    """Active users with an e-mail address -> the active partner organisations they are members of."""
    memberships = (
        Membership.objects.filter(user__is_active=True, organisation__is_active=True)
        .exclude(user__email="")
        .select_related("user", "organisation")
        .order_by("user_id", "organisation__name")
    )
    users: dict[int, object] = {}
    organisations: dict[int, list] = defaultdict(list)
    for membership in memberships:
        if not membership.user.email.strip():
            continue
        users.setdefault(membership.user_id, membership.user)
        organisations[membership.user_id].append(membership.organisation)
    return {users[user_id]: organisations[user_id] for user_id in users}


def may_follow_up(user) -> bool:
    """Opens the follow-up page of their organisations (safety_walks.access.party_organisations)."""
    return permissions.is_partner_staff(user) or permissions.is_coordinator(user) or permissions.is_steering_group(user)


def may_count(user) -> bool:
    """Opens the tally page of their organisations' dates (activities.attendance_views.staff_only)."""
    return permissions.is_partner_staff(user) or permissions.is_coordinator(user)


def build_reminders(today: dt.date) -> list[Reminder]:
    """One reminder per person with something due, ordered by user id; nothing for anyone else."""
    overdue = overdue_by_party(today)
    dates = uncounted_dates(today)
    reminders = []
    for user, organisations in recipients().items():
        reminder = Reminder(user=user)
        if overdue and may_follow_up(user):
            for organisation in organisations:
                if organisation.pk in overdue:
                    reminder.parties.append(
                        PartyDigest(
                            organisation=organisation,
                            followup_url=absolute(reverse("sw-followup", args=[organisation.slug])),
                            items=overdue[organisation.pk],
                        )
                    )
        if dates and may_count(user):
            mine = {organisation.pk for organisation in organisations}
            reminder.dates = [
                DateItem(occurrence, absolute(reverse("attendance-tally", args=[occurrence.pk])))
                for occurrence, organisation_ids in dates
                if organisation_ids & mine
            ]
        if not reminder.is_empty:
            reminders.append(reminder)
    return reminders


# The e-mail -------------------------------------------------------------------------------------------------


def render_reminder(reminder: Reminder, *, today: dt.date) -> tuple[str, str]:
    """(subject, plain-text body) in the recipient's language."""
    user = reminder.user
    context = {
        "name": user.get_full_name() or user.get_username(),
        "parties": reminder.parties,
        "dates": reminder.dates,
        "overdue_days": sw_selectors.overdue_days(),
        "window_days": WINDOW_DAYS,
        "week": today.isocalendar().week,
        "today_url": absolute(reverse("attendance-today")),
        "site_url": site_url() + "/",
    }
    with translation.override(language_for(user)):
        subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
        body = render_to_string(BODY_TEMPLATE, context)
    # Template tags leave blank lines behind: at most one empty line between paragraphs.
    body = re.sub(r"[ \t]+\n", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return subject, body


def already_reminded(user, today: dt.date) -> dt.date | None:
    """The date of this week's reminder to ``user``, if one was sent."""
    sent_on = ReminderSent.objects.filter(user=user).values_list("sent_on", flat=True).first()
    return sent_on if sent_on is not None and week_start(sent_on) == week_start(today) else None


def claim(user, today: dt.date) -> tuple[bool, dt.date | None]:
    """Record this week's reminder before sending it: (claimed, the date recorded before).

    A short transaction that locks the user's row, so two runs at once cannot both claim; the
    e-mail itself is sent outside it (a slow mail server holds no database lock).
    """
    with transaction.atomic():
        list(type(user).objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        previous = ReminderSent.objects.filter(user=user).values_list("sent_on", flat=True).first()
        if previous is not None and week_start(previous) == week_start(today):
            return False, previous
        ReminderSent.objects.update_or_create(user=user, defaults={"sent_on": today})
        return True, previous


def release(user, previous: dt.date | None) -> None:
    """Undo a claim whose e-mail could not be sent: the next run tries again."""
    if previous is None:
        ReminderSent.objects.filter(user=user).delete()
    else:
        ReminderSent.objects.filter(user=user).update(sent_on=previous)


def send_reminders(*, today: dt.date, dry_run: bool = False) -> RunResult:
    """Send this week's reminders; a person already reminded this week gets nothing.

    Each e-mail is recorded (``ReminderSent``) just before it is sent and the record undone if
    sending fails, so a second run the same week sends nobody a second one and a failed one goes
    out at the next run.
    """
    site_url()  # refuse early, before anything is sent
    result = RunResult()
    connection = None if dry_run else get_connection()
    for reminder in build_reminders(today):
        if already_reminded(reminder.user, today):
            result.already.append(reminder)
            continue
        subject, body = render_reminder(reminder, today=today)
        if dry_run:
            result.sent.append(reminder)
            continue
        claimed, previous = claim(reminder.user, today)
        if not claimed:
            result.already.append(reminder)
            continue
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.user.email], connection=connection)
        try:
            message.send()
        except Exception as exc:  # one bad address or a hiccup of the mail server must not stop the others
            release(reminder.user, previous)
            result.failed.append((reminder, f"{type(exc).__name__}: {exc}"))
        else:
            result.sent.append(reminder)
    return result
