"""What the dashboard, the report, the exports and the public summary show: each goal with its
indicators' current value, baseline, target, trend, year-over-year change, status and series.

``build_dashboard`` costs a fixed number of queries whatever the data: goals and indicators
(2), measurements (1), the reference distribution (2) and at most one query per data family
the indicators need (head counts, dates held, deficiencies fixed, days to fix, first
deficiency, police list). When the same period a year before is not among the charts' periods
(a month, a free range of dates), the families are read once more for it.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from activities.models import Gender, age_bands
from goals import computations, selectors
from goals.computations import Change, Evenness
from goals.indicators import FILTERABLE, DataSet, Filters
from goals.models import Computation, Goal, Indicator, Measurement, Unit
from goals.periods import Period, PeriodError

SERIES_LENGTH = 8  # periods on the dashboard's charts: the chosen one and the seven before


@dataclass
class Point:
    period: Period
    value: float | None
    measurement: Measurement | None = None

    @property
    def entered_by_hand(self) -> bool:
        return self.measurement is not None

    @property
    def source(self) -> str:
        if self.measurement is not None:
            return self.measurement.source
        return ""


def point_of(measurement: Measurement) -> Point:
    period = Period(measurement.period_start, measurement.period_end, measurement.period_kind)
    return Point(period, float(measurement.value), measurement)


@dataclass
class IndicatorSummary:
    indicator: Indicator
    points: list[Point]
    current: Point | None
    previous: Point | None
    year_before: Point | None
    status: str | None
    filtered: bool  # the house/organisation filter applies to this indicator's figures
    evenness: Evenness | None = None
    police: list = field(default_factory=list)
    complete: bool = True  # False while the chosen period is still running
    # Computed indicators: every period's point, the chart's and those a year before them.
    comparisons: dict = field(default_factory=dict)

    def point_a_year_before(self, point: Point) -> Point | None:
        return self.comparisons.get(point.period.year_before())

    @property
    def has_data(self) -> bool:
        return self.current is not None and self.current.value is not None

    @property
    def has_series(self) -> bool:
        """Something to draw: at least one period with a value, or the police list's entries."""
        return bool(self.police) or any(point.value is not None for point in self.points)

    @property
    def trend(self) -> Change | None:
        if self.current is None or self.previous is None:
            return None
        return computations.change(self.current.value, self.previous.value, self.indicator.direction)

    @property
    def year_over_year(self) -> Change | None:
        if self.current is None or self.year_before is None:
            return None
        return computations.change(self.current.value, self.year_before.value, self.indicator.direction)

    @property
    def is_list(self) -> bool:
        return self.indicator.unit == Unit.LIST_STATUS


@dataclass
class GoalSummary:
    goal: Goal
    indicators: list[IndicatorSummary]

    @property
    def status(self) -> str | None:
        """The worst status of the goal's indicators."""
        return computations.worst(summary.status for summary in self.indicators)

    @property
    def headline(self) -> IndicatorSummary | None:
        return next((s for s in self.indicators if s.indicator.is_headline), None) or (
            self.indicators[0] if self.indicators else None
        )


@dataclass
class VisitsTable:
    """Goal #1's table: visits by age band (rows) x gender (columns), with totals."""

    genders: list  # (code, label)
    rows: list  # (band label, [visits per gender], row total)
    totals: list  # per gender
    total: int

    @classmethod
    def of(cls, cells: dict | None) -> "VisitsTable":
        cells = cells or {}
        genders = list(Gender)
        rows = []
        for band in age_bands():
            values = [cells.get((band.code, gender.value), 0) for gender in genders]
            rows.append((band.label, values, sum(values)))
        totals = [sum(row[1][index] for row in rows) for index in range(len(genders))]
        return cls([(gender.value, gender.label) for gender in genders], rows, totals, sum(totals))


@dataclass
class Dashboard:
    period: Period
    periods: list[Period]
    filters: Filters
    goals: list[GoalSummary]
    reference: selectors.Reference
    today: dt.date
    data: DataSet | None = None

    @property
    def indicators(self) -> list[IndicatorSummary]:
        return [summary for goal in self.goals for summary in goal.indicators]

    @property
    def visits_table(self) -> VisitsTable | None:
        """The chosen period's visits by age and gender (None when no indicator needs head counts)."""
        needed = {Computation.EVENNESS, Computation.UNDER_REACHED, Computation.VISITS}
        if self.data is None or not any(s.indicator.computation in needed for s in self.indicators):
            return None
        return VisitsTable.of(self.data.visits.get(len(self.periods) - 1))

    @property
    def is_complete(self) -> bool:
        return self.period.end < self.today


def baseline_date(indicator: Indicator) -> dt.date | None:
    if not indicator.baseline_period:
        return None
    try:
        return Period.parse(indicator.baseline_period).end
    except PeriodError:
        return None


def _status(indicator: Indicator, current: Point | None, comparison: Point | None, as_of: dt.date) -> str | None:
    if current is None or current.value is None:
        return None
    if indicator.unit == Unit.LIST_STATUS:
        return computations.list_status(
            level=int(current.value), as_of=as_of, deadline=indicator.deadline, baseline=indicator.baseline_value
        )
    return computations.status_of(
        value=current.value,
        direction=indicator.direction,
        as_of=as_of,
        baseline=indicator.baseline_value,
        baseline_date=baseline_date(indicator),
        target=indicator.target_value,
        deadline=indicator.deadline,
        comparison=None if comparison is None else comparison.value,
    )


def _computed_points(indicator: Indicator, data: DataSet, by_code: dict) -> list[Point]:
    points = []
    for index, each in enumerate(data.periods):
        entered = by_code.get(each.code)
        points.append(point_of(entered) if entered else Point(each, data.value(indicator.computation, index)))
    return points


def summarise(
    indicator: Indicator,
    data: DataSet,
    measurements: list[Measurement],
    *,
    today: dt.date,
    before: DataSet | None = None,
) -> IndicatorSummary:
    """One indicator over ``data.periods`` (the last one is the period looked at); ``before``
    holds the periods a year before them that ``data`` does not."""
    periods = data.periods
    period = periods[-1]
    as_of = min(period.end, today)
    complete = period.end < today
    if indicator.computation == Computation.POLICE_LIST:
        entries = [entry for entry in data.police if entry.year <= period.end.year]
        points = [Point(Period.year(entry.year), entry.level) for entry in entries]
        current = points[-1] if points else None
        previous = points[-2] if len(points) > 1 else None
        return IndicatorSummary(
            indicator, points, current, previous, None, _status(indicator, current, previous, as_of),
            filtered=False, police=entries, complete=complete,
        )  # fmt: skip
    if indicator.is_computed:
        by_code = {} if data.filters.active else {m.period: m for m in measurements}
        points = _computed_points(indicator, data, by_code)
        comparisons = {point.period: point for point in points}
        if before is not None:
            for point in _computed_points(indicator, before, by_code):
                comparisons.setdefault(point.period, point)
        current = points[-1]
        previous = points[-2] if len(points) > 1 else None
        year_before = comparisons.get(period.year_before())
        evenness = None
        if indicator.computation in (Computation.EVENNESS, Computation.UNDER_REACHED) and not current.entered_by_hand:
            evenness = data.evenness(len(periods) - 1)
        return IndicatorSummary(
            indicator, points, current, previous, year_before, _status(indicator, current, year_before, as_of),
            filtered=indicator.computation in FILTERABLE, evenness=evenness, complete=complete,
            comparisons=comparisons,
        )  # fmt: skip
    points = [point_of(m) for m in measurements if m.period_end <= period.end][-SERIES_LENGTH:]
    current = points[-1] if points else None
    previous = points[-2] if len(points) > 1 else None
    year_before = None
    if current is not None:
        wanted = current.period.year_before()
        year_before = next((p for p in points if p.period == wanted), None)
    return IndicatorSummary(
        indicator, points, current, previous, year_before, _status(indicator, current, previous, as_of),
        filtered=False, complete=complete,
    )  # fmt: skip


def build(
    periods: list[Period],
    *,
    filters: Filters | None = None,
    goal_numbers=None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    before: list[Period] | None = None,
) -> Dashboard:
    """The goals over ``periods`` (contiguous, the last one looked at). ``before``: contiguous
    periods to compare with a year earlier; by default the last period's year before when it is
    not among ``periods``."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    filters = filters or Filters()
    goals = selectors.goals_with_indicators()
    if goal_numbers is not None:
        goals = goals.filter(number__in=goal_numbers)
    goals = list(goals)
    indicators = [indicator for goal in goals for indicator in goal.indicators.all()]
    by_indicator: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in selectors.measurements_up_to(periods[-1].end, indicators=indicators):
        by_indicator[measurement.indicator_id].append(measurement)
    needs_reference = any(i.computation in (Computation.EVENNESS, Computation.UNDER_REACHED) for i in indicators)
    reference = selectors.active_reference() if needs_reference else selectors.Reference(None, None)
    data = DataSet(periods, filters=filters, reference=reference, now=now)
    if before is None:
        wanted = periods[-1].year_before()
        before = [] if wanted in periods else [wanted]
    compared = DataSet(before, filters=filters, reference=reference, now=now) if before else None
    summaries = [
        GoalSummary(
            goal,
            [
                summarise(i, data, by_indicator.get(i.pk, []), today=today, before=compared)
                for i in goal.indicators.all()
            ],
        )
        for goal in goals
    ]
    return Dashboard(
        period=periods[-1],
        periods=periods,
        filters=filters,
        goals=summaries,
        reference=reference,
        today=today,
        data=data,
    )


def build_dashboard(period: Period, *, filters: Filters | None = None, today=None, now=None) -> Dashboard:
    """The five goals for a period, with the seven periods before it for charts and comparisons."""
    return build(period.series(SERIES_LENGTH), filters=filters, today=today, now=now)


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(round(float(value), 4)))
