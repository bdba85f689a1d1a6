"""The pages about the portal in a real browser: axe-clean (WCAG 2.1 A and AA) in Swedish and
English, on a desktop and at 360 px with no sideways scroll; the feedback form works without
JavaScript; and no page stores anything in the browser besides the listed cookies."""

import pytest
from playwright.sync_api import expect

from about.cookies import is_listed
from about.models import AccessibilityFeedback, SiteSettings
from tests.e2e.conftest import assert_no_axe_violations, assert_no_horizontal_scroll

DEVICES = ["page", "phone_page"]
DEVICE_IDS = ["desktop", "phone"]
# path -> (Swedish heading, English heading)
ABOUT_PAGES = {
    "/lattlast/": ("Lättläst om KLOCKET", "Lättläst om KLOCKET"),
    "/tillganglighet/": ("Tillgänglighetsredogörelse", "Accessibility statement"),
    "/tillganglighet/synpunkter/": ("Rapportera brister i tillgängligheten", "Report an accessibility problem"),
    "/personuppgifter/": ("Personuppgifter i KLOCKET", "Personal data on KLOCKET"),
    "/kakor/": ("Kakor", "Cookies"),
}


@pytest.fixture
def about_data(portal_data):
    SiteSettings.objects.create(controller_name="Norrköpings kommun", email="klocket@norrkoping.example")
    return portal_data


@pytest.mark.parametrize("device", DEVICES, ids=DEVICE_IDS)
@pytest.mark.parametrize("path", list(ABOUT_PAGES))
def test_about_page_is_accessible_in_swedish_and_english(request, device, path, about_data):
    page = request.getfixturevalue(device)
    swedish, english = ABOUT_PAGES[path]
    for language, title in [("sv", swedish), ("en", english)]:
        if language == "en":
            page.locator("header").get_by_role("link", name="English").click()
        else:
            assert page.goto(path).status == 200
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1, name=title, exact=True)).to_be_visible()
        assert_no_axe_violations(page)
        assert_no_horizontal_scroll(page)


def test_feedback_without_javascript_keeps_the_text_and_is_stored(new_page, about_data):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Tillgänglighet").click()
    page.locator("#main").get_by_role("link", name="Rapportera brister i tillgängligheten").click()
    page.get_by_label("Vad kunde du inte använda?").fill("Veckovyn är svår att läsa.")
    page.locator("#main form [type=submit]").click()
    expect(page.locator("#error-summary")).to_contain_text("Skriv vilken sida eller vilket innehåll det gäller.")
    expect(page.get_by_label("Vad kunde du inte använda?")).to_have_value("Veckovyn är svår att läsa.")
    page.get_by_label("Vilken sida eller vilket innehåll?").fill("Kalendern")
    page.locator("#main form [type=submit]").click()
    expect(page.get_by_role("heading", level=1, name="Tack för dina synpunkter")).to_be_visible()
    assert AccessibilityFeedback.objects.get().page == "Kalendern"


def test_public_pages_use_no_browser_storage_and_only_listed_cookies(page, about_data):
    for path in ["/", "/kalender/", "/platser/", "/rapportera/", "/trygghetsvandringar/", *ABOUT_PAGES]:
        page.goto(path)
        stored = page.evaluate("() => window.localStorage.length + window.sessionStorage.length")
        assert stored == 0, path
    unlisted = [cookie["name"] for cookie in page.context.cookies() if not is_listed(cookie["name"])]
    assert not unlisted
