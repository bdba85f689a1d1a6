"""Writes of the sign-up: booking, the waiting list, promotion, cancellation, capacity changes.

Every write that changes who holds a place locks the activity's ``Registration`` row first
(``SELECT ... FOR UPDATE``): two sign-ups for the last place meet at that lock and the second
sees the first's booking. Arrival order is the order the lock was taken (``created`` is set
inside it), so the waiting list is first come, first served. Promotion is strict arrival order:
when the first in line needs more places than are free, nobody behind them jumps the queue.
Messages are only queued here (``Message`` rows, sent by ``manage.py send_booking_messages``).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import Activity, Occurrence
from bookings.models import Booking, Message, Registration
from klocket.cache import bump_data_version


class BookingError(Exception):
    """A sign-up or change that cannot be made; the message tells the resident why."""


class AlreadyBooked(BookingError):
    def __init__(self, booking):
        super().__init__(_("You have already signed up with this contact. Use the link in your confirmation."))
        self.booking = booking


@dataclass(frozen=True)
class Availability:
    """What the event page says about sign-up to one date (or series)."""

    state: str  # "open", "full", "not_yet", "closed", "cancelled"
    capacity: int
    taken: int
    opens: dt.datetime | None = None

    @property
    def left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def can_sign_up(self) -> bool:
        return self.state in ("open", "full")

    @property
    def text(self) -> str:
        if self.state == "open":
            return ngettext("%(count)d place left", "%(count)d places left", self.left) % {"count": self.left}
        if self.state == "full":
            return _("Full: join the waiting list")
        if self.state == "not_yet":
            return _("Sign-up opens %(date)s") % {"date": date_format(timezone.localtime(self.opens), "j F")}
        if self.state == "cancelled":
            return _("This date is cancelled.")
        return _("Sign-up is closed.")

    @property
    def schema_availability(self) -> str:
        if self.state != "open":
            return "https://schema.org/SoldOut"
        return "https://schema.org/LimitedAvailability" if self.left <= 5 else "https://schema.org/InStock"


def target_of(registration: Registration, occurrence: Occurrence) -> int | None:
    """The date whose places a booking takes: the date itself, or None for the whole series."""
    return None if registration.is_series else occurrence.pk


def _start_of(registration: Registration, occurrence: Occurrence) -> dt.datetime:
    if registration.is_series:
        first = Occurrence.objects.filter(activity_id=registration.activity_id).order_by("start").first()
        return first.start if first else occurrence.start
    return occurrence.start


def places_taken(activity_id: int, occurrence_id: int | None) -> int:
    result = Booking.objects.for_target(activity_id, occurrence_id).booked().aggregate(total=Sum("places"))
    return result["total"] or 0


def availability(registration: Registration, occurrence: Occurrence, *, now=None, taken=None) -> Availability:
    """Two queries at most (places taken; the series' first date): constant for any page."""
    now = now or timezone.now()
    if taken is None:
        taken = places_taken(occurrence.activity_id, target_of(registration, occurrence))
    capacity = registration.capacity
    if occurrence.is_cancelled:
        return Availability("cancelled", capacity, taken)
    if registration.opens and now < registration.opens:
        return Availability("not_yet", capacity, taken, opens=registration.opens)
    closes = registration.closes or _start_of(registration, occurrence)
    if now >= closes:
        return Availability("closed", capacity, taken)
    return Availability("open" if taken < capacity else "full", capacity, taken)


def registration_for(occurrence: Occurrence) -> Registration | None:
    try:
        registration = occurrence.activity.registration
    except Registration.DoesNotExist:
        return None
    return registration if registration.enabled else None


def _locked_registration(activity_id: int) -> Registration:
    return Registration.objects.select_for_update().get(activity_id=activity_id)


def _queue(booking: Booking, kind: str) -> None:
    """Queue a message once: a second request for the same booking and kind is a no-op."""
    try:
        with transaction.atomic():
            Message.objects.get_or_create(booking=booking, kind=kind)
    except IntegrityError:
        pass


def _promote(registration: Registration, activity_id: int, occurrence_id: int | None) -> list[Booking]:
    """Book the waiting list in arrival order while the first in line fits (lock held by the caller)."""
    left = registration.capacity - places_taken(activity_id, occurrence_id)
    promoted = []
    for waiting in Booking.objects.for_target(activity_id, occurrence_id).waiting().select_for_update():
        if waiting.places > left:
            break
        waiting.status = Booking.Status.BOOKED
        waiting.save(update_fields=["status", "updated"])
        left -= waiting.places
        _queue(waiting, Message.Kind.PROMOTED)
        promoted.append(waiting)
    return promoted


def waiting_position(booking: Booking) -> int | None:
    if booking.status != Booking.Status.WAITING:
        return None
    earlier = Q(created__lt=booking.created) | Q(created=booking.created, pk__lt=booking.pk)
    ahead = Booking.objects.for_target(booking.activity_id, booking.occurrence_id).waiting().filter(earlier).count()
    return ahead + 1


@transaction.atomic
def book(
    *,
    occurrence: Occurrence,
    name: str,
    phone: str = "",
    email: str = "",
    places: int = 1,
    language: str,
    answer: str = "",
    now: dt.datetime | None = None,
) -> Booking:
    """Sign one person (and those they bring) up: booked when the places fit and nobody waits, else waiting."""
    now = now or timezone.now()
    try:
        registration = _locked_registration(occurrence.activity_id)
    except Registration.DoesNotExist:
        raise BookingError(_("This activity has no sign-up.")) from None
    if not registration.enabled:
        raise BookingError(_("This activity has no sign-up."))
    occurrence = Occurrence.objects.select_related("activity").get(pk=occurrence.pk)
    target = target_of(registration, occurrence)
    state = availability(registration, occurrence, now=now, taken=0)
    if state.state == "cancelled":
        raise BookingError(_("This date is cancelled: sign-up is closed."))
    if state.state == "not_yet":
        raise BookingError(state.text)
    if state.state == "closed" or occurrence.activity.status != Activity.Status.PUBLISHED:
        raise BookingError(_("Sign-up is closed."))
    if not 1 <= places <= registration.max_per_person:
        raise BookingError(
            ngettext(
                "One person may take at most %(count)d place.",
                "One person may take at most %(count)d places.",
                registration.max_per_person,
            )
            % {"count": registration.max_per_person}
        )
    if not phone and not email:
        raise BookingError(_("Give a mobile number or an e-mail address."))
    same = Booking.objects.for_target(occurrence.activity_id, target).exclude(status=Booking.Status.CANCELLED)
    existing = same.filter(phone=phone).first() if phone else same.filter(email__iexact=email).first()
    if existing is not None:
        raise AlreadyBooked(existing)
    taken = places_taken(occurrence.activity_id, target)
    anyone_waiting = Booking.objects.for_target(occurrence.activity_id, target).waiting().exists()
    fits = not anyone_waiting and taken + places <= registration.capacity
    booking = Booking.objects.create(
        activity_id=occurrence.activity_id,
        occurrence_id=target,
        status=Booking.Status.BOOKED if fits else Booking.Status.WAITING,
        places=places,
        name=name.strip(),
        phone=phone,
        email=email,
        language=language,
        answer=answer.strip(),
        created=timezone.now(),  # inside the lock: the order of arrival
    )
    _queue(booking, Message.Kind.CONFIRMATION)
    bump_data_version()
    return booking


def _check_changeable(booking: Booking) -> None:
    if booking.anonymised_at is not None:
        raise BookingError(_("This booking no longer exists."))
    if booking.status == Booking.Status.CANCELLED:
        raise BookingError(_("This booking is cancelled."))
    if booking.occurrence_id and booking.occurrence.end <= timezone.now():
        raise BookingError(_("This date has taken place; the booking can no longer be changed."))


@transaction.atomic
def cancel(booking: Booking) -> list[Booking]:
    """Cancel a booking: its places go to the waiting list, first come first served."""
    registration = _locked_registration(booking.activity_id)
    booking = Booking.objects.select_for_update(of=("self",)).select_related("occurrence").get(pk=booking.pk)
    _check_changeable(booking)
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at", "updated"])
    # A reminder not yet sent is not needed any more.
    booking.messages.filter(kind=Message.Kind.REMINDER, status=Message.Status.PENDING).update(
        status=Message.Status.DROPPED
    )
    promoted = _promote(registration, booking.activity_id, booking.occurrence_id)
    bump_data_version()
    return promoted


@transaction.atomic
def change_places(booking: Booking, places: int) -> Booking:
    """Change the number of places: fewer free places for the waiting list; more only if they are free."""
    registration = _locked_registration(booking.activity_id)
    booking = Booking.objects.select_for_update(of=("self",)).select_related("occurrence").get(pk=booking.pk)
    _check_changeable(booking)
    if not 1 <= places <= registration.max_per_person:
        raise BookingError(
            ngettext(
                "One person may take at most %(count)d place.",
                "One person may take at most %(count)d places.",
                registration.max_per_person,
            )
            % {"count": registration.max_per_person}
        )
    if booking.status == Booking.Status.BOOKED and places > booking.places:
        left = registration.capacity - places_taken(booking.activity_id, booking.occurrence_id)
        if places - booking.places > left:
            raise BookingError(
                ngettext("Only %(count)d more place is free.", "Only %(count)d more places are free.", max(left, 0))
                % {"count": max(left, 0)}
            )
    booking.places = places
    booking.save(update_fields=["places", "updated"])
    _promote(registration, booking.activity_id, booking.occurrence_id)
    bump_data_version()
    return booking


@transaction.atomic
def set_capacity(registration: Registration, capacity: int) -> list[Booking]:
    """Change the number of places; more places book the waiting list of every date in arrival order."""
    locked = _locked_registration(registration.activity_id)
    locked.capacity = capacity
    locked.save(update_fields=["capacity"])
    targets = (
        Booking.objects.filter(activity_id=locked.activity_id, status=Booking.Status.WAITING)
        .values_list("occurrence_id", flat=True)
        .distinct()
    )
    promoted = []
    for occurrence_id in list(targets):
        promoted += _promote(locked, locked.activity_id, occurrence_id)
    bump_data_version()
    return promoted


@transaction.atomic
def move_from_waiting_list(booking: Booking) -> Booking:
    """Staff book someone from the waiting list by hand, even past the capacity."""
    _locked_registration(booking.activity_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != Booking.Status.WAITING:
        raise BookingError(_("Only someone on the waiting list can be moved."))
    booking.status = Booking.Status.BOOKED
    booking.save(update_fields=["status", "updated"])
    _queue(booking, Message.Kind.PROMOTED)
    bump_data_version()
    return booking
