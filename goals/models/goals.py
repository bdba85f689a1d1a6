"""Goals #1-#5, their indicators, and measurements entered by hand or from survey waves."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import Organisation
from goals.models.choices import Computation, Direction, Kind, PeriodKind, Unit

DECIMAL = {"max_digits": 14, "decimal_places": 4}


def in_english() -> bool:
    return (get_language() or "").startswith("en")


class Goal(models.Model):
    """One of the partnership's goals, worded in Swedish (the source) and English."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title_sv = models.CharField(_("title in Swedish"), max_length=150)
    title_en = models.CharField(_("title in English"), max_length=150)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_goals",
        verbose_name=_("owner organisation"),
        help_text=_("The partner who answers for the goal in the steering group."),
    )
    start_date = models.DateField(_("start date"))
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, help_text=_("Leave empty for a goal that has no end date.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="goal_number_positive"),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gt=F("start_date")),
                name="goal_deadline_after_start",
                violation_error_message=_("The deadline must be after the start date."),
            ),
        ]

    def __str__(self):
        return f"#{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("goals-goal", args=[self.number])

    @property
    def title(self) -> str:
        return self.title_en if in_english() and self.title_en else self.title_sv

    @property
    def description(self) -> str:
        return self.description_en if in_english() and self.description_en else self.description_sv


class Indicator(models.Model):
    """What shows a goal's progress: computed by a named computation, or entered by hand."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("goal"))
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)
    description_sv = models.TextField(_("how it is measured, in Swedish"), blank=True)
    description_en = models.TextField(_("how it is measured, in English"), blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MANUAL)
    computation = models.CharField(
        _("computation"),
        max_length=32,
        choices=Computation.choices,
        blank=True,
        help_text=_("Only for computed indicators. Values entered by hand for a period replace the computed ones."),
    )
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices, default=Direction.INCREASE)
    baseline_period = models.CharField(
        _("baseline period"), max_length=10, blank=True, help_text=_("E.g. 2024, 2024-Q3 or 2024-09.")
    )
    baseline_value = models.DecimalField(_("baseline value"), null=True, blank=True, **DECIMAL)
    target_value = models.DecimalField(_("target value"), null=True, blank=True, **DECIMAL)
    target_date = models.DateField(
        _("target date"), null=True, blank=True, help_text=_("Empty: the goal's deadline applies.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_headline = models.BooleanField(
        _("headline figure"), default=False, help_text=_("Shown first for the goal, on the public summary too.")
    )
    is_public = models.BooleanField(
        _("on the public summary"), default=True, help_text=_("Only aggregates are shown; small numbers are hidden.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal__number", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=Kind.COMPUTED) & ~Q(computation="")) | (Q(kind=Kind.MANUAL) & Q(computation="")),
                name="indicator_computed_has_computation",
                violation_error_message=_("A computed indicator needs a computation; one entered by hand has none."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | ~Q(baseline_period=""),
                name="indicator_baseline_has_period",
                violation_error_message=_("Give the period the baseline value is from."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if in_english() and self.name_en else self.name_sv

    @property
    def description(self) -> str:
        return self.description_en if in_english() and self.description_en else self.description_sv

    @property
    def is_computed(self) -> bool:
        return self.kind == Kind.COMPUTED

    @property
    def deadline(self):
        return self.target_date or self.goal.deadline


class MeasurementQuerySet(models.QuerySet):
    def up_to(self, day):
        """Measurements whose period has ended by ``day``."""
        return self.filter(period_end__lte=day)


class Measurement(models.Model):
    """A value of an indicator for a period or a date, with its source."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("indicator")
    )
    period = models.CharField(
        _("period"),
        max_length=10,
        help_text=_("A year (2025), quarter (2025-Q3), month (2025-07) or date (2025-07-14)."),
    )
    period_kind = models.CharField(_("kind of period"), max_length=8, choices=PeriodKind.choices, editable=False)
    period_start = models.DateField(_("period starts"), editable=False)
    period_end = models.DateField(_("period ends"), editable=False)
    value = models.DecimalField(_("value"), **DECIMAL)
    sample_size = models.PositiveIntegerField(
        _("number of answers or people"),
        null=True,
        blank=True,
        help_text=_("How many answers or people the value is based on, when known."),
    )
    source = models.CharField(_("source"), max_length=200, help_text=_("Where the figure comes from."))
    source_url = models.URLField(_("link to the source"), blank=True)
    note = models.TextField(_("note"), blank=True)
    wave = models.ForeignKey(
        "goals.SurveyWave",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("survey wave"),
        editable=False,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
        editable=False,
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)
    history = HistoricalRecords()

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "period_end", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="measurement_one_per_indicator_period",
                violation_error_message=_("This indicator already has a value for that period."),
            ),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="measurement_period_order"),
            models.CheckConstraint(condition=Q(period_kind__in=PeriodKind.values), name="measurement_period_kind"),
            models.CheckConstraint(condition=~Q(source=""), name="measurement_has_source"),
        ]
        indexes = [
            # Dashboard and exports: the measurements of indicators whose period ended by a day, in order.
            models.Index(fields=["indicator", "period_end"], name="measurement_indicator_end_idx"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.period}: {self.value}"
