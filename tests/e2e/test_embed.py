"""The calendar on a partner's website, in a real browser: a page served from another origin
(a second local port) embeds the <klocket-calendar> widget and the iframe. The widget shows
the same dates as the API, the page is axe-clean, and the iframe is refused on a website no
coordinator listed."""

import datetime as dt
import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Activity, Occurrence
from api.models import EmbedOrigin
from tests.e2e.conftest import assert_no_axe_violations, assert_no_horizontal_scroll

PARTNER_PAGE = """<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Svenska kyrkan i Klockaretorpet</title></head>
<body>
<main>
  <h1>Svenska kyrkan i Klockaretorpet</h1>
  <script src="{portal}/static/embed/klocket-calendar.js" defer></script>
  <klocket-calendar id="sv" area="klockaretorpet" limit="3" lang="sv">
    <noscript><a href="{portal}/kalender/">Se kalendern</a></noscript>
  </klocket-calendar>
  <klocket-calendar id="ar" limit="2" lang="ar"></klocket-calendar>
  <iframe src="{portal}/inbaddning/kalender/?limit=3" title="Kommande aktiviteter i KLOCKET" width="360" height="400"></iframe>
</main>
</body>
</html>"""


@pytest.fixture
def partner_site(live_server):
    """A partner's website on another port: another origin than the portal."""
    body = PARTNER_PAGE.format(portal=live_server.url).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def dates(portal_data, activity, organisation_b):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
    cancelled = Activity.objects.create(
        title="Babyrytmik", organiser=organisation_b, venue=activity.venue, status=Activity.Status.PUBLISHED
    )
    rows = [
        Occurrence.objects.create(
            activity=activity, start=start + dt.timedelta(days=day), end=start + dt.timedelta(days=day, hours=2)
        )
        for day in range(3)
    ]
    rows.append(
        Occurrence.objects.create(
            activity=cancelled,
            start=start + dt.timedelta(hours=3),
            end=start + dt.timedelta(hours=4),
            cancelled=True,
            cancel_reason="Sjuk ledare",
        )
    )
    return rows


def api_items(live_server, query):
    with urllib.request.urlopen(f"{live_server.url}/api/v1/events/?{query}") as response:  # noqa: S310 (local)
        return json.load(response)["items"]


def test_partner_page_shows_the_widget_and_the_listed_iframe(new_page, live_server, partner_site, dates):
    EmbedOrigin.objects.create(origin=partner_site)
    page = new_page()
    page.goto(partner_site, wait_until="domcontentloaded")
    expected = api_items(live_server, "area=klockaretorpet&limit=3&lang=sv")
    links = page.locator("#sv li h3 a")
    expect(links).to_have_count(3)
    assert [links.nth(i).get_attribute("href") for i in range(3)] == [item["url"] for item in expected]
    assert [links.nth(i).inner_text() for i in range(3)] == [item["title"] for item in expected]
    expect(page.locator("#sv li.cancelled")).to_contain_text("Inställt: Sjuk ledare")
    expect(page.locator("#sv h2")).to_have_text("På gång i KLOCKET")
    expect(page.locator("#sv a", has_text="Alla aktiviteter")).to_have_attribute(
        "href", f"{live_server.url}/kalender/?omrade=klockaretorpet"
    )
    # Arabic: right to left, its own words, still real links.
    expect(page.locator("#ar section")).to_have_attribute("dir", "rtl")
    expect(page.locator("#ar h2")).to_have_text("الأنشطة القادمة في KLOCKET")
    expect(page.locator("#ar li h3 a")).to_have_count(2)
    # The iframe, served to a listed partner.
    frame = page.frame_locator("iframe")
    expect(frame.locator("li h2 a")).to_have_count(3)
    expect(frame.locator("h1")).to_have_text("Kommande aktiviteter i KLOCKET")
    # Keyboard: the first date is reached with Tab and is a link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.shadowRoot.activeElement.href") == expected[0]["url"]
    # No cookies from the portal on the partner's page.
    assert page.context.cookies() == []
    assert_no_axe_violations(page)


def test_iframe_is_refused_on_an_unlisted_website(browser, live_server, partner_site, dates):
    """The browser blocks the frame (a failed load, so not through new_page, which fails on one)."""
    EmbedOrigin.objects.create(origin="https://www.example.org")
    context = browser.new_context(locale="sv-SE")
    try:
        page = context.new_page()
        refused = []
        page.on("console", lambda message: refused.append(message.text) if "frame-ancestors" in message.text else None)
        page.goto(partner_site, wait_until="domcontentloaded")
        expect(page.locator("#sv li h3 a")).to_have_count(3)  # the widget works on any website
        page.wait_for_timeout(500)
        assert refused, "the browser did not refuse the iframe"
        assert page.frames[1].locator("li").count() == 0
    finally:
        context.close()


def test_builder_preview_at_phone_width(new_page, live_server, dates):
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live_server.url}/inbaddning/?area=klockaretorpet&limit=3")
    expect(page.locator(".embed-preview klocket-calendar li h3 a")).to_have_count(3)
    expect(page.frame_locator(".embed-preview-frame").locator("li")).to_have_count(3)
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/api/")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
