"""The visits roll-up is exact: it matches the head counts after every kind of change, and two
requests storing the same months at once leave it consistent (PostgreSQL: real concurrent
transactions; every database: a store that loses the race changes nothing)."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection

from activities.models import HeadCount, OccurrenceAttendance
from goals import queries, rollup
from goals.models import VisitCell, VisitMonth
from goals.periods import Period
from tests.goals_support import count, make_activity, make_occurrence

Q3 = Period.parse("2025-Q3")


def _data(organisation, venue):
    activity = make_activity(organisation, venue)
    for day, cells in [
        (dt.date(2025, 7, 3), {("0-6", "f"): 3, ("7-12", "m"): 2}),
        (dt.date(2025, 8, 3), {("0-6", "f"): 1}),
        (dt.date(2025, 9, 30), {("65+", "x"): 4}),
    ]:
        count(make_occurrence(activity, day), cells)
    return activity


@pytest.mark.django_db
def test_roll_up_matches_the_head_counts(organisation_a, venue):
    activity = _data(organisation_a, venue)
    periods = Q3.series(2)
    assert rollup.visits_by_cell(periods) == queries.visits_by_cell(periods)
    assert VisitMonth.objects.count() == 3  # the three months with counts were stored
    # A new date in August: only August is recomputed.
    before = {m.month: m.computed_at for m in VisitMonth.objects.all()}
    count(make_occurrence(activity, dt.date(2025, 8, 20)), {("0-6", "m"): 5})
    assert rollup.visits_by_cell(periods) == queries.visits_by_cell(periods)
    after = {m.month: m.computed_at for m in VisitMonth.objects.all()}
    assert after[dt.date(2025, 7, 1)] == before[dt.date(2025, 7, 1)]
    assert after[dt.date(2025, 8, 1)] != before[dt.date(2025, 8, 1)]
    # Deleted without signals: September empties.
    september = OccurrenceAttendance.objects.get(day=dt.date(2025, 9, 30))
    HeadCount.objects.filter(occurrence_id=september.pk).delete()
    september.delete()
    result = rollup.visits_by_cell([Period.month(2025, 9)])
    assert result == {} == queries.visits_by_cell([Period.month(2025, 9)])


@pytest.mark.django_db
def test_a_store_that_loses_the_race_changes_nothing(organisation_a, venue, monkeypatch):
    _data(organisation_a, venue)
    months = Q3.within("month")

    def conflict(*args, **kwargs):
        raise IntegrityError("another request stored these months first")

    monkeypatch.setattr(VisitCell.objects, "bulk_create", conflict)
    # The figures are still right, and nothing half-stored is left behind.
    assert rollup.visits_by_month(months) == {
        0: {("0-6", "f"): 3, ("7-12", "m"): 2},
        1: {("0-6", "f"): 1},
        2: {("65+", "x"): 4},
    }
    assert not VisitMonth.objects.exists() and not VisitCell.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_requests_store_the_same_months_at_once(organisation_a, venue):
    _data(organisation_a, venue)
    periods = [Q3]
    expected = queries.visits_by_cell(periods)
    results, errors = [], []
    start = threading.Barrier(2)

    def request():
        try:
            start.wait(timeout=10)
            results.append(rollup.visits_by_cell(periods))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=request) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    else:  # one SQLite test database cannot be shared between threads: the same two stores in turn
        start = threading.Barrier(1)
        request()
        request()
    assert not errors
    assert results == [expected, expected]
    stored = rollup.visits_by_cell(periods)
    assert stored == expected
    assert VisitMonth.objects.count() == 3
    assert VisitCell.objects.count() == 4


@pytest.mark.django_db
def test_free_ranges_read_whole_months_from_the_roll_up_and_only_the_cut_months_raw(organisation_a, venue):
    from django.test.utils import CaptureQueriesContext

    _data(organisation_a, venue)
    count(make_occurrence(make_activity(organisation_a, venue), dt.date(2025, 7, 2)), {("0-6", "m"): 7})
    span = Period.between(dt.date(2025, 7, 3), dt.date(2025, 9, 29))  # leaves out 2 July and 30 September
    periods = span.series(3)
    assert rollup.visits_by_cell(periods) == queries.visits_by_cell(periods)
    assert rollup.visits_by_cell([span]) == {0: {("0-6", "f"): 4, ("7-12", "m"): 2}}
    with CaptureQueriesContext(connection) as captured:
        assert rollup.visits_by_cell([span]) == {0: {("0-6", "f"): 4, ("7-12", "m"): 2}}
    raw = [query["sql"] for query in captured.captured_queries if "activities_headcount" in query["sql"]]
    assert len(raw) == 1  # July 3-31 and September 1-29; August whole from the roll-up
    assert "2025-08-01" not in raw[0] and "2025-07-03" in raw[0] and "2025-09-29" in raw[0]
    assert len(captured) == 3  # the months' signatures, the stored months, the cut months' head counts
