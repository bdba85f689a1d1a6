"""Safety walks (trygghetsvandringar) and the hand-over of their deficiency lists."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField

from activities.models import Area, Organisation
from klocket.translated_history import TranslatedHistoricalRecords


class SafetyWalk(models.Model):
    """One walk: a preparation meeting, the walk itself and a follow-up meeting."""

    TRANSLATED_FIELDS = ("summary",)

    date = models.DateField(_("date of the walk"))
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="safety_walks", verbose_name=_("area"))
    route = models.TextField(
        _("route"), blank=True, help_text=_("Where the walk went, e.g. from the centre square past the football pitch.")
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="safety_walks",
        blank=True,
        verbose_name=_("organisations taking part"),
    )
    residents = models.PositiveSmallIntegerField(_("residents"), default=0)
    youth = models.PositiveSmallIntegerField(_("young people"), default=0)
    staff = models.PositiveSmallIntegerField(_("staff of the partners"), default=0)
    police = models.PositiveSmallIntegerField(_("police"), default=0)
    others = models.PositiveSmallIntegerField(_("others"), default=0)
    preparation_meeting_on = models.DateField(_("preparation meeting"), null=True, blank=True)
    follow_up_meeting_on = models.DateField(_("follow-up meeting"), null=True, blank=True)
    summary = models.TextField(
        _("public summary"), blank=True, help_text=_("Shown on the public page of the walk's results.")
    )
    notes = models.TextField(_("private notes"), blank=True, help_text=_("Only staff see these notes."))
    is_public = models.BooleanField(
        _("show on the public pages"),
        default=True,
        help_text=_("The walk's date, summary and deficiencies are shown to residents; notes and names never."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The public summary in the site's other languages (klocket/content_languages.py).
    i18n = TranslationField(fields=TRANSLATED_FIELDS)
    history = TranslatedHistoricalRecords()

    class Meta:
        verbose_name = _("safety walk")
        verbose_name_plural = _("safety walks")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "date"],
                name="safetywalk_one_per_area_and_day",
                violation_error_message=_("There is already a walk in this area on this day."),
            ),
            models.CheckConstraint(
                condition=Q(preparation_meeting_on__isnull=True) | Q(preparation_meeting_on__lte=F("date")),
                name="safetywalk_preparation_before_walk",
                violation_error_message=_("The preparation meeting comes before the walk."),
            ),
            models.CheckConstraint(
                condition=Q(follow_up_meeting_on__isnull=True) | Q(follow_up_meeting_on__gte=F("date")),
                name="safetywalk_follow_up_after_walk",
                violation_error_message=_("The follow-up meeting comes after the walk."),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("sw-walk", args=[self.pk])

    def get_public_url(self):
        return reverse("sw-public-walk", args=[self.pk])

    @property
    def participants(self) -> int:
        return self.residents + self.youth + self.staff + self.police + self.others


class HandOver(models.Model):
    """A walk's list handed to one responsible party on a date."""

    walk = models.ForeignKey(SafetyWalk, on_delete=models.PROTECT, related_name="hand_overs", verbose_name=_("walk"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="safety_hand_overs", verbose_name=_("responsible party")
    )
    handed_over_on = models.DateField(_("handed over on"))
    items = models.PositiveSmallIntegerField(_("deficiencies handed over"), default=0)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        ordering = ["-handed_over_on", "-pk"]
        indexes = [
            # The hand-over page: the latest hand-over of a walk to one party.
            models.Index(fields=["walk", "organisation"], name="handover_walk_org_idx"),
        ]

    def __str__(self):
        return f"{self.walk} → {self.organisation}"
