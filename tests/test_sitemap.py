"""The sitemap: public pages, active partners and venues, coming public dates; nothing hidden."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import sitemaps
from activities.models import Activity, ActivityForm, Occurrence, Organisation, Venue

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client) -> list[str]:
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return [url.findtext(f"{SITEMAP}loc") for url in ET.fromstring(response.content).iter(f"{SITEMAP}url")]


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def add_date(activity, days: float) -> Occurrence:
    start = timezone.now() + dt.timedelta(days=days)
    return Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=2))


@pytest.mark.django_db
def test_sitemap_lists_public_pages_partners_venues_and_coming_dates(client, occurrence, organisation_b, venue):
    urls = locations(client)
    pages = ["home", "calendar", "organisation-list", "venue-list"]
    about = ["about-easy-read", "about-accessibility", "about-feedback", "about-privacy", "about-cookies"]
    for name in pages + about:
        assert absolute(reverse(name)) in urls
    assert absolute(occurrence.activity.organiser.get_absolute_url()) in urls
    assert absolute(organisation_b.get_absolute_url()) in urls
    assert absolute(venue.get_absolute_url()) in urls
    assert absolute(occurrence.get_absolute_url()) in urls
    assert len(urls) == len(set(urls)) == 8 + len(about)


@pytest.mark.django_db
def test_sitemap_leaves_out_inactive_partners_and_venues(client, organisation_a, area):
    organisation_a.is_active = False
    organisation_a.save()
    closed = Venue.objects.create(name="Gamla lokalen", slug="gamla-lokalen", area=area, is_active=False)
    urls = locations(client)
    assert absolute(organisation_a.get_absolute_url()) not in urls
    assert absolute(closed.get_absolute_url()) not in urls


@pytest.mark.django_db
def test_sitemap_leaves_out_past_and_hidden_dates(client, organisation_a, venue, occurrence):
    past = add_date(occurrence.activity, -3)
    hidden = [
        add_date(Activity.objects.create(title=title, organiser=organisation_a, venue=venue, **fields), 1)
        for title, fields in [
            ("Utkast", {"status": Activity.Status.DRAFT}),
            (
                "Projektgrupp",
                {"status": Activity.Status.PUBLISHED, "form": ActivityForm.INTERNAL_MEETING, "is_public": True},
            ),
            ("Stängd", {"status": Activity.Status.PUBLISHED, "is_public": False}),
        ]
    ]
    urls = locations(client)
    assert absolute(occurrence.get_absolute_url()) in urls
    for left_out in [past, *hidden]:
        assert absolute(left_out.get_absolute_url()) not in urls


@pytest.mark.django_db
def test_sitemap_lists_the_nearest_dates_up_to_its_limit(client, activity, monkeypatch):
    monkeypatch.setattr(sitemaps, "MAX_OCCURRENCES", 3)
    dates = [add_date(activity, days) for days in (5, 1, 4, 2, 3)]
    event_urls = [url for url in locations(client) if "/evenemang/" in url]
    nearest = sorted(dates, key=lambda occurrence: occurrence.start)[:3]
    assert event_urls == [absolute(occurrence.get_absolute_url()) for occurrence in nearest]


@pytest.mark.django_db
def test_sitemap_query_count_does_not_grow(client, area, activity, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            count = Venue.objects.count()
            Venue.objects.create(name=f"Plats {count}", slug=f"plats-{count}", area=area)
            Organisation.objects.create(name=f"Förening {count}", slug=f"forening-{count}")
            add_date(activity, count + 1)

    add(2)
    with django_assert_num_queries(6) as small:
        client.get(reverse("sitemap"))
    add(18)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("sitemap"))
