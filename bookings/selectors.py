"""Reads of the sign-up for public pages: whether a date takes sign-ups and how many places are left."""

from dataclasses import dataclass

from bookings import services
from bookings.models import Registration


@dataclass(frozen=True)
class SignUp:
    registration: Registration
    availability: services.Availability


def sign_up_for(occurrence) -> SignUp | None:
    """The sign-up of a date, or None when its activity takes none.

    Needs ``occurrence.activity`` loaded with ``select_related("activity__registration")``; then
    it costs one query (the places taken) for a date that takes sign-ups and none otherwise.
    """
    registration = services.registration_for(occurrence)
    if registration is None:
        return None
    return SignUp(registration, services.availability(registration, occurrence))
