"""Phone layout (issue #14): a compact header whose menu works without JavaScript, and no page
that scrolls sideways at 360 px, public pages and the staff pages of each role.

The pages walked are the permission matrix's (tests/test_permission_matrix.py, which fails when
a URL is added without a case), so a new page is walked without being listed here.
"""

import re
import zlib

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_no_axe_violations, login
from tests.test_permission_matrix import MATRIX

HEADER_MAX_HEIGHT = 120  # px of a 740 px phone screen
# Long compound words as partners and places are really named.
LONG_NAME = "Samhällsbyggnadskontoret"


def header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


@pytest.mark.parametrize("locale", ["sv-SE", "en-GB"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_phone_header_is_compact_and_its_menu_works(new_page, live_server, portal_data, locale, javascript):
    page = new_page(viewport=PHONE, locale=locale, java_script_enabled=javascript)
    page.goto("/")
    header = page.locator("header.site-header")
    assert header_height(page) < HEADER_MAX_HEIGHT
    calendar = "Kalender" if locale == "sv-SE" else "Calendar"
    expect(header.get_by_role("link", name=calendar, exact=True)).to_be_hidden()
    # The language switcher is reachable without opening the menu.
    other = "English" if locale == "sv-SE" else "Svenska"
    expect(header.get_by_role("link", name=other)).to_be_visible()
    if javascript:  # axe runs in the page
        assert_no_axe_violations(page)

    header.locator("summary.site-menu-button").click()
    link = header.get_by_role("link", name=calendar, exact=True)
    expect(link).to_be_visible()
    assert header_height(page) < HEADER_MAX_HEIGHT  # the open menu lies over the page
    if javascript:
        assert_no_axe_violations(page)
    link.click()
    expect(page).to_have_url(f"{live_server.url}/kalender/")
    assert header_height(page) < HEADER_MAX_HEIGHT


def test_phone_header_stays_compact_for_logged_in_staff(new_page, live_server, portal_data):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    login(page, live_server, portal_data["users"]["coordinator"].username)
    assert header_height(page) < HEADER_MAX_HEIGHT
    page.locator("header summary.site-menu-button").click()
    page.locator("header").get_by_role("link", name="Personalsidor").click()
    expect(page.get_by_role("heading", level=1, name="Personalsidor")).to_be_visible()


def test_desktop_header_shows_every_link_and_no_menu_button(page, portal_data):
    page.goto("/")
    header = page.locator("header.site-header")
    expect(header.locator("summary.site-menu-button")).to_be_hidden()
    for name in ["Kalender", "Hus och platser", "Partner", "Trygghetsvandringar", "Våra mål"]:
        expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()
    # At most two rows: the links, and the six language names (issue 18) below them.
    assert header_height(page) < HEADER_MAX_HEIGHT


# Every page at 360 px ----------------------------------------------------------------------

WALKED_ROLES = {"anonymous": None, "partner_a": "partner_a", "coordinator": "coordinator", "steering": "steering"}
SKIPPED = {"admin:index", "logout", "switch-language", "login"}


def overflowing(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("role", list(WALKED_ROLES))
def test_no_page_scrolls_sideways_on_a_phone(new_page, live_server, portal_data, request, role):
    organisation = portal_data["organisation_a"]
    organisation.name = LONG_NAME
    organisation.description = f"{LONG_NAME}, Stadsbyggnadskontoret och Hyresgästföreningen arbetar tillsammans."
    organisation.save()
    page = new_page(viewport=PHONE)
    if WALKED_ROLES[role]:
        login(page, live_server, portal_data["users"][WALKED_ROLES[role]].username)
    walked, wide = 0, []
    for name in sorted(set(MATRIX) - SKIPPED):
        make_url, expected = MATRIX[name]
        if expected.get(role) != 200:
            continue
        url = make_url(request.getfixturevalue)
        # Feeds, exports and downloads are not pages: ask first, with the browser's cookies.
        if "text/html" not in page.request.get(url).headers.get("content-type", ""):
            continue
        page.goto(url)
        walked += 1
        width = overflowing(page)
        if width > PHONE["width"]:
            wide.append(f"{url} ({name}): {width}px")
    assert walked > 5
    assert not wide, "pages that scroll sideways at 360 px:\n" + "\n".join(wide)


# Print ---------------------------------------------------------------------------------------


def text_per_page(content: bytes) -> list[int]:
    """Text runs on each page of a PDF from Chromium, whose pages' content streams come in page
    order (compressed with Flate; font files have no text operators)."""
    counts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        if b"BT" in data and b"ET" in data:
            counts.append(len(re.findall(rb"T[jJ]\b", data)))
    return counts


def test_hand_over_list_prints_from_the_top_of_the_first_page(new_page, live_server, portal_data, area):
    """It printed with an almost empty first page: a deficiency too tall for what is left of the
    first page starts there and goes on to the next instead of leaving the first page blank."""
    from tests.test_safety_walks_support import handed_to

    organisation = portal_data["organisation_a"]
    items = [
        handed_to(area, organisation, place=f"{LONG_NAME}, plats {number}", description="Lampan är trasig. " * length)
        for number, length in enumerate([260, 20, 20])
    ]
    page = new_page()
    login(page, live_server, portal_data["users"]["coordinator"].username)
    page.goto(f"/personal/trygghetsvandringar/{items[0].walk_id}/overlamning/{organisation.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(organisation.name)
    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    pages = text_per_page(page.pdf(format="A4"))
    assert len(pages) >= 2
    assert pages[0] >= pages[1] / 2, pages
