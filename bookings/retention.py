"""Bookings are anonymised ``KLOCKET_BOOKING_RETENTION_DAYS`` (default 30) days after their date.

Run by ``manage.py purge_participants`` (daily, klocket-purge.timer). Name, contact and answer
are emptied and the key of the personal link replaced, so the link stops working; status,
places and check-in stay: the counts of who signed up and who came remain.
"""

import datetime as dt

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from activities.models import Occurrence
from bookings.models import Booking, _new_key


def to_anonymise(*, days: int, now: dt.datetime | None = None):
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    series_end = (
        Occurrence.objects.filter(activity=OuterRef("activity"))
        .values("activity")
        .annotate(last=Max("end"))
        .values("last")
    )
    return (
        Booking.objects.named()
        .annotate(series_end=Subquery(series_end))
        .filter(Q(occurrence__end__lt=cutoff) | Q(occurrence__isnull=True, series_end__lt=cutoff))
    )


def anonymise_bookings(*, days: int, dry_run: bool = False, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    pks = list(to_anonymise(days=days, now=now).values_list("pk", flat=True))
    if not dry_run:
        for pk in pks:
            Booking.objects.filter(pk=pk).update(
                name="", phone="", email="", answer="", key=_new_key(), anonymised_at=now
            )
    return len(pks)
