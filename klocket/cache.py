"""Caching of public pages and feeds, refreshed when the data behind them changes.

Every cached public response's key holds a *data version*; any change to the models that
public pages show bumps the version (see ``bump_data_version`` and the receivers connected
in ``activities.apps``), so the next request renders afresh. Old entries simply expire.
Only anonymous GET/HEAD requests are cached: logged-in users see personal navigation.
"""

import hashlib
import uuid
from functools import wraps

from django.core.cache import cache
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "klocket:public-data-version"
DEFAULT_TIMEOUT = 300


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_data_version(*args, **kwargs) -> None:
    """Make every cached public page stale (used as a signal receiver too)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _key(request, prefix: str) -> str:
    raw = "|".join([data_version(), get_language() or "", request.scheme, request.get_host(), request.get_full_path()])
    return f"klocket:page:{prefix}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _cacheable(request) -> bool:
    """Anonymous GET/HEAD without a session or pending messages: the page is the same for all."""
    from django.conf import settings

    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def cache_public(prefix: str, timeout: int = DEFAULT_TIMEOUT):
    """Cache a public view's successful responses for anonymous visitors."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = _key(request, prefix)
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
                    if hasattr(response, "render") and callable(response.render):
                        response.render()
                    cache.set(key, response, timeout)
            patch_vary_headers(response, ["Cookie", "Accept-Language"])
            return response

        return wrapped

    return decorator
