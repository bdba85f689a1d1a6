"""The goals' cache: rendered dashboard, goal pages, report and public summary, kept per data version.

Every key holds the goals' *data version*. ``invalidate()`` replaces the version, so the next
request computes afresh and old entries expire on their own. ``GoalsConfig.ready`` connects
``invalidate`` to saves and deletes of everything the indicators read (attendance, dates,
activities, deficiencies, and the goals' own models). Bulk writes that bypass signals (bulk
loads of head counts, raw SQL) should call ``goals.cache.invalidate()`` themselves.

Entries also expire after ``TIMEOUT`` seconds: "held" dates depend on the clock.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.utils.translation import get_language

VERSION_KEY = "goals:data-version"
TIMEOUT = 600


def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return current


def invalidate(*args, **kwargs) -> None:
    """Make every cached goals page stale. Safe as a signal receiver (ignores its arguments)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def key(*parts) -> str:
    raw = "|".join([version(), get_language() or "", *(str(part) for part in parts)])
    return f"goals:page:{hashlib.sha256(raw.encode()).hexdigest()}"


def get_or_render(parts: tuple, render, timeout: int = TIMEOUT) -> str:
    """The cached text for ``parts`` (in the current language and data version), rendered when missing."""
    name = key(*parts)
    text = cache.get(name)
    if text is None:
        text = render()
        cache.set(name, text, timeout)
    return text
