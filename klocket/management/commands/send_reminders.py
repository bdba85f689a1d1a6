"""E-mail partner staff their weekly reminder (run Monday mornings by klocket-reminders.timer).

    python manage.py send_reminders [--dry-run] [--today YYYY-MM-DD]

Each person gets one e-mail listing the overdue safety-walk deficiencies of their organisations
and their organisations' dates of the last 7 days still without a head count, with links to the
follow-up and tally pages (klocket/reminders.py says who gets what). A person reminded earlier
in the same week gets nothing, so running it twice sends nobody a second e-mail. Links start
with KLOCKET_SITE_URL.
"""

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from klocket import reminders


def parse_day(value: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        raise CommandError(f"--today must be a date written YYYY-MM-DD, e.g. 2026-03-02; got {value!r}.")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today {value} is not a date of the calendar.") from None


def count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def describe(reminder) -> str:
    parts = []
    if reminder.parties:
        names = ", ".join(party.organisation.name for party in reminder.parties)
        parts.append(count(reminder.deficiency_count, "overdue deficiency", "overdue deficiencies") + f" ({names})")
    if reminder.dates:
        parts.append(count(len(reminder.dates), "date", "dates") + " without a head count")
    return " and ".join(parts)


class Command(BaseCommand):
    help = (
        "E-mail each partner staff member their weekly reminder: overdue safety-walk deficiencies of their "
        "organisations and the last 7 days' dates without a head count. At most one e-mail a person a week."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only print who would get what; send and record nothing."
        )
        parser.add_argument(
            "--today", default=None, help="Run as if today were this date, YYYY-MM-DD (for testing; default: today)."
        )

    def handle(self, *args, dry_run=False, today=None, **options):
        day = parse_day(today) if today is not None else timezone.localdate()
        try:
            result = reminders.send_reminders(today=day, dry_run=dry_run)
        except reminders.ReminderError as exc:
            raise CommandError(str(exc)) from None
        for reminder in result.sent:
            user = reminder.user
            if dry_run:
                # Run by hand: name the people. The timer's runs log user ids only (the journal keeps no names).
                self.stdout.write(f"  would send to {user.get_username()} <{user.email}>: {describe(reminder)}")
            else:
                self.stdout.write(f"  sent to user #{user.pk}: {describe(reminder)}")
        for reminder in result.already:
            self.stdout.write(f"  user #{reminder.user.pk} was already reminded this week: nothing sent")
        for reminder, error in result.failed:
            self.stderr.write(f"  could not send to user #{reminder.user.pk}: {error}")
        summary = (
            f"{'Would send' if dry_run else 'Sent'} {count(len(result.sent), 'reminder', 'reminders')} "
            f"for {day.isoformat()}; {count(len(result.already), 'person', 'people')} already reminded this week."
        )
        if dry_run:
            self.stdout.write(summary + " Nothing was sent (--dry-run).")
        else:
            self.stdout.write(self.style.SUCCESS(summary))
        if result.failed:
            failed = count(len(result.failed), "reminder", "reminders")
            raise CommandError(f"{failed} could not be sent; the next run tries again.")
