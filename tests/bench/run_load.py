"""Load test of the public pages: gunicorn (gunicorn.conf.py) on the large dataset, driven by wrk.

    make bench                      # run_bench.py, then this script
    make bench-load LOAD_ARGS="--duration 10"
    .venv/bin/python tests/bench/run_load.py [--duration 60] [--connections 64] [--threads 2] [--workers N]

It uses the PostgreSQL database in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/klocket_bench) holding the large dataset (100,000 dates). If
another session is still filling it (``make bench`` generating the data), it waits until the
dates are there; if the data is simply missing, it creates it as run_bench.py does. It collects
the static files into var/load-static and starts gunicorn with ``-c gunicorn.conf.py`` and
production settings (DEBUG off, a fresh secret key, Redis cache db 5 under a key prefix of its
own, no access log, log level WARNING) on a free port of 127.0.0.1, waits for /healthz, warms
each page, then runs ``wrk --latency`` against each page in turn: a trivial view of the same app
(/robots.txt: no database, no cache), the home page, the calendar list, one public upcoming
event page and the iCalendar feed with its default window. Only 127.0.0.1 is contacted.

It prints requests/s, p50 and p99 latency, errors (non-2xx/3xx answers and socket errors) and
each page's throughput as a share of the trivial view's. Targets: every public page, served from
the cache, at least 50 % of the trivial view's throughput, and no errors. A page under 50 % is
marked OVER but does not fail the run; any error does (exit status 1), as does a failed start.
gunicorn and wrk share the machine's cores, so the figures are for the whole machine under load;
the "others" column shows how much CPU other processes took meanwhile (a busy machine skews the
figures). GUNICORN_* variables of the environment reach gunicorn.conf.py (e.g.
GUNICORN_MAX_REQUESTS=0 to see the cost of recycling workers), except the bind address and the
access log. Needs wrk (Debian package ``wrk``) and a Redis server on 127.0.0.1:6379.
"""

import argparse
import contextlib
import dataclasses
import os
import re
import runpy
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bench.run_bench import DEFAULT_DATABASE_URL, MINIMUM_OCCURRENCES  # noqa: E402

HOST = "127.0.0.1"
REDIS_URL = "redis://127.0.0.1:6379/5"
STATIC_ROOT = ROOT / "var" / "load-static"
MEDIA_ROOT = ROOT / "var" / "load-media"
MIN_SHARE_OF_TRIVIAL = 0.5
BUSY_NOTE = 0.1  # CPU share used by other processes above which a row is marked as disturbed
DATA_WAIT_SECONDS = 3600
START_TIMEOUT = 60.0
STOP_TIMEOUT = 40.0  # gunicorn.conf.py's graceful_timeout is 30 s


@dataclasses.dataclass
class WrkResult:
    label: str
    path: str
    requests_per_second: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    requests: int = 0
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = dataclasses.field(default_factory=dict)
    error: str = ""
    size: int = 0  # bytes of the answer's body as sent (gzipped when the client accepts it)
    others_cpu: float | None = None  # CPU share other processes used during the run

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())

    @property
    def failed(self) -> bool:
        return bool(self.error) or self.errors > 0 or self.requests_per_second is None


# --- wrk ------------------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(output: str, label: str = "", path: str = "") -> WrkResult:
    """Requests/sec, the 50 % and 99 % latencies, non-2xx/3xx answers and socket errors of wrk's report."""
    result = WrkResult(label=label, path=path)
    if match := re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE):
        result.requests_per_second = float(match.group(1))
    for percent, attribute in [("50", "p50_ms"), ("99", "p99_ms")]:
        if match := re.search(rf"^\s+{percent}(?:\.0+)?%\s+(\S+)", output, re.MULTILINE):
            setattr(result, attribute, _duration_ms(match.group(1)))
    if match := re.search(r"^\s+(\d+) requests in", output, re.MULTILINE):
        result.requests = int(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result.non_2xx_3xx = int(match.group(1))
    if match := re.search(r"Socket errors:\s+(.+)$", output, re.MULTILINE):
        result.socket_errors = {name: int(count) for name, count in re.findall(r"(\w+) (\d+)", match.group(1))}
    if result.requests_per_second is None:
        result.error = "no Requests/sec in wrk's output"
    return result


def run_wrk(
    url: str, *, label: str, path: str, threads: int, connections: int, duration: int, timeout: int, headers: dict
):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={timeout}s",
        "--latency",
        *[argument for name, value in headers.items() for argument in ("-H", f"{name}: {value}")],
        url,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False)  # noqa: S603
    result = parse_wrk(completed.stdout, label, path)
    if completed.returncode != 0:
        result.error = f"wrk exited with {completed.returncode}: {completed.stderr.strip()[:200]}"
    return result, completed.stdout


# --- the database and the data ------------------------------------------------------------------


def configure_environment() -> dict[str, str]:
    """Settings for this process (data checks, collectstatic) and the environment of gunicorn."""
    database_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    common = {
        "DJANGO_SETTINGS_MODULE": "klocket.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_STATIC_ROOT": str(STATIC_ROOT),
        "DJANGO_MEDIA_ROOT": str(MEDIA_ROOT),
        "DJANGO_LOG_LEVEL": "WARNING",
        # Nothing leaves the machine: no error reports from a load test.
        "SENTRY_DSN": "",
    }
    os.environ.update(common)
    os.environ["CACHE_URL"] = "locmem://"  # this process never touches the server's cache
    return common


def _other_sessions(connection) -> tuple[int, int]:
    """(connected, busy) client sessions of other processes on this database (autovacuum aside)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE state <> 'idle') FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return cursor.fetchone()


def _occurrence_count(connection) -> int:
    from django.db import DatabaseError

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM activities_occurrence")
            return cursor.fetchone()[0]
    except DatabaseError:  # not migrated yet
        return 0


def ensure_data(wait_seconds: int) -> None:
    """Wait while another process fills the database; create the data when nobody does."""
    from django.db import connection

    from tests.bench import helpers

    if helpers.ensure_database():
        print(f"  created database {connection.settings_dict['NAME']}")
    waited_since = None
    while True:
        count = _occurrence_count(connection)
        if count >= MINIMUM_OCCURRENCES:
            if waited_since is not None:
                print(f"  data ready after {time.monotonic() - waited_since:.0f} s of waiting")
            print(f"  data: {count:,} dates")
            return
        connected, _busy = _other_sessions(connection)
        if not connected:
            print(f"  data: {count:,} dates and nobody filling the database: generating it (as run_bench.py)")
            helpers.prepare_data(MINIMUM_OCCURRENCES, log=lambda message: print(f"    {message}"))
            waited_since = None
            continue
        if waited_since is None:
            waited_since = time.monotonic()
            print(
                f"  data: {count:,} of {MINIMUM_OCCURRENCES:,} dates; {connected} other session(s) on the "
                "database, presumably generating it: waiting",
                flush=True,
            )
        elif time.monotonic() - waited_since > wait_seconds:
            raise SystemExit(f"gave up after {wait_seconds} s waiting for {MINIMUM_OCCURRENCES:,} dates ({count:,})")
        else:
            print(f"    {count:,} dates ...", flush=True)
        time.sleep(15)


def event_path() -> str | None:
    """One public upcoming date's page, chosen as run_bench.py chooses it."""
    from tests.bench.run_bench import sample_occurrence

    occurrence = sample_occurrence()
    return occurrence.get_absolute_url() if occurrence else None


def pages() -> list[tuple[str, str]]:
    from django.urls import reverse

    result = [
        ("trivial (robots.txt)", reverse("robots-txt")),
        ("home", reverse("home")),
        ("calendar list", reverse("calendar")),
    ]
    event = event_path()
    if event:
        result.append(("event page", event))
    else:
        print("  no public upcoming date: the event page is left out")
    result.append(("iCal feed (default)", reverse("calendar-ics")))
    return result


# --- CPU use (Linux /proc): is anything else running on the machine? ---------------------------


def _machine_ticks() -> tuple[int, int]:
    """(all, idle) CPU time of the machine since boot, in clock ticks."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]  # idle + iowait


def _own_ticks(gunicorn_pid: int | None) -> int:
    """CPU time of the test's own processes: this script with the wrk runs it waited for, the
    gunicorn master and workers (its session; reaped workers count in the master's children's
    time) and the Redis server."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                text = stat.read()
        except OSError:
            continue  # exited meanwhile
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        pid, session = int(entry.name), int(fields[3])
        if pid == os.getpid() or session == gunicorn_pid or name == "redis-server":
            total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total


class CpuMeter:
    """Share of the machine's CPU time that processes other than the test's own used meanwhile."""

    def __init__(self, gunicorn_pid: int | None = None):
        self.gunicorn_pid = gunicorn_pid
        self.start = self._sample()

    def _sample(self):
        try:
            return (*_machine_ticks(), _own_ticks(self.gunicorn_pid))
        except (OSError, ValueError, IndexError):
            return None

    def others_share(self) -> float | None:
        end = self._sample()
        if not self.start or not end:
            return None
        (all_before, idle_before, own_before), (all_after, idle_after, own_after) = self.start, end
        elapsed = all_after - all_before
        if elapsed <= 0:
            return None
        return max(0.0, ((all_after - idle_after) - (all_before - idle_before) - (own_after - own_before)) / elapsed)


def others_cpu(seconds: float, gunicorn_pid: int | None = None) -> float | None:
    meter = CpuMeter(gunicorn_pid)
    time.sleep(seconds)
    return meter.others_share()


def wait_until_quiet(gunicorn_pid: int, limit: float = 15.0) -> None:
    """After wrk stops, gunicorn still answers the connections queued in its backlog: let it finish."""
    deadline = time.monotonic() + limit
    previous = _own_ticks(gunicorn_pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        current = _own_ticks(gunicorn_pid)
        if current - previous <= 2:
            return
        previous = current


# --- gunicorn -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def gunicorn_config(env: dict[str, str]) -> dict:
    """gunicorn.conf.py evaluated with the server's environment (what gunicorn will use)."""
    with mock.patch.dict(os.environ, env):
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def gunicorn_command() -> list[str]:
    import gunicorn

    script = Path(sys.executable).with_name("gunicorn")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "gunicorn"]
    command += ["-c", str(ROOT / "gunicorn.conf.py")]
    if gunicorn.version_info >= (25, 1):
        # No control socket: its default path ($HOME/.gunicorn/gunicorn.ctl) is shared with any
        # other gunicorn of this user, which the test must not take over.
        command.append("--no-control-socket")
    return command


def start_gunicorn(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    # A session of its own: Ctrl-C reaches this script, which then stops gunicorn gracefully.
    with log_path.open("wb") as log:
        return subprocess.Popen(  # noqa: S603
            gunicorn_command(), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # graceful: workers finish their requests
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def fetch(url: str, timeout: float = 30.0, headers: dict | None = None) -> tuple[int, bytes]:
    """Status and body as sent (a gzipped body stays compressed: its size is what travels)."""
    try:
        request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (127.0.0.1 only)
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for_health(process: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} while starting")
        try:
            status, body = fetch(f"{base}/healthz", timeout=5)
            if status == 200:
                return
            last = f"HTTP {status}: {body[:200]!r}"
        except OSError as error:
            last = str(error)
        time.sleep(0.3)
    raise RuntimeError(f"/healthz did not answer 200 within {START_TIMEOUT:.0f} s ({last})")


def redis_problem() -> str:
    """Why the Redis server of the test cannot be used, or "" when it answers."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis does not answer at {REDIS_URL} ({error}); start it (Debian package redis-server)"
    return ""


def clear_cache_prefix(prefix: str) -> int:
    """Delete this run's keys from the Redis database it used."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    deleted = 0
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        deleted += client.delete(key)
    return deleted


# --- the report ---------------------------------------------------------------------------------


def verdict(result: WrkResult, trivial: WrkResult | None) -> str:
    if result.failed:
        return "ERROR"
    ratio = share(result, trivial)
    if ratio is not None and ratio < MIN_SHARE_OF_TRIVIAL:
        return "OVER"
    return "OK"


def share(result: WrkResult, trivial: WrkResult | None) -> float | None:
    if not trivial or not trivial.requests_per_second or result.requests_per_second is None:
        return None
    return result.requests_per_second / trivial.requests_per_second


def print_table(results: list[WrkResult], out=print) -> None:
    trivial = results[0] if results else None
    header = (
        f"{'page':<22} {'path':<20} {'KB':>6} {'requests/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
        f"{'ratio':>7} {'≥':>4} {'':<5} {'others':>6}  note"
    )
    out(header)
    out("-" * len(header))
    for result in results:
        ratio = share(result, trivial)
        notes = []
        if result.non_2xx_3xx:
            notes.append(f"{result.non_2xx_3xx} non-2xx/3xx")
        if sum(result.socket_errors.values()):
            notes.append("socket " + ", ".join(f"{k} {v}" for k, v in result.socket_errors.items() if v))
        if result.error:
            notes.append(result.error)
        if result.others_cpu is not None and result.others_cpu > BUSY_NOTE:
            notes.append("disturbed by other processes")
        rps = f"{result.requests_per_second:.0f}" if result.requests_per_second is not None else "-"
        out(
            f"{result.label:<22} {result.path:<20} {result.size / 1024:>6.1f} {rps:>10} "
            f"{f'{result.p50_ms:.1f}' if result.p50_ms is not None else '-':>8} "
            f"{f'{result.p99_ms:.1f}' if result.p99_ms is not None else '-':>8} "
            f"{result.errors:>6} {f'{ratio:.1%}' if ratio is not None else '-':>7} "
            f"{MIN_SHARE_OF_TRIVIAL:>4.0%} {verdict(result, trivial):<5} "
            f"{f'{result.others_cpu:.0%}' if result.others_cpu is not None else '-':>6}  {'; '.join(notes)}"
        )


# --- main ---------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of wrk per page (default 60)")
    parser.add_argument("--connections", type=int, default=64, help="open connections (default 64)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--timeout", type=int, default=2, help="wrk's per-request timeout in seconds (default 2)")
    parser.add_argument(
        "--accept-encoding",
        default="gzip",
        help="Accept-Encoding header of every request, as browsers and calendar apps send it (default gzip; "
        "'' sends none)",
    )
    args = parser.parse_args(argv)
    if min(args.duration, args.connections, args.threads, args.timeout) < 1 or (args.workers or 1) < 1:
        parser.error("--duration, --connections, --threads, --timeout and --workers must be at least 1")
    if args.connections < args.threads:
        parser.error("wrk needs at least one connection per thread")
    if not shutil.which("wrk"):
        print("wrk is missing: install it (sudo apt-get install wrk), or run make bench-load as root", file=sys.stderr)
        return 1

    if problem := redis_problem():
        print(problem, file=sys.stderr)
        return 1

    started = time.monotonic()
    common = configure_environment()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    print(f"KLOCKET load test: database {settings.DATABASES['default']['NAME']}, gunicorn + wrk on {HOST}")
    ensure_data(DATA_WAIT_SECONDS)
    from django.db import connection

    step = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"  collectstatic into {STATIC_ROOT.relative_to(ROOT)}: {time.monotonic() - step:.1f} s")
    page_list = pages()
    _connected, busy = _other_sessions(connection)
    connection.close()
    if busy:
        print(f"  note: {busy} other session(s) busy on the database: the figures may be disturbed")
    busy_cpu = others_cpu(1.0)
    if busy_cpu is not None and busy_cpu > BUSY_NOTE:
        print(f"  note: other processes use {busy_cpu:.0%} of the CPU before the test: the figures may be disturbed")

    headers = {"Accept-Encoding": args.accept_encoding} if args.accept_encoding else {}
    port = free_port()
    prefix = f"klocket-load-{secrets.token_hex(4)}"
    env = {
        **os.environ,
        **common,
        "CACHE_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_ACCESSLOG": "/dev/null",
    }
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    config = gunicorn_config(env)
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False).stdout  # noqa: S607
    print(
        f"  machine: {os.cpu_count()} cores, shared by gunicorn, wrk and PostgreSQL/Redis; "
        f"{wrk_version.splitlines()[0].split(' Copyright')[0] if wrk_version else 'wrk'}"
    )
    print(
        f"  gunicorn: {config['workers']} {config['worker_class']} workers (max_requests "
        f"{config['max_requests']}±{config['max_requests_jitter']}), bind {HOST}:{port}, access log off, "
        f"cache {REDIS_URL} (prefix {prefix})"
    )
    print(
        f"  wrk: -t{args.threads} -c{args.connections} -d{args.duration}s --timeout {args.timeout}s --latency, "
        + "".join(f"-H '{name}: {value}', " for name, value in headers.items())
        + "one page at a time, after a warm-up"
    )

    MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    log_path = ROOT / "var" / "load-gunicorn.log"
    process = start_gunicorn(env, log_path)
    base = f"http://{HOST}:{port}"
    results: list[WrkResult] = []
    try:
        wait_for_health(process, base)
        print(f"  gunicorn is up (log: {log_path.relative_to(ROOT)})")
        for label, path in page_list:
            sizes = set()
            for _ in range(max(3, 2 * config["workers"])):  # every worker renders or reads it once
                status, body = fetch(base + path, headers=headers)
                sizes.add(len(body))
            if status != 200:
                results.append(WrkResult(label=label, path=path, error=f"warm-up answered HTTP {status}"))
                print(f"  {label}: {path} answered HTTP {status}: not measured")
                continue
            print(f"  measuring {label}: {path} ({max(sizes) / 1024:.1f} KB) for {args.duration} s", flush=True)
            meter = CpuMeter(process.pid)
            result, _output = run_wrk(
                base + path,
                label=label,
                path=path,
                threads=args.threads,
                connections=args.connections,
                duration=args.duration,
                timeout=args.timeout,
                headers=headers,
            )
            result.others_cpu = meter.others_share()
            result.size = max(sizes)
            results.append(result)
            wait_until_quiet(process.pid)
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode} during the run")
    except KeyboardInterrupt:
        print("\ninterrupted: stopping gunicorn")
        stop_gunicorn(process)
        return 130
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print(f"load test failed: {error} (see {log_path.relative_to(ROOT)})", file=sys.stderr)
        return 1
    finally:
        stop_gunicorn(process)
        with contextlib.suppress(Exception):
            clear_cache_prefix(prefix)

    print()
    print_table(results)
    print()
    print(
        f"Targets: every public page (cached for anonymous visitors) at least {MIN_SHARE_OF_TRIVIAL:.0%} of the "
        f"trivial view's requests/s, and no errors (non-2xx/3xx answers, socket errors) over {args.duration} s at "
        f"{args.connections} connections. OVER is reported, not fatal; an error is. Others: CPU share other "
        f"processes took during the run (over {BUSY_NOTE:.0%}: disturbed). "
        f"Whole run: {time.monotonic() - started:.0f} s."
    )
    failed = [result for result in results if result.failed]
    if failed:
        print(f"Errors on {len(failed)} page(s): " + "; ".join(f"{r.path}" for r in failed))
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
