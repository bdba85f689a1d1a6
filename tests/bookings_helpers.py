"""Builders shared by the sign-up tests (tests/test_bookings_*.py, tests/matrix_bookings.py, e2e). No tests here."""

import datetime as dt
import itertools

from django.utils import timezone

from activities.models import Activity, ActivityForm
from bookings import services
from bookings.models import Registration
from tests.test_attendance_helpers import local, make_occurrence

_numbers = itertools.count(1)


def workshop(organisation, venue, *, capacity=20, max_per_person=6, days_ahead=7, scope=Registration.Scope.PER_DATE):
    """A published workshop with one date ``days_ahead`` days from now and sign-up on."""
    activity = Activity.objects.create(
        title="Verkstad: cykelreparation",
        organiser=organisation,
        venue=venue,
        form=ActivityForm.WORKSHOP,
        status=Activity.Status.PUBLISHED,
    )
    occurrence = make_occurrence(activity, local(timezone.localdate() + dt.timedelta(days=days_ahead), 17))
    Registration.objects.create(
        activity=activity, enabled=True, capacity=capacity, max_per_person=max_per_person, scope=scope
    )
    return occurrence


def phone_number() -> str:
    return f"+4670{next(_numbers):07d}"


def sign_up(occurrence, *, places=1, language="sv", name=None, **contact):
    if not contact:
        contact = {"phone": phone_number()}
    return services.book(
        occurrence=occurrence, name=name or f"Person {next(_numbers)}", places=places, language=language, **contact
    )
