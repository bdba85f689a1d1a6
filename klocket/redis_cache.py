"""Django's Redis cache, with one Redis client per connection pool, that treats Redis errors as misses.

``django.core.cache.backends.redis.RedisCacheClient.get_client`` builds a new ``redis.Redis``
object for every cache operation; under load that was about a quarter of a cached page's time.
A ``redis.Redis`` client is safe to share between threads (each command borrows a connection
from the pool), and redis-py's pool notices a fork and opens new connections in the child, so
one client per pool is enough. Settings: ``CACHE_URL=redis://...`` selects this backend.

**Redis down.** Everything in the cache can be made again (pages, the footer, rate-limit
counters), so a Redis that does not answer must not turn pages into 500s: every operation that
fails with a Redis error answers like a miss (``get`` its default, ``add``/``touch``/``delete``
False, ``set`` nothing, ``incr`` the ``ValueError`` of a missing key) and logs one warning per
outage. After a failure the process does not try again for ``RETRY_AFTER_SECONDS`` (so an
unreachable server costs one connect timeout per few seconds, not one per operation), and short
socket timeouts keep a hanging Redis from holding requests. ``available`` says whether the last
operation reached Redis; ``take_recovery()`` answers True once after Redis answers again, so
``klocket.cache`` can start a new data version: a change saved during the outage could not
bump it. ``/healthz`` still reports the cache as failed (its value does not come back).
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 2.0
# Defaults for the connection pool (OPTIONS in CACHES override them): Redis on the same machine
# or LAN answers in a millisecond; a big page (the 4 MB feed) in a few.
POOL_DEFAULTS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 1.0,
    "retry": Retry(NoBackoff(), 1),
}
# What each operation answers when Redis does not: what it answers for a missing key.
_MISSING = object()


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._lock = threading.Lock()
        self._down_until = 0.0
        self.available = True
        self._recovered = False

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _call(self, operation, args, default):
        if time.monotonic() < self._down_until:
            return default
        try:
            result = getattr(super(), operation)(*args)
        except RedisError as error:
            with self._lock:
                if self.available:
                    logger.warning("Redis does not answer (%s); serving without the cache: %s", operation, error)
                self.available = False
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return default
        if not self.available:
            with self._lock:
                if not self.available:
                    logger.warning("Redis answers again")
                    self.available = True
                    self._recovered = True
        return result

    def take_recovery(self) -> bool:
        with self._lock:
            recovered, self._recovered = self._recovered, False
        return recovered

    def add(self, key, value, timeout):
        return self._call("add", (key, value, timeout), False)

    def get(self, key, default):
        return self._call("get", (key, default), default)

    def set(self, key, value, timeout):
        self._call("set", (key, value, timeout), None)

    def touch(self, key, timeout):
        return self._call("touch", (key, timeout), False)

    def delete(self, key):
        return self._call("delete", (key,), False)

    def get_many(self, keys):
        return self._call("get_many", (keys,), {})

    def has_key(self, key):
        return self._call("has_key", (key,), False)

    def incr(self, key, delta):
        result = self._call("incr", (key, delta), _MISSING)
        if result is _MISSING:
            raise ValueError(f"Key '{key}' not found (the cache does not answer).")
        return result

    def set_many(self, data, timeout):
        self._call("set_many", (data, timeout), None)

    def delete_many(self, keys):
        self._call("delete_many", (keys,), None)

    def clear(self):
        return self._call("clear", (), False)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._options = {**POOL_DEFAULTS, **self._options}

    @property
    def available(self) -> bool:
        """Whether the last operation reached Redis."""
        return self._cache.available

    def take_recovery(self) -> bool:
        """True once after Redis answers again following an outage."""
        return self._cache.take_recovery()
