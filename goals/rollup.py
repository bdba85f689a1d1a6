"""Visits per period by (age band, gender) from the monthly roll-up (see goals/models/rollup.py).

Three reads whatever the data: the months' signatures from the attendance summaries, and the
stored months with their cells. Months whose signature changed are recomputed from the head
counts in one more read and stored again (an upsert), so the figures are always exact and a
dashboard after a change of attendance costs one month's sum, not the whole window's.

Only dates that count are rolled up (``Occurrence.countable_q``): the signatures are taken over
the summaries of those dates, so a date that stops counting (its activity made a draft or an
internal meeting, the date cancelled) changes its month's signature and the month is recomputed.
"""

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When

from activities.models import HeadCount, Occurrence, OccurrenceAttendance
from goals.models import VisitCell, VisitMonth
from goals.periods import RANGE, Period
from goals.queries import _bucket, _check

Cell = tuple[str, str]
EMPTY = (0, 0, 0, 0)


def months_of(periods: list[Period]) -> list[Period]:
    return [month for period in periods for month in period.within("month")]


def signatures(months: list[Period]) -> dict[int, tuple]:
    """(dates counted, sum of totals, of versions, of ids) of each month's attendance summaries."""
    rows = (
        OccurrenceAttendance.objects.filter(
            Occurrence.countable_q("occurrence__"), day__gte=months[0].start, day__lte=months[-1].end
        )
        .order_by()
        .annotate(bucket=_bucket("day", [month.start for month in months]))
        .values("bucket")
        .annotate(n=Count("pk"), total=Sum("total"), versions=Sum("version"), ids=Sum("occurrence_id"))
    )
    return {row["bucket"]: (row["n"], row["total"] or 0, row["versions"] or 0, row["ids"] or 0) for row in rows}


def _stored(months: list[Period]) -> tuple[dict[dt.date, tuple], dict[dt.date, dict[Cell, int]]]:
    rows = VisitMonth.objects.filter(month__in=[month.start for month in months]).values_list(
        "month", "attendances", "total", "versions", "ids", "cells__band", "cells__gender", "cells__visits"
    )
    signature, cells = {}, defaultdict(dict)
    for month, n, total, versions, ids, band, gender, visits in rows:  # one row per stored cell
        signature[month] = (n, total, versions, ids)
        if band is not None:
            cells[month][(band, gender)] = visits
    return signature, cells


def _recompute(months: list[Period], stale: list[int]) -> dict[int, dict[Cell, int]]:
    condition = Q()
    for index in stale:
        condition |= Q(day__gte=months[index].start, day__lte=months[index].end)
    rows = (
        HeadCount.objects.filter(condition, Occurrence.countable_q("occurrence__"))
        .order_by()
        .annotate(bucket=_bucket("day", [month.start for month in months]))
        .values("bucket", "band", "gender")
        .annotate(visits=Sum("count"))
    )
    result: dict[int, dict[Cell, int]] = defaultdict(dict)
    for row in rows:
        result[row["bucket"]][(row["band"], row["gender"])] = row["visits"] or 0
    return result


def _store(months: list[Period], stale: list[int], signature: dict[int, tuple], cells: dict[int, dict]) -> None:
    """Replace the stale months; when another request stores them at the same time, let it."""
    starts = [months[index].start for index in stale]
    try:
        with transaction.atomic():
            VisitCell.objects.filter(month__month__in=starts).delete()
            stored = VisitMonth.objects.bulk_create(
                [VisitMonth(month=months[index].start, **_fields(signature.get(index, EMPTY))) for index in stale],
                update_conflicts=True,
                unique_fields=["month"],
                update_fields=["attendances", "total", "versions", "ids", "computed_at"],
            )
            if any(month.pk is None for month in stored):
                stored = list(VisitMonth.objects.filter(month__in=starts))
            by_start = {month.month: month for month in stored}
            VisitCell.objects.bulk_create(
                VisitCell(month=by_start[months[index].start], band=band, gender=gender, visits=visits)
                for index in stale
                for (band, gender), visits in cells.get(index, {}).items()
            )
    except IntegrityError:
        pass


def _fields(signature: tuple) -> dict:
    n, total, versions, ids = signature
    return {"attendances": n, "total": total, "versions": versions, "ids": ids}


def visits_by_month(months: list[Period]) -> dict[int, dict[Cell, int]]:
    """Visits per month index by (band, gender); months without head counts are absent."""
    _check(months)
    current = signatures(months)
    stored_signature, stored_cells = _stored(months)
    stale = [
        index
        for index, month in enumerate(months)
        if current.get(index, EMPTY) != stored_signature.get(month.start, EMPTY)
        or (current.get(index) is not None and month.start not in stored_signature)
    ]
    fresh = _recompute(months, stale) if stale else {}
    if stale:
        _store(months, stale, current, fresh)
    result = {}
    for index, month in enumerate(months):
        cells = fresh.get(index) if index in stale else stored_cells.get(month.start)
        if cells:
            result[index] = dict(cells)
    return result


def _partial(pieces: list[Period]) -> dict[int, dict[Cell, int]]:
    """Visits by (band, gender) of parts of months, from the head counts: one query."""
    condition = Q()
    whens = []
    for index, piece in enumerate(pieces):
        condition |= Q(day__gte=piece.start, day__lte=piece.end)
        whens.append(When(day__gte=piece.start, day__lte=piece.end, then=Value(index)))
    rows = (
        HeadCount.objects.filter(condition, Occurrence.countable_q("occurrence__"))
        .order_by()
        .annotate(bucket=Case(*whens, output_field=IntegerField()))
        .values("bucket", "band", "gender")
        .annotate(visits=Sum("count"))
    )
    result: dict[int, dict[Cell, int]] = defaultdict(dict)
    for row in rows:
        result[row["bucket"]][(row["band"], row["gender"])] = row["visits"] or 0
    return result


def visits_by_cell(periods: list[Period]) -> dict[int, dict[Cell, int]]:
    """Like ``queries.visits_by_cell`` without filters, for any contiguous periods: whole months
    from the roll-up; the parts of months a period starts or ends with (a free range from
    10 March, a single date) from the head counts in one more query."""
    _check(periods)
    months = Period(periods[0].start, periods[-1].end, RANGE).within("month")
    position = {month.start: index for index, month in enumerate(months)}
    owner: dict[int, int] = {}
    partial: list[tuple[int, Period]] = []
    for index, period in enumerate(periods):
        for piece in period.pieces("month"):
            if piece.kind == RANGE:
                partial.append((index, piece))
            else:
                owner[position[piece.start]] = index
    result: dict[int, dict[Cell, int]] = {}

    def add(target_index: int, cells: dict[Cell, int]) -> None:
        target = result.setdefault(target_index, {})
        for cell, visits in cells.items():
            target[cell] = target.get(cell, 0) + visits

    if owner:
        for month_index, cells in visits_by_month(months).items():  # months x bands x genders at most
            if month_index in owner:
                add(owner[month_index], cells)
    if partial:
        for piece_index, cells in _partial([piece for _index, piece in partial]).items():
            add(partial[piece_index][0], cells)
    return result
