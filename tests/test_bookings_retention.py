"""Bookings are anonymised a set number of days after their date; only the counts remain."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from bookings import links
from bookings.models import Booking, Registration
from tests.bookings_helpers import sign_up, workshop


@pytest.fixture
def occurrence(organisation_a, venue):
    return workshop(organisation_a, venue, capacity=1)


def test_purge_anonymises_bookings_after_the_retention_period(client, occurrence, time_machine, settings):
    settings.KLOCKET_BOOKING_RETENTION_DAYS = 30
    booked = sign_up(occurrence, name="Amina", phone="+46701112233", places=1)
    waiting = sign_up(occurrence, name="Bo", email="bo@example.org")
    link = links.path_for(booked)
    time_machine.move_to(occurrence.end + dt.timedelta(days=29))
    call_command("purge_participants", stdout=io.StringIO())
    assert Booking.objects.named().count() == 2
    time_machine.move_to(occurrence.end + dt.timedelta(days=31))
    out = io.StringIO()
    call_command("purge_participants", "--dry-run", stdout=out)
    assert "Would anonymise 2 sign-up bookings" in out.getvalue()
    assert Booking.objects.named().count() == 2
    call_command("purge_participants", stdout=io.StringIO())
    for booking in (booked, waiting):
        booking.refresh_from_db()
        assert (booking.name, booking.phone, booking.email, booking.answer) == ("", "", "", "")
        assert booking.anonymised_at is not None
    assert (booked.status, booked.places, waiting.status) == ("booked", 1, "waiting")  # the counts stay
    assert client.get(link).status_code == 404


def test_a_series_is_kept_until_its_last_date(organisation_a, venue, time_machine, settings):
    from tests.test_attendance_helpers import make_occurrence

    settings.KLOCKET_BOOKING_RETENTION_DAYS = 30
    first = workshop(organisation_a, venue, scope=Registration.Scope.SERIES)
    last = make_occurrence(first.activity, first.start + dt.timedelta(days=60))
    sign_up(first)
    time_machine.move_to(first.end + dt.timedelta(days=40))
    call_command("purge_participants", stdout=io.StringIO())
    assert Booking.objects.named().count() == 1
    time_machine.move_to(last.end + dt.timedelta(days=31))
    call_command("purge_participants", stdout=io.StringIO())
    assert Booking.objects.named().count() == 0
    assert timezone.now() > last.end
