"""Benchmark of the public pages on a large dataset: SQL queries and server time per page.

    make bench
    .venv/bin/python tests/bench/run_bench.py [--runs 30] [--warmups 3]

It uses the PostgreSQL database in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/klocket_bench), creating and migrating it when needed, and
fills it with ``generate_load_data`` (100,000 dates over 5 years) when it holds fewer dates.
Each page is requested in-process through Django's test client with DEBUG off and the
response cache cleared before each request (uncached figures), so the time is the server's
time without the network or a web server in front.

Figures over target are marked OVER but do not fail the run; an HTTP error status does (exit
status 1). URL names that do not exist yet are skipped with a note.
"""

import argparse
import datetime as dt
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/klocket_bench"
MINIMUM_OCCURRENCES = 100_000
MAX_QUERIES = 10
MAX_PAGE_MS = 25.0
MAX_FEED_MS = 150.0
# The read-only API (issue #20): a page of 50 events and one event, uncached.
MAX_MS_BY_LABEL = {"API 50 events": 15.0, "API one event": 10.0}


def configure_environment():
    """Production-like settings: DEBUG off, a fresh secret key, no HTTPS redirect, local memory cache."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "klocket.settings"
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["DJANGO_HTTPS"] = "0"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ["CACHE_URL"] = "locmem://"  # the cache is cleared before each request: never a shared one
    os.environ.setdefault("DJANGO_STATIC_ROOT", str(ROOT / "var" / "bench-static"))
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def sample_occurrence():
    """A public, upcoming, not cancelled date, preferably of a series (its page lists other dates)."""
    from activities.models import Activity, Occurrence

    upcoming = (
        Occurrence.objects.filter(activity__in=Activity.objects.public(), cancelled=False)
        .upcoming()
        .order_by("start", "pk")
    )
    return upcoming.filter(recurrence__isnull=False).first() or upcoming.first()


def pages() -> list[tuple[str, str, dict, str, bool]]:
    """(label, URL name, kwargs, query string, first write) of each page to measure.

    The feed is measured twice: uncached like every page (every cache emptied; the dates'
    stored VEVENTs reused, as after any edit or restart), and its first write (no stored
    entries: every date written by icalendar, once per date; reported, no target).
    """
    from django.utils import timezone

    today = timezone.localdate()
    year, week, _weekday = today.isocalendar()
    occurrence = sample_occurrence()
    return [
        ("home", "home", {}, "", False),
        ("calendar list", "calendar", {}, "", False),
        ("month view", "calendar-month", {"year": today.year, "month": today.month}, "", False),
        ("week view", "calendar-week", {"year": year, "week": week}, "", False),
        ("event page", "occurrence-detail", {"pk": occurrence.pk if occurrence else 0}, "", False),
        ("API 50 events", "api-v1:list_events", {}, "limit=50", False),
        ("API one event", "api-v1:get_event", {"event_id": occurrence.pk if occurrence else 0}, "", False),
        ("iCal feed, 90 days", "calendar-ics", {}, "dagar=90", False),
        ("iCal 90d first write", "calendar-ics", {}, "dagar=90", True),
    ]


def verdict(value, limit) -> str:
    if value is None:
        return ""
    return "OK" if value <= limit else "OVER"


def print_table(results, skipped, out=print):
    header = (
        f"{'page':<20} {'path':<28} {'status':>6} {'queries':>7} {'≤':>3} {'':<4} "
        f"{'median ms':>9} {'p90 ms':>7} {'≤ ms':>5} {'':<4} {'SQL ms':>6} {'cached ms':>9} {'KB':>7}  note"
    )
    out(header)
    out("-" * len(header))
    for result in results:
        is_feed = result.label.startswith("iCal")
        first_write = "first write" in result.label
        time_limit = MAX_MS_BY_LABEL.get(result.label, MAX_FEED_MS if is_feed else MAX_PAGE_MS)
        median, p90 = result.median_ms, result.p90_ms
        out(
            f"{result.label:<20} {result.path:<28} {result.status or '-':>6} "
            f"{result.queries if result.queries is not None else '-':>7} {MAX_QUERIES:>3} "
            f"{verdict(result.queries, MAX_QUERIES):<4} "
            f"{f'{median:.1f}' if median is not None else '-':>9} {f'{p90:.1f}' if p90 is not None else '-':>7} "
            f"{'-' if first_write else f'{time_limit:.0f}':>5} {'' if first_write else verdict(median, time_limit):<4} "
            f"{f'{result.sql_ms:.1f}' if result.sql_ms is not None else '-':>6} "
            f"{f'{result.cached_median_ms:.2f}' if result.cached_median_ms is not None else '-':>9} "
            f"{result.size / 1024:>7.1f}  "
            f"{result.error or result.note}"
        )
    for label, name, reason in skipped:
        out(f"{label:<20} skipped: URL name '{name}' {reason}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warmups", type=int, default=3, help="untimed requests first (default 3)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmups < 0:
        parser.error("--runs must be at least 1 and --warmups at least 0")

    started = time.monotonic()
    configure_environment()
    import django

    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from activities.models import Activity, Occurrence
    from tests.bench import helpers

    database = settings.DATABASES["default"]
    print(f"KLOCKET benchmark: database {database['NAME']} ({connection.vendor}), DEBUG={settings.DEBUG}")
    if helpers.ensure_database():
        print(f"created database {database['NAME']}")
    helpers.prepare_data(MINIMUM_OCCURRENCES, log=lambda message: print(f"  {message}"))

    now = timezone.now()
    coming = Occurrence.objects.filter(start__gte=now, start__lt=now + dt.timedelta(days=30))
    print(
        f"  {Occurrence.objects.count():,} dates, {coming.count():,} in the next 30 days "
        f"({coming.filter(activity__in=Activity.objects.public()).count():,} public); "
        f"{args.runs} timed runs per page after {args.warmups} warm-ups, response cache cleared each time"
    )
    print()

    results, skipped = [], []
    for label, name, kwargs, query, first_write in pages():
        try:
            path = reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            reason = "does not exist yet" if not _name_exists(name) else f"does not take {kwargs}"
            skipped.append((label, name, reason))
            print(f"  skipping {label}: URL name '{name}' {reason}")
            continue
        if query:
            path = f"{path}?{query}"
        print(f"  measuring {label}: {path}", flush=True)
        results.append(helpers.measure(label, path, runs=args.runs, warmups=args.warmups, first_write=first_write))
    print()
    print_table(results, skipped)
    print()
    print(
        f"Targets: every public page ≤ {MAX_QUERIES} queries and a median ≤ {MAX_PAGE_MS:.0f} ms uncached; "
        f"the 90-day feed ≤ {MAX_FEED_MS:.0f} ms; the API's 50 events ≤ {MAX_MS_BY_LABEL['API 50 events']:.0f} ms "
        f"and one event ≤ {MAX_MS_BY_LABEL['API one event']:.0f} ms. OVER is reported, not fatal. SQL ms: database time "
        "of the request that counted the queries. Uncached: every cache emptied before each request. "
        "The feed reuses each date's stored VEVENT while its fingerprint matches; its first write "
        "(no stored entries, every date written by icalendar, once per date) has no target. "
        f"Whole run: {time.monotonic() - started:.0f} s."
    )
    _bench_attendance()
    from goals.bench import measure_dashboard

    print()
    print("Goals dashboard (steering group, logged in)")
    dashboard = measure_dashboard(runs=min(args.runs, 15), warmups=args.warmups)
    print(f"  {dashboard.line()}")
    errors = [result for result in results if result.http_error]
    if errors:
        print(f"HTTP errors on {len(errors)} page(s): " + "; ".join(f"{r.path}: {r.error}" for r in errors))
        return 1
    return 0


def _bench_attendance(runs: int = 10) -> None:
    """Saving one tally, and a year's head-count export for the busiest organisation."""
    import statistics

    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from activities import attendance_exports as exports
    from activities import attendance_selectors, attendance_services
    from activities.models import HeadCount, Occurrence, OccurrenceAttendance, Organisation

    print()
    print(f"Attendance ({HeadCount.objects.count():,} head-count rows)")
    now = timezone.now()
    occurrence = (
        Occurrence.objects.filter(start__lt=now - dt.timedelta(days=1), cancelled=False)
        .exclude(activity__form="studiecirkel")
        .order_by("-start")
        .first()
    )
    times, queries = [], 0
    for number in range(runs):
        version = OccurrenceAttendance.objects.filter(occurrence=occurrence).values_list("version", flat=True).first()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            attendance_services.save_tally(
                occurrence_id=occurrence.pk,
                user=None,
                counts={"7-12:f": 3 + number % 2, "13-15:m": 4},
                expected_version=version or 0,
                now=now,
            )
        times.append(time.perf_counter() - started)
        queries = len(captured)
    print(f"  save a tally: median {statistics.median(times) * 1000:.1f} ms, {queries} queries (target ≤ 10)")
    organisation = Organisation.objects.annotate(n=Count("activities__occurrences")).order_by("-n").first()
    today = timezone.localdate()
    first = today.replace(year=today.year - 1)
    for label, writer in [("CSV", exports.to_csv), ("XLSX", exports.to_xlsx)]:
        started = time.perf_counter()
        rows = attendance_selectors.head_count_export(start=first, end=today, organisations=[organisation], now=now)
        sheet = exports.head_count_sheet(rows, first=first, last=today, organisation_name=organisation.name)
        size = len(writer(sheet))
        print(
            f"  a year's head counts for {organisation.name} as {label}: "
            f"{(time.perf_counter() - started) * 1000:.0f} ms, {size / 1024:.0f} KB"
        )


def _name_exists(name: str) -> bool:
    from django.urls import get_resolver

    return name in get_resolver().reverse_dict


if __name__ == "__main__":
    sys.exit(main())
