"""Caching of public pages and feeds, refreshed when the data behind them changes.

Every cached public response is stored with the *data version* it was made from; any change to
the models that public pages show bumps the version (see ``bump_data_version`` and the
receivers connected in ``activities.apps``), so the next request renders afresh. Only anonymous
GET/HEAD requests are cached: logged-in users see personal navigation.

A request for a cached page costs one round trip to the shared cache (Redis in production) for
the current version. Each worker process also keeps the pages it served lately in memory
(``_LocalPages``, bounded in bytes), so a hit does not fetch and unpickle the page again;
the version is still read from the shared cache on every request, so an edit saved through any
server is seen by every worker at once, never a stale page, and no copy outlives the page's
timeout (pages show "today"). Pages are stored as plain bytes with
a gzip copy made once, served to clients that accept it, and carry an ETag, so calendar apps
polling the feed get ``304 Not Modified`` while nothing changed.
"""

import gzip
import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language

VERSION_KEY = "klocket:public-data-version"
DEFAULT_TIMEOUT = 300
# Bodies smaller than this are sent as they are; larger ones also get a gzip copy.
GZIP_MIN_BYTES = 1024
GZIP_LIGHT_ABOVE_BYTES = 1024 * 1024
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/xml", "application/rss+xml", "application/atom+xml")
# Memory per worker process for the pages it keeps (gzip copies included).
LOCAL_MAX_BYTES = 48 * 1024 * 1024
# A stored page keeps every header its view set but these, which each reply sets afresh.
DROPPED_HEADERS = {"content-length", "content-encoding", "vary", "etag", "set-cookie", "date"}
# What a 304 repeats of the stored headers (RFC 9110, 15.4.5).
NOT_MODIFIED_HEADERS = {"cache-control", "expires", "last-modified", "content-location"}


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def bump_data_version(*args, **kwargs) -> None:
    """Make every cached public page stale (used as a signal receiver too).

    At once, and again when the surrounding transaction commits: a page rendered between the
    change and the commit read the old rows under the new version; the second bump makes it stale.
    """
    _new_version()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_version)


@dataclass(frozen=True)
class StoredPage:
    """A successful response as bytes: what any later visitor of the same URL gets."""

    version: str
    created: float  # time.time() when rendered: no copy is served longer than its timeout
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    gzipped: bytes | None
    etag: str

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"") + 512

    @classmethod
    def of(cls, response: HttpResponse, version: str) -> "StoredPage":
        body = response.content
        content_type = response.get("Content-Type", "")
        gzipped = None
        if len(body) >= GZIP_MIN_BYTES and content_type.startswith(COMPRESSIBLE_TYPES):
            # Level 6 as nginx would; a lighter level for the big feeds (4 MB: 13 ms instead of 32).
            level = 6 if len(body) < GZIP_LIGHT_ABOVE_BYTES else 3
            gzipped = gzip.compress(body, compresslevel=level, mtime=0)
        return cls(
            version=version,
            created=time.time(),
            status=response.status_code,
            headers=tuple(
                (name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS
            ),
            body=body,
            gzipped=gzipped if gzipped is not None and len(gzipped) < len(body) else None,
            etag='W/"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"',
        )

    def fresh(self, version: str, timeout: int) -> bool:
        return self.version == version and time.time() - self.created < timeout

    def response_for(self, request) -> HttpResponse:
        if _etag_matches(request, self.etag):
            response = HttpResponseNotModified()
            for name, value in self.headers:
                if name.lower() in NOT_MODIFIED_HEADERS:
                    response[name] = value
        else:
            use_gzip = self.gzipped is not None and _accepts_gzip(request)
            response = HttpResponse(self.gzipped if use_gzip else self.body, status=self.status)
            for name, value in self.headers:
                response[name] = value
            if use_gzip:
                response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(response.content))
        response["ETag"] = self.etag
        patch_vary_headers(response, ["Cookie", "Accept-Language", "Accept-Encoding"])
        return response


class _LocalPages:
    """The pages this process served lately, least recently used dropped first, bounded in bytes."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self.pages: OrderedDict[str, StoredPage] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, version: str, timeout: int) -> StoredPage | None:
        with self.lock:
            page = self.pages.get(key)
            if page is None:
                return None
            if not page.fresh(version, timeout):
                self._drop(key)
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: StoredPage) -> None:
        if page.size > self.max_bytes // 4:
            return
        with self.lock:
            if key in self.pages:
                self._drop(key)
            self.pages[key] = page
            self.bytes += page.size
            while self.bytes > self.max_bytes:
                self._drop(next(iter(self.pages)))

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.bytes = 0

    def _drop(self, key: str) -> None:
        self.bytes -= self.pages.pop(key).size


local_pages = _LocalPages(LOCAL_MAX_BYTES)


def _accepts_gzip(request) -> bool:
    """Whether Accept-Encoding accepts gzip (by name, else through ``*``) with a quality above zero."""
    qualities = {}
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        coding, *params = [item.strip().lower() for item in part.split(";")]
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        qualities[coding] = quality
    return qualities.get("gzip", qualities.get("*", 0.0)) > 0


def _etag_matches(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    wanted = parse_etags(header)
    strip = etag.removeprefix("W/")
    return "*" in wanted or any(candidate.removeprefix("W/") == strip for candidate in wanted)


def _key(request, prefix: str) -> str:
    """The page's key: the same URL in the same language on the same site (the version is stored inside)."""
    raw = "|".join([get_language() or "", request.scheme, request.get_host(), request.get_full_path()])
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


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and not response.has_header("Content-Encoding")
    )


def cache_public(prefix: str, timeout: int = DEFAULT_TIMEOUT):
    """Cache a public view's successful responses for anonymous visitors."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = _key(request, prefix)
            version = data_version()
            page = local_pages.get(key, version, timeout)
            if page is None:
                shared = cache.get(key)
                if isinstance(shared, StoredPage) and shared.fresh(version, timeout):
                    page = shared
                    local_pages.put(key, page)
            if page is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                if not _storable(response) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                    # A page with a CSRF token is one visitor's: never shared (nor compressed
                    # for many, which could leak the token: BREACH).
                    patch_vary_headers(response, ["Cookie", "Accept-Language"])
                    return response
                page = StoredPage.of(response, version)
                cache.set(key, page, timeout)
                local_pages.put(key, page)
            return page.response_for(request)

        return wrapped

    return decorator
