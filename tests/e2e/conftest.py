"""Real-browser tests: Playwright drives Chromium against pytest-django's live server.

One browser per session; each test gets a fresh browser context (cookies, language and
viewport start clean). Log in through the real login form with ``login()``, and check a
page with ``assert_no_axe_violations()``.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Response, expect, sync_playwright

from tests.conftest import PASSWORD, restore_reference_rows

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from the test body ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).resolve().parent
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# Residents' browsers in Norrköping ask for Swedish; the portal's default is Swedish too.
DEFAULT_LOCALE = "sv-SE"
TIMEOUT_MS = 5_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def pytest_collection_modifyitems(config, items):
    """Every test under tests/e2e/ is an e2e test (`make test-unit` deselects them)."""
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def chromium_executable() -> str | None:
    """KLOCKET_CHROMIUM, else Debian's Chromium, else Playwright's own browser (None)."""
    configured = os.environ.get("KLOCKET_CHROMIUM")
    if configured:
        return configured
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return None


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _e2e_database(transactional_db):
    """The live server runs in another thread, so e2e tests need a transactional database.

    Each starts from the reference rows migrations create, which an earlier test's flush removed.
    """
    restore_reference_rows()


@pytest.fixture
def portal_data(users, area, venue, organisation_a, organisation_b):
    """The shared places, partners and users, with the texts residents would see filled in."""
    organisation_a.description = "Hyresgästföreningen driver läxhjälp och öppet hus i Kunskapens hus."
    organisation_a.website = "https://example.org/hyresgastforeningen"
    organisation_a.save()
    venue.description = "Bibliotek, läxhjälp och studiecirklar."
    venue.accessibility = "Entré utan trappsteg, hiss och hörselslinga."
    venue.latitude, venue.longitude = "58.577500", "16.137800"
    venue.save()
    return {"users": users, "venue": venue, "organisation_a": organisation_a, "organisation_b": organisation_b}


class AssetWatch:
    """Notes the stylesheets, scripts, images and other assets of a browser context that did not load.

    A page may answer 404 on purpose; its assets may not (4xx/5xx), nor fail to load. A request
    the browser itself cut off (``net::ERR_ABORTED``) because its page navigated away or was
    closed is not a broken asset: under load a favicon is often still on its way then.
    """

    ABORTED = "net::ERR_ABORTED"

    def __init__(self):
        self.broken: list[str] = []
        self._navigations: dict = {}  # page -> main-frame navigations started so far
        self._started: dict = {}  # request -> its page's navigation count when it started
        self._closing = False

    def watch(self, context):
        context.on("request", self._note_start)
        context.on("response", self._note_response)
        context.on("requestfailed", self._note_failure)
        return context

    def closing(self):
        """Call before closing the contexts: what is cut off from now on was not broken."""
        self._closing = True

    def _page_of(self, request):
        try:
            return request.frame.page
        except Exception:  # a service worker's request, or its frame is gone
            return None

    def _note_start(self, request):
        page = self._page_of(request)
        # A new document asked for: the browser cuts off what the old one still loads.
        if request.is_navigation_request() and page is not None and request.frame == page.main_frame:
            self._navigations[page] = self._navigations.get(page, 0) + 1
        self._started[request] = self._navigations.get(page, 0)

    def _note_response(self, response):
        if response.request.resource_type != "document" and response.status >= 400:
            self.broken.append(f"{response.status} {response.url}")

    def cut_off_by_browser(self, request) -> bool:
        if request.failure != self.ABORTED:
            return False
        page = self._page_of(request)
        if self._closing or page is None or page.is_closed() or request.is_navigation_request():
            return True
        return self._navigations.get(page, 0) != self._started.get(request, 0)

    def _note_failure(self, request):
        if not self.cut_off_by_browser(request):
            self.broken.append(f"failed ({request.failure}) {request.url}")


@pytest.fixture
def new_page(browser, live_server):
    """new_page(viewport=..., **context options) opens a page in a fresh browser context."""
    contexts = []
    assets = AssetWatch()

    def open_page(viewport=DESKTOP, **options):
        options.setdefault("locale", DEFAULT_LOCALE)
        context = browser.new_context(base_url=live_server.url, viewport=viewport, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        assets.watch(context)
        contexts.append(context)
        return context.new_page()

    yield open_page
    assets.closing()
    for context in contexts:
        context.close()
    assert not assets.broken, "assets that did not load:\n" + "\n".join(assets.broken)


@pytest.fixture
def viewport():
    """The desktop size; parametrize ``viewport`` in a test to change it."""
    return DESKTOP


@pytest.fixture
def page(new_page, viewport) -> Page:
    return new_page(viewport=viewport)


@pytest.fixture
def phone_page(new_page) -> Page:
    """A page the size of a small phone (360 x 740), where most residents read the portal."""
    return new_page(viewport=PHONE)


def login(page: Page, live_server, username: str) -> Response:
    """Log in through the real login form; returns the response of the page landed on."""
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation() as navigation:
        page.locator("#main form [type=submit]").click()
    response = navigation.value
    # Logged in: the header offers to log out, whatever page the user landed on.
    expect(page.locator("header form[action$='/konto/logga-ut/'] button[type=submit]")).to_be_visible()
    return response


_axe = Axe()


def axe_violations(page: Page) -> list[dict]:
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    """Fail with a readable list (rule id, help, target selectors) of WCAG 2.1 A/AA violations."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(f"axe found {len(violations)} WCAG violation(s) on {page.url}:\n{format_violations(violations)}")


def assert_no_horizontal_scroll(page: Page) -> None:
    """The page fits its viewport's width: nothing to scroll sideways (360 px on a phone)."""
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width}px of content in {width}px"
