"""Confirmations and reminders to residents, sent outside the request from the outbox.

``manage.py send_booking_messages`` (every few minutes, klocket-booking-messages.timer) first
queues the reminders that are due (``KLOCKET_BOOKING_REMINDER_HOURS`` before the start; one per
booking: the outbox has a unique key per booking and kind), then sends at most a batch of
pending messages, oldest first. Each message is locked (``SELECT ... FOR UPDATE SKIP LOCKED``)
and marked sent in the same transaction as it is sent, so two runs at once never both send it,
and a run that crashes half-way leaves what it sent marked sent. A provider error counts an
attempt; after ``Message.MAX_ATTEMPTS`` the message is given up. Every message is written in the
booking's language (``translation.override``), e-mails through Django's mail framework (reminders
with the date as an ``.ics``), text messages through ``bookings.sms``. The log names the
message's id, kind and channel, never its recipient or text.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from activities.models import Occurrence
from bookings import links, sms
from bookings.models import Booking, Message

logger = logging.getLogger("klocket.bookings")
DEFAULT_BATCH = 100


@dataclass
class SendResult:
    queued_reminders: int = 0
    sent: int = 0
    failed: int = 0
    dropped: int = 0
    errors: list[str] = field(default_factory=list)


def queue_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue a reminder for every booked booking whose date starts within the reminder window."""
    now = now or timezone.now()
    until = now + dt.timedelta(hours=settings.KLOCKET_BOOKING_REMINDER_HOURS)
    soon = Occurrence.objects.filter(start__gt=now, start__lte=until, cancelled=False)
    due = (
        Booking.objects.named()
        .booked()
        .filter(is_walk_in=False, occurrence__in=soon)
        .exclude(messages__kind=Message.Kind.REMINDER)
        .values_list("pk", flat=True)
    )
    created = Message.objects.bulk_create(
        [Message(booking_id=pk, kind=Message.Kind.REMINDER, created=now) for pk in due], ignore_conflicts=True
    )
    return len(created)


def _occurrence_of(booking: Booking) -> Occurrence | None:
    if booking.occurrence_id:
        return booking.occurrence
    return booking.activity.occurrences.filter(end__gt=timezone.now()).order_by("start").first()


def _still_wanted(message: Message) -> bool:
    booking = message.booking
    if booking.anonymised_at is not None:
        return False
    if booking.status == Booking.Status.CANCELLED and message.kind != Message.Kind.CANCELLED:
        return False
    occurrence = _occurrence_of(booking)
    if occurrence is None or occurrence.start <= timezone.now():
        return False  # nothing to confirm or remind of once the date has begun
    return not (message.kind == Message.Kind.PROMOTED and booking.status != Booking.Status.BOOKED)


def _context(message: Message) -> dict:
    booking = message.booking
    occurrence = _occurrence_of(booking)
    activity = booking.activity
    return {
        "kind": message.kind,
        "booking": booking,
        "activity": activity,
        "occurrence": occurrence,
        "place": occurrence.place,
        "sender": activity.organiser.name,
        "link": settings.KLOCKET_SITE_URL + links.path_for(booking),
        "position": _position(booking),
    }


def _position(booking):
    from bookings.services import waiting_position

    return waiting_position(booking)


def _ics(occurrence: Occurrence, url: str) -> bytes:
    from icalendar import Calendar, Event

    from activities.feeds import occurrence_uid

    calendar = Calendar()
    calendar.add("prodid", "-//KLOCKET//sign-up//SV")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", occurrence_uid(occurrence))
    event.add("dtstamp", timezone.now().replace(microsecond=0))
    event.add("dtstart", occurrence.start)
    event.add("dtend", occurrence.end)
    event.add("summary", occurrence.activity.title)
    event.add("location", ", ".join(part for part in [occurrence.place.name, occurrence.place.address] if part))
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()


def render(message: Message) -> tuple[str, str, str]:
    """(subject, e-mail body, text message) in the booking's language."""
    context = _context(message)
    with translation.override(message.booking.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("emails/bookings/subject.txt", context).split())
        body = render_to_string("emails/bookings/email.txt", context).strip() + "\n"
        text = " ".join(render_to_string("emails/bookings/sms.txt", context).split())
    return subject, body, text


def _deliver(message: Message, backend) -> None:
    booking = message.booking
    subject, body, text = render(message)
    if booking.phone:
        (backend or sms.get_backend()).send(booking.phone, text)
        return
    sender = f"{booking.activity.organiser.name} via KLOCKET <{_address(settings.DEFAULT_FROM_EMAIL)}>"
    email = EmailMessage(subject=subject, body=body, from_email=sender, to=[booking.email])
    occurrence = _occurrence_of(booking)
    if message.kind == Message.Kind.REMINDER and occurrence is not None:
        url = settings.KLOCKET_SITE_URL + occurrence.get_absolute_url()
        email.attach(f"{occurrence.activity.slug}.ics", _ics(occurrence, url), "text/calendar")
    email.send()


def _address(from_email: str) -> str:
    from email.utils import parseaddr

    return parseaddr(from_email)[1] or from_email


def send_pending(*, batch: int = DEFAULT_BATCH, backend=None, now: dt.datetime | None = None) -> SendResult:
    result = SendResult()
    result.queued_reminders = queue_reminders(now=now)
    ids = list(
        Message.objects.filter(status=Message.Status.PENDING)
        .order_by("created", "pk")
        .values_list("pk", flat=True)[:batch]
    )
    for pk in ids:
        with transaction.atomic():
            message = (
                Message.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("booking__activity__organiser", "booking__occurrence__venue")
                .filter(pk=pk, status=Message.Status.PENDING)
                .first()
            )
            if message is None:
                continue  # another run has it, or sent it meanwhile
            channel = "sms" if message.booking.phone else "email"
            if not _still_wanted(message):
                message.status = Message.Status.DROPPED
                message.save(update_fields=["status"])
                result.dropped += 1
                continue
            message.attempts += 1
            try:
                _deliver(message, backend)
            except (sms.SmsError, OSError) as error:
                message.last_error = str(error)[:200] if isinstance(error, sms.SmsError) else type(error).__name__
                if message.attempts >= Message.MAX_ATTEMPTS:
                    message.status = Message.Status.FAILED
                message.save(update_fields=["attempts", "last_error", "status"])
                result.failed += 1
                logger.warning(
                    "booking message not sent",
                    extra={
                        "message_id": message.pk,
                        "kind": message.kind,
                        "channel": channel,
                        "attempts": message.attempts,
                        "error": message.last_error,
                    },
                )
                continue
            message.status = Message.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
            result.sent += 1
            logger.info(
                "booking message sent", extra={"message_id": message.pk, "kind": message.kind, "channel": channel}
            )
    return result
