"""The deployment files in deploy/ and docs/deploy.md stay correct and in step with the code."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
SYSTEMD = ROOT / "deploy" / "systemd"
DOC = ROOT / "docs" / "deploy.md"
ENV_EXAMPLE = ROOT / ".env.example"
SECTIONS = {
    ".service": {"Unit", "Service", "Install"},
    ".timer": {"Unit", "Timer", "Install"},
}
REQUIRED = {
    ".service": {
        "Unit": {"Description"},
        "Service": {"Type", "User", "Group", "WorkingDirectory", "EnvironmentFile", "ExecStart"},
    },
    ".timer": {"Unit": {"Description"}, "Timer": {"OnCalendar", "Persistent"}, "Install": {"WantedBy"}},
}
HARDENING = {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes", "ProtectHome": "yes"}


def parse_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """systemd's unit syntax: [Section] headers, Key=value lines (keys may repeat), # and ; comments."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if match := re.fullmatch(r"\[([A-Za-z]+)\]", line):
            current = sections.setdefault(match[1], {})
            continue
        match = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)=(.*)", line)
        assert match and current is not None, f"{path.name}:{number}: not a Key=value line in a section: {raw!r}"
        assert not line.endswith("\\"), f"{path.name}:{number}: no line continuations, please"
        current.setdefault(match[1], []).append(match[2])
    return sections


def unit_files() -> list[Path]:
    return sorted(path for path in SYSTEMD.iterdir() if path.suffix in SECTIONS)


def one(unit, section, key) -> str:
    (value,) = unit[section][key]
    return value


def env_example_variables() -> list[str]:
    names = re.findall(r"^\s*#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), flags=re.MULTILINE)
    return sorted(set(names))


@pytest.mark.parametrize("path", unit_files(), ids=lambda path: path.name)
def test_units_parse_and_have_the_required_keys(path):
    unit = parse_unit(path)
    assert set(unit) <= SECTIONS[path.suffix], f"unknown sections in {path.name}"
    for section, keys in REQUIRED[path.suffix].items():
        assert section in unit, f"{path.name} has no [{section}]"
        missing = keys - set(unit[section])
        assert not missing, f"{path.name} [{section}] lacks {sorted(missing)}"
    if path.suffix == ".service":
        service = unit["Service"]
        assert one(unit, "Service", "User") == "klocket"
        assert one(unit, "Service", "EnvironmentFile") == "/etc/klocket/klocket.env"
        for command in service["ExecStart"]:
            assert command.split()[0].startswith("/"), f"{path.name}: ExecStart needs an absolute path"
        for key, value in HARDENING.items():
            assert one(unit, "Service", key) == value, f"{path.name}: {key}={value} expected"
        assert service.get("ReadWritePaths"), f"{path.name}: ProtectSystem=strict needs ReadWritePaths"


def test_the_portal_service_runs_gunicorn_with_its_config_and_may_write_media_and_var():
    unit = parse_unit(SYSTEMD / "klocket.service")
    assert one(unit, "Service", "ExecStart").endswith("/.venv/bin/gunicorn -c gunicorn.conf.py")
    assert one(unit, "Service", "Type") == "notify"  # gunicorn tells systemd when it is ready
    writable = one(unit, "Service", "ReadWritePaths").split()
    media_root = re.search(r"^DJANGO_MEDIA_ROOT=(.+)$", ENV_EXAMPLE.read_text(), flags=re.MULTILINE)[1]
    assert media_root in writable and "/srv/klocket/var" in writable
    assert one(unit, "Install", "WantedBy") == "multi-user.target"


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("klocket-purge", "purge_participants"),
        ("klocket-backup", "backup"),
        ("klocket-booking-messages", "send_booking_messages"),
    ],
)
def test_each_timer_starts_its_service_which_runs_an_existing_command(name, command):
    timer = parse_unit(SYSTEMD / f"{name}.timer")
    service = parse_unit(SYSTEMD / f"{name}.service")
    assert one(timer, "Timer", "Unit") == f"{name}.service"
    assert one(timer, "Install", "WantedBy") == "timers.target"
    assert one(timer, "Timer", "Persistent") == "true"
    assert one(service, "Service", "Type") == "oneshot"
    exec_start = one(service, "Service", "ExecStart").split()
    assert exec_start[1:3] == ["manage.py", command]
    assert command in get_commands(), f"manage.py {command} does not exist"


def test_the_backup_service_may_write_its_output_folder():
    service = parse_unit(SYSTEMD / "klocket-backup.service")
    exec_start = one(service, "Service", "ExecStart").split()
    output = exec_start[exec_start.index("--output-dir") + 1]
    assert output in one(service, "Service", "ReadWritePaths").split()
    assert one(service, "Service", "UMask") == "0077"  # backups hold personal data


def test_every_variable_of_env_example_is_documented():
    doc = DOC.read_text()
    names = env_example_variables()
    assert len(names) > 20  # the parser found them
    missing = [name for name in names if f"| `{name}` |" not in doc]
    assert not missing, f"add these to the environment variables table in docs/deploy.md: {missing}"


def test_nginx_site_has_the_promised_parts():
    site = (ROOT / "deploy" / "nginx" / "klocket.conf").read_text()
    assert site.count("{") == site.count("}")
    for needle in (
        "client_max_body_size 12m;",
        "proxy_set_header X-Request-ID",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "limit_req_zone",
        "location ^~ /konto/logga-in/",
        "add_header X-Content-Type-Options nosniff always;",
        "ssl_protocols TLSv1.2 TLSv1.3;",
        "immutable",
    ):
        assert needle in site, needle


def test_nginx_serves_only_logos_from_disk_and_no_activity_images():
    """Draft and non-public activities' images go through the portal's view, never nginx."""
    site = (ROOT / "deploy" / "nginx" / "klocket.conf").read_text()
    media_locations = re.findall(r"location\s+(?:\S+\s+)?(/media/\S*|\S*\^/media/\S*)\s*\{", site)
    assert sorted(media_locations) == ["/media/", "/media/logos/"], media_locations
    catch_all = site[site.index("location /media/ {") :]
    assert catch_all.split("}", 1)[0].split("{", 1)[1].strip() == "return 404;"
    assert "activities" not in "".join(line for line in site.splitlines() if "location" in line)


def test_klocket_manage_reads_the_environment_file_as_systemd_does(tmp_path):
    env_file = tmp_path / "klocket.env"
    env_file.write_text(
        "# a comment\n"
        "; another comment\n"
        "\n"
        "DJANGO_DEBUG=1\n"
        f"DATABASE_URL=sqlite:///{tmp_path / 'db.sqlite3'}\n"
        "DJANGO_DEFAULT_FROM_EMAIL=KLOCKET <noreply@example.org>\n"
        'KLOCKET_DEFAULT_AREA="Klockaretorpet $(touch /tmp/never) `x`"\n'
    )
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    environ["KLOCKET_ENV_FILE"] = str(env_file)
    result = subprocess.run(
        [
            str(ROOT / "deploy" / "klocket-manage"),
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL); print(settings.KLOCKET_DEFAULT_AREA)",
        ],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "KLOCKET <noreply@example.org>",
        "Klockaretorpet $(touch /tmp/never) `x`",
    ]


def test_klocket_manage_names_a_missing_environment_file(tmp_path):
    result = subprocess.run(
        [str(ROOT / "deploy" / "klocket-manage"), "check"],
        env={**os.environ, "KLOCKET_ENV_FILE": str(tmp_path / "missing.env")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "cannot read" in result.stderr


def shipped_gunicorn_config(monkeypatch, **environ) -> dict:
    """gunicorn.conf.py as gunicorn reads it, with only the given GUNICORN_* variables set."""
    import runpy

    for name in list(os.environ):
        if name.startswith("GUNICORN_"):
            monkeypatch.delenv(name)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_listens_on_loopback_or_a_unix_socket_only_by_default(monkeypatch):
    import ipaddress

    config = shipped_gunicorn_config(monkeypatch)
    binds = [config["bind"]] if isinstance(config["bind"], str) else list(config["bind"])
    assert binds
    for bind in binds:
        if bind.startswith("unix:"):
            continue
        host = bind.rsplit(":", 1)[0].strip("[]")
        assert host == "localhost" or ipaddress.ip_address(host).is_loopback, f"gunicorn binds to {bind}"
    # The upstream nginx proxies to is that address.
    site = (ROOT / "deploy" / "nginx" / "klocket.conf").read_text()
    assert f"server {binds[0]} " in site


def test_gunicorn_access_log_is_off_by_default_as_it_would_write_reset_tokens(monkeypatch):
    assert shipped_gunicorn_config(monkeypatch)["accesslog"] is None
    assert shipped_gunicorn_config(monkeypatch, GUNICORN_ACCESSLOG="-")["accesslog"] == "-"


def test_nginx_buffers_requests_and_answers_and_logs_no_reset_token():
    site = (ROOT / "deploy" / "nginx" / "klocket.conf").read_text()
    active = [line.split("#", 1)[0].strip() for line in site.splitlines()]
    assert "proxy_buffering on;" in active and "proxy_request_buffering on;" in active
    assert not any(line.startswith(("proxy_buffering off", "proxy_request_buffering off")) for line in active)
    # The access log writes the path with the token masked, not the raw request line.
    log_format = site[site.index("log_format klocket") : site.index(";", site.index("log_format klocket"))]
    assert "$request " not in log_format and '$request"' not in log_format
    assert "$klocket_logged_uri" in log_format
    assert '"~^/konto/losenord/[^/]+/[^/]+/" "/konto/losenord/<uidb64>/<token>/";' in site
