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

STAFF_OBJECT = {
    "anonymous": 302,
    "outsider": 404,
    "partner_a": 200,
    "partner_b": 404,
    "coordinator": 200,
    "steering": 404,
    "superuser": 200,
}


def _door(name):
    return lambda f: reverse(name, args=[workshop(f("organisation_a"), f("venue")).pk])


CASES.update(
    {
        name: (_door(name), STAFF_OBJECT)
        for name in ["booking-door-list", "booking-door-list-print", "booking-door-list-csv", "booking-door-list-xlsx"]
    }
)

CASES["booking-registration"] = (
    lambda f: reverse("booking-registration", args=[workshop(f("organisation_a"), f("venue")).activity_id]),
    STAFF_OBJECT,
)
