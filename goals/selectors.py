"""Reads of the goals app's own models: goals with indicators, measurements, the reference
distribution, the police list and survey waves with their results."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, Prefetch, Q

from activities.models import age_bands
from goals.models import (
    Goal,
    Indicator,
    Measurement,
    PoliceListEntry,
    ReferenceDistribution,
    Safety,
    SurveyResponse,
    SurveyWave,
    VisitFrequency,
    min_answers,
)


def goals_with_indicators():
    """Every goal with its indicators in order: two queries."""
    return Goal.objects.select_related("owner").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk"))
    )


def measurements_up_to(day: dt.date, *, indicators=None):
    """Measurements whose period ended by ``day``, oldest first: one query."""
    rows = Measurement.objects.up_to(day).select_related("wave").order_by("indicator_id", "period_end", "pk")
    if indicators is not None:
        rows = rows.filter(indicator__in=indicators)
    return rows


@dataclass
class Reference:
    """The target distribution over the age bands goal #1 uses, and where it comes from."""

    distribution: ReferenceDistribution | None
    band_percent: dict[str, float] | None
    problem: str = ""

    @property
    def is_population(self) -> bool:
        return self.band_percent is not None


def active_reference() -> Reference:
    """The distribution in use if it covers exactly the configured age bands, else equal bands: two queries."""
    from django.utils.translation import gettext as _

    distribution = ReferenceDistribution.objects.filter(is_active=True).prefetch_related("shares").first()
    if distribution is None:
        return Reference(None, None)
    shares = {share.band: float(share.percent) for share in distribution.shares.all()}
    bands = {band.code for band in age_bands()}
    if set(shares) != bands:
        return Reference(
            distribution,
            None,
            _("The reference distribution in use does not have the age bands counted now, so equal bands are used."),
        )
    return Reference(distribution, shares)


def police_entries(area_name: str | None = None):
    area_name = area_name or settings.KLOCKET_DEFAULT_AREA
    return PoliceListEntry.objects.filter(area_name__iexact=area_name).order_by("year")


def open_wave(day: dt.date) -> SurveyWave | None:
    return SurveyWave.objects.open_on(day).order_by("closes_on", "pk").first()


@dataclass
class WaveResults:
    wave: SurveyWave
    answers: int
    safety: dict[str, int] = field(default_factory=dict)
    visits: dict[str, int] = field(default_factory=dict)
    mean_attractiveness: float | None = None

    @property
    def enough(self) -> bool:
        """Results are shown only from the minimum number of answers (10 by default)."""
        return self.answers >= min_answers()

    def _share(self, keys) -> float | None:
        if not self.answers:
            return None
        return 100 * sum(self.safety.get(key, 0) for key in keys) / self.answers

    @property
    def safe(self) -> int:
        return sum(self.safety.get(key, 0) for key in Safety.safe())

    @property
    def unsafe(self) -> int:
        return sum(self.safety.get(key, 0) for key in Safety.unsafe())

    @property
    def share_safe(self) -> float | None:
        """Per cent of all answers feeling very or fairly safe."""
        return self._share(Safety.safe())

    @property
    def share_unsafe(self) -> float | None:
        """Per cent of all answers feeling fairly or very unsafe (how Brå's NTU reports it)."""
        return self._share(Safety.unsafe())

    def safety_rows(self) -> list[tuple[str, int]]:
        return [(label, self.safety.get(value, 0)) for value, label in Safety.choices]

    def visit_rows(self) -> list[tuple[str, int]]:
        return [(label, self.visits.get(value, 0)) for value, label in VisitFrequency.choices]


def _wave_aggregates():
    counts = {f"safety_{value}": Count("responses", filter=Q(responses__safety=value)) for value in Safety.values}
    counts.update(
        {f"visits_{value}": Count("responses", filter=Q(responses__visits=value)) for value in VisitFrequency.values}
    )
    return {"answers": Count("responses"), "mean": Avg("responses__attractiveness"), **counts}


def _results(wave) -> WaveResults:
    return WaveResults(
        wave=wave,
        answers=wave.answers,
        safety={value: getattr(wave, f"safety_{value}") for value in Safety.values},
        visits={value: getattr(wave, f"visits_{value}") for value in VisitFrequency.values},
        mean_attractiveness=float(wave.mean) if wave.mean is not None else None,
    )


def waves_with_results() -> list[WaveResults]:
    """Every wave, newest first, with its counts: one query."""
    return [_results(wave) for wave in SurveyWave.objects.annotate(**_wave_aggregates()).order_by("-opens_on", "-pk")]


def wave_results(wave: SurveyWave) -> WaveResults:
    annotated = SurveyWave.objects.annotate(**_wave_aggregates()).get(pk=wave.pk)
    return _results(annotated)


def answers_in(wave: SurveyWave) -> int:
    return SurveyResponse.objects.filter(wave=wave).count()
