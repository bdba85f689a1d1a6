"""A roll-up of visits per month × age band × gender, so the dashboard does not sum a million rows.

Each month stores the *signature* of the attendance summaries it was computed from (number of
``OccurrenceAttendance`` rows of the month, the sum of their totals, versions and ids). Every
change to head counts goes with a change of its occurrence's summary (the attendance services
write both in one transaction; bulk loads create and delete both), so a month whose signature
no longer matches is recomputed from ``HeadCount`` before it is read: the roll-up is exact.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VisitMonth(models.Model):
    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    attendances = models.PositiveIntegerField(_("dates counted"))
    total = models.BigIntegerField(_("sum of the totals"))
    versions = models.BigIntegerField(_("sum of the versions"))
    ids = models.BigIntegerField(_("sum of the date ids"))
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("month of the visits roll-up")
        verbose_name_plural = _("months of the visits roll-up")
        constraints = [models.CheckConstraint(condition=Q(month__day=1), name="visitmonth_first_day")]

    def __str__(self):
        return f"{self.month:%Y-%m}"

    @property
    def signature(self) -> tuple:
        return (self.attendances, self.total, self.versions, self.ids)


class VisitCell(models.Model):
    month = models.ForeignKey(VisitMonth, on_delete=models.CASCADE, related_name="cells", verbose_name=_("month"))
    band = models.CharField(_("age band"), max_length=8)
    gender = models.CharField(_("gender"), max_length=1)
    visits = models.BigIntegerField(_("visits"))

    class Meta:
        verbose_name = _("visits of a month, age band and gender")
        verbose_name_plural = _("visits of months, age bands and genders")
        constraints = [models.UniqueConstraint(fields=["month", "band", "gender"], name="visitcell_one_per_cell")]

    def __str__(self):
        return f"{self.month_id} {self.band} {self.gender}: {self.visits}"
