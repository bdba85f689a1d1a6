"""What the benchmark needs besides its page list: the database, the data and the measuring.

Import this module only after ``django.setup()``.
"""

import statistics
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# Pages answering slower than this in the warm-ups get fewer timed runs, so a slow page under
# construction cannot push the whole benchmark past a few minutes.
SLOW_SECONDS = 1.0
TIME_BUDGET_PER_PAGE = 40.0


def ensure_database() -> bool:
    """Create the PostgreSQL database named in the settings if it is missing. True when created."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        return False
    import psycopg
    from psycopg import sql

    params = {
        "dbname": "postgres",
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as maintenance:
        exists = maintenance.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    return not exists


def prepare_data(minimum_occurrences: int, log) -> None:
    """Migrate, collect static files, and generate the large dataset when it is not there yet."""
    from activities.models import Occurrence

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"migrate: {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    log(f"collectstatic: {time.monotonic() - started:.1f} s")
    count = Occurrence.objects.count()
    if count >= minimum_occurrences:
        log(f"data: {count:,} dates already in the database")
        return
    log(f"data: {count:,} dates, fewer than {minimum_occurrences:,}: generating the large dataset")
    started = time.monotonic()
    call_command("generate_load_data", clear=True)
    log(f"generate_load_data: {time.monotonic() - started:.1f} s")


@dataclass
class Measurement:
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
    def cached_median_ms(self) -> float | None:
        return statistics.median(self.cached_times) * 1000 if self.cached_times else None

    @property
    def p90_ms(self) -> float | None:
        if len(self.times) < 2:
            return self.median_ms
        return statistics.quantiles(self.times, n=10)[-1] * 1000

    @property
    def http_error(self) -> bool:
        return self.status is None or self.status >= 400


def _clear_caches():
    for cache in caches.all():
        cache.clear()


def _forget(feed_entries: bool) -> None:
    """Empty every cache and, with ``feed_entries``, the calendar feed's stored VEVENTs."""
    if feed_entries:
        from activities.models import FeedEntry

        FeedEntry.objects.all().delete()
    _clear_caches()


def _get(client: Client, path: str, *, cached: bool = False, first_write: bool = False):
    """One request; returns the response, its body and the seconds it took.

    Uncached by default: every cache emptied first. ``first_write``: the calendar feed's stored
    entries (FeedEntry) are deleted too, so every date is written by icalendar, as the first
    time a date enters a feed. ``cached``: nothing is cleared.
    """
    if not cached:
        _forget(first_write)
    started = time.perf_counter()
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body, time.perf_counter() - started


def _describe_error(response) -> str:
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        return f"{exc_info[0].__name__}: {str(exc_info[1]).splitlines()[0][:160] if str(exc_info[1]) else ''}"
    return f"HTTP {response.status_code}"


def measure(label: str, path: str, *, runs: int, warmups: int, first_write: bool = False) -> Measurement:
    """Query count of one request, then the median time of ``runs`` requests after ``warmups``.

    With ``first_write`` every request starts without stored feed entries (see ``_get``); the
    query count is then that of such a request too.
    """
    result = Measurement(label=label, path=path)
    client = Client(raise_request_exception=False)
    warmup_times = []
    for _ in range(max(1, warmups)):
        response, body, seconds = _get(client, path, first_write=first_write)
        result.status, result.size = response.status_code, len(body)
        if result.http_error:
            result.error = _describe_error(response)
            return result
        warmup_times.append(seconds)
    if 300 <= result.status < 400:
        result.note = f"redirects to {response.get('Location')}"
    _forget(first_write)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    result.queries = len(captured)
    result.sql_ms = sum(float(query["time"]) for query in captured.captured_queries) * 1000
    typical = statistics.median(warmup_times)
    if typical > SLOW_SECONDS:
        reduced = max(3, min(runs, int(TIME_BUDGET_PER_PAGE / typical)))
        if reduced < runs:
            result.note = f"slow: {reduced} runs instead of {runs}"
            runs = reduced
    for _ in range(runs):
        response, body, seconds = _get(client, path, first_write=first_write)
        if response.status_code != result.status:
            result.status = response.status_code
            result.error = _describe_error(response)
            return result
        result.times.append(seconds)
    # The same page from the response cache (anonymous visitors), filled by one request.
    _get(client, path)
    for _ in range(runs):
        _response, _body, seconds = _get(client, path, cached=True)
        result.cached_times.append(seconds)
    return result
