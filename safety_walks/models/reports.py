"""Residents' reports of safety problems, held for a coordinator's moderation."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import Area
from klocket.files import random_name
from safety_walks.models.choices import Category
from safety_walks.models.deficiencies import COORDINATES, Deficiency
from safety_walks.photos import prepare_photo

# Crockford's alphabet without look-alikes (no I, L, O, U): easy to read out on the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    return "TR-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(REFERENCE_LENGTH))


def report_photo_path(instance, filename):
    return random_name("safety_walks/reports", filename)


class ResidentReport(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, waiting for moderation")
        ACCEPTED = "accepted", _("Accepted as a deficiency")
        REJECTED = "rejected", _("Closed without a deficiency")

    reference = models.CharField(_("reference number"), max_length=16, unique=True, default=new_reference)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="safety_reports", verbose_name=_("area"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    place = models.CharField(_("place"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(_("description"))
    photo = models.ImageField(_("photo"), upload_to=report_photo_path, blank=True)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Only the coordinator sees it; it is never published nor passed on."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    deficiency = models.ForeignKey(
        Deficiency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("deficiency"),
    )
    public_reply = models.TextField(
        _("reply to the reporter"), blank=True, help_text=_("Shown on the report's status page.")
    )
    moderation_note = models.TextField(_("private note"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    # The reporter's contact never goes into the audit trail either.
    history = HistoricalRecords(excluded_fields=["contact", "photo"])

    class Meta:
        verbose_name = _("resident's report")
        verbose_name_plural = _("residents' reports")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=Category.values), name="report_category_valid"),
            models.CheckConstraint(condition=~Q(place=""), name="report_place_required"),
            models.CheckConstraint(condition=COORDINATES, name="report_coordinates_pair_in_range"),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(deficiency__isnull=False), name="report_accepted_has_deficiency"
            ),
        ]
        indexes = [
            # The moderation queue: reports waiting, oldest first.
            models.Index(fields=["status", "received_at"], name="report_status_received_idx"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if self.photo and not self.photo._committed:
            self.photo, _thumbnail = prepare_photo(self.photo.file)
        super().save(*args, **kwargs)

    def get_status_url(self):
        return reverse("sw-report-status", args=[self.reference])
