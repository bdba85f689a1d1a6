"""Benchmark hook for ``make bench``: the steering group's dashboard, uncached and cached.

    from goals.bench import measure_dashboard
    result = measure_dashboard(runs=30, warmups=3)   # after django.setup(), on the bench database
    print(result.line())

It logs in a steering-group user of its own (``bench-styrgrupp``, no usable password) through the
test client, then times ``runs`` requests of the dashboard for the last complete quarter with
the goals' cache invalidated before each (uncached: every figure computed, the visits roll-up
as it stands), and ``runs`` requests answered from the cache. It also counts the SQL queries
of one uncached request. The result has the attributes of ``tests.bench.helpers.Measurement``
(label, path, status, queries, sql_ms, median_ms, p90_ms, cached_median_ms, size, error,
note), so ``run_bench.print_table`` can print it beside the public pages.
"""

import statistics
import time
from dataclasses import dataclass, field

MAX_UNCACHED_MS = 200.0
MAX_CACHED_MS = 20.0
BENCH_USERNAME = "bench-styrgrupp"


@dataclass
class DashboardTiming:
    label: str
    path: str
    status: int | None = None
    queries: int | None = None
    sql_ms: float | None = None
    times: list[float] = field(default_factory=list)
    cached_times: list[float] = field(default_factory=list)
    size: int = 0
    error: str = ""
    note: str = ""

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.times) * 1000 if self.times else None

    @property
    def p90_ms(self) -> float | None:
        if len(self.times) < 2:
            return self.median_ms
        return statistics.quantiles(self.times, n=10)[-1] * 1000

    @property
    def cached_median_ms(self) -> float | None:
        return statistics.median(self.cached_times) * 1000 if self.cached_times else None

    @property
    def http_error(self) -> bool:
        return self.status is None or self.status >= 400

    def line(self) -> str:
        if self.error:
            return f"{self.label}: {self.path} -> {self.error}"

        def verdict(value, limit):
            return "OK" if value is not None and value <= limit else "OVER"

        return (
            f"{self.label}: {self.path} {self.queries} queries, uncached median {self.median_ms:.1f} ms "
            f"(p90 {self.p90_ms:.1f}, SQL {self.sql_ms:.1f}) ≤ {MAX_UNCACHED_MS:.0f} "
            f"{verdict(self.median_ms, MAX_UNCACHED_MS)}; "
            f"cached median {self.cached_median_ms:.2f} ms ≤ {MAX_CACHED_MS:.0f} "
            f"{verdict(self.cached_median_ms, MAX_CACHED_MS)}; {self.size / 1024:.1f} KB"
        )


def bench_user():
    """A steering-group login for the benchmark (created once, without a usable password)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from klocket.roles import STEERING_GROUP

    user, created = get_user_model().objects.get_or_create(username=BENCH_USERNAME)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=STEERING_GROUP))
    return user


def measure_dashboard(*, runs: int = 30, warmups: int = 3, query: str = "", label: str = "goals dashboard"):
    """Time the dashboard (``query``: e.g. "kvartal=2025-Q3&hus=kunskapens-hus")."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from goals import cache as goals_cache

    path = reverse("goals-dashboard") + (f"?{query}" if query else "")
    result = DashboardTiming(label=label, path=path)
    client = Client(raise_request_exception=False)
    client.force_login(bench_user())

    def get(*, cached: bool):
        if not cached:
            goals_cache.invalidate()
        started = time.perf_counter()
        response = client.get(path)
        return response, time.perf_counter() - started

    for _ in range(max(1, warmups)):
        response, _seconds = get(cached=False)
        result.status, result.size = response.status_code, len(response.content)
        if result.http_error:
            result.error = f"HTTP {response.status_code}"
            return result
    goals_cache.invalidate()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    result.queries = len(captured)
    result.sql_ms = sum(float(query["time"]) for query in captured.captured_queries) * 1000
    for _ in range(runs):
        _response, seconds = get(cached=False)
        result.times.append(seconds)
    get(cached=True)
    for _ in range(runs):
        _response, seconds = get(cached=True)
        result.cached_times.append(seconds)
    return result
