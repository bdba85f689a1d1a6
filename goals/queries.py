"""Reads of the activities and safety-walk data that the goals' indicators are computed from.

Each function takes contiguous periods (oldest first) and answers per period index. Rows are
grouped in the database by a CASE over the periods' boundaries: exact in local time (dates and
local midnights), the same SQL on PostgreSQL and SQLite, and no Python loop over data rows.
One query per function, whatever the number of periods or rows.

Head counts are summed from ``HeadCount`` through its (day, band, gender, count) index; study
hours and dates held come from ``Occurrence`` with its activity and attendance summary. Only
dates that count enter any figure: ``Occurrence.countable_q`` (activities/models/events.py) is
the rule, applied to head counts through their date.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from activities.models import Activity, ActivityForm, HeadCount, Occurrence
from activities.selectors import local_day_bounds
from goals.computations import median
from goals.periods import Period
from safety_walks import selectors as safety_selectors
from safety_walks.models import Deficiency, Status

Cell = tuple[str, str]


def _check(periods: list[Period]) -> None:
    if not periods:
        raise ValueError("at least one period")
    for earlier, later in zip(periods, periods[1:], strict=False):
        if later.start != earlier.end + dt.timedelta(days=1):
            raise ValueError("periods must follow each other without gaps")


def _bucket(field: str, starts: list) -> Case:
    """The index of the period a row falls in; rows are already limited to the whole span."""
    whens = [When(**{f"{field}__lt": start}, then=Value(index)) for index, start in enumerate(starts[1:])]
    return Case(*whens, default=Value(len(starts) - 1), output_field=IntegerField())


def _local_midnights(periods: list[Period]) -> tuple[list[dt.datetime], dt.datetime]:
    starts = [local_day_bounds(period.start)[0] for period in periods]
    return starts, local_day_bounds(periods[-1].end)[1]


def occurrence_scope(*, venue=None, organisation=None, activity=None) -> Q:
    """Dates at a venue (their own or their activity's), run or co-run by an organisation, and/or
    of one activity."""
    condition = Q()
    if activity is not None:
        condition &= Q(activity=activity)
    if venue is not None:
        condition &= Q(venue=venue) | Q(venue__isnull=True, activity__venue=venue)
    if organisation is not None:
        condition &= Q(activity__organiser=organisation) | Q(
            activity__in=Activity.objects.filter(co_organisers=organisation).values("pk")
        )
    return condition


def visits_by_cell(
    periods: list[Period], *, venue=None, organisation=None, activity=None, now=None
) -> dict[int, dict[Cell, int]]:
    """Goals #1 and #4: visits counted per period by (age band code, gender) at dates that count;
    periods without counts are absent."""
    _check(periods)
    rows = HeadCount.objects.filter(
        Occurrence.countable_q("occurrence__", now=now), day__gte=periods[0].start, day__lte=periods[-1].end
    )
    if venue is not None or organisation is not None or activity is not None:
        scope = occurrence_scope(venue=venue, organisation=organisation, activity=activity)
        rows = rows.filter(occurrence__in=Occurrence.objects.filter(scope).values("pk"))
    grouped = (
        rows.order_by()
        .annotate(bucket=_bucket("day", [period.start for period in periods]))
        .values("bucket", "band", "gender")
        .annotate(visits=Sum("count"))
    )
    result: dict[int, dict[Cell, int]] = defaultdict(dict)
    for row in grouped:  # aggregated rows: periods x bands x genders at most
        result[row["bucket"]][(row["band"], row["gender"])] = row["visits"] or 0
    return dict(result)


def _held(periods: list[Period], *, venue=None, organisation=None, activity=None, now=None):
    now = now or timezone.now()
    starts, after = _local_midnights(periods)
    occurrences = Occurrence.objects.countable(now).filter(
        occurrence_scope(venue=venue, organisation=organisation, activity=activity),
        start__gte=starts[0],
        start__lt=after,
    )
    return occurrences.order_by().annotate(bucket=_bucket("start", starts))


def occurrence_figures(
    periods: list[Period], *, venue=None, organisation=None, activity=None, now=None
) -> dict[int, dict]:
    """Goals #4 and #5 per period: dates held (the dates that count), popular-education dates by
    form, and the study hours recorded for study-circle sessions.

    Two queries: the dates (with their activity), and the study circles' sessions with their
    attendance summary (joining every date's summary would read the whole attendance table).
    """
    _check(periods)
    now = now or timezone.now()
    popular = sorted(ActivityForm.popular_education())
    per_form = {f"form_{form}": Count("pk", filter=Q(activity__form=form)) for form in popular}
    grouped = (
        _held(periods, venue=venue, organisation=organisation, activity=activity, now=now)
        .values("bucket")
        .annotate(held=Count("pk"), popular=Count("pk", filter=Q(activity__form__in=popular)), **per_form)
    )
    hours = {
        row["bucket"]: row["hours"]
        for row in _held(periods, venue=venue, organisation=organisation, activity=activity, now=now)
        .filter(activity__form=ActivityForm.STUDY_CIRCLE)
        .values("bucket")
        .annotate(hours=Sum("attendance__study_hours"))
    }
    return {
        row["bucket"]: {
            "held": row["held"],
            "popular": row["popular"],
            "study_hours": hours.get(row["bucket"]),
            "by_form": {form: row[f"form_{form}"] for form in popular},
        }
        for row in grouped
    }


def _fixed(periods: list[Period]):
    return Deficiency.objects.filter(
        status__in=Status.done(), fixed_on__gte=periods[0].start, fixed_on__lte=periods[-1].end
    ).order_by()


def deficiencies_fixed(periods: list[Period]) -> dict[int, int]:
    """Goal #3: deficiencies fixed per period (dated by their fix); periods without a fix are absent."""
    _check(periods)
    grouped = (
        _fixed(periods)
        .annotate(bucket=_bucket("fixed_on", [period.start for period in periods]))
        .values("bucket")
        .annotate(fixed=Count("pk"))
    )
    return {row["bucket"]: row["fixed"] for row in grouped}


def median_days_to_fix(periods: list[Period]) -> dict[int, float]:
    """Goal #3: median days from found to fixed of the deficiencies fixed in each period.

    The same measure as ``safety_walks.selectors.median_days_to_fix`` for every period in one
    query. A median needs the values, so the (small) list of fixed deficiencies' dates is read.
    """
    _check(periods)
    rows = (
        _fixed(periods)
        .annotate(bucket=_bucket("fixed_on", [period.start for period in periods]))
        .values_list("bucket", "found_on", "fixed_on")
    )
    days: dict[int, list[int]] = defaultdict(list)
    for bucket, found, fixed in rows:
        days[bucket].append((fixed - found).days)
    return {bucket: median(values) for bucket, values in days.items()}


def first_deficiency_day() -> dt.date | None:
    """The first day a deficiency was found: before it, goal #3's walk figures have no data."""
    return Deficiency.objects.order_by("found_on").values_list("found_on", flat=True).first()


def walk_figures() -> list[dict]:
    """Per walk: found, handed over and fixed (from the safety-walk app's selectors)."""
    return safety_selectors.figures_per_walk()


def quarter_figures(start: dt.date, end: dt.date) -> list[dict]:
    """Per quarter: found, handed over and fixed (from the safety-walk app's selectors)."""
    return safety_selectors.figures_per_quarter(start=start, end=end)
