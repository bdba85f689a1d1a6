"""Reference distributions: the target spread of visitors across age bands (goal #1)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The shares must add up to 100 % within this many percentage points (rounding of published figures).
SUM_TOLERANCE = "0.1"


class ReferenceDistribution(models.Model):
    """Shares of the age bands, e.g. the area's population by age from the municipality's statistics.

    Within each band the target is an equal split between girls/women and boys/men. Without an
    active distribution the target is an equal share for every band.
    """

    name = models.CharField(_("name"), max_length=150, help_text=_("E.g. Klockaretorpet's population 2024."))
    source = models.CharField(_("source"), max_length=200, help_text=_("E.g. Norrköping municipality's statistics."))
    source_url = models.URLField(_("link to the source"), blank=True)
    year = models.PositiveSmallIntegerField(_("year of the figures"), null=True, blank=True)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("The evenness score uses the distribution in use.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reference distribution")
        verbose_name_plural = _("reference distributions")
        ordering = ["-is_active", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="referencedistribution_one_active"
            ),
            models.CheckConstraint(condition=~Q(source=""), name="referencedistribution_has_source"),
        ]

    def __str__(self):
        return self.name


class ReferenceShare(models.Model):
    distribution = models.ForeignKey(
        ReferenceDistribution, on_delete=models.CASCADE, related_name="shares", verbose_name=_("distribution")
    )
    band = models.CharField(_("age band"), max_length=8)
    percent = models.DecimalField(_("share in per cent"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("share of an age band")
        verbose_name_plural = _("shares of the age bands")
        ordering = ["distribution", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "band"], name="referenceshare_one_per_band"),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="referenceshare_0_to_100"),
        ]

    def __str__(self):
        return f"{self.band}: {self.percent} %"
