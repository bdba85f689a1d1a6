"""Attendance in a real browser on a 360 px phone: staff count visitors with the − / + counters,
save, reopen and see the counts; tick presence in a study circle; the pages work without
JavaScript and are axe-clean in Swedish and English."""

import pytest
from playwright.sync_api import expect

from activities.models import OccurrenceAttendance, Presence
from tests.e2e.conftest import PHONE, assert_no_axe_violations, assert_no_horizontal_scroll, login
from tests.test_attendance_helpers import circle_with_presence, first_participant, held_today


@pytest.fixture
def attendance_data(portal_data, activity):
    occurrence = held_today(activity)
    circle, people = circle_with_presence(portal_data["organisation_a"], portal_data["venue"])
    return {"occurrence": occurrence, "circle": circle, "people": people}


def test_staff_counts_visitors_on_a_phone_and_sees_them_again(new_page, live_server, attendance_data):
    page = new_page(viewport=PHONE, locale="en-GB")
    login(page, live_server, "partner-a")
    page.goto("/personal/idag/")
    expect(page.get_by_role("heading", level=1, name="Today: count visitors")).to_be_visible()
    page.get_by_role("link", name="Läxhjälp").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Count visitors: Läxhjälp")
    total = page.locator("#tally-total")
    expect(total).to_have_text("0")
    add_girl = page.get_by_role("button", name="Add one girl 7–12", exact=True)
    box = add_girl.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    for _ in range(3):
        add_girl.click()
    page.get_by_role("button", name="Add one boy 7–12", exact=True).click()
    page.get_by_role("button", name="Add one woman 26–64", exact=True).click()
    page.get_by_role("button", name="Remove one woman 26–64", exact=True).click()
    page.get_by_role("button", name="Add one leader or volunteer", exact=True).click()
    expect(total).to_have_text("4")
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Save the counts").click()
    expect(page.get_by_text("Saved: 4 visitors at Läxhjälp.")).to_be_visible()
    attendance = OccurrenceAttendance.objects.get(occurrence=attendance_data["occurrence"])
    assert attendance.counts == {"7-12:f": 3, "7-12:m": 1} and attendance.leaders == 1

    page.get_by_role("link", name="Läxhjälp").first.click()
    expect(page.get_by_label("Girl or woman, 7–12 years")).to_have_value("3")
    expect(page.get_by_label("Boy or man, 7–12 years")).to_have_value("1")
    expect(page.locator("#tally-total")).to_have_text("4")
    assert_no_axe_violations(page)


def test_tally_works_as_a_plain_form_without_javascript(new_page, live_server, attendance_data):
    page = new_page(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    login(page, live_server, "partner-a")
    page.goto(f"/personal/narvaro/tillfalle/{attendance_data['occurrence'].pk}/")
    expect(page.get_by_role("button", name="Add one girl 7–12")).to_have_count(0)
    page.get_by_label("Girl or woman, 13–15 years").fill("5")
    page.get_by_label("Other or not stated, 65+ years").fill("2")
    page.get_by_role("button", name="Save the counts").click()
    expect(page.get_by_text("Saved: 7 visitors at Läxhjälp.")).to_be_visible()


def test_staff_ticks_presence_in_a_study_circle_on_a_phone(new_page, live_server, attendance_data):
    circle = attendance_data["circle"]
    session = circle.occurrences.order_by("start").first()
    newcomer = attendance_data["people"][1]
    Presence.objects.filter(participant=newcomer, occurrence=session).delete()
    page = new_page(viewport=PHONE, locale="en-GB")
    login(page, live_server, "partner-a")
    page.goto(f"/personal/narvaro/cirklar/{circle.pk}/tillfalle/{session.pk}/")
    checkbox = page.get_by_label(newcomer.name)
    expect(checkbox).not_to_be_checked()
    checkbox.check()
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Save presence").click()
    expect(page.get_by_text("Saved: 1 presence added, 0 removed.")).to_be_visible()
    expect(page.get_by_label(newcomer.name)).to_be_checked()
    assert Presence.objects.filter(participant=newcomer, occurrence=session).exists()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["sv-SE", "en-GB"])
def test_attendance_pages_are_accessible_on_a_phone(new_page, live_server, attendance_data, language):
    circle = attendance_data["circle"]
    participant = first_participant(circle)
    session = circle.occurrences.order_by("start").first()
    page = new_page(viewport=PHONE, locale=language)
    login(page, live_server, "partner-a")
    for path in [
        "/personal/idag/",
        f"/personal/narvaro/tillfalle/{attendance_data['occurrence'].pk}/",
        "/personal/narvaro/cirklar/",
        f"/personal/narvaro/cirklar/{circle.pk}/",
        f"/personal/narvaro/cirklar/{circle.pk}/tillfalle/{session.pk}/",
        f"/personal/narvaro/cirklar/{circle.pk}/deltagare/ny/",
        f"/personal/narvaro/cirklar/{circle.pk}/deltagare/{participant.pk}/",
        f"/personal/narvaro/cirklar/{circle.pk}/intyg/{participant.pk}/",
        "/personal/narvaro/export/",
        "/personal/narvaro/export/besok/?organisation=hyresgastforeningen&fran=2020-01-01&till=2020-01-31&format=csv",
        "/personal/narvaro/import/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", language[:2])
        assert_no_axe_violations(page)
        assert_no_horizontal_scroll(page)


def test_bad_input_pages_are_accessible(new_page, live_server, attendance_data):
    page = new_page(viewport=PHONE, locale="en-GB")
    login(page, live_server, "partner-a")
    page.goto(f"/personal/narvaro/tillfalle/{attendance_data['occurrence'].pk}/")
    page.get_by_label("Girl or woman, 7–12 years").fill("-4")
    page.get_by_role("button", name="Save the counts").click()
    expect(page.get_by_text("Please correct the errors below. Nothing has been saved yet.")).to_be_visible()
    expect(page.get_by_label("Girl or woman, 7–12 years")).to_have_value("-4")
    assert_no_axe_violations(page)
    page.goto("/personal/narvaro/import/")
    page.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(
        files=[
            {
                "name": "fel.csv",
                "mimeType": "text/csv",
                "buffer": "Datum;Aktivitet;Åldersgrupp;Kön;Antal\n2020-01-01;X;0-6;f;1\n".encode(),
            }
        ]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Row 2:")).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)


def test_import_preview_on_a_phone_shows_every_column_and_the_totals(new_page, live_server, attendance_data):
    from django.utils import timezone

    day = timezone.localdate(attendance_data["occurrence"].start).isoformat()
    rows = [
        "Besök i Läxhjälp;;;;",
        ";;;;",
        "Datum;Aktivitet;Åldersgrupp;Kön;Antal",
        f"{day};Läxhjälp;7-12;F;4",
        f"{day};LÄXHJÄLP;7 - 12 år;pojke;3",
        f"{day};läxhjälp;65+;Annat/vill ej ange;1",
    ]
    data = ("\r\n".join(rows) + "\r\n").encode("cp1252")
    page = new_page(viewport=PHONE, locale="en-GB")
    login(page, live_server, "partner-a")
    page.goto("/personal/narvaro/import/")
    page.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(
        {"name": "läxhjälp.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("All 3 rows are ready to import.")).to_be_visible()
    expect(page.get_by_text("Gender “F” read as Girl or woman (1 row)")).to_be_visible()
    first_row = page.locator("table.import-preview tbody tr").first
    for label in ("Row", "Date", "Activity", "Age band", "Gender", "Count"):
        cell = first_row.locator(f'td[data-label="{label}"]')
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (label, box)
    expect(first_row.locator('td[data-label="Gender"]')).to_contain_text("Girl or woman")
    expect(first_row.locator('td[data-label="Count"]')).to_contain_text("4")
    totals = page.locator("#import-totals")
    expect(totals).to_be_visible()
    expect(page.locator("#import-total")).to_have_text("8")
    box = totals.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Import these counts").click()
    expect(page.get_by_text("Imported 3 rows for 1 dates: 3 counts changed.")).to_be_visible()
    attendance = OccurrenceAttendance.objects.get(occurrence=attendance_data["occurrence"])
    assert attendance.counts == {"7-12:f": 4, "7-12:m": 3, "65+:x": 1}
