"""Sign-up under load: wrk posts the sign-up form at 64 connections to gunicorn on PostgreSQL.

    make bench                      # run_bench.py, run_load.py, then this script
    .venv/bin/python tests/bench/run_signup.py [--duration 10] [--connections 64] [--capacity 20]

It uses its own PostgreSQL database (BENCH_SIGNUP_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/klocket_bench_signup; created and migrated when missing),
creates a workshop date with ``--capacity`` places, starts gunicorn (gunicorn.conf.py, production
settings, local-memory cache, rate limits lifted for the test) on a free port of 127.0.0.1,
fetches the form once for its CSRF token, and lets wrk post it with a new mobile number each
time (a Lua script). It prints requests/s, p50/p99, errors (answers other than the redirect to
the personal link, socket errors), and checks the database: exactly ``capacity`` booked, every
other sign-up waiting in arrival order, no number twice, one confirmation queued per booking.
Any error or a wrong count fails the run (exit status 1). Only 127.0.0.1 is contacted.
"""

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bench.run_load import (  # noqa: E402
    HOST,
    STATIC_ROOT,
    free_port,
    parse_wrk,
    start_gunicorn,
    stop_gunicorn,
    wait_for_health,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/klocket_bench_signup"

LUA = r"""
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  thread_id = id
end
function request()
  counter = counter + 1
  local phone = string.format("+4670%d%06d", thread_id, counter)
  local body = "csrfmiddlewaretoken=@TOKEN@&name=Bench&phone=" .. phone .. "&email=&places=1&language=sv"
  return wrk.format("POST", "@PATH@", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=@COOKIE@",
    ["Origin"] = "@ORIGIN@",
  }, body)
end
non_redirects = 0
function response(status, headers, body)
  if status ~= 302 then non_redirects = non_redirects + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("non_redirects") end
  io.write(string.format("not-redirected: %d\n", total))
end
"""


def environment(database_url: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "klocket.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_STATIC_ROOT": str(STATIC_ROOT),
        "CACHE_URL": "locmem://",
        "KLOCKET_BOOKING_RATE": "1000000/h",
        "KLOCKET_BOOKING_CONTACT_RATE": "1000000/h",
        "SENTRY_DSN": "",
    }
    os.environ.update(env)
    return env


def prepare(capacity: int):
    import django

    django.setup()
    from django.core.management import call_command

    from activities.models import Activity, ActivityForm, Area, Organisation, Venue
    from bookings.models import Registration
    from tests.bench import helpers
    from tests.test_attendance_helpers import local, make_occurrence

    helpers.ensure_database()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    area, _ = Area.objects.get_or_create(slug="bench", defaults={"name": "Bench", "municipality": "Norrköping"})
    venue, _ = Venue.objects.get_or_create(slug="bench-venue", defaults={"name": "Bench venue", "area": area})
    organisation, _ = Organisation.objects.get_or_create(slug="bench-org", defaults={"name": "Bench"})
    activity = Activity.objects.create(
        title="Bench workshop",
        organiser=organisation,
        venue=venue,
        form=ActivityForm.WORKSHOP,
        status=Activity.Status.PUBLISHED,
    )
    import datetime as dt

    from django.utils import timezone

    occurrence = make_occurrence(activity, local(timezone.localdate() + dt.timedelta(days=7), 17))
    Registration.objects.create(activity=activity, enabled=True, capacity=capacity, max_per_person=1)
    return occurrence


def check(occurrence, capacity: int) -> list[str]:
    from bookings.models import Booking, Message

    bookings = list(Booking.objects.filter(occurrence=occurrence).order_by("created", "pk"))
    statuses = [b.status for b in bookings]
    problems = []
    booked = statuses.count("booked")
    if booked != min(capacity, len(bookings)):
        problems.append(f"{booked} booked for {capacity} places")
    if statuses != ["booked"] * booked + ["waiting"] * (len(bookings) - booked):
        problems.append("the waiting list is not in arrival order")
    if len({b.phone for b in bookings}) != len(bookings):
        problems.append("a number was booked twice")
    if Message.objects.filter(booking__in=bookings).count() != len(bookings):
        problems.append("not one confirmation per sign-up")
    return problems, len(bookings), booked


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--capacity", type=int, default=20)
    args = parser.parse_args(argv)
    env = {**os.environ, **environment(os.environ.get("BENCH_SIGNUP_DATABASE_URL") or DEFAULT_DATABASE_URL)}
    occurrence = prepare(args.capacity)
    port = free_port()
    env["GUNICORN_BIND"] = f"{HOST}:{port}"
    env["GUNICORN_ACCESSLOG"] = ""
    base = f"http://{HOST}:{port}"
    log_path = Path(tempfile.gettempdir()) / f"klocket-signup-bench-{port}.log"
    process = start_gunicorn(env, log_path)
    try:
        wait_for_health(process, base)
        path = f"/evenemang/{occurrence.pk}/anmalan/"
        import urllib.request

        with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 (127.0.0.1 only)
            page = response.read().decode()
            cookie = re.search(r"csrftoken=([^;]+)", response.headers.get("Set-Cookie", "")).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            values = {"@TOKEN@": token, "@PATH@": path, "@COOKIE@": cookie, "@ORIGIN@": base}
            lua = LUA
            for placeholder, value in values.items():
                lua = lua.replace(placeholder, value)
            script.write(lua)
        command = [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout=30s",
            "--latency",
            "-s",
            script.name,
            base + path,
        ]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 60, check=False)  # noqa: S603
        os.unlink(script.name)
    finally:
        stop_gunicorn(process)
    result = parse_wrk(completed.stdout, "sign-up POST", path)
    not_redirected = (
        int(re.search(r"not-redirected: (\d+)", completed.stdout).group(1))
        if "not-redirected" in completed.stdout
        else -1
    )
    problems, total, booked = check(occurrence, args.capacity)
    print(f"sign-up form at {args.connections} connections for {args.duration} s:")
    print(
        f"  {result.requests_per_second:.0f} requests/s, p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms; "
        f"{total} sign-ups: {booked} booked, {total - booked} waiting; "
        f"errors: {result.non_2xx_3xx} non-2xx/3xx, {sum(result.socket_errors.values())} socket, "
        f"{not_redirected} not redirected"
    )
    if result.error:
        problems.append(result.error)
    if result.errors:
        problems.append(f"{result.errors} errors")
    if not_redirected:
        problems.append(f"{not_redirected} answers were not the redirect to the personal link")
    for problem in problems:
        print(f"  FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
