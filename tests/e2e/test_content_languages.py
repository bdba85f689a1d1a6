"""Staff write an activity in Arabic on a phone; an Arabic reader gets it, the rest in Swedish."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from activities.models import Activity
from tests.e2e.conftest import PHONE, assert_no_axe_violations, assert_no_horizontal_scroll, login

LANGUAGES = [("sv", "Swedish"), ("en", "English"), ("ar", "Arabic"), ("fa", "Persian")]
TITLE_AR = "مساعدة في الواجبات المدرسية"


@pytest.fixture
def residents_languages():
    with override_settings(LANGUAGES=LANGUAGES):
        yield


def test_partner_writes_arabic_on_a_phone_and_an_arabic_reader_sees_it(
    new_page, live_server, portal_data, occurrence, residents_languages
):
    activity = occurrence.activity
    page = new_page(viewport=PHONE)
    login(page, live_server, portal_data["users"]["partner_a"].username)
    page.goto(f"/personal/aktiviteter/{activity.pk}/")
    arabic = page.locator("details", has=page.locator("summary span[lang=ar]"))
    expect(arabic).not_to_have_attribute("open", "")
    arabic.locator("summary").click()
    title = page.locator("#id_title_ar")
    expect(title).to_be_visible()
    expect(title).to_have_attribute("dir", "rtl")
    expect(title).to_have_attribute("lang", "ar")
    title.fill(TITLE_AR)
    page.locator("details", has=page.locator("summary span[lang=fa]")).locator("summary").click()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)
    page.locator("#main form button[type=submit]").first.click()
    expect(page.locator(".alert-success, [role=status]").first).to_be_visible()
    activity.refresh_from_db()
    assert activity.i18n == {"title_ar": TITLE_AR}

    reader = new_page(viewport=PHONE, locale="ar")
    reader.goto(occurrence.get_absolute_url())
    expect(reader.locator("h1")).to_have_text(TITLE_AR)
    # No Arabic summary: the Swedish one, marked so a screen reader reads it with a Swedish voice.
    expect(reader.locator("p.lead")).to_have_attribute("lang", "sv")
    expect(reader.locator("p.lead")).to_have_text(Activity.objects.get(pk=activity.pk).summary)
    assert_no_axe_violations(reader)
