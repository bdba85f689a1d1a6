"""Partner staff publish a weekly activity on a phone, and residents find it in the calendar."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Occurrence
from tests.e2e.conftest import assert_no_axe_violations, assert_no_horizontal_scroll, login


def test_partner_creates_weekly_activity_and_it_is_in_the_calendar(phone_page, live_server, portal_data):
    page = phone_page
    login(page, live_server, portal_data["users"]["partner_a"].username)
    page.goto("/personal/aktiviteter/ny/")
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.locator("#id_title").fill("Schack för unga")
    page.locator("#id_summary").fill("Lär dig schack, alla nivåer.")
    page.get_by_label("Unga 13–25").check()
    page.locator("#id_venue").select_option(label="Kunskapens hus")
    page.locator("#id_status").select_option("published")
    page.get_by_label("Varje vecka på valda veckodagar").check()
    page.locator(f"input[name='when-weekdays'][value='{tomorrow.weekday()}']").check()
    page.locator("#id_when-start_date").fill(tomorrow.isoformat())
    page.locator("#id_when-end_date").fill((tomorrow + dt.timedelta(weeks=4)).isoformat())
    page.locator("#id_when-start_time").fill("17:00")
    page.locator("#id_when-end_time").fill("18:30")
    page.locator("#main form button[type=submit]").first.click()
    expect(page.locator(".alert-success, [role=status]").first).to_be_visible()
    assert Occurrence.objects.filter(activity__title="Schack för unga").count() == 5

    page.goto("/kalender/?plats=kunskapens-hus&for=youth")
    expect(page.get_by_role("link", name="Schack för unga").first).to_be_visible()
    page.get_by_role("link", name="Schack för unga").first.click()
    expect(page.get_by_role("heading", level=1, name="Schack för unga")).to_be_visible()
    expect(page.locator(".event-facts")).to_contain_text("17:00")


@pytest.mark.parametrize("locale", ["sv-SE", "en-GB"])
def test_staff_activity_pages_are_accessible(new_page, live_server, portal_data, occurrence, locale):
    page = new_page(locale=locale)
    login(page, live_server, portal_data["users"]["partner_a"].username)
    activity = occurrence.activity
    for path in [
        "/personal/aktiviteter/",
        "/personal/aktiviteter/ny/",
        f"/personal/aktiviteter/{activity.pk}/",
        f"/personal/tillfallen/{occurrence.pk}/",
        f"/personal/tillfallen/{occurrence.pk}/stall-in/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
