"""Public pages show results without anything personal or private; staff pages work on bad input;
list pages keep their query count as the data grows."""

import datetime as dt

import pytest
from django.urls import reverse

from safety_walks import services
from safety_walks.models import Status
from tests.test_safety_walks_support import (
    FIRST_WALK,
    NEXT_WALK,
    advance,
    camera_photo,
    make_deficiency,
    make_report,
    make_walk,
    media,  # noqa: F401
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def walked(area, organisation_a, users):
    walk = make_walk(area, notes="Privat: Kalle var sjuk.", summary="Vi gick runt centrum.", residents=7, youth=3)
    visible = make_deficiency(
        walk,
        party=organisation_a,
        place="Gångvägen vid skolan",
        private_note="Privat anteckning om grannen",
        latitude="58.577500",
        longitude="16.137800",
        photo=camera_photo(),
        photo_public=True,
    )
    services.add_photo(deficiency=visible, image=camera_photo(), description="Privat foto", is_public=False)
    hidden = make_deficiency(walk, place="Källardörren som går att bända upp", is_public=False)
    return {"walk": walk, "visible": visible, "hidden": hidden}


def test_public_walk_page_shows_results_by_category_and_nothing_private(client, walked):
    walk = walked["walk"]
    advance(walked["visible"], Status.HANDED_OVER, Status.ACCEPTED, Status.FIXED)
    response = client.get(walk.get_public_url(), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Vi gick runt centrum." in body and "Gångvägen vid skolan" in body
    assert "Deficiencies by category" in body and "Lighting" in body and "Fixed since" in body
    assert "Kalle" not in body and "Privat anteckning" not in body
    assert "Källardörren" not in body
    assert "10 people" in body


def test_public_list_and_detail_show_only_public_photos_and_no_notes(client, walked):
    visible = walked["visible"]
    public_photo, private_photo = visible.photos.order_by("pk")
    listing = client.get(reverse("sw-public-deficiencies"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Gångvägen vid skolan" in listing and "Källardörren" not in listing
    assert 'id="map-points"' in listing and 'id="deficiency-map"' in listing and "hidden" in listing
    detail = client.get(visible.get_public_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert public_photo.public_thumbnail_url in detail
    assert str(private_photo.key) not in detail and "Privat foto" not in detail
    assert "Privat anteckning" not in detail
    assert client.get(private_photo.public_url).status_code == 404
    assert client.get(walked["hidden"].get_public_url()).status_code == 404
    assert client.get(reverse("sw-public-photo", args=[public_photo.key, "huge"])).status_code == 404


def test_private_walk_and_future_walk_are_not_public(client, area, walked):
    walk = walked["walk"]
    walk.is_public = False
    walk.save()
    assert client.get(walk.get_public_url()).status_code == 404
    assert client.get(walked["visible"].get_public_url()).status_code == 404
    future = make_walk(area, dt.date.today() + dt.timedelta(days=30))
    assert client.get(future.get_public_url()).status_code == 404


def test_public_list_filters_and_bad_filters(client, walked):
    visible = walked["visible"]
    advance(visible, Status.HANDED_OVER, Status.ACCEPTED, Status.FIXED)
    body = client.get(reverse("sw-public-deficiencies") + "?status=open", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Gångvägen vid skolan" not in body
    body = client.get(reverse("sw-public-deficiencies") + "?status=fixed&kategori=lighting").content.decode()
    assert "Gångvägen vid skolan" in body
    response = client.get(reverse("sw-public-deficiencies") + "?status=<script>&sida=xyz", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The filter was not understood" in response.content.decode()
    assert "<script>" not in response.content.decode().split('id="main"')[1].split("</main>")[0]


def test_map_points_carry_no_private_data(client, walked):
    response = client.get(reverse("sw-public-deficiencies"))
    points = response.context["map_points"]
    assert len(points) == 1
    assert set(points[0]) == {"lat", "lng", "place", "category", "status", "fixed", "url"}


def test_declined_is_shown_as_closed_not_fixed_with_its_reason(client, walked):
    advance(walked["visible"], Status.HANDED_OVER, Status.DECLINED)
    body = client.get(walked["visible"].get_public_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Closed, not fixed" in body and "Ingen budget." in body


def test_public_pages_offer_the_place_in_words_without_javascript(client, walked):
    body = client.get(reverse("sw-public-deficiencies")).content.decode()
    assert "<noscript" not in body
    assert "Gångvägen vid skolan" in body.split('id="deficiency-map"')[1]


def test_deficiency_form_without_category_or_place_keeps_the_rest(client_for, area):
    walk = make_walk(area)
    response = client_for("coordinator").post(
        reverse("sw-deficiency-add", args=[walk.pk]),
        {"category": "", "place": "", "description": "Trasig lampa", "priority": "high", "latitude": "58.1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose a category." in body and "Say where the deficiency is." in body
    assert "Give both latitude and longitude" in body
    assert "Trasig lampa</textarea>" in body and 'value="58.1"' in body


def test_save_and_add_another_returns_to_an_empty_form(client_for, area):
    walk = make_walk(area)
    response = client_for("coordinator").post(
        reverse("sw-deficiency-add", args=[walk.pk]),
        {"category": "litter", "place": "Torget", "priority": "low", "add_another": "1"},
    )
    assert response["Location"] == reverse("sw-deficiency-add", args=[walk.pk])


def test_walk_form_refuses_bad_dates_and_a_second_walk_the_same_day(client_for, area):
    client = client_for("coordinator")
    data = {"date": "2020-09-21", "area": area.pk, "residents": 3, "youth": 0, "staff": 0, "police": 0, "others": 0,
            "is_public": "on", "preparation_meeting_on": "2020-09-30", "route": "Runt torget"}  # fmt: skip
    response = client.post(reverse("sw-walk-create"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert "The preparation meeting comes before the walk." in response.content.decode()
    assert 'value="Runt torget"' in response.content.decode() or "Runt torget</textarea>" in response.content.decode()
    data["preparation_meeting_on"] = "2020-09-14"
    assert client.post(reverse("sw-walk-create"), data).status_code == 302
    response = client.post(reverse("sw-walk-create"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "already a walk in this area on this day" in response.content.decode()
    response = client.post(
        reverse("sw-walk-create"), {**data, "date": "21/9", "residents": "-2"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and "Enter a valid date." in response.content.decode()


def test_status_page_refuses_a_skipped_step_and_a_declined_without_reason(client_for, area, organisation_a):
    deficiency = advance(make_deficiency(make_walk(area), party=organisation_a), Status.HANDED_OVER)
    url = reverse("sw-deficiency-status", args=[deficiency.pk])
    client = client_for("partner_a")
    response = client.post(url, {"to_status": "fixed", "on": "2020-09-20"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = client.post(
        url, {"to_status": "declined", "on": "2020-09-20", "note": "Kvar"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Say why the deficiency will not be fixed." in response.content.decode()
    assert "Kvar</textarea>" in response.content.decode()
    response = client.post(url, {"to_status": "accepted", "on": "2020-09-20"})
    assert response.status_code == 302
    deficiency.refresh_from_db()
    assert deficiency.status == Status.ACCEPTED


def test_status_change_in_the_past_before_found_is_refused(client_for, area, organisation_a):
    deficiency = advance(make_deficiency(make_walk(area), party=organisation_a), Status.HANDED_OVER, Status.ACCEPTED)
    response = client_for("coordinator").post(
        reverse("sw-deficiency-status", args=[deficiency.pk]),
        {"to_status": "fixed", "on": "2019-01-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "cannot be fixed before it was found" in response.content.decode()


def test_partner_sees_only_what_was_handed_to_their_organisation(client_for, area, organisation_a):
    walk = make_walk(area)
    not_yet = make_deficiency(walk, party=organisation_a)
    handed = advance(make_deficiency(walk, party=organisation_a), Status.HANDED_OVER)
    assert client_for("partner_a").get(not_yet.get_absolute_url()).status_code == 404
    assert client_for("partner_a").get(handed.get_absolute_url()).status_code == 200
    response = client_for("partner_b").post(
        reverse("sw-deficiency-status", args=[handed.pk]), {"to_status": "accepted", "on": "2020-09-20"}
    )
    assert response.status_code == 404
    handed.refresh_from_db()
    assert handed.status == Status.HANDED_OVER


def test_checklist_page_records_results(client_for, area, organisation_a):
    first = make_walk(area)
    lamp = advance(make_deficiency(first, party=organisation_a, place="Lampan"), Status.HANDED_OVER)
    bush = make_deficiency(first, place="Busken")
    second = make_walk(area, NEXT_WALK)
    client = client_for("coordinator")
    page = client.get(reverse("sw-checklist", args=[second.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Lampan" in page and "Busken" in page and "Partly fixed" in page
    response = client.post(
        reverse("sw-checklist", args=[second.pk]),
        {f"result_{lamp.pk}": "fixed", f"note_{lamp.pk}": "Ny lampa", f"result_{bush.pk}": "not_fixed"},
    )
    assert response.status_code == 302
    lamp.refresh_from_db()
    bush.refresh_from_db()
    assert lamp.status == Status.VERIFIED and bush.status == Status.OBSERVED
    walk_page = client.get(second.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Earlier deficiencies checked at this walk" in walk_page and "Lampan" in walk_page
    response = client.post(reverse("sw-checklist", args=[second.pk]), {f"result_{bush.pk}": "maybe"})
    assert response.status_code == 200


def _grow(area, organisation_a, n, start):
    walk = make_walk(area, start)
    for i in range(n):
        item = make_deficiency(walk, party=organisation_a, place=f"Plats {i}", photo=camera_photo() if i < 2 else None,
                               photo_public=True, latitude="58.5", longitude="16.1")  # fmt: skip
        advance(item, Status.HANDED_OVER)
    make_report(area)
    return walk


@pytest.mark.parametrize(
    ("role", "url_of"),
    [
        ("anonymous", lambda walk, org: reverse("sw-public-walks")),
        ("anonymous", lambda walk, org: reverse("sw-public-deficiencies")),
        ("anonymous", lambda walk, org: walk.get_public_url()),
        ("coordinator", lambda walk, org: reverse("sw-walks")),
        ("coordinator", lambda walk, org: walk.get_absolute_url()),
        ("coordinator", lambda walk, org: reverse("sw-handover", args=[walk.pk, org.slug])),
        ("coordinator", lambda walk, org: reverse("sw-handover-xlsx", args=[walk.pk, org.slug])),
        ("coordinator", lambda walk, org: reverse("sw-followup-index")),
        ("coordinator", lambda walk, org: reverse("sw-followup", args=[org.slug])),
        ("coordinator", lambda walk, org: reverse("sw-reports")),
        ("coordinator", lambda walk, org: reverse("sw-checklist", args=[make_walk(walk.area, NEXT_WALK).pk])),
        ("partner_a", lambda walk, org: reverse("sw-followup", args=[org.slug])),
    ],
    ids=[
        "public-walks",
        "public-list",
        "public-walk",
        "staff-walks",
        "staff-walk",
        "handover",
        "xlsx",
        "followup-index",
        "followup",
        "reports",
        "checklist",
        "partner-followup",
    ],  # fmt: skip
)
def test_query_count_does_not_grow_with_the_data(
    client_for, area, organisation_a, django_assert_num_queries, role, url_of
):
    client = client_for(role)
    small = _grow(area, organisation_a, 2, FIRST_WALK)
    url = url_of(small, organisation_a)
    client.get(url)  # warm up: sessions, content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        first = client.get(url)
    for extra_day in range(2):
        _grow(area, organisation_a, 6, FIRST_WALK + dt.timedelta(days=extra_day + 1))
    for i in range(6):
        advance(make_deficiency(small, party=organisation_a, place=f"Mer {i}"), Status.HANDED_OVER)
    with django_assert_num_queries(len(before.captured_queries)):
        second = client.get(url)
    assert first.status_code == second.status_code


def test_public_deficiency_shows_the_place_in_words_and_coordinates_only_as_a_map_link(client, walked):
    response = client.get(walked["visible"].get_public_url(), HTTP_ACCEPT_LANGUAGE="sv")
    body = response.content.decode()
    place = body.split("<dt>Plats</dt>")[1].split("</dd>")[0]
    assert place.startswith("<dd>Gångvägen vid skolan")
    assert "58,5775" not in body and "58.577500" not in body and "16,1378" not in place
    assert "https://www.openstreetmap.org/?mlat=58.57750&amp;mlon=16.13780#map=18/58.57750/16.13780" in place
    assert "Visa på karta" in place


def test_public_history_shows_lines_that_read_the_same_once(client, walked, django_assert_num_queries):
    deficiency = walked["visible"]
    first = deficiency.status_changes.get()
    queries_with_one_step = len(_queries_of(client, deficiency))
    # The same status recorded again at two later walks, seen the same way: one line with its dates.
    for day in (NEXT_WALK, NEXT_WALK + dt.timedelta(days=30)):
        deficiency.status_changes.create(from_status=first.to_status, to_status=first.to_status, changed_on=day)
    advance(deficiency, Status.HANDED_OVER)
    with django_assert_num_queries(queries_with_one_step):  # the history is one query however long
        response = client.get(deficiency.get_public_url(), HTTP_ACCEPT_LANGUAGE="en")
    timeline = response.content.decode().split('class="sw-timeline"')[1].split("</ol>")[0]
    assert timeline.count("<li>") == 2
    assert timeline.count("Observed") == 1 and "Handed over" in timeline
    assert f'datetime="{NEXT_WALK + dt.timedelta(days=30):%Y-%m-%d}"' in timeline


def _queries_of(client, deficiency):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(deficiency.get_public_url())
    return captured.captured_queries
