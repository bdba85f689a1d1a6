"""Send residents' sign-up confirmations and reminders from the outbox (klocket-booking-messages.timer).

    python manage.py send_booking_messages [--batch N]

Queues the reminders that are due, then sends at most N pending messages (default 100); each is
sent once even if two runs overlap (bookings/messaging.py). Prints counts only, never a
recipient or a text.
"""

from django.core.management.base import BaseCommand, CommandError

from bookings import messaging


class Command(BaseCommand):
    help = "Send pending sign-up confirmations and reminders (once each), in the resident's language."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=messaging.DEFAULT_BATCH, help="At most this many a run.")

    def handle(self, *args, batch=messaging.DEFAULT_BATCH, **options):
        if not 1 <= batch <= 10_000:
            raise CommandError(f"--batch must be 1 to 10000; got {batch}.")
        from django.conf import settings

        if not settings.KLOCKET_SITE_URL:
            raise CommandError("Set KLOCKET_SITE_URL (e.g. https://portal.example.se): messages link to bookings.")
        result = messaging.send_pending(batch=batch)
        self.stdout.write(
            f"Queued {result.queued_reminders} reminders; sent {result.sent}, failed {result.failed} "
            f"(retried next run), dropped {result.dropped}."
        )
