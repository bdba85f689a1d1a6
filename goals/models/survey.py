"""The residents' safety survey (goal #3): waves with open and close dates, anonymous answers.

An answer holds no name, no address and no IP address: the answers to the questions, an
optional age band and gender, and the day it came in. ``form_key`` is a hash of a random key
the form carried, so the same form sent twice is stored once.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import Gender
from goals.models.choices import Safety, VisitFrequency

DEFAULT_MIN_ANSWERS = 10


def min_answers() -> int:
    """Results of a wave are shown and become measurements only from this many answers."""
    return int(getattr(settings, "KLOCKET_SURVEY_MIN_ANSWERS", DEFAULT_MIN_ANSWERS))


class SurveyWaveQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class SurveyWave(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("E.g. Spring 2026."))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("The last day answers are accepted."))
    results_published_at = models.DateTimeField(_("results recorded"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = SurveyWaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="surveywave_closes_after_opening",
                violation_error_message=_("A wave cannot close before it opens."),
            ),
        ]
        indexes = [
            # The survey page: the wave open today.
            models.Index(fields=["opens_on", "closes_on"], name="surveywave_open_idx"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.opens_on and self.closes_on and self.closes_on >= self.opens_on:
            overlapping = SurveyWave.objects.filter(opens_on__lte=self.closes_on, closes_on__gte=self.opens_on)
            if self.pk:
                overlapping = overlapping.exclude(pk=self.pk)
            other = overlapping.first()
            if other is not None:
                raise ValidationError(
                    _("The dates overlap the wave %(name)s: only one wave can be open at a time.") % {"name": other}
                )

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    def has_closed(self, day=None) -> bool:
        return (day or timezone.localdate()) > self.closes_on


class SurveyResponse(models.Model):
    wave = models.ForeignKey(SurveyWave, on_delete=models.PROTECT, related_name="responses", verbose_name=_("wave"))
    safety = models.CharField(_("feeling safe out alone late in the evening"), max_length=16, choices=Safety.choices)
    attractiveness = models.PositiveSmallIntegerField(_("attractiveness of the area (1-5)"))
    visits = models.CharField(_("visits to KLOCKET"), max_length=16, choices=VisitFrequency.choices)
    age_band = models.CharField(_("age band"), max_length=8, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    submitted_on = models.DateField(_("day answered"))
    form_key = models.CharField(_("form key"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["wave", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "form_key"], name="surveyresponse_form_once_per_wave"),
            models.CheckConstraint(
                condition=Q(attractiveness__gte=1, attractiveness__lte=5), name="surveyresponse_attractiveness_1_5"
            ),
            models.CheckConstraint(condition=Q(safety__in=Safety.values), name="surveyresponse_safety_valid"),
            models.CheckConstraint(condition=Q(visits__in=VisitFrequency.values), name="surveyresponse_visits_valid"),
            models.CheckConstraint(
                condition=Q(gender="") | Q(gender__in=Gender.values), name="surveyresponse_gender_valid"
            ),
        ]
        indexes = [
            # A wave's results: counts per answer of one wave.
            models.Index(fields=["wave", "safety"], name="surveyresponse_wave_idx"),
        ]

    def __str__(self):
        return f"{self.wave} #{self.pk}"
