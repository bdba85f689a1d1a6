"""Sign-up services: booking, the waiting list in arrival order, promotion, cancellation, capacity."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from bookings import services
from bookings.contacts import normalise_email, normalise_phone
from bookings.models import Booking, Message, Registration
from klocket.cache import data_version
from tests.bookings_helpers import phone_number, sign_up, workshop

BOOKED, WAITING, CANCELLED = Booking.Status.BOOKED, Booking.Status.WAITING, Booking.Status.CANCELLED


@pytest.fixture
def occurrence(organisation_a, venue):
    return workshop(organisation_a, venue, capacity=3)


def test_booked_until_full_then_waiting_in_arrival_order(occurrence):
    people = [sign_up(occurrence) for _ in range(5)]
    assert [p.status for p in people] == [BOOKED, BOOKED, BOOKED, WAITING, WAITING]
    assert [services.waiting_position(p) for p in people] == [None, None, None, 1, 2]
    assert all(p.messages.get().kind == Message.Kind.CONFIRMATION for p in people)


def test_a_family_that_does_not_fit_waits_and_nobody_jumps_the_queue(occurrence):
    sign_up(occurrence, places=2)
    family = sign_up(occurrence, places=2)
    single = sign_up(occurrence, places=1)
    assert family.status == WAITING
    assert single.status == WAITING  # one place is free, but the family came first


def test_cancellation_books_the_first_waiting_and_tells_them(occurrence):
    first, _second, _third, waiting1, waiting2 = [sign_up(occurrence) for _ in range(5)]
    promoted = services.cancel(first)
    assert [b.pk for b in promoted] == [waiting1.pk]
    waiting1.refresh_from_db()
    waiting2.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, waiting1.status, waiting2.status) == (CANCELLED, BOOKED, WAITING)
    assert waiting1.messages.filter(kind=Message.Kind.PROMOTED).count() == 1
    assert services.waiting_position(waiting2) == 1
    assert services.places_taken(occurrence.activity_id, occurrence.pk) == 3


def test_cancel_twice_is_refused_and_drops_the_pending_reminder(occurrence):
    booking = sign_up(occurrence)
    Message.objects.create(booking=booking, kind=Message.Kind.REMINDER)
    services.cancel(booking)
    assert booking.messages.get(kind=Message.Kind.REMINDER).status == Message.Status.DROPPED
    with pytest.raises(services.BookingError):
        services.cancel(booking)


def test_fewer_places_promote_more_places_only_if_free(occurrence):
    family = sign_up(occurrence, places=3)
    waiting = sign_up(occurrence)
    services.change_places(family, 2)
    waiting.refresh_from_db()
    assert waiting.status == BOOKED
    with pytest.raises(services.BookingError, match="0"):
        services.change_places(family, 3)
    family.refresh_from_db()
    assert family.places == 2


def test_more_capacity_books_the_waiting_list(occurrence):
    people = [sign_up(occurrence) for _ in range(6)]
    promoted = services.set_capacity(occurrence.activity.registration, 5)
    assert [b.pk for b in promoted] == [people[3].pk, people[4].pk]
    assert Registration.objects.get(pk=occurrence.activity.registration.pk).capacity == 5
    assert Booking.objects.filter(status=WAITING).get().pk == people[5].pk


def test_staff_move_from_waiting_list_past_capacity(occurrence):
    people = [sign_up(occurrence) for _ in range(4)]
    services.move_from_waiting_list(people[3])
    assert services.places_taken(occurrence.activity_id, occurrence.pk) == 4
    with pytest.raises(services.BookingError):
        services.move_from_waiting_list(people[0])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"places": 7}, "at most 6"),
        ({"places": 0}, "at most 6"),
        ({"phone": "", "email": ""}, "mobile number or an e-mail"),
    ],
)
def test_bad_sign_ups_save_nothing(occurrence, change, message, settings):
    settings.LANGUAGE_CODE = "en"
    arguments = {"places": 1, "phone": phone_number(), **change}
    with pytest.raises(services.BookingError, match=message):
        services.book(occurrence=occurrence, name="A", language="sv", **arguments)
    assert not Booking.objects.exists() and not Message.objects.exists()


def test_double_submit_is_refused_with_the_first_booking(occurrence):
    first = sign_up(occurrence, phone="+46701112233")
    with pytest.raises(services.AlreadyBooked) as refused:
        sign_up(occurrence, phone="+46701112233")
    assert refused.value.booking.pk == first.pk
    assert Booking.objects.count() == 1


def test_closed_cancelled_not_yet_open_and_off(occurrence):
    registration = occurrence.activity.registration
    registration.opens = timezone.now() + dt.timedelta(days=1)
    registration.save()
    with pytest.raises(services.BookingError):
        sign_up(occurrence)
    registration.opens = None
    registration.closes = timezone.now() - dt.timedelta(minutes=1)
    registration.save()
    with pytest.raises(services.BookingError):
        sign_up(occurrence)
    registration.closes = None
    registration.save()
    occurrence.cancelled, occurrence.cancel_reason = True, "Sjuk"
    occurrence.save()
    with pytest.raises(services.BookingError):
        sign_up(occurrence)
    occurrence.cancelled = False
    occurrence.save()
    registration.enabled = False
    registration.save()
    with pytest.raises(services.BookingError):
        sign_up(occurrence)
    assert not Booking.objects.exists()


def test_series_booked_as_one(organisation_a, venue):
    from tests.test_attendance_helpers import make_occurrence

    first = workshop(organisation_a, venue, capacity=1, scope=Registration.Scope.SERIES)
    second = make_occurrence(first.activity, first.start + dt.timedelta(days=7))
    booked = sign_up(second)
    assert booked.occurrence_id is None and booked.status == BOOKED
    assert sign_up(first).status == WAITING


def test_availability_texts(occurrence, settings):
    settings.LANGUAGE_CODE = "en"
    registration = occurrence.activity.registration
    assert services.availability(registration, occurrence).text == "3 places left"
    for _ in range(3):
        sign_up(occurrence)
    assert services.availability(registration, occurrence).text == "Full: join the waiting list"


def test_a_booking_makes_cached_pages_stale(occurrence):
    before = data_version()
    sign_up(occurrence)
    assert data_version() != before


def test_contacts_are_normalised():
    assert normalise_phone("070-123 45 67") == "+46701234567"
    assert normalise_phone("+46 70 123 45 67") == "+46701234567"
    with pytest.raises(ValidationError):
        normalise_phone("12345")
    with pytest.raises(ValidationError):
        normalise_phone("011-12 34 56")  # a landline in Norrköping: no text messages
    assert normalise_email("Anna@Example.ORG") == "Anna@example.org"
    with pytest.raises(ValidationError):
        normalise_email("not-an-address")


THREADS = 40


@pytest.mark.django_db(transaction=True)
def test_200_sign_ups_at_once_for_20_places(organisation_a, venue):
    """Exactly 20 booked and 180 waiting, in arrival order, none lost and none double-booked.

    On PostgreSQL 40 threads with their own connections (the server allows 100 for every test
    run on the machine) start together, each sending 5 sign-ups as fast as it can, and meet at
    the registration's row lock. SQLite has no row locks and serialises whole transactions, so there
    the same 200 sign-ups run one after the other: the rule checked is the same.
    """
    occurrence = workshop(organisation_a, venue, capacity=20)
    errors = []

    def attempt(indexes, barrier=None):
        try:
            if barrier is not None:
                barrier.wait(timeout=60)
            for index in indexes:
                try:
                    sign_up(occurrence, phone=f"+4670{index:07d}", name=f"P{index}")
                except Exception as error:  # noqa: BLE001
                    errors.append(repr(error))
        finally:
            if barrier is not None:
                connections.close_all()

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(THREADS)
        threads = [
            threading.Thread(target=attempt, args=(range(start, 200, THREADS), barrier)) for start in range(THREADS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    else:
        attempt(range(200))

    assert errors == []
    bookings = list(Booking.objects.order_by("created", "pk"))
    assert len(bookings) == 200 and len({b.phone for b in bookings}) == 200
    assert [b.status for b in bookings] == [BOOKED] * 20 + [WAITING] * 180
    assert services.places_taken(occurrence.activity_id, occurrence.pk) == 20
    assert [services.waiting_position(b) for b in bookings[20:]] == list(range(1, 181))
    assert Message.objects.count() == 200
