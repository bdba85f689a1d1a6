"""The door list: bookings per date for the activity's staff, check-in, walk-ins, exports."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Occurrence
from bookings.models import Booking
from tests.bookings_helpers import sign_up, workshop

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def occurrence(organisation_a, venue):
    return workshop(organisation_a, venue, capacity=2)


def door(occurrence):
    return reverse("booking-door-list", args=[occurrence.pk])


def test_the_list_shows_booked_waiting_and_cancelled(client_for, occurrence):
    from bookings import services

    first, second, third = (sign_up(occurrence, name=name) for name in ["Anna", "Bo", "Cecilia"])
    services.cancel(first)
    page = client_for("partner_a").get(door(occurrence), **EN).content.decode()
    assert "Booked (2)" in page and "Waiting list (0)" in page and "Cancelled (1)" in page
    assert "Anna" in page and "Bo" in page and "Cecilia" in page
    assert "+467" not in page  # contacts only in the export


def test_the_list_query_count_does_not_grow(client_for, occurrence, django_assert_num_queries):
    # Session, user, groups, the date with its sign-up settings, the bookings, the places taken.
    client = client_for("partner_a")
    sign_up(occurrence)
    client.get(door(occurrence))
    with django_assert_num_queries(6):
        client.get(door(occurrence))
    for _ in range(20):
        sign_up(occurrence)
    client.get(door(occurrence))  # the footer's cached fragment follows the data version
    with django_assert_num_queries(6):
        client.get(door(occurrence))


def test_check_in_walk_in_and_the_tally_hint(client_for, occurrence):
    client = client_for("partner_a")
    came = sign_up(occurrence, places=2, name="Familjen Ali")
    now = timezone.now()  # the date is on now: the tally is open
    Occurrence.objects.filter(pk=occurrence.pk).update(
        start=now - dt.timedelta(hours=1), end=now + dt.timedelta(hours=1)
    )
    response = client.post(door(occurrence), {"action": "checkin", "came": [str(came.pk)]}, **EN)
    assert response.status_code == 302
    came.refresh_from_db()
    assert came.checked_in
    client.post(door(occurrence), {"action": "walk_in", "name": "", "places": "3"}, **EN)
    walk_in = Booking.objects.get(is_walk_in=True)
    assert (walk_in.places, walk_in.checked_in, walk_in.status) == (3, True, "booked")
    tally = client.get(reverse("attendance-tally", args=[occurrence.pk]), **EN).content.decode()
    assert "5 came by the sign-up list" in tally
    client.post(door(occurrence), {"action": "checkin", "came": []}, **EN)
    came.refresh_from_db()
    assert not came.checked_in


def test_bad_walk_in_is_refused(client_for, occurrence):
    response = client_for("partner_a").post(door(occurrence), {"action": "walk_in", "places": "x"}, follow=True, **EN)
    assert "1 to 6 people" in response.content.decode()
    assert not Booking.objects.exists()


def test_move_from_the_waiting_list(client_for, occurrence):
    sign_up(occurrence)
    sign_up(occurrence)
    waiting = sign_up(occurrence, name="Dana")
    client_for("coordinator").post(door(occurrence), {"action": "move", "booking": str(waiting.pk)})
    waiting.refresh_from_db()
    assert waiting.status == "booked"


def test_other_organisations_staff_cannot_post(client_for, occurrence):
    booking = sign_up(occurrence)
    response = client_for("partner_b").post(door(occurrence), {"action": "checkin", "came": [str(booking.pk)]})
    assert response.status_code == 404
    booking.refresh_from_db()
    assert not booking.checked_in


def test_exports_have_the_contacts(client_for, occurrence):
    sign_up(occurrence, phone="+46701112233", name="=HYPERLINK()")
    response = client_for("partner_a").get(reverse("booking-door-list-csv", args=[occurrence.pk]), **EN)
    text = response.content.decode("utf-8-sig")
    assert "+46701112233" in text and "'=HYPERLINK()" in text
    assert response["Cache-Control"] == "private, no-store"
    xlsx = client_for("partner_a").get(reverse("booking-door-list-xlsx", args=[occurrence.pk]))
    assert xlsx.content[:2] == b"PK"


def test_staff_turn_sign_up_on_and_more_places_book_the_waiting_list(client_for, occurrence):
    from bookings.models import Registration

    waiting = [sign_up(occurrence) for _ in range(4)][2:]
    url = reverse("booking-registration", args=[occurrence.activity_id])
    client = client_for("partner_a")
    page = client.get(url, **EN).content.decode()
    assert "2 of 2 places taken" in page and "2 waiting" in page
    data = {
        "enabled": "on",
        "scope": "date",
        "capacity": "3",
        "max_per_person": "2",
        "opens": "",
        "closes": "",
        "question": "Allergier?",
    }
    response = client.post(url, data, **EN)
    assert response.status_code == 302
    assert Registration.objects.get(activity=occurrence.activity).question == "Allergier?"
    statuses = [Booking.objects.get(pk=b.pk).status for b in waiting]
    assert statuses == ["booked", "waiting"]


def test_bad_sign_up_settings_are_explained(client_for, occurrence):
    url = reverse("booking-registration", args=[occurrence.activity_id])
    data = {"enabled": "on", "scope": "date", "capacity": "0", "max_per_person": "9", "opens": "x", "closes": ""}
    response = client_for("partner_a").post(url, data, **EN)
    assert response.status_code == 200 and "Please correct the errors below" in response.content.decode()
    assert occurrence.activity.registration.capacity == 2


def test_other_organisations_staff_cannot_change_the_settings(client_for, occurrence):
    url = reverse("booking-registration", args=[occurrence.activity_id])
    assert client_for("partner_b").post(url, {"capacity": "99"}).status_code == 404
