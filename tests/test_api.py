"""The read-only JSON API (/api/v1/): what it shows, filters, pagination, caching, bad input."""

import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from activities.models import Activity, ActivityForm, Area, Language, Occurrence, Organisation, Venue
from activities.services import cancel_occurrence

ZONE = timezone.get_default_timezone()
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=ZONE)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day: str, hour: int = 16) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=ZONE)


def dated(activity, day, hour=16, hours=2, **extra):
    start = at(day, hour)
    return Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=hours), **extra)


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_openapi_document_is_3_1_and_lists_every_endpoint(client, db):
    document = get_json(client, "/api/v1/openapi.json")
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) >= {
        "/api/v1/events/",
        "/api/v1/events/{event_id}/",
        "/api/v1/activities/",
        "/api/v1/activities/{activity_id}/",
        "/api/v1/places/",
        "/api/v1/places/{slug}/",
        "/api/v1/partners/",
        "/api/v1/partners/{slug}/",
        "/api/v1/areas/",
    }


def test_event_carries_what_the_event_page_shows(client, activity, organisation_b):
    activity.co_organisers.add(organisation_b)
    activity.languages.set(Language.objects.filter(code="ar"))
    activity.cost = "20 kr"
    activity.how_to_join = "Kom förbi."
    activity.save()
    occurrence = dated(activity, "2026-11-26", note="Ta med penna")
    data = get_json(client, "/api/v1/events/")
    [event] = data["items"]
    assert event["id"] == occurrence.pk
    assert event["title"] == "Läxhjälp"
    assert event["start"] == "2026-11-26T16:00:00+01:00"
    assert event["end"] == "2026-11-26T18:00:00+01:00"
    assert event["time_zone"] == "Europe/Stockholm"
    assert event["status"] == "scheduled"
    assert event["cancellation_reason"] is None
    assert event["note"] == "Ta med penna"
    assert event["place"]["name"] == "Kunskapens hus"
    assert event["place"]["address"] == "Klockaretorpets centrum"
    assert event["place"]["area"] == {"slug": "klockaretorpet", "name": "Klockaretorpet"}
    assert [o["slug"] for o in event["organisers"]] == ["hyresgastforeningen", "sensus"]
    assert {a["code"] for a in event["audiences"]} == {"children", "youth"}
    assert [lang["code"] for lang in event["languages"]] == ["ar"]
    assert event["cost"] == "20 kr" and event["is_free"] is False
    assert event["how_to_join"] == "Kom förbi."
    assert event["url"] == f"http://testserver/evenemang/{occurrence.pk}/"
    assert event["ics_url"] == f"http://testserver/evenemang/{occurrence.pk}.ics"
    assert event["form"] == {"code": "oppen", "label": "Öppen verksamhet"}
    assert data["next_cursor"] is None and data["next"] is None
    assert get_json(client, f"/api/v1/events/{occurrence.pk}/") == event


@pytest.fixture
def hidden(organisation_a, venue):
    """Dates residents must never see: a draft, an internal meeting and a non-public activity."""
    rows = {}
    for key, extra in {
        "draft": {"status": Activity.Status.DRAFT},
        "internal": {"form": ActivityForm.INTERNAL_MEETING},
        "private": {"is_public": False},
    }.items():
        activity = Activity.objects.create(
            title=f"Hemlig {key}",
            organiser=organisation_a,
            venue=venue,
            status=extra.pop("status", Activity.Status.PUBLISHED),
            **extra,
        )
        rows[key] = dated(activity, "2026-11-26")
    return rows


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "superuser"])
def test_drafts_internal_and_private_never_appear(client_for, hidden, activity, role):
    client = client_for(role)
    dated(activity, "2026-11-26")
    for url in ["/api/v1/events/", "/api/v1/events/?q=Hemlig", "/api/v1/activities/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert b"Hemlig" not in response.content
    for occurrence in hidden.values():
        assert get_json(client, f"/api/v1/events/{occurrence.pk}/", status=404)["error"] == "not_found"
        assert client.get(f"/api/v1/activities/{occurrence.activity_id}/").status_code == 404
        assert b"Hemlig" not in client.get(f"/api/v1/events/?activity={occurrence.activity_id}").content


def test_inactive_places_and_partners_are_not_listed(client, venue, area, organisation_a):
    Venue.objects.create(name="Gamla huset", slug="gamla", area=area, is_active=False)
    Organisation.objects.create(name="Nedlagd förening", slug="nedlagd", is_active=False)
    assert [p["slug"] for p in get_json(client, "/api/v1/places/")] == ["kunskapens-hus"]
    assert [p["slug"] for p in get_json(client, "/api/v1/partners/")] == ["hyresgastforeningen"]
    assert get_json(client, "/api/v1/places/gamla/", status=404)["error"] == "not_found"
    assert get_json(client, "/api/v1/partners/nedlagd/", status=404)["error"] == "not_found"
    assert get_json(client, "/api/v1/areas/")[0]["slug"] == "klockaretorpet"


def test_cancelled_dates_stay_listed_as_cancelled(client, activity, organisation_a, venue):
    one = dated(activity, "2026-11-26")
    cancel_occurrence(occurrence=one, reason="Sjuk ledare")
    whole = Activity.objects.create(
        title="Inställd kurs", organiser=organisation_a, venue=venue, status=Activity.Status.CANCELLED
    )
    dated(whole, "2026-11-27")
    items = get_json(client, "/api/v1/events/")["items"]
    assert [(e["status"], e["cancellation_reason"]) for e in items] == [
        ("cancelled", "Sjuk ledare"),
        ("cancelled", "Hela aktiviteten är inställd."),
    ]


def test_past_dates_are_not_listed_unless_asked_for(client, activity):
    dated(activity, "2026-11-20")
    coming = dated(activity, "2026-11-26")
    assert [e["id"] for e in get_json(client, "/api/v1/events/")["items"]] == [coming.pk]
    assert len(get_json(client, "/api/v1/events/?from=2026-11-01")["items"]) == 2
    assert len(get_json(client, "/api/v1/events/?from=2026-11-01&to=2026-11-20")["items"]) == 1


def test_filters_are_the_calendars(client, activity, organisation_b, venue, area):
    other_area = Area.objects.create(name="Hageby", slug="hageby")
    far = Venue.objects.create(name="Hageby centrum", slug="hageby-centrum", area=other_area)
    sports = Activity.objects.create(
        title="Fotboll",
        summary="Spontanidrott",
        organiser=organisation_b,
        venue=far,
        form=ActivityForm.SPORTS,
        status=Activity.Status.PUBLISHED,
    )
    sports.languages.set(Language.objects.filter(code="ar"))
    homework = dated(activity, "2026-11-26")
    football = dated(sports, "2026-11-27")
    moved = dated(activity, "2026-11-28", venue=far)

    def ids(query):
        return [e["id"] for e in get_json(client, f"/api/v1/events/?{query}")["items"]]

    assert ids("area=klockaretorpet") == [homework.pk]
    assert ids("area=hageby") == [football.pk, moved.pk]
    assert ids("place=hageby-centrum") == [football.pk, moved.pk]
    assert ids("organiser=sensus") == [football.pk]
    assert ids("form=idrott") == [football.pk]
    assert ids("audience=children") == [homework.pk, moved.pk]
    assert ids("language=ar") == [football.pk]
    assert ids("q=spontan") == [football.pk]
    assert ids(f"activity={sports.pk}") == [football.pk]
    assert ids("to=2026-11-26") == [homework.pk]
    assert [a["id"] for a in get_json(client, "/api/v1/activities/?organiser=sensus")["items"]] == [sports.pk]
    assert [p["slug"] for p in get_json(client, "/api/v1/places/?area=hageby")] == ["hageby-centrum"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("colour=red", "colour"),
        ("place=nowhere", "place"),
        ("area=atlantis", "area"),
        ("organiser=nobody", "organiser"),
        ("audience=martians", "audience"),
        ("language=xx", "language"),
        ("form=internt_mote", "form"),
        ("from=2026-13-01", "from"),
        ("from=yesterday", "from"),
        ("from=0001-01-01", "from"),
        ("to=9999-12-31", "to"),
        ("updated_since=not-a-time", "updated_since"),
        ("limit=100000", "limit"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("activity=99999999999999999999999", "activity"),
        ("cursor=abc", "cursor"),
        ("q=" + "x" * 101, "q"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, activity, query, parameter):
    data = get_json(client, f"/api/v1/events/?{query}", status=400)
    assert data["parameter"] == parameter
    assert data["message"]


def test_bad_input_message_in_the_requested_language(client, db):
    assert (
        get_json(client, "/api/v1/events/?limit=0&lang=en", status=400)["message"] == "The value of limit is not valid."
    )
    swedish = get_json(client, "/api/v1/events/?limit=0&lang=tlh", status=400)["message"]
    assert swedish == "Värdet av limit är inte giltigt."


def test_tampered_cursor_is_refused(client, activity):
    for day in ["2026-11-26", "2026-11-27"]:
        dated(activity, day)
    cursor = get_json(client, "/api/v1/events/?limit=1")["next_cursor"]
    start, pk = signing.loads(cursor, salt="api.events.cursor")
    forged = cursor.replace(cursor.split(":")[0], signing.dumps([start, pk + 1], salt="x").split(":")[0])
    assert get_json(client, f"/api/v1/events/?limit=1&cursor={forged}", status=400)["parameter"] == "cursor"
    assert get_json(client, f"/api/v1/events/?limit=1&cursor={cursor}x", status=400)["parameter"] == "cursor"


def test_unknown_language_falls_back_to_swedish(client, activity):
    dated(activity, "2026-11-26")
    english = get_json(client, "/api/v1/events/?lang=en")["items"][0]
    assert english["form"]["label"] == "Open activity"
    assert get_json(client, "/api/v1/events/?lang=en")["items"][0]["audiences"][0]["label"] == "Children"
    for lang in ["xx", "de", ""]:  # unknown, or not one of the site's languages
        assert get_json(client, f"/api/v1/events/?lang={lang}")["items"][0]["form"]["label"] == "Öppen verksamhet"


def test_cursor_pages_through_every_date_once_in_order(client, activity):
    created = [dated(activity, "2026-11-26", hour=hour).pk for hour in (9, 10, 10, 11, 12)]
    seen, url = [], "/api/v1/events/?limit=2"
    while url:
        data = get_json(client, url)
        seen += [e["id"] for e in data["items"]]
        url = data["next"]
    assert seen == sorted(created, key=lambda pk: (Occurrence.objects.get(pk=pk).start, pk))
    assert len(set(seen)) == 5


def test_updated_since_returns_what_changed_including_cancellations(client, activity, organisation_a, venue):
    unchanged = dated(activity, "2026-11-26")
    cancelled = dated(activity, "2026-11-27")
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        cancel_occurrence(occurrence=cancelled, reason="Stängt")
        renamed = Activity.objects.create(title="Ny", organiser=organisation_a, venue=venue, status="published")
        new = dated(renamed, "2026-11-28")
    since = (NOW + dt.timedelta(hours=1)).isoformat()
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        items = get_json(client, "/api/v1/events/", data={"updated_since": since}) if False else None
        from urllib.parse import quote

        items = get_json(client, f"/api/v1/events/?updated_since={quote(since)}")["items"]
    assert [(e["id"], e["status"]) for e in items] == [(cancelled.pk, "cancelled"), (new.pk, "scheduled")]
    assert unchanged.pk not in [e["id"] for e in items]


def test_responses_are_cached_with_etag_and_refreshed_on_change(client, activity, django_assert_num_queries):
    occurrence = dated(activity, "2026-11-26")
    first = client.get("/api/v1/events/")
    etag = first["ETag"]
    with django_assert_num_queries(0):
        again = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    occurrence.note = "Ny lokal"
    occurrence.save()
    changed = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["items"][0]["note"] == "Ny lokal"


def test_cors_for_any_origin_without_cookies(client, activity):
    dated(activity, "2026-11-26")
    response = client.get("/api/v1/events/", HTTP_ORIGIN="https://www.svenskakyrkan.se")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert not response.cookies
    preflight = client.options(
        "/api/v1/events/", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # The rest of the portal stays same-origin.
    assert "Access-Control-Allow-Origin" not in client.get("/kalender/", HTTP_ORIGIN="https://example.org")


def test_rate_limit_per_client_with_retry_after(client, db, settings):
    settings.KLOCKET_API_RATE = "3/m"
    for _ in range(3):
        assert client.get("/api/v1/areas/").status_code == 200
    refused = client.get("/api/v1/areas/")
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get("/api/v1/areas/", REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.parametrize("rows", [2, 30])
def test_event_list_queries_do_not_grow_with_the_data(
    client, activity, organisation_b, rows, django_assert_num_queries
):
    activity.co_organisers.add(organisation_b)
    activity.languages.set(Language.objects.all()[:2])
    for index in range(rows):
        dated(activity, "2026-11-26", hour=8 + index % 12)
    # Events, co-organisers, audiences, languages; a filter adds the lookup of its value.
    with django_assert_num_queries(4):
        assert len(get_json(client, "/api/v1/events/?limit=100")["items"]) == rows
    with django_assert_num_queries(5):
        assert len(get_json(client, "/api/v1/events/?limit=100&organiser=hyresgastforeningen")["items"]) == rows
    with django_assert_num_queries(4):
        assert len(get_json(client, "/api/v1/activities/")["items"]) == 1


def test_calendar_pages_filter_by_area_too(client, activity, organisation_b):
    """The area filter lives in CalendarFilters: the calendar pages read it as ``omrade``."""
    other = Area.objects.create(name="Hageby", slug="hageby")
    far = Venue.objects.create(name="Hageby centrum", slug="hageby-centrum", area=other)
    far_activity = Activity.objects.create(
        title="Fotboll i Hageby", organiser=organisation_b, venue=far, status="published"
    )
    dated(activity, "2026-11-26")
    dated(far_activity, "2026-11-26")
    page = client.get("/kalender/?omrade=hageby").content.decode()
    assert "Fotboll i Hageby" in page and "Läxhjälp" not in page
    assert "Läxhjälp" in client.get("/kalender/?omrade=klockaretorpet").content.decode()
