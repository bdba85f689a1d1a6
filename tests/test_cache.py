"""Public pages are cached for anonymous visitors and refreshed when their data changes."""

from unittest import mock

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_cached_page_served_without_queries_then_refreshed_on_change(client, occurrence, django_assert_num_queries):
    url = reverse("calendar")
    first = client.get(url).content.decode()
    assert "Läxhjälp" in first
    with django_assert_num_queries(0):
        assert client.get(url).content.decode() == first
    activity = occurrence.activity
    activity.title = "Läxhjälp och fika"
    activity.save()
    assert "Läxhjälp och fika" in client.get(url).content.decode()


@pytest.mark.django_db
def test_cache_keeps_languages_apart(client, occurrence):
    url = reverse("calendar")
    assert '<html lang="sv"' in client.get(url).content.decode()
    assert '<html lang="en"' in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="sv"' in client.get(url).content.decode()


@pytest.mark.django_db
def test_logged_in_users_get_fresh_pages(client_for, occurrence, django_assert_max_num_queries):
    client = client_for("coordinator")
    client.get(reverse("home"))
    page = client.get(reverse("home")).content.decode()
    assert "/personal/" in page  # personal navigation is never served from the anonymous cache


@pytest.mark.django_db
def test_schedule_regeneration_refreshes_the_feed(client, activity):
    import datetime as dt

    from django.utils import timezone

    from activities.models import Recurrence
    from activities.services import regenerate_occurrences

    today = timezone.localdate()
    recurrence = Recurrence.objects.create(
        activity=activity,
        weekdays=str(today.weekday()),
        start_date=today + dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=20),
        start_time=dt.time(16),
        end_time=dt.time(18),
    )
    assert b"BEGIN:VEVENT" not in client.get(reverse("calendar-ics")).content  # now cached
    regenerate_occurrences(recurrence=recurrence)
    assert b"BEGIN:VEVENT" in client.get(reverse("calendar-ics")).content


@pytest.mark.django_db
def test_feed_rewrites_only_changed_entries(client, activity, organisation_b, django_assert_max_num_queries):
    import datetime as dt

    from django.utils import timezone
    from icalendar import Calendar

    from activities.models import Occurrence

    start = timezone.now() + dt.timedelta(days=2)
    first = Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=1))
    Occurrence.objects.create(
        activity=activity, start=start + dt.timedelta(days=7), end=start + dt.timedelta(days=7, hours=1)
    )
    from activities import feeds

    client.get(reverse("calendar-ics"))
    first.note = "Ta med innetofflor"
    first.save()
    written = []
    real_event = feeds._EventWriter.event

    def counting_event(writer, occurrence):
        written.append(occurrence.pk)
        return real_event(writer, occurrence)

    with mock.patch.object(feeds._EventWriter, "event", counting_event):
        events = Calendar.from_ical(client.get(reverse("calendar-ics")).content).walk("VEVENT")
    assert written == [first.pk]  # the unchanged date's entry came from the cache
    assert len(events) == 2
    notes = ["Ta med innetofflor" in str(event["DESCRIPTION"]) for event in events]
    assert notes == [True, False]


@pytest.mark.django_db
def test_feed_entries_follow_a_renamed_place_and_organiser(client, activity):
    import datetime as dt

    from django.utils import timezone
    from icalendar import Calendar

    from activities.models import Occurrence

    start = timezone.now() + dt.timedelta(days=2)
    Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=1))
    client.get(reverse("calendar-ics"))
    # Renamed without touching the activity: the entry's fingerprint still changes.
    type(activity.venue).objects.filter(pk=activity.venue_id).update(name="Nya huset")
    type(activity.organiser).objects.filter(pk=activity.organiser_id).update(name="Nya föreningen")
    from klocket.cache import bump_data_version

    bump_data_version()
    (event,) = Calendar.from_ical(client.get(reverse("calendar-ics")).content).walk("VEVENT")
    assert str(event["LOCATION"]).startswith("Nya huset")
    assert event["ORGANIZER"].params["CN"] == "Nya föreningen"


@pytest.mark.django_db
def test_big_pages_are_sent_gzipped_to_clients_that_accept_it(client, occurrence):
    import gzip

    url = reverse("calendar")
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    for _ in range(2):  # rendered, then from the cache: the same bytes either way
        packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert packed["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.content) == plain.content
        assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
        assert "Accept-Encoding" in packed["Vary"] and "Cookie" in packed["Vary"]
    refused = client.get(url, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert "Content-Encoding" not in refused and refused.content == plain.content


@pytest.mark.django_db
def test_unchanged_feed_answers_not_modified_until_the_data_changes(client, occurrence):
    url = reverse("calendar-ics")
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    occurrence.note = "Ny lokal"
    occurrence.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and b"Ny lokal" in changed.content and changed["ETag"] != etag


@pytest.mark.django_db
def test_worker_copy_follows_an_edit_made_elsewhere(client, occurrence, django_assert_num_queries):
    from activities.models import Activity
    from klocket.cache import bump_data_version, local_pages

    url = reverse("calendar")
    assert "Läxhjälp" in client.get(url).content.decode()
    # Another server renames the activity: the database changes and the shared version is bumped
    # there; this process's signals never ran, but its copy is checked against the version.
    Activity.objects.filter(pk=occurrence.activity_id).update(title="Läxhjälp med fika")
    bump_data_version()
    assert "Läxhjälp med fika" in client.get(url).content.decode()
    # A page another worker stored in the shared cache is used as it is.
    local_pages.clear()
    with django_assert_num_queries(0):
        assert "Läxhjälp med fika" in client.get(url).content.decode()


def test_worker_copy_is_bounded_in_bytes():
    import time

    from klocket.cache import StoredPage, _LocalPages

    pages = _LocalPages(max_bytes=10_000)

    def page(size):
        return StoredPage(
            version="v", created=time.time(), status=200, headers=(), body=b"x" * size, gzipped=None, etag='W/"x"'
        )

    for number in range(10):
        pages.put(f"page-{number}", page(1_500))
    assert pages.bytes <= 10_000
    assert pages.get("page-0", "v", 300) is None and pages.get("page-9", "v", 300) is not None
    assert pages.get("page-9", "other version", 300) is None  # a stale copy is dropped
    pages.put("huge", page(5_000))  # over a quarter of the room: not kept
    assert pages.get("huge", "v", 300) is None


@pytest.mark.django_db
def test_cached_pages_carry_no_csp_nonce(client, occurrence):
    # A nonce in a page served to many visitors would not match their CSP header: scripts on
    # cached pages must not depend on one.
    for url in [reverse("home"), reverse("calendar"), occurrence.get_absolute_url()]:
        assert "nonce=" not in client.get(url).content.decode()


def test_redis_backend_reuses_one_client_per_pool():
    import uuid

    from klocket.redis_cache import RedisCache

    backend = RedisCache("redis://127.0.0.1:6379/7", {"KEY_PREFIX": f"klocket-test-{uuid.uuid4().hex}"})
    client = backend._cache.get_client(write=True)
    assert backend._cache.get_client(write=False) is client
    try:
        backend.set("page", {"body": b"hej"}, 30)
        assert backend.get_many(["page", "missing"]) == {"page": {"body": b"hej"}}
    finally:
        backend.delete("page")


def test_page_with_a_csrf_token_is_never_shared(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from klocket.cache import cache_public

    renders = []

    @cache_public("test_form")
    def form_page(request):
        renders.append(1)
        return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    for _ in range(2):
        request = rf.get("/lomake/")
        request.user = AnonymousUser()
        response = form_page(request)
        assert response.status_code == 200
    assert len(renders) == 2  # rendered for each visitor, never served from the cache


def _counting_writer():
    from activities import feeds

    written = []
    real_event = feeds._EventWriter.event

    def counting_event(writer, occurrence):
        written.append(occurrence.pk)
        return real_event(writer, occurrence)

    return written, mock.patch.object(feeds._EventWriter, "event", counting_event)


@pytest.mark.django_db
def test_stored_feed_entries_outlive_an_empty_cache(client, occurrence):
    from django.core.cache import cache

    from klocket.cache import local_pages

    first = client.get(reverse("calendar-ics")).content
    cache.clear()
    local_pages.clear()
    written, counting = _counting_writer()
    with counting:
        again = client.get(reverse("calendar-ics")).content
    assert written == []  # nothing written again: the entry was stored with the data
    assert again.count(b"BEGIN:VEVENT") == 1
    assert again.split(b"BEGIN:VEVENT")[1] == first.split(b"BEGIN:VEVENT")[1]


@pytest.mark.django_db
def test_feed_entries_are_kept_per_language(client, occurrence):
    from activities.models import FeedEntry

    occurrence.cancelled, occurrence.cancel_reason = True, "Sjuk ledare"
    occurrence.save()
    swedish = client.get(reverse("calendar-ics")).content.decode()
    english = client.get(reverse("calendar-ics"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The title is the Swedish one in both (no English title written): LANGUAGE=sv on SUMMARY.
    assert "SUMMARY;LANGUAGE=sv:Inställd: Läxhjälp" in swedish
    assert "SUMMARY;LANGUAGE=sv:Cancelled: Läxhjälp" in english
    assert FeedEntry.objects.filter(occurrence=occurrence).count() == 2


@pytest.mark.django_db
def test_entries_of_dates_that_left_the_window_are_removed(client, activity):
    import datetime as dt

    from django.utils import timezone

    from activities.models import FeedEntry, Occurrence

    now = timezone.now()
    old = Occurrence.objects.create(
        activity=activity, start=now - dt.timedelta(days=20), end=now - dt.timedelta(days=20) + dt.timedelta(hours=1)
    )
    coming = Occurrence.objects.create(
        activity=activity, start=now + dt.timedelta(days=2), end=now + dt.timedelta(days=2, hours=1)
    )
    client.get(reverse("calendar-ics"))
    assert set(FeedEntry.objects.values_list("occurrence_id", flat=True)) == {old.pk, coming.pk}
    Occurrence.objects.filter(pk=old.pk).update(start=now - dt.timedelta(days=60), end=now - dt.timedelta(days=59))
    coming.note = "Ny tid"  # a change: its entry is written again, and the old date's entry goes
    coming.save()
    client.get(reverse("calendar-ics"))
    assert set(FeedEntry.objects.values_list("occurrence_id", flat=True)) == {coming.pk}


@pytest.mark.django_db
def test_feed_is_answered_when_its_entries_cannot_be_stored(client, occurrence):
    from django.db import DatabaseError

    from activities.models import FeedEntry

    with mock.patch.object(FeedEntry.objects, "bulk_create", side_effect=DatabaseError("disk full")):
        response = client.get(reverse("calendar-ics"))
    assert response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") == 1
    assert not FeedEntry.objects.exists()


@pytest.mark.django_db
def test_no_copy_outlives_the_page_timeout(client, occurrence):
    # Pages show "today": with no edit at all, tomorrow's visitors still get tomorrow's page.
    import datetime as dt

    import time_machine
    from django.utils import timezone

    def today_section(response):
        return response.content.decode().split('id="today-heading"')[1].split("</section>")[0]

    url = reverse("home")
    noon_today = dt.datetime.combine(timezone.localdate(), dt.time(12), tzinfo=timezone.get_default_timezone())
    with time_machine.travel(noon_today, tick=False) as traveller:
        first = client.get(url)
        assert occurrence.get_absolute_url() not in today_section(first)  # the date is tomorrow
        assert client.get(url)["ETag"] == first["ETag"]  # served again while fresh
        traveller.shift(dt.timedelta(days=1))
        later = client.get(url)
    assert occurrence.get_absolute_url() in today_section(later)


@pytest.mark.parametrize(
    ("header", "gzipped"),
    [
        ("gzip", True),
        ("GZIP;Q=0.5", True),
        ("deflate, gzip;q=1.0, br", True),
        ("*", True),
        ("gzip;q=0", False),
        ("gzip;q=0.0, identity", False),
        ("GZIP;Q=0.000", False),
        ("*;q=0, gzip", True),
        ("gzip;q=0, *", False),
        ("br, deflate", False),
        ("gzip;q=nonsense", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_with_its_quality(rf, header, gzipped):
    from klocket.cache import _accepts_gzip

    assert _accepts_gzip(rf.get("/", HTTP_ACCEPT_ENCODING=header)) is gzipped


@pytest.mark.django_db
def test_stored_pages_keep_the_headers_their_view_set(client, occurrence):
    first = client.get(reverse("sitemap"))
    again = client.get(reverse("sitemap"))
    for response in (first, again):
        assert response["X-Robots-Tag"]  # set by Django's sitemap view
        assert response["Content-Type"].startswith("application/xml")
    ics = client.get(reverse("occurrence-ics", args=[occurrence.pk]))
    assert (
        client.get(reverse("occurrence-ics", args=[occurrence.pk]))["Content-Disposition"] == ics["Content-Disposition"]
    )


@pytest.mark.django_db
def test_version_is_bumped_again_when_the_change_commits(occurrence, django_capture_on_commit_callbacks):
    from klocket.cache import data_version

    with django_capture_on_commit_callbacks(execute=True):
        occurrence.note = "Ny tid"
        occurrence.save()
        during = data_version()  # a page rendered now would read the old rows under this version
    assert data_version() != during


@pytest.mark.django_db
def test_stored_feed_entries_are_written_anew_when_their_format_changes(client, occurrence):
    from activities import feeds

    client.get(reverse("calendar-ics"))
    written, counting = _counting_writer()
    with counting, mock.patch.object(feeds, "FEED_ENTRY_FORMAT", feeds.FEED_ENTRY_FORMAT + 1):
        client.get(reverse("calendar-ics") + "?dagar=100")  # another URL: not the cached page
    assert written == [occurrence.pk]


def _stored_pages(prefix):
    from django.core.cache import cache

    return [key for key in cache._cache if f"klocket:page:{prefix}:" in key]


@pytest.mark.django_db
def test_unknown_query_parameters_do_not_make_pages_of_their_own(client, occurrence):
    url = reverse("calendar")
    first = client.get(url).content.decode()
    for number in range(200):
        response = client.get(url, {"utm_source": f"campaign-{number}", "fbclid": str(number)})
        assert response.content.decode() == first  # the same page, served from the one stored copy
    assert len(_stored_pages("calendar_list")) == 1


@pytest.mark.django_db
def test_known_parameters_are_keyed_sorted_and_without_empty_ones(client, occurrence, venue):
    url = reverse("calendar")
    filtered = client.get(url, {"plats": venue.slug, "q": "läxhjälp"}).content.decode()
    assert "Läxhjälp" in filtered
    for query in ["?q=l%C3%A4xhj%C3%A4lp&plats=kunskapens-hus", "?plats=kunskapens-hus&form=&q=l%C3%A4xhj%C3%A4lp&x=1"]:
        assert client.get(url + query).content.decode() == filtered
    assert len(_stored_pages("calendar_list")) == 1
    # Another value of a parameter the page reads is another page.
    assert "Läxhjälp" not in client.get(url, {"q": "fotboll"}).content.decode()
    assert len(_stored_pages("calendar_list")) == 2


@pytest.mark.django_db
def test_the_shared_page_carries_no_parameter_of_the_first_visitor(client, occurrence):
    page = client.get(reverse("calendar"), {"utm_campaign": "evil-tracker", "q": "läxhjälp"}).content.decode()
    assert "evil-tracker" not in page  # e.g. in the language switch's ?next=
    assert "q%3Dl%25C3%25A4xhj%25C3%25A4lp" in page


@pytest.mark.django_db
def test_feeds_keep_their_days_ahead_parameter(client, occurrence):
    url = reverse("calendar-ics")
    client.get(url, {"dagar": "30", "utm": "1"})
    client.get(url, {"dagar": "30", "utm": "2"})
    client.get(url, {"dagar": "60"})
    assert len(_stored_pages("calendar_ics")) == 2
