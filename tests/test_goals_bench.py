"""The benchmark hook runs and reports what ``make bench`` prints."""

import pytest

from goals.bench import measure_dashboard

pytestmark = pytest.mark.django_db


def test_measure_dashboard():
    result = measure_dashboard(runs=2, warmups=1)
    assert result.status == 200 and not result.error
    assert result.queries and result.queries < 30
    assert len(result.times) == 2 and len(result.cached_times) == 2
    assert result.cached_median_ms < result.median_ms
    assert "goals dashboard" in result.line() and "queries" in result.line()
