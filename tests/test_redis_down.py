"""Redis down: the portal answers (more slowly) instead of failing, and is never stale after.

The cache is the portal's own Redis backend (klocket/redis_cache.py) pointed at a closed port,
what a stopped Redis looks like.
"""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCacheClient
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from klocket import cache as page_cache
from klocket import redis_cache
from klocket.redis_cache import ReusingRedisCacheClient
from safety_walks.models import ResidentReport
from tests.conftest import PASSWORD

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
REDIS_DOWN = {
    "default": {
        "BACKEND": "klocket.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "KEY_PREFIX": "klocket-test",
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = REDIS_DOWN
    page_cache.local_pages.clear()
    yield
    page_cache.local_pages.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.django_db
def test_public_pages_answer(client, redis_down, occurrence, organisation_a, venue):
    urls = [
        reverse("home"),
        reverse("calendar"),
        reverse("calendar") + "?plats=kunskapens-hus",
        occurrence.get_absolute_url(),
        reverse("organisation-list"),
        organisation_a.get_absolute_url(),
        reverse("venue-list"),
        venue.get_absolute_url(),
        reverse("calendar-ics"),
        reverse("robots-txt"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Läxhjälp" in client.get(reverse("calendar")).content.decode()
    assert not cache.available


@pytest.mark.django_db
def test_a_change_shows_at_once_and_saving_does_not_fail(client, redis_down, occurrence):
    assert "Läxhjälp" in client.get(reverse("calendar")).content.decode()
    activity = occurrence.activity
    activity.title = "Läxhjälp och fika"
    activity.save()  # bumps the data version: the cache write must not make the save fail
    assert "Läxhjälp och fika" in client.get(reverse("calendar")).content.decode()


@pytest.mark.django_db
def test_staff_pages_and_forms_answer(client_for, redis_down, organisation_a, activity):
    client = client_for("partner_a")
    for url in [reverse("staff-home"), reverse("staff-activities"), reverse("staff-activity-edit", args=[activity.pk])]:
        assert client.get(url).status_code == 200, url
    url = reverse("organisation-edit", args=[organisation_a.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"description": "Öppet för alla.", "website": ""})
    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.description == "Öppet för alla."


@pytest.mark.django_db
def test_residents_report_is_taken_while_its_limit_cannot_count(client, redis_down, area, media_root):
    assert client.get(reverse("sw-report")).status_code == 200
    report = {"category": "lighting", "place": "Torget", "description": "Lampan är trasig."}
    for _attempt in range(2):
        response = client.post(reverse("sw-report"), report)
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
    assert ResidentReport.objects.count() == 2


@pytest.mark.django_db
def test_logins_work_and_still_lock_as_their_counter_is_in_the_database(client, redis_down, users, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "coordinator", "password": "wrong"})
    assert client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD}).status_code == 429
    assert AccessAttempt.objects.exists()
    response = client.post(reverse("login"), {"username": "partner-a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("staff-home")


@pytest.mark.django_db
def test_healthz_reports_the_cache_as_failed(client, redis_down, media_root):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error", "media": "ok"}


def test_cache_operations_answer_like_misses(redis_down):
    cache.set("key", "value")
    cache.set_many({"a": 1, "b": 2})
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("key", "value") is False
    assert cache.touch("key") is False
    assert cache.delete("key") is False
    cache.delete_many(["a", "b"])
    assert cache.has_key("key") is False
    with pytest.raises(ValueError):
        cache.incr("key")  # what a missing key does: django-ratelimit then lets the post through
    assert cache.clear() is False
    assert page_cache.data_version() is None


class FakeRedis:
    """Stands in for RedisCacheClient's Redis round trips: a dict, or errors while ``down``."""

    def __init__(self, monkeypatch):
        self.data = {}
        self.down = False
        self.calls = 0

        def get(client, key, default):
            self._round_trip()
            return self.data.get(key, default)

        def set_(client, key, value, timeout):
            self._round_trip()
            self.data[key] = value

        def add(client, key, value, timeout):
            self._round_trip()
            return self.data.setdefault(key, value) is value

        monkeypatch.setattr(RedisCacheClient, "get", get)
        monkeypatch.setattr(RedisCacheClient, "set", set_)
        monkeypatch.setattr(RedisCacheClient, "add", add)

    def _round_trip(self):
        self.calls += 1
        if self.down:
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_after_a_failure_redis_is_left_alone_for_a_moment(monkeypatch):
    fake = FakeRedis(monkeypatch)
    client = ReusingRedisCacheClient(["redis://127.0.0.1:1/0"])
    fake.down = True
    assert client.get("key", "default") == "default"
    for _call in range(20):
        client.get("key", "default")
    assert fake.calls == 1  # an unreachable server costs one timeout per RETRY_AFTER_SECONDS, not one per call
    monkeypatch.setattr(redis_cache, "RETRY_AFTER_SECONDS", 0)
    client._down_until = 0
    fake.down = False
    client.set("key", "value", None)
    assert client.available and client.take_recovery() and not client.take_recovery()
    assert client.get("key", "default") == "value"


@pytest.mark.django_db
def test_no_page_of_before_an_outage_is_served_after_it(client, settings, monkeypatch, occurrence):
    # Pages cached, then Redis goes away, a change is saved (its version bump is lost), and Redis
    # comes back with the old version and the old pages: the change must show all the same.
    fake = FakeRedis(monkeypatch)
    monkeypatch.setattr(redis_cache, "RETRY_AFTER_SECONDS", 0)
    settings.CACHES = {**REDIS_DOWN, "default": {**REDIS_DOWN["default"], "LOCATION": "redis://127.0.0.1:6399/0"}}
    page_cache.local_pages.clear()
    url = reverse("calendar")
    assert "Läxhjälp" in client.get(url).content.decode()
    assert page_cache.local_pages.pages and fake.data  # stored in this worker and in "Redis"
    fake.down = True
    activity = occurrence.activity
    activity.title = "Simskola"
    activity.save()
    assert "Simskola" in client.get(url).content.decode()  # during the outage: rendered afresh
    fake.down = False
    assert "Simskola" in client.get(url).content.decode()  # after it: not the copy from before
    assert "Simskola" in client.get(url).content.decode()
    page_cache.local_pages.clear()


@pytest.mark.django_db
def test_the_survey_takes_answers(redis_down):
    from django.test import Client

    from goals.forms import new_form_key
    from goals.models import SurveyResponse
    from tests.goals_support import make_wave

    make_wave()
    assert Client().get(reverse("goals-survey")).status_code == 200
    answer = {"safety": "fairly_safe", "attractiveness": "4", "visits": "weekly", "age_band": "", "gender": ""}
    response = Client().post(reverse("goals-survey"), {**answer, "form_key": new_form_key()})
    assert response.status_code == 302
    assert SurveyResponse.objects.count() == 1
