"""The API's page, the embeddable calendar (iframe) and the snippet builder."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.models import Activity, Occurrence
from api.models import EmbedOrigin, normalised_origin


def dated(activity, days=1, **extra):
    start = timezone.now() + dt.timedelta(days=days)
    return Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=2), **extra)


@pytest.mark.parametrize("language, heading", [("sv", "Kalenderns öppna API"), ("en", "The calendar's open API")])
def test_api_page_in_swedish_and_english(client, db, language, heading):
    page = client.get("/api/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in page
    assert "/api/v1/openapi.json" in page
    assert "/api/v1/events/?area=klockaretorpet" in page


def test_iframe_lists_public_dates_and_links_to_the_portal(client, activity, organisation_a, venue):
    occurrence = dated(activity)
    draft = Activity.objects.create(title="Hemligt utkast", organiser=organisation_a, venue=venue)
    dated(draft)
    response = client.get("/inbaddning/kalender/?area=klockaretorpet&limit=3")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Läxhjälp" in page and "Hemligt" not in page
    assert f'href="http://testserver/evenemang/{occurrence.pk}/" target="_top"' in page
    assert "/kalender/?omrade=klockaretorpet" in page


def test_iframe_may_be_framed_only_by_listed_partner_origins(client, activity):
    dated(activity)
    refused = client.get("/inbaddning/kalender/")
    assert "frame-ancestors 'self'" in refused["Content-Security-Policy"]
    assert "*" not in refused["Content-Security-Policy"].split("frame-ancestors")[1].split(";")[0]
    assert "X-Frame-Options" not in refused
    EmbedOrigin.objects.create(origin="https://www.svenskakyrkan.se/")
    allowed = client.get("/inbaddning/kalender/")  # cached page, fresh header
    assert "frame-ancestors 'self' https://www.svenskakyrkan.se" in allowed["Content-Security-Policy"]
    # Every other page of the portal still refuses to be framed.
    assert "frame-ancestors 'none'" in client.get("/kalender/")["Content-Security-Policy"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("https://www.example.org/", "https://www.example.org"),
        ("HTTPS://Example.ORG", "https://example.org"),
        ("http://127.0.0.1:8123", "http://127.0.0.1:8123"),
    ],
)
def test_origins_are_normalised(value, expected):
    assert normalised_origin(value) == expected


@pytest.mark.parametrize(
    "value",
    ["*", "https://*.example.org", "example.org", "https://example.org/kalender", "javascript:x", "ftp://x.org", ""],
)
def test_anything_but_an_origin_is_refused(value):
    with pytest.raises(ValidationError):
        normalised_origin(value)


def test_iframe_bad_input_is_a_clear_400(client, db):
    response = client.get("/inbaddning/kalender/?organiser=nobody")
    assert response.status_code == 400
    assert "nobody" in response.content.decode()
    assert client.get("/inbaddning/kalender/?limit=500").status_code == 400


def test_builder_writes_both_snippets_with_the_chosen_filters(client, activity, organisation_a):
    dated(activity)
    page = client.get("/inbaddning/?area=klockaretorpet&organiser=hyresgastforeningen&limit=3&lang=ar").content.decode()
    assert (
        "&lt;script src=&quot;http://testserver/static/embed/klocket-calendar.js&quot; defer&gt;&lt;/script&gt;" in page
    )
    assert (
        "&lt;klocket-calendar area=&quot;klockaretorpet&quot; organiser=&quot;hyresgastforeningen&quot; "
        "limit=&quot;3&quot; lang=&quot;ar&quot;&gt;"
    ) in page
    assert "&lt;noscript&gt;" in page
    assert (
        "/inbaddning/kalender/?area=klockaretorpet&amp;amp;organiser=hyresgastforeningen&amp;amp;limit=3&amp;amp;lang=ar"
        in page
    )
    # The preview: the element itself and the iframe.
    assert '<klocket-calendar area="klockaretorpet" organiser="hyresgastforeningen" limit="3" lang="ar">' in page
    assert '<iframe class="embed-preview-frame" src="http://testserver/inbaddning/kalender/?area=klockaretorpet' in page


def test_builder_keeps_working_with_a_bad_value(client, db):
    response = client.get("/inbaddning/?organiser=nobody")
    assert response.status_code == 400
    assert "nobody" in response.content.decode()
    assert "klocket-calendar" in response.content.decode()


def test_builder_and_iframe_queries_stay_constant(client, activity, django_assert_max_num_queries):
    for days in range(1, 8):
        dated(activity, days)
    with django_assert_max_num_queries(8):
        client.get("/inbaddning/?limit=5")
    with django_assert_max_num_queries(3):
        client.get("/inbaddning/kalender/?limit=20")
