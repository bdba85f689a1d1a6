"""Settings come from the environment; bad values fail loudly, naming the variable."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from klocket import env

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value", ["maybe", "2", "ja"])
def test_env_bool_refuses_unknown_values(monkeypatch, value):
    monkeypatch.setenv("DJANGO_DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env.env_bool("DJANGO_DEBUG")


def test_env_int_names_the_variable(monkeypatch):
    monkeypatch.setenv("DJANGO_EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_EMAIL_PORT"):
        env.env_int("DJANGO_EMAIL_PORT", 25)


def test_secret_key_required_in_production(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        env.env_secret_key("DJANGO_SECRET_KEY", debug=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="too short"):
        env.env_secret_key("DJANGO_SECRET_KEY", debug=False)


@pytest.mark.parametrize(
    "value",
    [
        env.DEVELOPMENT_SECRET_KEY,
        "django-insecure-" + secrets.token_urlsafe(50),
        secrets.token_urlsafe(30)[:49],  # random, but shorter than 50 characters
        "ab" * 40,  # long, but only two different characters
    ],
    ids=["published-development-key", "django-insecure-prefix", "49-characters", "two-characters"],
)
def test_production_refuses_the_development_key_and_weak_keys(monkeypatch, value):
    monkeypatch.setenv("DJANGO_SECRET_KEY", value)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        env.env_secret_key("DJANGO_SECRET_KEY", debug=False)
    assert env.env_secret_key("DJANGO_SECRET_KEY", debug=True) == value  # development takes any key


def test_production_accepts_a_long_random_key_and_the_test_settings_key(monkeypatch):
    key = secrets.token_urlsafe(50)
    monkeypatch.setenv("DJANGO_SECRET_KEY", key)
    assert env.env_secret_key("DJANGO_SECRET_KEY", debug=False) == key
    monkeypatch.setenv("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)  # klocket/settings_test.py
    assert env.env_secret_key("DJANGO_SECRET_KEY", debug=False).startswith("test-only")


def test_production_server_with_the_development_key_refuses_to_start():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=env.DEVELOPMENT_SECRET_KEY)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is the published development key" in result.stderr


def test_development_key_only_with_debug(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    assert env.env_secret_key("DJANGO_SECRET_KEY", debug=True).startswith("django-insecure")


def test_database_url(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://klocket:secret@db.example.org:5432/klocket")
    config = env.env_database("DATABASE_URL", default="sqlite:///var/db.sqlite3", base_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "klocket"
    assert config["CONN_MAX_AGE"] == 600  # persistent connections
    monkeypatch.delenv("DATABASE_URL")
    config = env.env_database("DATABASE_URL", default="sqlite:///var/db.sqlite3", base_dir=tmp_path)
    assert config["NAME"] == str(tmp_path / "var/db.sqlite3")
    monkeypatch.setenv("DATABASE_URL", "mysql://root@localhost/x")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.env_database("DATABASE_URL", default="", base_dir=tmp_path)


def run_manage(*args, **environ):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(environ)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_refuses_to_start():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_command_needing_models_says_what_is_missing_not_a_traceback():
    # Django itself swallows the settings error and fails later with "Models aren't loaded yet".
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 2
    assert "DJANGO_SECRET_KEY must be set unless DJANGO_DEBUG=1" in result.stderr
    assert "Traceback" not in result.stderr and "AppRegistryNotReady" not in result.stderr
    assert run_manage("help").returncode == 0  # help works without settings


def test_bad_boolean_names_the_variable():
    result = run_manage("check", DJANGO_DEBUG="perhaps")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_check_deploy_is_clean_with_production_values():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="klocket.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_settings_in_force():
    from django.conf import settings

    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "sv"
    assert [code for code, _name in settings.LANGUAGES] == [
        "sv",
        "en",
        "ar",
        "fa",
        "so",
        "ti",
    ]  # KLOCKET_LANGUAGES: all six by default


def test_env_example_lists_every_variable_the_settings_read():
    import re

    source = (ROOT / "klocket" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))
    example = (ROOT / ".env.example").read_text()
    missing = {name for name in read if f"{name}=" not in example}
    assert not missing, f"Add these to .env.example: {sorted(missing)}"


def test_map_tile_url_is_checked_and_none_turns_tiles_off(monkeypatch):
    monkeypatch.setenv("KLOCKET_MAP_TILE_URL", "none")
    assert env.env_tile_url("KLOCKET_MAP_TILE_URL", "https://a.example/{z}/{x}/{y}.png") == ""
    monkeypatch.setenv("KLOCKET_MAP_TILE_URL", "javascript:alert(1)")
    with pytest.raises(ImproperlyConfigured, match="KLOCKET_MAP_TILE_URL"):
        env.env_tile_url("KLOCKET_MAP_TILE_URL", "")
    assert env.tile_origin("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == "https://*.tiles.example.org"
    assert env.tile_origin("") is None


def test_content_security_policy_follows_the_map_tile_setting():
    show = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    default = run_manage("shell", "-c", show, DJANGO_DEBUG="1")
    assert "https://tile.openstreetmap.org" in default.stdout, default.stderr
    own = run_manage(
        "shell", "-c", show, DJANGO_DEBUG="1", KLOCKET_MAP_TILE_URL="https://karta.norrkoping.example/{z}/{x}/{y}.png"
    )
    assert "https://karta.norrkoping.example" in own.stdout and "openstreetmap" not in own.stdout, own.stderr
    off = run_manage("shell", "-c", show, DJANGO_DEBUG="1", KLOCKET_MAP_TILE_URL="none")
    assert off.stdout.strip().splitlines()[-1] == "[\"'self'\", 'data:']", off.stderr
