"""Retention: erase residents' contact details some time after their report was moderated.

Run daily (cron or a systemd timer). The report itself, its reference number and status stay.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from safety_walks.models import ResidentReport


class Command(BaseCommand):
    help = "Erase the contact of residents' reports moderated more than --days days ago (KLOCKET_REPORT_CONTACT_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.KLOCKET_REPORT_CONTACT_DAYS)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - dt.timedelta(days=max(days, 0))
        erased = (
            ResidentReport.objects.exclude(contact="")
            .exclude(status=ResidentReport.Status.RECEIVED)
            .filter(moderated_at__lt=cutoff)
            .update(contact="")
        )
        self.stdout.write(f"Contacts erased: {erased}.")
