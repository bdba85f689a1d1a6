"""The public calendar in a real browser: a resident on a phone filters, opens an event and
takes it to their own calendar; every calendar page is axe-clean in Swedish and English."""

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from activities.models import Activity, ActivityForm, Audience, Occurrence, Venue
from tests.e2e.conftest import assert_no_axe_violations, assert_no_horizontal_scroll


def tomorrow_at(hour):
    from django.utils import timezone

    day = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)), timezone.get_default_timezone())


@pytest.fixture
def calendar_data(portal_data, activity, area, organisation_b):
    """Homework help for youth at Kunskapens hus, football for adults at Idrottens hus."""
    sports_hall = Venue.objects.create(name="Idrottens hus", slug="idrottens-hus", area=area)
    football = Activity.objects.create(
        title="Fotboll för vuxna",
        organiser=organisation_b,
        venue=sports_hall,
        form=ActivityForm.SPORTS,
        status=Activity.Status.PUBLISHED,
    )
    football.audiences.set(Audience.objects.filter(code="adults"))
    homework = Occurrence.objects.create(activity=activity, start=tomorrow_at(16), end=tomorrow_at(18))
    Occurrence.objects.create(activity=football, start=tomorrow_at(18), end=tomorrow_at(20))
    Occurrence.objects.create(
        activity=activity,
        start=tomorrow_at(16) + dt.timedelta(days=7),
        end=tomorrow_at(18) + dt.timedelta(days=7),
        cancelled=True,
        cancel_reason="Lokalen är upptagen",
    )
    return {"homework": homework, "football": football}


def test_resident_filters_opens_event_and_downloads_ics(phone_page, calendar_data):
    page = phone_page
    page.goto("/kalender/")
    expect(page.get_by_role("heading", level=1, name="Kalender")).to_be_visible()
    expect(page.get_by_text("Fotboll för vuxna")).to_be_visible()
    expect(page.get_by_text("Lokalen är upptagen")).to_be_visible()

    page.get_by_text("Filtrera kalendern").click()
    page.get_by_label("Hus eller plats").select_option(label="Kunskapens hus")
    page.get_by_label("För vem").select_option("youth")
    page.get_by_role("button", name="Visa").click()
    assert "plats=kunskapens-hus" in page.url and "for=youth" in page.url
    expect(page.get_by_text("Fotboll för vuxna")).to_have_count(0)
    expect(page.get_by_role("link", name="Läxhjälp").first).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)

    page.get_by_role("link", name="Läxhjälp").first.click()
    expect(page.get_by_role("heading", level=1, name="Läxhjälp")).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lägg till i min kalender").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Läxhjälp"]
    assert events[0]["DTSTART"].params.get("TZID") == "Europe/Stockholm"


@pytest.mark.parametrize("device", ["page", "phone_page"], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["sv-SE", "en-GB"])
def test_calendar_pages_are_accessible(request, device, language, calendar_data, new_page):
    from django.utils import timezone

    size = request.getfixturevalue(device).viewport_size
    page = new_page(viewport=size, locale=language)
    today = timezone.localdate()
    week = today.isocalendar()
    event = calendar_data["homework"].get_absolute_url()
    for path in [
        "/",
        "/kalender/",
        f"/kalender/{today.year}/{today.month}/",
        f"/kalender/vecka/{week[0]}/{week[1]}/",
        f"/kalender/{today.year}/{today.month}/{today.day}/",
        event,
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", language[:2])
        assert_no_axe_violations(page)
        assert_no_horizontal_scroll(page)


def test_calendar_works_without_javascript(new_page, calendar_data):
    page = new_page(java_script_enabled=False)
    page.goto("/kalender/")
    page.get_by_text("Filtrera kalendern").click()
    page.get_by_label("Sök").fill("fotboll")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("link", name="Fotboll för vuxna")).to_be_visible()
    expect(page.get_by_role("link", name="Läxhjälp")).to_have_count(0)
    page.get_by_role("link", name="Månad").click()
    assert "q=fotboll" in page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kalender")
