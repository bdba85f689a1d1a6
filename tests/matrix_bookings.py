"""Permission matrix cases for sign-up (see test_permission_matrix.py): the resident's pages are public."""

from django.urls import reverse

from bookings import links
from tests.bookings_helpers import sign_up, workshop
from tests.conftest import ROLES

PUBLIC = dict.fromkeys(ROLES, 200)


def _booking_url(f):
    booking = sign_up(workshop(f("organisation_a"), f("venue")), phone="+46701234567")
    return links.path_for(booking)


CASES = {
    "booking-sign-up": (
        lambda f: reverse("booking-sign-up", args=[workshop(f("organisation_a"), f("venue")).pk]),
        PUBLIC,
    ),
    "booking-manage": (_booking_url, PUBLIC),
    "booking-privacy": (lambda f: reverse("booking-privacy"), PUBLIC),
}
