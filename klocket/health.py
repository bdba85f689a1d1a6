"""What /healthz checks: the database, the cache and the media storage, each with a real round trip.

A load balancer or monitor polls /healthz; any check that fails turns the answer into 503 and
names the part ("database", "cache", "media"). The reason goes to the log, never to the
public answer.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def check_cache() -> None:
    """Store a random value under a random key and read it back (Redis down, or a dummy cache, fail)."""
    key = f"klocket:healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=60)
    if not getattr(cache, "available", True):
        # klocket.redis_cache answers errors as misses (and logged why): a failure here all the same.
        raise RuntimeError("the cache does not answer")
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


def check_media() -> None:
    """Save and delete a tiny file through the storage API (a full disk or a read-only folder fail)."""
    name = default_storage.save(f"healthz-{uuid.uuid4().hex}.txt", ContentFile(b"ok\n"))
    default_storage.delete(name)


CHECKS = {"database": check_database, "cache": check_cache, "media": check_media}


def run_checks() -> dict[str, str]:
    """{"database": "ok" | "error", "cache": ..., "media": ...}; every check runs even if one fails."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            # A warning, not an error: the 503 alerts the monitor; error monitoring is not flooded.
            logger.warning("Health check %s failed", name, exc_info=True)
            results[name] = "error"
        else:
            results[name] = "ok"
    return results
