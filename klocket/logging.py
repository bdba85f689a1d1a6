"""Structured logs: one JSON object per line in production, plain text in development.

Every line logged while a request is served carries that request's id (from the proxy's
X-Request-ID, or made up by klocket.middleware.RequestIdMiddleware), its method and path, and
the user's id once the request has loaded the user: one search finds all a request caused.
Settings use ``logging_config()``; DJANGO_LOG_FORMAT picks json or text.
"""

import contextvars
import datetime as dt
import json
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import empty

FORMATS = ("json", "text")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Named URLs whose path holds a secret (a password-reset token): logged as their route pattern.
REDACTED_URL_NAMES = {"password_reset_confirm", "booking-manage"}
# Attributes every LogRecord has; anything else on a record came in through ``extra=``.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName", "request_id"}
_BASE_KEYS = ("time", "level", "logger", "message")


@dataclass
class RequestContext:
    request_id: str
    method: str
    path: str
    request: object = field(default=None, repr=False)

    def display_path(self) -> str:
        match = getattr(self.request, "resolver_match", None)
        if match is not None and match.url_name in REDACTED_URL_NAMES:
            return "/" + match.route
        return self.path

    def user_id(self):
        return user_id_of(self.request)


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("klocket_request", default=None)


def current_request() -> RequestContext | None:
    return _current.get()


def bind_request(context: RequestContext) -> contextvars.Token:
    return _current.set(context)


def unbind_request(token: contextvars.Token) -> None:
    _current.reset(token)


def clear_request(**kwargs) -> None:
    """Forget the request once its response is closed (connected to request_finished): Django logs
    4xx/5xx answers after the middleware returned, and those lines keep the request's id too."""
    _current.set(None)


def user_id_of(request):
    """The signed-in user's id, but only if the request already loaded the user: logging must not
    cost a session and a user query on pages that never looked (cached public pages, static files)."""
    user = getattr(request, "__dict__", {}).get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


def request_fields() -> dict:
    context = current_request()
    if context is None:
        return {}
    fields = {"request_id": context.request_id, "method": context.method, "path": context.display_path()}
    if (user_id := context.user_id()) is not None:
        fields["user_id"] = user_id
    return fields


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, the request's fields, fields passed with ``extra=``, exc_info."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(request_fields())
        for key, value in vars(record).items():
            if key in _RECORD_ATTRIBUTES or key in _BASE_KEYS or key.startswith("_"):
                continue
            if key == "status_code":  # Django's own request loggers
                key = "status"
            if isinstance(value, str | int | float | bool) or value is None:
                entry.setdefault(key, value)
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        # json.dumps escapes newlines, so a traceback stays on its one line.
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Plain lines for development, with the request id in brackets."""

    def __init__(self, fmt=None, datefmt=None, style="%", **kwargs):
        super().__init__(fmt or "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s", datefmt, style)

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(vars(record))  # other handlers see the record unchanged
        context = current_request()
        record.request_id = context.request_id if context else "-"
        return super().format(record)


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING setting: everything to stderr (journald under systemd) as JSON lines or text."""
    if log_format not in FORMATS:
        raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT={log_format!r}: use json (production) or text (development).")
    if level.upper() not in LEVELS:
        raise ImproperlyConfigured(f"DJANGO_LOG_LEVEL={level!r}: use one of {', '.join(LEVELS)}.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "klocket.logging.JsonFormatter"},
            "text": {"()": "klocket.logging.TextFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level.upper()},
        "loggers": {"axes": {"level": "WARNING"}},
    }
