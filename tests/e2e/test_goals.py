"""Goals in a real browser: a steering-group member opens the dashboard, changes the period and
the house, and downloads the CSV; without JavaScript, a free range of dates; a resident answers the safety survey on a 360 px phone. Every
goals page is axe-clean in Swedish and English, on a desktop and a phone."""

import csv
import datetime as dt
import importlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone, translation
from playwright.sync_api import expect

from activities.models import ActivityForm, Venue
from goals.models import Goal, SurveyResponse
from goals.periods import last_complete_quarter, last_full_year
from tests.e2e.conftest import PHONE, assert_no_axe_violations, assert_no_horizontal_scroll, login
from tests.goals_support import answer, count, make_activity, make_occurrence, make_wave

ENGLISH = "en-GB"
SWEDISH = "sv-SE"


def english(period) -> str:
    with translation.override("en"):
        return period.label


def check(page):
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)


@pytest.fixture
def goal_data(portal_data, area, venue, organisation_a, organisation_b):
    """The five goals (browser tests empty the database between tests), and counted visits in
    two houses in the last complete quarter and the same quarter a year earlier."""
    if not Goal.objects.exists():
        importlib.import_module("goals.migrations.0002_goals_data").create(apps, None)
    quarter = last_complete_quarter(timezone.localdate())
    sports_hall = Venue.objects.create(name="Idrottens hus", slug="idrottens-hus", area=area)
    homework = make_activity(organisation_a, venue, title="Läxhjälp")
    circle = make_activity(organisation_b, venue, form=ActivityForm.STUDY_CIRCLE, title="Studiecirkel LITA")
    football = make_activity(organisation_b, sports_hall, form=ActivityForm.SPORTS, title="Fotboll")
    for day in (quarter.start + dt.timedelta(days=10), quarter.year_before().start + dt.timedelta(days=10)):
        count(make_occurrence(homework, day), {("7-12", "f"): 9, ("7-12", "m"): 7, ("26-64", "f"): 3})
        count(make_occurrence(circle, day + dt.timedelta(days=1)), {("26-64", "f"): 5, ("65+", "m"): 2}, study_hours=3)
        count(make_occurrence(football, day + dt.timedelta(days=2)), {("13-15", "m"): 14, ("16-19", "m"): 6})
    return {"quarter": quarter, "sports_hall": sports_hall}


def test_steering_member_changes_quarter_and_house_and_downloads_the_csv(new_page, live_server, goal_data):
    quarter = goal_data["quarter"]
    page = new_page(locale=ENGLISH)
    login(page, live_server, "steering")
    page.goto("/personal/mal/")
    expect(page.get_by_role("heading", level=1, name="Goals dashboard")).to_be_visible()
    # By default the last full year.
    expect(page).to_have_title(f"Goals dashboard, {english(last_full_year(timezone.localdate()))} – KLOCKET")
    expect(page.locator("#goal-4")).to_have_text("#4 More activities and visitors")
    check(page)

    # The period: the select shows the choice at once (JavaScript), no button needed.
    picker = page.get_by_label("Year, half-year, quarter or month")
    earlier = quarter.previous()
    picker.select_option(earlier.code)
    page.wait_for_url(f"**period={earlier.code}**")
    expect(page).to_have_title(f"Goals dashboard, {english(earlier)} – KLOCKET")
    page.get_by_label("Year, half-year, quarter or month").select_option(quarter.code)
    page.wait_for_url(f"**period={quarter.code}**")

    # The house filter.
    page.get_by_label("House or place").select_option(label="Idrottens hus")
    page.wait_for_url("**hus=idrottens-hus**")
    expect(page.get_by_text("Showing: Idrottens hus.")).to_be_visible()
    visits = page.locator("article[aria-labelledby='indicator-visits'] .goals-value")
    expect(visits).to_have_text("20")
    check(page)

    # The CSV holds the selection.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="All series as CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"klocket-mal-{quarter.code}-kvartal.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Mål", "Indikator", "Kod", "Enhet", "Period"]
    row = next(r for r in rows if r[2] == "visits" and r[4] == quarter.code)
    assert row[7] == "20" and row[8] == "20" and row[12] == "hus/plats: Idrottens hus"

    # A goal page and the printable report, with the same selection.
    page.get_by_role("link", name="Goal #4 in detail").click()
    expect(page.get_by_role("heading", level=1, name="#4 More activities and visitors")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Report for printing").click()
    expect(page.get_by_role("heading", level=1, name=f"Goals report, {english(quarter)}")).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    check(page)


def test_dashboard_works_without_javascript(new_page, live_server, goal_data):
    page = new_page(locale=ENGLISH, java_script_enabled=False)
    login(page, live_server, "steering")
    page.goto("/personal/mal/")
    page.get_by_label("House or place").select_option(label="Kunskapens hus")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**hus=kunskapens-hus**")
    expect(page.get_by_text("Showing: Kunskapens hus.")).to_be_visible()
    # The chart's figures are in a table.
    page.locator("article[aria-labelledby='indicator-visits'] summary").click()
    expect(page.locator("article[aria-labelledby='indicator-visits'] table caption")).to_have_text("Visits counted")

    # A free range of dates, chosen with the button only.
    quarter = goal_data["quarter"]
    start, end = quarter.start + dt.timedelta(days=5), quarter.start + dt.timedelta(days=20)
    page.get_by_label("Year, half-year, quarter or month").select_option("")
    page.get_by_label("From (date)").fill(start.isoformat())
    page.get_by_label("To (date)").fill(end.isoformat())
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**fran={start.isoformat()}**")
    expect(page.get_by_label("From (date)")).to_have_value(start.isoformat())
    # Läxhjälp on day 10 and the study circle on day 11 at Kunskapens hus: 19 + 7 visits.
    expect(page.locator("article[aria-labelledby='indicator-visits'] .goals-value")).to_have_text("26")
    expect(page.locator(".goals-visits tfoot .goals-total")).to_have_text("26")


def test_resident_answers_the_survey_on_a_phone(new_page, goal_data):
    make_wave(name="Hösten")
    page = new_page(viewport=PHONE, locale=ENGLISH)
    page.goto("/trygghetsenkat/")
    expect(page.get_by_role("heading", level=1, name="How safe do you feel in Klockaretorpet?")).to_be_visible()
    check(page)
    # Sending without answers: the errors link to the questions, nothing is lost.
    page.get_by_label("About once a week").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("#error-summary")).to_contain_text("Choose how safe you feel.")
    expect(page.get_by_label("About once a week")).to_be_checked()
    check(page)
    page.get_by_label("Fairly safe").check()
    page.get_by_role("group", name="How attractive is Klockaretorpet as a place to live?").get_by_label("4").check()
    page.get_by_role("group", name="Your age (optional)").get_by_label("26–64").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1, name="Thank you for answering")).to_be_visible()
    check(page)
    saved = SurveyResponse.objects.get()
    assert (saved.safety, saved.attractiveness, saved.visits, saved.age_band) == ("fairly_safe", 4, "weekly", "26-64")
    # The same phone cannot answer the same wave again.
    page.goto("/trygghetsenkat/")
    expect(page.get_by_text("You have already answered the survey Hösten")).to_be_visible()
    check(page)


STAFF_PAGES = [
    "/personal/mal/",
    "/personal/mal/?fran=2025-02-10&till=2025-05-20",
    "/personal/mal/mal-1/",
    "/personal/mal/mal-2/",
    "/personal/mal/mal-3/?indelning=manad",
    "/personal/mal/mal-4/?indelning=ar",
    "/personal/mal/mal-5/",
    "/personal/mal/rapport/",
    "/personal/mal/matvarden/ny/",
    "/personal/mal/referensfordelning/",
    "/personal/mal/enkater/",
]
PUBLIC_PAGES = ["/mal/", "/mal/?ar=2020", "/trygghetsenkat/", "/trygghetsenkat/tack/"]


@pytest.mark.parametrize("language", [SWEDISH, ENGLISH])
def test_goals_pages_are_accessible(new_page, live_server, goal_data, language):
    wave = make_wave(name="Våren", opens=dt.date(2025, 3, 1), closes=dt.date(2025, 3, 31))
    for number in range(12):
        answer(wave, safety="fairly_safe" if number % 4 else "fairly_unsafe", today=dt.date(2025, 3, 2))
    from goals import services

    services.record_wave_results(wave=wave)
    make_wave(name="Nu")
    page = new_page(locale=language)
    for path in PUBLIC_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        check(page)
    login(page, live_server, "steering")
    for path in STAFF_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        check(page)
        for details in page.locator("#main details").all()[:3]:
            details.locator("summary").click()
        assert_no_axe_violations(page)


@pytest.mark.parametrize("language", [SWEDISH, ENGLISH])
def test_goals_pages_fit_a_phone(new_page, live_server, goal_data, language):
    make_wave(name="Nu")
    page = new_page(viewport=PHONE, locale=language)
    for path in PUBLIC_PAGES:
        page.goto(path)
        check(page)
    login(page, live_server, "steering")
    for path in ["/personal/mal/", "/personal/mal/mal-1/", "/personal/mal/mal-2/", "/personal/mal/rapport/"]:
        page.goto(path)
        check(page)
