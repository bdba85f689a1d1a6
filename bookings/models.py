"""Sign-up to activities with limited places: settings per activity, bookings, the outbox.

Residents need no account. A booking holds a name, one contact (a mobile number in E.164 or an
e-mail address), the number of places, the language messages come in and an optional answer;
``bookings.retention`` anonymises it a set number of days after the date, leaving the counts.
Who may see bookings: ``klocket.permissions.editable_activities`` (the activity's organisers).
"""

import secrets

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Occurrence


def _new_key() -> str:
    return secrets.token_urlsafe(18)


class Registration(models.Model):
    """Sign-up settings of one activity: off by default (no row, or ``is_open`` false)."""

    class Scope(models.TextChoices):
        PER_DATE = "date", _("Places per date")
        SERIES = "series", _("Places for the whole series")

    MAX_PLACES_PER_PERSON = 6

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="registration", verbose_name=_("activity")
    )
    enabled = models.BooleanField(_("sign-up on"), default=False)
    scope = models.CharField(_("places for"), max_length=8, choices=Scope.choices, default=Scope.PER_DATE)
    capacity = models.PositiveIntegerField(
        _("places"), help_text=_("Per date, or for the whole series when the series is booked as one.")
    )
    opens = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    closes = models.DateTimeField(
        _("sign-up closes"), null=True, blank=True, help_text=_("Empty: when the date (or the series) starts.")
    )
    max_per_person = models.PositiveSmallIntegerField(
        _("places one person may take"), default=1, help_text=_("1 to 6 (a family).")
    )
    question = models.CharField(
        _("question to those who sign up"),
        max_length=200,
        blank=True,
        help_text=_("Optional, e.g. allergies or whether an interpreter is needed."),
    )

    class Meta:
        verbose_name = _("sign-up settings")
        verbose_name_plural = _("sign-up settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_per_person__gte=1, max_per_person__lte=6),
                name="registration_1_to_6_places_per_person",
                violation_error_message=_("One person may take 1 to 6 places."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="registration_at_least_one_place",
                violation_error_message=_("Give at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(opens__isnull=True) | Q(closes__isnull=True) | Q(closes__gt=F("opens")),
                name="registration_closes_after_opening",
                violation_error_message=_("Sign-up must close after it opens."),
            ),
        ]

    def __str__(self):
        return f"{self.activity}: {self.capacity}"

    @property
    def is_series(self) -> bool:
        return self.scope == self.Scope.SERIES


class BookingQuerySet(models.QuerySet):
    def for_target(self, activity_id: int, occurrence_id: int | None):
        """The bookings that share one set of places: a date's, or the whole series' (no date)."""
        return self.filter(activity_id=activity_id, occurrence_id=occurrence_id)

    def booked(self):
        return self.filter(status=Booking.Status.BOOKED)

    def waiting(self):
        return self.filter(status=Booking.Status.WAITING).order_by("created", "pk")

    def named(self):
        return self.filter(anonymised_at__isnull=True)


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("activity")
    )
    occurrence = models.ForeignKey(
        Occurrence,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("date"),
        help_text=_("Empty when the whole series is booked as one."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    places = models.PositiveSmallIntegerField(_("places"), default=1)
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True, help_text=_("E.164, e.g. +46701234567."))
    email = models.EmailField(_("e-mail"), blank=True)
    # One of settings.LANGUAGES (checked by the form, not as choices: a new language needs no migration).
    language = models.CharField(_("language of messages"), max_length=8)
    answer = models.CharField(_("answer"), max_length=300, blank=True)
    # The secret part of the personal link (signed on top: bookings.links).
    key = models.CharField(max_length=32, unique=True, default=_new_key, editable=False)
    checked_in = models.BooleanField(_("came"), default=False)
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    created = models.DateTimeField(_("signed up"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1, places__lte=6),
                name="booking_1_to_6_places",
                violation_error_message=_("One person may take 1 to 6 places."),
            ),
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email="") | Q(anonymised_at__isnull=False) | Q(is_walk_in=True),
                name="booking_needs_a_contact",
                violation_error_message=_("Give a mobile number or an e-mail address."),
            ),
        ]
        indexes = [
            # Places taken and the waiting list of one date (or series), in arrival order.
            models.Index(fields=["activity", "occurrence", "status", "created"], name="booking_target_status_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def contact(self) -> str:
        return self.phone or self.email


class Message(models.Model):
    """The outbox: one row per booking and kind, so a message is queued (and sent) once."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation")
        PROMOTED = "promoted", _("Booked from the waiting list")
        CANCELLED = "cancelled", _("Cancellation")
        REMINDER = "reminder", _("Reminder")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Gave up")
        DROPPED = "dropped", _("Not needed any more")

    MAX_ATTEMPTS = 5

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="messages", verbose_name=_("booking"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind"], name="message_once_per_booking_and_kind"),
        ]
        indexes = [
            # manage.py send_booking_messages: the pending messages, oldest first.
            models.Index(fields=["status", "created"], name="message_status_created_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.booking_id}"
