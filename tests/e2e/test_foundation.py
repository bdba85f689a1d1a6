"""The portal's foundation in a real browser: languages, login per role, accessibility, no JS.

Every page is checked with axe (WCAG 2.1 A and AA) on a desktop window and on a 360 px phone,
where it must not scroll sideways.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, assert_no_horizontal_scroll, login

DEVICES = ["page", "phone_page"]
DEVICE_IDS = ["desktop", "phone"]
LOGOUT_BUTTON = "header form[action$='/konto/logga-ut/'] button[type=submit]"


def html(page):
    return page.locator("html")


def open_menu_on_a_phone(page, device):
    """On a phone the header's links are behind the menu button."""
    if device == "phone_page":
        page.locator("header summary.site-menu-button").click()


def heading(page, name):
    return page.get_by_role("heading", level=1, name=name, exact=True)


# (a) Home page in Swedish and English ------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES, ids=DEVICE_IDS)
def test_home_in_swedish_then_english(request, device, portal_data, live_server):
    page = request.getfixturevalue(device)
    response = page.goto("/")
    assert response.status == 200
    expect(html(page)).to_have_attribute("lang", "sv")
    # The site's own stylesheet is applied, so axe judges the real look.
    expect(page.locator("header.site-header")).to_have_css("background-color", "rgb(29, 79, 145)")
    expect(heading(page, "Välkommen till KLOCKET")).to_be_visible()
    open_menu_on_a_phone(page, device)
    expect(page.locator("header").get_by_role("link", name="Hus och platser")).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)

    page.locator("header").get_by_role("link", name="English").click()
    expect(html(page)).to_have_attribute("lang", "en")
    assert page.url == f"{live_server.url}/"
    expect(heading(page, "Welcome to KLOCKET")).to_be_visible()
    open_menu_on_a_phone(page, device)
    expect(page.locator("header").get_by_role("link", name="Houses and places")).to_be_visible()
    # The current language is marked, the other one offered as a link.
    expect(page.locator("header .current-language")).to_have_text("English")
    expect(page.locator("header").get_by_role("link", name="Svenska")).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)

    # The choice is remembered on the next page.
    page.locator("header").get_by_role("link", name="Partners").click()
    expect(heading(page, "Partners")).to_be_visible()
    expect(html(page)).to_have_attribute("lang", "en")


def test_browser_asking_for_another_language_gets_swedish(new_page, portal_data):
    page = new_page(locale="fi-FI")
    page.goto("/")
    expect(html(page)).to_have_attribute("lang", "sv")
    expect(heading(page, "Välkommen till KLOCKET")).to_be_visible()


# (b) Login through the form, for every role that can log in ----------------------------------

# role -> (status of /personal/, its heading, organisations whose edit page is offered)
LANDING = {
    "outsider": (404, "Sidan finns inte", None),
    "partner_a": (200, "Personalsidor", {"hyresgastforeningen"}),
    "partner_b": (200, "Personalsidor", {"sensus"}),
    "coordinator": (200, "Personalsidor", {"hyresgastforeningen", "sensus"}),
    "steering": (200, "Personalsidor", set()),
    "superuser": (200, "Personalsidor", {"hyresgastforeningen", "sensus"}),
}


@pytest.mark.parametrize("role", list(LANDING))
def test_login_lands_on_staff_page(page, live_server, portal_data, role):
    status, title, editable = LANDING[role]
    response = login(page, live_server, portal_data["users"][role].username)

    assert page.url == f"{live_server.url}/personal/"
    assert response.status == status
    expect(heading(page, title)).to_be_visible()
    staff_link = page.locator("header").get_by_role("link", name="Personalsidor")
    if editable is None:
        # Logged in without a role: the staff page does not exist for them.
        expect(staff_link).to_have_count(0)
    else:
        expect(staff_link).to_be_visible()
        edit_links = page.locator("#main a[href^='/personal/organisationer/']")
        offered = {href.rstrip("/").rsplit("/", 1)[-1] for href in _hrefs(edit_links)}
        assert offered == editable
    assert_no_axe_violations(page)


def _hrefs(locator):
    return [element.get_attribute("href") for element in locator.all()]


def test_logout_returns_to_home_page(page, live_server, portal_data):
    login(page, live_server, portal_data["users"]["partner_a"].username)
    page.locator(LOGOUT_BUTTON).click()
    expect(heading(page, "Välkommen till KLOCKET")).to_be_visible()
    expect(page.locator(LOGOUT_BUTTON)).to_have_count(0)
    expect(page.locator("header").get_by_role("link", name="Inloggning för personal")).to_be_visible()


# (c) Accessibility of the public pages, on desktop and phone ----------------------------------

PUBLIC_PAGES = {
    "partners": ("/partners/", 200, "Partner"),
    "organisation": ("/partners/hyresgastforeningen/", 200, "Hyresgästföreningen"),
    "venues": ("/platser/", 200, "Hus och platser"),
    "venue": ("/platser/kunskapens-hus/", 200, "Kunskapens hus"),
    "login": ("/konto/logga-in/", 200, "Inloggning för personal"),
    "not-found": ("/finns-inte/", 404, "Sidan finns inte"),
    "password-reset": ("/konto/losenord/", 200, "Återställ ditt lösenord"),
}


@pytest.mark.parametrize("device", DEVICES, ids=DEVICE_IDS)
@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page_is_accessible(request, device, name, portal_data):
    path, status, title = PUBLIC_PAGES[name]
    page = request.getfixturevalue(device)
    response = page.goto(path)
    assert response.status == status
    expect(heading(page, title)).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("device", DEVICES, ids=DEVICE_IDS)
def test_organisation_edit_keeps_text_after_bad_logo(request, device, live_server, portal_data):
    page = request.getfixturevalue(device)
    organisation = portal_data["organisation_a"]
    saved_description = organisation.description
    login(page, live_server, portal_data["users"]["partner_a"].username)
    page.goto(f"/personal/organisationer/{organisation.slug}/")
    expect(heading(page, "Redigera Hyresgästföreningen")).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)

    description = "Läxhjälp varje tisdag – välkommen!"
    page.locator("#id_description").fill(description)
    page.locator("#id_logo").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": b"<?php echo 'hello'; ?>" * 10}]
    )
    page.locator("#main form [type=submit]").click()

    expect(page.locator("#main .alert-danger[role=alert]")).to_be_visible()
    logo_error = page.locator("#id_logo ~ .invalid-feedback, #id_logo + .invalid-feedback")
    expect(logo_error).to_contain_text("inte en bild")
    expect(page.locator("#id_logo")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_description")).to_have_value(description)
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)

    # Nothing was saved.
    organisation.refresh_from_db()
    assert organisation.description == saved_description
    assert not organisation.logo


@pytest.mark.parametrize("device", DEVICES, ids=DEVICE_IDS)
def test_partner_staff_opening_the_admin_get_an_accessible_no_access_page(request, device, live_server, portal_data):
    page = request.getfixturevalue(device)
    login(page, live_server, portal_data["users"]["partner_a"].username)
    response = page.goto("/admin/")
    assert response.status == 403
    expect(heading(page, "Ingen åtkomst till administrationen")).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)
    page.locator("#main").get_by_role("link", name="Gå till personalsidorna").click()
    expect(page).to_have_url(f"{live_server.url}/personal/")


# (d) Without JavaScript -------------------------------------------------------------------


def test_site_works_without_javascript(new_page, live_server, portal_data):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    expect(heading(page, "Välkommen till KLOCKET")).to_be_visible()

    page.locator("header").get_by_role("link", name="Partner", exact=True).click()
    expect(heading(page, "Partner")).to_be_visible()
    page.locator("#main").get_by_role("link", name="Hyresgästföreningen").click()
    expect(heading(page, "Hyresgästföreningen")).to_be_visible()
    assert page.url == f"{live_server.url}/partners/hyresgastforeningen/"

    page.locator("header").get_by_role("link", name="English").click()
    expect(html(page)).to_have_attribute("lang", "en")
    assert page.url == f"{live_server.url}/partners/hyresgastforeningen/"
    expect(page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Partners")).to_be_visible()
    expect(page.get_by_text("Tenants' union")).to_be_visible()


def test_login_and_logout_without_javascript(new_page, live_server, portal_data):
    page = new_page(java_script_enabled=False)
    response = login(page, live_server, portal_data["users"]["coordinator"].username)
    assert response.status == 200
    expect(heading(page, "Personalsidor")).to_be_visible()
    page.locator(LOGOUT_BUTTON).click()
    expect(page.locator(LOGOUT_BUTTON)).to_have_count(0)
