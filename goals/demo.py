"""Demo data of the goals (``manage.py load_demo_goals``, run by ``load_demo``). Not used at runtime.

So that a newcomer's dashboard shows each goal with a value, a trend and a status:

- two survey waves a year apart (the same season, spring or autumn) with enough answers to show
  a result, recorded as goal #3's measurements;
- a few measurements entered by hand (an earlier survey's figures, marked as made up);
- a baseline and a target for every indicator that has none: computed indicators take their
  baseline from the demo data of the same quarter two years before the dashboard's default
  quarter, targets are a plausible improvement by the end of next year;
- the police-list history of Klockaretorpet as DESIGN.md gives it (installed by the goals'
  data migration; checked again here);
- the monthly roll-up of visits refreshed once for the whole history.

Idempotent: what exists (waves, measurements, baselines or targets set by the steering group) is
left alone. Deterministic for a day. Made-up figures say so in their source.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from activities.demo_calendar import history_start
from goals import rollup, services
from goals.indicators import DataSet
from goals.models import Indicator, Measurement, PoliceListEntry, SurveyResponse, SurveyWave
from goals.models.choices import VisitFrequency
from goals.periods import Period, last_complete_quarter, last_full_year

MADE_UP = "Demodata: påhittad siffra för att visa instrumentpanelen"
EARLIER_SURVEY = "Demodata: påhittad tidigare trygghetsenkät i området"

# A wave's answers as shares: (safety, attractiveness 1-5); the later wave is a little better.
EARLIER_WAVE = {
    "answers": 46,
    "safety": {"very_safe": 0.1, "fairly_safe": 0.34, "fairly_unsafe": 0.3, "very_unsafe": 0.13, "not_out": 0.13},
    "attractiveness": {1: 0.11, 2: 0.26, 3: 0.35, 4: 0.2, 5: 0.08},
}
LATER_WAVE = {
    "answers": 58,
    "safety": {"very_safe": 0.14, "fairly_safe": 0.4, "fairly_unsafe": 0.25, "very_unsafe": 0.09, "not_out": 0.12},
    "attractiveness": {1: 0.07, 2: 0.2, 3: 0.35, 4: 0.26, 5: 0.12},
}
# The earlier survey entered by hand, the year before the first wave: (indicator, value).
HAND_ENTERED = [
    (services.SURVEY_SAFE, Decimal("41.0")),
    (services.SURVEY_UNSAFE, Decimal("46.0")),
    (services.SURVEY_ATTRACTIVENESS, Decimal("2.7")),
]

# Targets by the end of next year: (multiply the baseline by, or add to it), per indicator code.
TARGETS = {
    "visits-evenness": ("at_least", Decimal("0.80")),
    "visits-under-reached": ("at_most", Decimal("3")),
    "deficiencies-fixed": ("at_least", Decimal("5")),
    "days-to-fix": ("at_most", Decimal("45")),
    "occurrences-held": ("times", Decimal("1.3")),
    "visits": ("times", Decimal("1.3")),
    "popular-education": ("times", Decimal("1.4")),
    "study-hours": ("times", Decimal("1.4")),
    services.SURVEY_SAFE: ("plus", Decimal("10")),
    services.SURVEY_UNSAFE: ("plus", Decimal("-10")),
    services.SURVEY_ATTRACTIVENESS: ("plus", Decimal("0.5")),
}

SPRING, AUTUMN = (3, "Våren"), (10, "Hösten")  # a wave runs for the whole month


def wave_dates(month: int, year: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def wave_seasons(until: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The latest survey season closed by ``until`` and the same season a year before, oldest first."""
    candidates = []
    for year in (until.year, until.year - 1):
        for month, label in (SPRING, AUTUMN):
            opens, closes = wave_dates(month, year)
            if closes <= until:
                candidates.append((closes, month, label, year))
    _closes, month, label, year = max(candidates)
    return [(f"{label} {y} (demo)", *wave_dates(month, y)) for y in (year - 1, year)]


def _spread(total: int, shares: dict) -> list:
    """``total`` answers split by ``shares`` exactly (largest remainders), in a fixed order."""
    raw = {key: total * share for key, share in shares.items()}
    counts = {key: int(value) for key, value in raw.items()}
    for key in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[: total - sum(counts.values())]:
        counts[key] += 1
    return [key for key, count in counts.items() for _n in range(count)]


def _answers(wave: SurveyWave, spec: dict) -> list[SurveyResponse]:
    rng = random.Random(wave.name)
    total = spec["answers"]
    safety = _spread(total, spec["safety"])
    attractiveness = _spread(total, spec["attractiveness"])
    rng.shuffle(safety)
    rng.shuffle(attractiveness)
    days = (wave.closes_on - wave.opens_on).days
    bands = ["16-19", "20-25", "26-64", "26-64", "26-64", "65+", ""]
    return [
        SurveyResponse(
            wave=wave,
            safety=safety[number],
            attractiveness=attractiveness[number],
            visits=rng.choice(VisitFrequency.values),
            age_band=rng.choice(bands),
            gender=rng.choice(["f", "m", "f", "m", "x", ""]),
            submitted_on=wave.opens_on + dt.timedelta(days=rng.randint(0, days)),
            form_key=services.form_key_hash(f"demo:{wave.name}:{number}"),
        )
        for number in range(total)
    ]


def load_survey(today: dt.date, *, now: dt.datetime) -> int:
    """Two closed waves with answers and their recorded results; an earlier survey by hand."""
    created = 0
    seasons = wave_seasons(last_complete_quarter(today).end)
    for (name, opens, closes), spec in zip(seasons, (EARLIER_WAVE, LATER_WAVE), strict=True):
        wave, new = SurveyWave.objects.get_or_create(name=name, defaults={"opens_on": opens, "closes_on": closes})
        if not new:
            continue
        answers = SurveyResponse.objects.bulk_create(_answers(wave, spec))
        created += 1 + len(answers) + len(services.record_wave_results(wave=wave, now=now))
    year = str(seasons[0][1].year - 1)
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=dict(HAND_ENTERED))}
    for code, value in HAND_ENTERED:
        indicator = indicators.get(code)
        if indicator is None or Measurement.objects.filter(indicator=indicator, period=year).exists():
            continue
        services.record_measurement(
            indicator=indicator,
            period=year,
            value=value,
            source=EARLIER_SURVEY,
            note=MADE_UP,
            sample_size=39,
            today=today,
        )
        created += 1
    return created


def _target(code: str, baseline: Decimal | None) -> Decimal | None:
    rule, amount = TARGETS[code]
    if rule in ("at_least", "at_most"):
        if baseline is None:
            return amount
        return max(amount, baseline) if rule == "at_least" else min(amount, baseline)
    if baseline is None:
        return None
    if rule == "times":
        return (baseline * amount).quantize(Decimal(1))
    return baseline + amount


def _computed_baselines(period: Period, indicators: list[Indicator], *, now: dt.datetime) -> dict[int, Decimal]:
    data = DataSet([period], now=now)
    result = {}
    for indicator in indicators:
        value = data.value(indicator.computation, 0)
        if value is not None:
            result[indicator.pk] = Decimal(str(round(float(value), 4)))
    return result


def set_baselines_and_targets(today: dt.date, *, now: dt.datetime) -> int:
    """A baseline and a target for each indicator that has neither; returns how many were set."""
    untouched = list(
        Indicator.objects.filter(code__in=TARGETS, baseline_value__isnull=True, target_value__isnull=True).order_by(
            "pk"
        )
    )
    if not untouched:
        return 0
    baseline_period = last_full_year(today).shift(-1)  # the year before the dashboard's default
    computed = [indicator for indicator in untouched if indicator.computation]
    baselines = _computed_baselines(baseline_period, computed, now=now)
    earliest = {
        measurement.indicator_id: measurement
        for measurement in Measurement.objects.filter(indicator__in=untouched).order_by("-period_end", "-pk")
    }  # the earliest measurement of each indicator wins
    deadline = dt.date(today.year + 1, 12, 31)
    changed = 0
    for indicator in untouched:
        if indicator.computation:
            period, baseline = baseline_period.code, baselines.get(indicator.pk)
        else:
            first = earliest.get(indicator.pk)
            period, baseline = (first.period, first.value) if first else ("", None)
        target = _target(indicator.code, baseline)
        if target is None:
            continue
        indicator.baseline_period = period if baseline is not None else ""
        indicator.baseline_value = baseline
        indicator.target_value = target
        indicator.target_date = indicator.target_date or deadline
        indicator._change_reason = "demo data"
        indicator.save(update_fields=["baseline_period", "baseline_value", "target_value", "target_date"])
        changed += 1
    return changed


def check_police_list() -> None:
    """The history DESIGN.md gives (goals' migration 0002): listed 2017 and 2019, off since 2021."""
    statuses = dict(PoliceListEntry.objects.filter(area_name="Klockaretorpet").values_list("year", "status"))
    expected = {2017: "utsatt", 2019: "utsatt", 2021: "not_listed", 2023: "not_listed", 2025: "not_listed"}
    missing = {year: status for year, status in expected.items() if year not in statuses}
    if missing:
        raise RuntimeError(f"The police-list history is incomplete: {missing}; run the migrations again.")


def refresh_rollup(today: dt.date) -> None:
    """Store the monthly roll-up of visits for the demo's whole history at once."""
    first = Period.containing(history_start(today), "month")
    months = [first]
    while months[-1].end < today:
        months.append(months[-1].shift(1))
    rollup.visits_by_month(months)


@transaction.atomic
def load_demo_goals(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    today = timezone.localdate(now)
    check_police_list()
    refresh_rollup(today)
    created = load_survey(today, now=now)
    created += set_baselines_and_targets(today, now=now)
    return created
