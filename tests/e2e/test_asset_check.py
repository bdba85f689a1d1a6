"""The browser tests' asset check: real 4xx/5xx and failed loads fail a test; requests the browser
cut off because the page navigated away or closed do not (they made tests flaky under load)."""

import http.server
import socket
import socketserver
import threading
import time

import pytest

from tests.e2e.conftest import AssetWatch


class _Assets(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow.png":
            time.sleep(2)
        status = {"/missing.png": 404, "/broken.css": 500}.get(self.path, 200)
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        if self.path.startswith("/page"):
            self.wfile.write(self.server.page_html.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def asset_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Assets)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _watched_page(browser, server, html):
    server.page_html = html
    assets = AssetWatch()
    context = assets.watch(browser.new_context())
    return assets, context, context.new_page(), f"http://127.0.0.1:{server.server_address[1]}"


def test_asset_cut_off_by_navigation_is_not_broken(browser, asset_server):
    assets, context, page, base = _watched_page(browser, asset_server, "<img src='/slow.png' alt=''>")
    page.goto(base + "/page", wait_until="commit")
    page.wait_for_timeout(300)  # the slow image is on its way
    page.goto(base + "/page-two")
    page.wait_for_timeout(300)
    assets.closing()
    context.close()
    assert assets.broken == []


def test_missing_or_failing_assets_and_failed_loads_are_broken(browser, asset_server):
    port = _closed_port()
    html = (
        "<link rel='stylesheet' href='/broken.css'><img src='/missing.png' alt=''>"
        f"<img src='http://127.0.0.1:{port}/refused.png' alt=''>"
    )
    assets, context, page, base = _watched_page(browser, asset_server, html)
    page.goto(base + "/page")
    page.wait_for_load_state("load")
    assets.closing()
    context.close()
    found = "\n".join(assets.broken)
    assert f"500 {base}/broken.css" in found
    assert f"404 {base}/missing.png" in found
    assert "refused.png" in found and "failed (net::ERR_CONNECTION_REFUSED)" in found
