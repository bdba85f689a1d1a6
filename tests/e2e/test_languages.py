"""Arabic (right to left) and Somali in a real browser at 360 px (issue 18).

Home, the calendar, an event, the residents' report form and the safety survey: axe-clean
(WCAG 2.1 A/AA), `lang` and `dir` right, nothing to scroll sideways; in Arabic the month grid
and the previous/next links read right to left; the Tigrinya name renders with the vendored
Noto Sans Ethiopic font, so it never shows as empty boxes.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_no_axe_violations, assert_no_horizontal_scroll


@pytest.fixture
def resident_pages(portal_data, occurrence):
    from activities.models import Language
    from goals.models import SurveyWave

    occurrence.activity.languages.set(Language.objects.filter(code__in=["ar", "so", "ti"]))
    today = timezone.localdate()
    SurveyWave.objects.create(
        name="Hösten", opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=9)
    )
    return {
        "home": reverse("home"),
        "calendar": reverse("calendar"),
        "month": reverse("calendar-month", args=[today.year, today.month]),
        "event": occurrence.get_absolute_url(),
        "report": reverse("sw-report"),
        "survey": reverse("goals-survey"),
    }


def open_in(new_page, live_server, language, viewport=PHONE):
    page = new_page(viewport=viewport)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return page


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("so", "ltr")])
def test_resident_pages_at_360px(new_page, live_server, resident_pages, language, direction):
    page = open_in(new_page, live_server, language)
    for name, path in resident_pages.items():
        response = page.goto(path)
        assert response.status == 200, name
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("html")).to_have_attribute("dir", direction)
        assert page.evaluate("getComputedStyle(document.body).direction") == direction
        # The footer says that this first translation has not been reviewed yet.
        expect(page.locator(".translation-status")).to_be_visible()
        assert_no_axe_violations(page)
        assert_no_horizontal_scroll(page)


def test_arabic_grids_and_pagers_read_right_to_left(new_page, live_server, resident_pages):
    page = open_in(new_page, live_server, "ar", viewport={"width": 1280, "height": 800})
    page.goto(resident_pages["month"])
    headers = page.locator(".calendar-month thead th")
    first, last = headers.first.bounding_box(), headers.last.bounding_box()
    assert first["x"] > last["x"], "Monday should be the rightmost column"
    pager = page.locator("nav.calendar-pager a.btn")
    previous, following = pager.first.bounding_box(), pager.last.bounding_box()
    assert previous["x"] > following["x"], "the previous month should be on the right"
    arrow = page.locator("nav.calendar-pager .pager-arrow").first
    assert arrow.evaluate("el => getComputedStyle(el).transform").startswith("matrix(-1")
    # The Bootstrap of that direction: a start margin is on the right.
    assert "bootstrap.rtl.min.css" in page.locator("link[rel=stylesheet]").first.get_attribute("href")


def test_somali_dates_name_the_month_in_somali(new_page, live_server, resident_pages):
    page = open_in(new_page, live_server, "so")
    page.goto(resident_pages["month"])
    months = ["Janaayo", "Febraayo", "Maarso", "Abriil", "May", "Juun", "Luuliyo", "Ogost", "Sebtembar", "Oktoobar", "Nofeembar", "Diseembar"]  # fmt: skip
    expect(page.locator("h1")).to_contain_text(months[timezone.localdate().month - 1])


@pytest.mark.parametrize("language", ["sv", "ti"])
def test_tigrinya_renders_with_the_vendored_font(new_page, live_server, resident_pages, language):
    page = open_in(new_page, live_server, language, viewport={"width": 1280, "height": 800})
    page.goto(resident_pages["event"])
    page.evaluate("document.fonts.ready")
    page.wait_for_function(
        "[...document.fonts].some(f => f.family.includes('Noto Sans Ethiopic') && f.status === 'loaded')"
    )
    name = page.locator("[lang=ti]", has_text="ትግርኛ").first
    expect(name).to_be_visible()
    assert "Noto Sans Ethiopic" in name.evaluate("el => getComputedStyle(el).fontFamily")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Ethiopic\"', 'ትግርኛ')")
    # The face was fetched because the page shows Ethiopic script (unicode-range), and it draws
    # the name: the canvas measures real glyphs of that font, not zero-width or missing ones.
    width = page.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d');
            c.font = '32px "Noto Sans Ethiopic"'; return c.measureText('ትግርኛ').width; }"""
    )
    assert width > 40, width


def test_tally_counters_and_presence_grid_work_in_arabic_at_360px(new_page, live_server, portal_data, activity):
    from tests.e2e.conftest import login
    from tests.test_attendance_helpers import circle_with_presence, held_today

    occurrence = held_today(activity)
    circle, _people = circle_with_presence(portal_data["organisation_a"], portal_data["venue"])
    session = circle.occurrences.order_by("start").first()
    page = open_in(new_page, live_server, "ar")
    login(page, live_server, "partner-a")
    page.goto(f"/personal/narvaro/tillfalle/{occurrence.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_no_horizontal_scroll(page)
    total = page.locator("#tally-total")
    before = int(total.inner_text())
    page.locator(".tally-counter").first.locator("button").last.click()
    expect(total).to_have_text(str(before + 1))
    assert_no_axe_violations(page)
    page.goto(f"/personal/narvaro/cirklar/{circle.pk}/tillfalle/{session.pk}/")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
