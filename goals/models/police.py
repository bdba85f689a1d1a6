"""The police's list of vulnerable areas, per publication year (goal #2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from goals.models.choices import ListStatus

FIRST_LIST_YEAR = 2015


def default_area_name() -> str:
    return settings.KLOCKET_DEFAULT_AREA


class PoliceListEntry(models.Model):
    """An area's status on one year's list, with where that is published."""

    area_name = models.CharField(_("area"), max_length=100, default=default_area_name)
    year = models.PositiveSmallIntegerField(
        _("publication year"), help_text=_("The police publish the list every other year since 2015.")
    )
    status = models.CharField(_("status"), max_length=16, choices=ListStatus.choices)
    source = models.CharField(_("source"), max_length=250)
    source_url = models.URLField(_("link to the source"), blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("police list status")
        verbose_name_plural = _("police list statuses")
        ordering = ["area_name", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_name", "year"],
                name="policelist_one_per_area_year",
                violation_error_message=_("This area already has a status for that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_LIST_YEAR, year__lte=2100),
                name="policelist_year_from_2015",
                violation_error_message=_("The police list has been published since 2015."),
            ),
            models.CheckConstraint(condition=Q(status__in=ListStatus.values), name="policelist_status_valid"),
            models.CheckConstraint(condition=~Q(source=""), name="policelist_has_source"),
        ]

    def __str__(self):
        return f"{self.area_name} {self.year}: {self.get_status_display()}"

    @property
    def level(self) -> int:
        return ListStatus.level(self.status)
