"""The resident's side of sign-up: places left on the event page, the form, the personal link."""

import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from bookings import links
from bookings.models import Booking, Message
from tests.bookings_helpers import sign_up, workshop

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def occurrence(organisation_a, venue):
    return workshop(organisation_a, venue, capacity=5, max_per_person=3)


def form_data(**extra):
    return {"name": "Amina Yusuf", "phone": "070-123 45 67", "email": "", "places": "1", "language": "en", **extra}


def post(client, occurrence, **extra):
    return client.post(reverse("booking-sign-up", args=[occurrence.pk]), form_data(**extra), **EN)


def json_ld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S).group(1))


def test_event_page_shows_places_left_and_offers(client, occurrence):
    page = client.get(occurrence.get_absolute_url(), **EN).content.decode()
    assert "5 places left" in page and reverse("booking-sign-up", args=[occurrence.pk]) in page
    assert json_ld(page)["offers"]["availability"] == "https://schema.org/LimitedAvailability"
    assert json_ld(page)["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    for _ in range(5):
        sign_up(occurrence)
    page = client.get(occurrence.get_absolute_url(), **EN).content.decode()
    assert "Full: join the waiting list" in page  # the booking made the cached page stale
    assert json_ld(page)["offers"]["availability"] == "https://schema.org/SoldOut"


def test_event_page_without_sign_up_says_nothing_of_places(client, occurrence):
    registration = occurrence.activity.registration
    registration.enabled = False
    registration.save()
    page = client.get(occurrence.get_absolute_url(), **EN).content.decode()
    assert "places left" not in page and "offers" not in json_ld(page)
    assert client.get(reverse("booking-sign-up", args=[occurrence.pk])).status_code == 404


def test_event_page_queries_do_not_grow_with_bookings(client, occurrence, django_assert_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_up(occurrence)
    cache.clear()
    client.get(occurrence.get_absolute_url())
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(occurrence.get_absolute_url())
    for _ in range(30):
        sign_up(occurrence)
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(occurrence.get_absolute_url())
    # And the page is served from the cache while nothing changes.
    with django_assert_num_queries(0):
        assert client.get(occurrence.get_absolute_url()).status_code == 200


def test_sign_up_books_and_shows_the_personal_link(client, occurrence):
    response = post(client, occurrence, places="2", language="en")
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == links.path_for(booking) + "?ny=1"
    assert (booking.phone, booking.places, booking.language, booking.status) == ("+46701234567", 2, "en", "booked")
    assert booking.messages.get().kind == Message.Kind.CONFIRMATION
    page = client.get(response["Location"], **EN)
    assert page["Cache-Control"] == "private, no-store" and page["Referrer-Policy"] == "strict-origin"
    assert "You are booked: 2 places." in page.content.decode()


def test_the_page_language_is_the_default_language_of_messages(client, occurrence):
    page = client.get(reverse("booking-sign-up", args=[occurrence.pk]), **EN).content.decode()
    assert re.search(r'<option value="en" selected>', page)
    page = client.get(reverse("booking-sign-up", args=[occurrence.pk])).content.decode()
    assert re.search(r'<option value="sv" selected>', page)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": "12345"}, "This is not a phone number"),
        ({"phone": "", "email": "nope"}, "This is not an e-mail address"),
        ({"phone": "", "email": ""}, "Give a mobile number or an e-mail address"),
        ({"places": "4"}, "Select a valid choice"),
        ({"name": ""}, "Write your name"),
    ],
)
def test_bad_input_is_explained_and_kept(client, occurrence, change, message):
    response = post(client, occurrence, **change)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert 'value="Amina Yusuf"' in page or change.get("name") == ""
    assert not Booking.objects.exists()


def test_full_date_offers_the_waiting_list(client, occurrence):
    for _ in range(5):
        sign_up(occurrence)
    post(client, occurrence)
    booking = Booking.objects.get(phone="+46701234567")
    assert booking.status == "waiting"
    page = client.get(links.path_for(booking), **EN).content.decode()
    assert "You are number 1 on the waiting list." in page


def test_double_submit_is_refused_clearly(client, occurrence):
    post(client, occurrence)
    response = post(client, occurrence)
    assert response.status_code == 409
    assert "You have already signed up with this contact" in response.content.decode()
    assert Booking.objects.count() == 1


def test_cancelled_date_refuses_sign_up(client, occurrence):
    occurrence.cancelled, occurrence.cancel_reason = True, "Sjuk"
    occurrence.save()
    response = post(client, occurrence)
    assert response.status_code == 400 and "This date is cancelled" in response.content.decode()
    assert not Booking.objects.exists()


def test_honeypot_saves_nothing(client, occurrence):
    response = post(client, occurrence, website="http://spam.example")
    assert response.status_code == 302 and not Booking.objects.exists()


@override_settings(KLOCKET_BOOKING_RATE="2/h")
def test_rate_limit_per_address_keeps_what_was_written(client, occurrence):
    post(client, occurrence, phone="0701111111")
    post(client, occurrence, phone="0702222222")
    response = post(client, occurrence, phone="0703333333")
    assert response.status_code == 429 and "Too many sign-ups" in response.content.decode()
    assert 'value="Amina Yusuf"' in response.content.decode()
    assert Booking.objects.count() == 2


@override_settings(KLOCKET_BOOKING_CONTACT_RATE="1/h")
def test_rate_limit_per_contact(client, occurrence, organisation_a, venue):
    other = workshop(organisation_a, venue)
    post(client, occurrence)
    assert post(client, other).status_code == 429
    assert Booking.objects.count() == 1


def test_personal_link_cancels_and_the_first_waiting_gets_the_place(client, occurrence):
    mine = sign_up(occurrence, places=3)
    sign_up(occurrence, places=2)
    waiting = sign_up(occurrence)
    response = client.post(links.path_for(mine), {"action": "cancel"}, **EN)
    assert response.status_code == 200 and "Your booking is cancelled." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "booked"
    assert waiting.messages.filter(kind=Message.Kind.PROMOTED).exists()
    again = client.post(links.path_for(mine), {"action": "cancel"}, **EN)
    assert again.status_code == 400 and "This booking is cancelled." in again.content.decode()


def test_personal_link_changes_places(client, occurrence):
    mine = sign_up(occurrence, places=1)
    response = client.post(links.path_for(mine), {"action": "places", "places": "3"}, **EN)
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.places == 3
    sign_up(occurrence, places=2)
    response = client.post(links.path_for(mine), {"action": "places", "places": "9"}, **EN)
    assert response.status_code == 400


@pytest.mark.parametrize("token", ["nonsense", "x" * 300, "abc:def"])
def test_wrong_link_is_a_clear_404(client, occurrence, token):
    response = client.get(reverse("booking-manage", args=[token]), **EN)
    assert response.status_code == 404 and "This link to a booking is wrong or has expired" in response.content.decode()


def test_link_of_an_anonymised_booking_no_longer_works(client, occurrence):
    from django.utils import timezone

    booking = sign_up(occurrence)
    Booking.objects.filter(pk=booking.pk).update(anonymised_at=timezone.now())
    assert client.get(links.path_for(booking)).status_code == 404


def test_contacts_never_on_public_pages(client, occurrence):
    sign_up(occurrence, phone="+46709998877", name="Hemlig Person")
    for url in [occurrence.get_absolute_url(), reverse("calendar"), reverse("calendar-rss"), reverse("calendar-ics")]:
        page = client.get(url).content.decode()
        assert "+46709998877" not in page and "Hemlig Person" not in page


def test_privacy_page(client, db):
    assert "30 days after the date" in client.get(reverse("booking-privacy"), **EN).content.decode()


@pytest.mark.parametrize("name", ["calendar-rss", "calendar-atom"])
def test_feeds_say_sign_up_required_without_more_queries(client, occurrence, name, django_assert_num_queries):
    from activities.models import Activity, ActivityForm
    from tests.test_attendance_helpers import make_occurrence

    other = Activity.objects.create(
        title="Läxhjälp",
        organiser=occurrence.activity.organiser,
        venue=occurrence.activity.venue,
        form=ActivityForm.OPEN_ACTIVITY,
        status=Activity.Status.PUBLISHED,
    )
    make_occurrence(other, occurrence.start)
    page = client.get(reverse(name), **EN).content.decode()
    assert page.count("Sign-up required") == 1
    from django.core.cache import cache

    for day in range(1, 6):
        workshop(occurrence.activity.organiser, occurrence.activity.venue, days_ahead=day)
    cache.clear()
    with django_assert_num_queries(1):
        page = client.get(reverse(name), **EN).content.decode()
    assert page.count("Sign-up required") == 6
