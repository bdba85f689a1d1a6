"""Every response carries the security headers a scanner looks for."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/kalender/", "/konto/logga-in/", "/finns-inte/"])
def test_security_headers(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp or "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite(client, users):
    from tests.conftest import PASSWORD

    response = client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/kalender/", "/kalender.ics", "/konto/logga-in/"])
def test_nul_characters_are_a_bad_request_not_a_server_error(client, url):
    assert client.get(url, {"q": "a\x00b"}).status_code == 400
    assert client.post(url, {"username": "\x00"}).status_code in (400, 405)


@pytest.mark.django_db
def test_logged_in_responses_are_private_and_not_stored_anonymous_ones_keep_their_caching(client, occurrence, users):
    url = reverse("calendar")
    anonymous = client.get(url)
    assert "no-store" not in anonymous.get("Cache-Control", "") and anonymous.has_header("ETag")
    assert client.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"]).status_code == 304
    client.force_login(users["partner_a"])
    for page in [url, reverse("staff-home"), reverse("staff-activities")]:
        assert client.get(page)["Cache-Control"] == "private, no-store", page


@pytest.mark.django_db
def test_logging_in_answers_private_and_not_stored(client, users):
    from tests.conftest import PASSWORD

    response = client.post(reverse("login"), {"username": "partner-a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
