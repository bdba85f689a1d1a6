"""Safety walks in a real browser on a 360 px phone: a coordinator records a walk with two
deficiencies and a photo, prints the hand-over list, the next walk marks one fixed, and the
public page shows it fixed. Every page is axe-clean in English and Swedish."""

import base64
import datetime as dt
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from safety_walks.models import Deficiency, DeficiencyPhoto, ResidentReport, SafetyWalk, Status
from tests import images
from tests.e2e.conftest import PHONE, assert_no_axe_violations, assert_no_horizontal_scroll, login
from tests.test_safety_walks_support import advance, camera_photo, make_deficiency, make_walk

ENGLISH = "en-GB"


@pytest.fixture(autouse=True)
def _offline_map(settings, tmp_path):
    """No tiles from the internet in tests (the map still draws its markers); photos in a temporary folder."""
    settings.KLOCKET_MAP_TILE_URL = ""
    settings.MEDIA_ROOT = tmp_path / "media"


def check(page):
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)


def add_deficiency(page, *, category, place, party, photo=None, another=False):
    page.get_by_label("Category").select_option(label=category)
    if photo:
        page.get_by_label("Photo", exact=True).set_input_files(photo)
    page.get_by_label("Place").fill(place)
    page.get_by_text("More details").click()
    page.get_by_label("Responsible party").select_option(label=party)
    page.get_by_role("button", name="Save and add another" if another else "Save and see the list").click()


def test_walk_hand_over_next_walk_and_public_page_on_a_phone(new_page, live_server, portal_data):
    page = new_page(viewport=PHONE, locale=ENGLISH)
    login(page, live_server, "coordinator")
    today = timezone.localdate()
    first_day = today - dt.timedelta(days=30)
    photo_bytes = camera_photo().read()

    # On the walk: start it, add two deficiencies, one with a camera photo.
    page.goto("/personal/trygghetsvandringar/")
    check(page)
    page.get_by_role("link", name="Start a walk").click()
    expect(page.get_by_role("heading", level=1, name="Start a walk")).to_be_visible()
    check(page)
    page.get_by_label("Date of the walk").fill(first_day.isoformat())
    page.get_by_label("Residents").fill("6")
    page.get_by_role("button", name="Start the walk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Safety walk in Klockaretorpet")
    check(page)

    page.get_by_role("link", name="Add a deficiency").click()
    expect(page.locator("#id_photo")).to_have_attribute("capture", "environment")
    check(page)
    add_deficiency(
        page,
        category="Lighting",
        place="Gångvägen vid lekplatsen",
        party="Hyresgästföreningen",
        photo={"name": "lampa.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes},
        another=True,
    )
    expect(page.get_by_role("status").filter(has_text="Saved: Lighting")).to_be_visible()
    add_deficiency(page, category="Vegetation", place="Buskarna vid torget", party="Hyresgästföreningen")
    expect(page.get_by_role("heading", name="Deficiencies found (2)")).to_be_visible()
    check(page)
    photo = DeficiencyPhoto.objects.get()
    with Image.open(photo.image.path) as stored:
        assert images.GPS_IFD not in stored.getexif()

    # Hand-over: the print view leaves the menus out; then mark it handed over.
    page.locator("#main").get_by_role("link", name="Hyresgästföreningen").click()
    expect(page.get_by_role("heading", level=1, name="Deficiencies for Hyresgästföreningen")).to_be_visible()
    check(page)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="Download as Excel (XLSX)")).to_be_hidden()
    expect(page.get_by_text("Gångvägen vid lekplatsen")).to_be_visible()
    expect(page.get_by_text("Buskarna vid torget")).to_be_visible()
    expect(page.locator(".handover-sheet img")).to_have_count(1)
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_role("link", name="Mark as handed over").click()
    check(page)
    page.get_by_role("button", name="Mark as handed over").click()
    expect(page.get_by_text("2 deficiencies handed over to Hyresgästföreningen")).to_be_visible()
    assert set(Deficiency.objects.values_list("status", flat=True)) == {Status.HANDED_OVER}

    # The next walk opens with the checklist: the lamp is fixed, the bushes are not.
    page.goto("/personal/trygghetsvandringar/ny/")
    page.get_by_label("Date of the walk").fill(today.isoformat())
    page.get_by_role("button", name="Start the walk").click()
    page.get_by_role("link", name=re.compile("Checklist of earlier deficiencies")).click()
    expect(page.get_by_role("heading", level=1, name="Checklist of earlier deficiencies")).to_be_visible()
    check(page)
    lamp = page.get_by_role("group", name=re.compile("Lighting: Gångvägen vid lekplatsen"))
    lamp.get_by_label("Fixed", exact=True).check()
    bushes = page.get_by_role("group", name=re.compile("Vegetation: Buskarna vid torget"))
    bushes.get_by_label("Not fixed", exact=True).check()
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.get_by_text("Checklist saved: 1 fixed, 0 partly fixed, 1 not fixed.")).to_be_visible()
    check(page)

    # Residents see it fixed, on the list and on the first walk's page.
    public = new_page(viewport=PHONE, locale=ENGLISH)
    public.goto("/trygghetsvandringar/brister/")
    item = public.locator(".sw-item").filter(has_text="Gångvägen vid lekplatsen")
    expect(item.locator(".sw-status")).to_have_text("Fixed and verified at a walk")
    expect(public.locator(".sw-item").filter(has_text="Buskarna vid torget").locator(".sw-status")).to_have_text(
        "Handed over"
    )
    check(public)
    public.goto(SafetyWalk.objects.get(date=first_day).get_public_url())
    expect(public.get_by_text("Fixed since")).to_have_count(2)
    check(public)


@pytest.fixture
def published(portal_data, area):
    organisation = portal_data["organisation_a"]
    walk = make_walk(area, dt.date(2020, 9, 21), summary="Vi gick runt centrum.")
    fixed = make_deficiency(walk, party=organisation, place="Fotbollsplanen", latitude="58.578300",
                            longitude="16.136600", photo=camera_photo(), photo_public=True)  # fmt: skip
    advance(fixed, Status.HANDED_OVER, Status.ACCEPTED, Status.FIXED)
    open_item = make_deficiency(
        walk, party=organisation, place="Gångvägen", latitude="58.577500", longitude="16.137800"
    )
    advance(open_item, Status.HANDED_OVER)
    return {"walk": walk, "fixed": fixed, "open": open_item}


@pytest.mark.parametrize("language", [ENGLISH, "sv-SE"])
def test_public_and_staff_pages_are_accessible(new_page, live_server, published, language):
    ResidentReport.objects.create(area=published["walk"].area, category="lighting", place="Torget", description="Mörkt")
    page = new_page(viewport=PHONE, locale=language)
    urls = [
        "/trygghetsvandringar/",
        published["walk"].get_public_url(),
        "/trygghetsvandringar/brister/",
        published["fixed"].get_public_url(),
        "/rapportera/",
        ResidentReport.objects.get().get_status_url(),
    ]
    for url in urls:
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        check(page)
    login(page, live_server, "coordinator")
    walk = published["walk"]
    staff_urls = [
        "/personal/trygghetsvandringar/",
        walk.get_absolute_url(),
        f"/personal/trygghetsvandringar/{walk.pk}/ny-brist/",
        published["fixed"].get_absolute_url(),
        f"/personal/trygghetsvandringar/brister/{published['open'].pk}/status/",
        f"/personal/trygghetsvandringar/{walk.pk}/overlamning/{published['fixed'].responsible_party.slug}/",
        "/personal/trygghetsvandringar/uppfoljning/",
        f"/personal/trygghetsvandringar/uppfoljning/{published['fixed'].responsible_party.slug}/",
        "/personal/trygghetsvandringar/rapporter/",
        f"/personal/trygghetsvandringar/rapporter/{ResidentReport.objects.get().pk}/",
    ]
    for url in staff_urls:
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        check(page)


def test_map_draws_markers_and_the_list_stays_in_words(new_page, published):
    page = new_page(viewport=PHONE, locale=ENGLISH)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto("/trygghetsvandringar/brister/")
    expect(page.locator("#deficiency-map")).to_be_hidden()
    page.get_by_role("button", name="Show map").click()
    expect(page.locator("#deficiency-map")).to_be_visible()
    expect(page.locator("#deficiency-map .leaflet-marker-icon")).to_have_count(2)
    marker = page.locator("#deficiency-map .leaflet-marker-icon").first
    expect(marker).to_have_attribute("alt", re.compile("Lighting: "))
    marker.click()
    expect(page.locator(".leaflet-popup-content a")).to_have_text("Open")
    # The popup fades in: check its contrast once it is fully shown, as a reader sees it.
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    check(page)
    # Nothing the map does is refused by the Content-Security-Policy, and no script error.
    assert not [text for text in console if "Refused to" in text or "Uncaught" in text], console


TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_map_tiles_load_only_after_show_map(new_page, published, settings):
    """No request reaches the tile server (residents' IP addresses) until the visitor asks for the map."""
    settings.KLOCKET_MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    page = new_page(viewport=PHONE, locale=ENGLISH)
    tiles = []

    def fake_tile(route):
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=TILE_PNG)

    page.context.route("https://tile.openstreetmap.org/**", fake_tile)
    page.goto("/trygghetsvandringar/brister/")
    expect(page.get_by_text("which receives your IP address")).to_contain_text("tile.openstreetmap.org")
    page.wait_for_load_state("networkidle")
    assert tiles == []
    expect(page.locator("#deficiency-map")).to_be_hidden()
    check(page)
    page.get_by_role("button", name="Show map").click()
    expect(page.locator("#deficiency-map .leaflet-tile-loaded").first).to_be_attached()
    assert tiles and all(url.startswith("https://tile.openstreetmap.org/") for url in tiles)
    check(page)


def test_without_javascript_lists_and_forms_work(new_page, published):
    page = new_page(viewport=PHONE, locale=ENGLISH, java_script_enabled=False)
    page.goto("/trygghetsvandringar/brister/")
    expect(page.locator("#deficiency-map")).to_be_hidden()
    expect(page.get_by_role("button", name="Show map")).to_be_hidden()
    expect(page.get_by_role("link", name="Lighting: Fotbollsplanen")).to_be_visible()
    page.goto("/rapportera/")
    expect(page.get_by_role("button", name="Use my position")).to_be_hidden()
    page.get_by_label("What kind of problem?").select_option(label="Litter")
    page.get_by_label("Where?").fill("Centrumtorget")
    page.get_by_label("What is the problem?").fill("Skräp överallt efter helgen.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Report TR-")
    assert ResidentReport.objects.get().place == "Centrumtorget"


def test_use_my_position_fills_the_coordinates(new_page, live_server, published):
    page = new_page(
        viewport=PHONE,
        locale=ENGLISH,
        geolocation={"latitude": 58.57751234, "longitude": 16.13789876},
        permissions=["geolocation"],
    )
    login(page, live_server, "coordinator")
    page.goto(f"/personal/trygghetsvandringar/{published['walk'].pk}/ny-brist/")
    page.get_by_role("button", name="Use my position").click()
    expect(page.get_by_text("Position filled in.")).to_be_visible()
    expect(page.get_by_label("Latitude")).to_have_value("58.577512")
    expect(page.get_by_label("Longitude")).to_have_value("16.137899")
