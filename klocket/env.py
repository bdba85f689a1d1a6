"""Read settings from the environment through small helpers that refuse bad values.

Every helper raises ``ImproperlyConfigured`` naming the variable, so a wrong
deployment fails at start-up with a message an operator can act on.
"""

import ipaddress
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default if default is not None else ""
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value; use 1 or 0 (also true/false, yes/no, on/off).")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name: str, default: list[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """A comma-separated list of IP addresses or networks (CIDR, e.g. ``10.0.0.0/24``)."""
    networks = []
    for item in env_list(name, default):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network (e.g. 127.0.0.1 or 10.0.0.0/24)."
            ) from None
    return tuple(networks)


RATE = re.compile(r"[1-9][0-9]*/[1-9]?[0-9]*[smhd]")


def env_rate(name: str, default: str) -> str:
    """A rate limit as django-ratelimit writes it: ``30/h``, ``5/m``, ``100/d``, ``10/5m``."""
    value = (os.environ.get(name) or default).strip()
    if not RATE.fullmatch(value):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: write how many per second, minute, hour or day, e.g. 30/h or 5/m."
        )
    return value


def env_tile_url(name: str, default: str) -> str:
    """A map tile URL template (https://.../{z}/{x}/{y}.png); "none" for no tiles (markers only)."""
    value = env_str(name, default).strip()
    if value.lower() == "none":
        return ""
    parts = urlsplit(value.replace("{s}", "a"))
    if parts.scheme not in ("https", "http") or not parts.netloc or not all(f"{{{k}}}" in value for k in "zxy"):
        raise ImproperlyConfigured(
            f"{name} must be an http(s) URL with {{z}}, {{x}} and {{y}}, or none; got {value!r}."
        )
    return value


def tile_origin(url: str) -> str | None:
    """The origin a tile URL loads from, for the Content-Security-Policy ({s} subdomains as *)."""
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


# The development key is published here: it must never sign a production session.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-only-used-when-DJANGO_DEBUG=1"
SECRET_KEY_MIN_LENGTH = 50


def env_secret_key(name: str, *, debug: bool) -> str:
    value = os.environ.get(name, "")
    if value and not debug:
        if value == DEVELOPMENT_SECRET_KEY or value.startswith("django-insecure"):
            raise ImproperlyConfigured(
                f"{name} is the published development key (or another 'django-insecure' key): "
                "set a new random one for production "
                "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
            )
        if len(value) < SECRET_KEY_MIN_LENGTH or len(set(value)) < 5:
            raise ImproperlyConfigured(
                f"{name} is too short or too simple for production: use at least {SECRET_KEY_MIN_LENGTH} "
                "random characters (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
            )
    if value:
        return value
    if debug:
        # Development only: a fixed, clearly marked key so sessions survive restarts.
        return DEVELOPMENT_SECRET_KEY
    raise ImproperlyConfigured(f"{name} must be set unless DJANGO_DEBUG=1.")


def env_database(name: str, default: str, *, base_dir: Path) -> dict:
    url = os.environ.get(name) or default
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name}={url.split('@')[-1]!r}: only sqlite:///path and postgres://... are supported."
        )
    try:
        if scheme == "sqlite":
            # Relative SQLite paths are relative to the project, not to the current directory.
            path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else ""
            if not path:
                raise ValueError("missing path")
            if not path.startswith("/"):
                path = str(base_dir / path)
            config = {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
            config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
            return config
        config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    return config
