"""/healthz: a real round trip to the database, the cache and the media storage; 503 naming what failed."""

import logging

import pytest
from django.db import OperationalError
from django.urls import reverse

ALL_OK = {"status": "ok", "database": "ok", "cache": "ok", "media": "ok"}
REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Nothing listens on port 1: what a stopped Redis looks like.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def break_database(monkeypatch):
    from klocket import health

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", refused)


@pytest.mark.django_db
def test_healthz_ok_checks_everything_and_leaves_nothing_behind(client, media_root):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == ALL_OK
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert list(media_root.iterdir()) == []  # the probe file was deleted again


@pytest.mark.django_db
def test_healthz_is_never_served_from_a_cache(client, media_root, monkeypatch):
    assert client.get(reverse("healthz")).status_code == 200
    break_database(monkeypatch)
    assert client.get(reverse("healthz")).status_code == 503


@pytest.mark.django_db
def test_database_unreachable(client, media_root, monkeypatch, caplog):
    break_database(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="klocket.health"):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {**ALL_OK, "status": "error", "database": "error"}
    assert "connection refused" not in response.content.decode()  # details go to the log only
    assert "Health check database failed" in caplog.text and "connection refused" in caplog.text


@pytest.mark.django_db
def test_cache_unreachable(client, media_root, settings):
    settings.CACHES = REDIS_DOWN
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {**ALL_OK, "status": "error", "cache": "error"}


@pytest.mark.django_db
def test_cache_that_forgets_what_it_stored(client, media_root, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["cache"] == "error"


@pytest.mark.django_db
def test_media_not_writable(client, settings, tmp_path):
    # A file where the media folder should be: saving fails as on a read-only or missing mount
    # (tests run as root, so file permissions would not stop the write).
    blocked = tmp_path / "media"
    blocked.write_text("not a folder")
    settings.MEDIA_ROOT = str(blocked)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {**ALL_OK, "status": "error", "media": "error"}


@pytest.mark.django_db
def test_every_failure_is_named_at_once(client, settings, tmp_path, monkeypatch):
    break_database(monkeypatch)
    settings.CACHES = REDIS_DOWN
    (tmp_path / "media").write_text("not a folder")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "error", "media": "error"}


@pytest.mark.django_db
def test_healthz_answers_head_and_refuses_post(client, media_root):
    assert client.head(reverse("healthz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405
