"""Anonymise study-circle participant lists older than the retention period (run it from cron).

    python manage.py purge_participants [--dry-run] [--months N]

A list is old when the circle's last session ended more than KLOCKET_PARTICIPANT_RETENTION_MONTHS
(default 36) months ago. Names become "Deltagare N" / "Ledare N"; contacts and birth years are
removed, in the audit history too. Presences, study hours and head counts stay.

The same daily run erases the contact of accessibility feedback answered or closed more than
KLOCKET_FEEDBACK_CONTACT_DAYS (default 90) days ago (about/services.py), and runs
erase_report_contacts (residents' contacts KLOCKET_REPORT_CONTACT_DAYS after moderation), so the
periods the privacy notice gives all hold with the one timer.

Sign-up bookings are anonymised KLOCKET_BOOKING_RETENTION_DAYS (default 30) days after their
date (bookings/retention.py): name, contact and answer go, the counts stay.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from about.services import erase_feedback_contacts
from activities import attendance_services as services

DEFAULT_MONTHS = 36


class Command(BaseCommand):
    help = "Anonymise study-circle participant lists older than the retention period (counts and hours stay)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only show what would be anonymised.")
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Months after the circle's last session (default: KLOCKET_PARTICIPANT_RETENTION_MONTHS, 36).",
        )

    def handle(self, *args, dry_run=False, months=None, **options):
        if months is None:
            months = getattr(settings, "KLOCKET_PARTICIPANT_RETENTION_MONTHS", DEFAULT_MONTHS)
        if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 1200:
            raise CommandError(f"The retention period must be 1 to 1200 months; got {months!r}.")
        _circles, cutoff = services.circles_to_anonymise(months=months)
        result = services.anonymise_participants(months=months, dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        for circle in result.circles:
            ended = timezone.localdate(circle.last_end).isoformat()
            self.stdout.write(f"  {circle.title} (#{circle.pk}), ended {ended}: {circle.anonymise_count} participants")
        summary = (
            f"{verb} {result.participants} participants in {len(result.circles)} study circles "
            f"whose last session ended before {cutoff.isoformat()} ({months} months)."
        )
        feedback_days = settings.KLOCKET_FEEDBACK_CONTACT_DAYS
        feedback = erase_feedback_contacts(days=feedback_days, dry_run=dry_run)
        erase_verb = "Would erase" if dry_run else "Erased"
        summary += f" {erase_verb} {feedback} accessibility feedback contacts ({feedback_days} days after handling)."
        if dry_run:
            summary += " Nothing was changed (--dry-run)."
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)
        if not dry_run:
            call_command("erase_report_contacts", days=settings.KLOCKET_REPORT_CONTACT_DAYS, stdout=self.stdout)

        from bookings.retention import anonymise_bookings

        days = settings.KLOCKET_BOOKING_RETENTION_DAYS
        bookings = anonymise_bookings(days=days, dry_run=dry_run)
        self.stdout.write(f"{verb} {bookings} sign-up bookings of dates more than {days} days ago.")
