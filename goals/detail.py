"""A goal's page: each indicator per month, quarter or year against the same period a year earlier,
plus what only that goal has (the age × gender table, the police list, survey waves, walks)."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from activities.models import ActivityForm
from goals import computations, dashboard, queries, selectors
from goals.computations import Change, Evenness
from goals.dashboard import IndicatorSummary, Point
from goals.indicators import DataSet, Filters
from goals.models import Computation, Goal, PeriodKind
from goals.periods import HALF_YEAR, Period
from goals.services import SURVEY_ATTRACTIVENESS, SURVEY_SAFE, SURVEY_UNSAFE

SURVEY_CODES = {SURVEY_SAFE, SURVEY_UNSAFE, SURVEY_ATTRACTIVENESS}

# URL value -> period kind, and how many periods a page shows (each beside the year before).
GRANULARITIES = {"manad": PeriodKind.MONTH, "kvartal": PeriodKind.QUARTER, "halvar": HALF_YEAR, "ar": PeriodKind.YEAR}
SHOWN = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, HALF_YEAR: 4, PeriodKind.YEAR: 5}


@dataclass
class Row:
    point: Point
    year_before: Point | None

    @property
    def change(self) -> Change | None:
        if self.year_before is None:
            return None
        return computations.change(self.point.value, self.year_before.value)


@dataclass
class IndicatorDetail:
    summary: IndicatorSummary
    rows: list[Row]


@dataclass
class GoalDetail:
    goal: Goal
    quarter: Period
    granularity: str
    filters: Filters
    indicators: list[IndicatorDetail]
    evenness: Evenness | None = None
    reference: selectors.Reference | None = None
    police: list = field(default_factory=list)
    waves: list = field(default_factory=list)
    walks: list = field(default_factory=list)
    walk_quarters: list = field(default_factory=list)
    popular_forms: list = field(default_factory=list)  # (form value, label)
    popular_rows: list = field(default_factory=list)  # (period, [dates per form])
    today: dt.date | None = None

    @property
    def status(self):
        return computations.worst(detail.summary.status for detail in self.indicators)


def periods_for(quarter: Period, granularity: str) -> list[Period]:
    """The periods shown and the year before them, ending with the month, quarter or year the
    chosen period ends in."""
    shown = SHOWN[granularity]
    last = Period.containing(quarter.end, granularity)
    return last.series(shown + last.steps_per_year())


def _rows(summary: IndicatorSummary, granularity: str) -> list[Row]:
    if summary.indicator.computation == Computation.POLICE_LIST:
        return []
    if not summary.indicator.is_computed:
        by_period = {point.period: point for point in summary.points}
        return [Row(point, by_period.get(point.period.year_before())) for point in summary.points]
    points = summary.points
    steps = points[-1].period.steps_per_year() if points else 1
    shown = SHOWN[granularity]
    return [Row(points[index], points[index - steps]) for index in range(len(points) - shown, len(points))]


def build_goal_detail(
    goal: Goal, quarter: Period, granularity: str, *, filters: Filters | None = None, today=None, now=None
) -> GoalDetail:
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    filters = filters or Filters()
    periods = periods_for(quarter, granularity)
    board = dashboard.build(periods, filters=filters, goal_numbers=[goal.number], today=today, now=now)
    summaries = board.goals[0].indicators if board.goals else []
    # Manual indicators: every value entered up to the period, not only the last few.
    manual = [s.indicator for s in summaries if not s.indicator.is_computed]
    if manual:
        measurements = list(selectors.measurements_up_to(periods[-1].end, indicators=manual))
        for summary in summaries:
            if not summary.indicator.is_computed:
                summary.points = [dashboard.point_of(m) for m in measurements if m.indicator_id == summary.indicator.pk]
    detail = GoalDetail(
        goal=board.goals[0].goal if board.goals else goal,
        quarter=quarter,
        granularity=granularity,
        filters=filters,
        indicators=[IndicatorDetail(summary, _rows(summary, granularity)) for summary in summaries],
        reference=board.reference,
        today=today,
    )
    computations_used = {summary.indicator.computation for summary in summaries}
    if computations_used & {Computation.EVENNESS, Computation.UNDER_REACHED}:
        data = DataSet([quarter], filters=filters, reference=board.reference, now=now)
        detail.evenness = data.evenness(0)
    if Computation.POPULAR_EDUCATION in computations_used and board.data is not None:
        forms = [(value, label) for value, label in ActivityForm.choices if value in ActivityForm.popular_education()]
        detail.popular_forms = forms
        shown = SHOWN[granularity]
        for index in range(len(periods) - shown, len(periods)):
            row = board.data.occurrences.get(index)
            counts = [row["by_form"].get(value) if row else None for value, _label in forms]
            detail.popular_rows.append((periods[index], counts))
    if Computation.POLICE_LIST in computations_used:
        detail.police = next(s.police for s in summaries if s.indicator.computation == Computation.POLICE_LIST)
    codes = {summary.indicator.code for summary in summaries}
    if codes & SURVEY_CODES or computations_used & {Computation.DEFICIENCIES_FIXED, Computation.DAYS_TO_FIX}:
        detail.waves = selectors.waves_with_results()
        detail.walks = queries.walk_figures()
        detail.walk_quarters = queries.quarter_figures(periods[0].start, periods[-1].end)
    return detail
