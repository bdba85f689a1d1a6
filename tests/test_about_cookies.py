"""The portal sets only the strictly necessary cookies that the cookie page lists (about/cookies.py).

A visitor opens every page of the sitemap and the public pages outside it, changes the language
and sends the public forms; any cookie not in the notice's list fails the test (it would need
consent, or at least a line on the cookie page)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from about.cookies import is_listed
from goals.forms import new_form_key
from tests.goals_support import make_wave

PUBLIC_OUTSIDE_SITEMAP = [
    "/trygghetsvandringar/",
    "/trygghetsvandringar/brister/",
    "/rapportera/",
    "/trygghetsenkat/",
    "/mal/",
    "/konto/logga-in/",
    "/konto/losenord/",
    "/finns-inte/",
    "/kalender.ics",
]


def _sitemap_paths(client) -> list[str]:
    index = client.get("/sitemap.xml").content.decode()
    return [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", index)]


@pytest.fixture
def visitor(occurrence, organisation_b):
    make_wave()
    return Client()


def test_public_pages_and_forms_set_only_the_listed_cookies(visitor):
    paths = _sitemap_paths(visitor)
    assert reverse("about-cookies") in paths and len(paths) > 8
    seen = {}
    for path in paths + PUBLIC_OUTSIDE_SITEMAP:
        response = visitor.get(path)
        assert response.status_code < 500, path
        seen.update(dict.fromkeys(response.cookies, path))
    response = visitor.get(reverse("switch-language", args=["en"]) + "?next=/")
    seen.update(dict.fromkeys(response.cookies, "language switch"))
    posts = [
        (reverse("about-feedback"), {"page": "Kalendern", "problem": "Svårläst"}),
        (reverse("sw-report"), {"category": "lighting", "place": "Gången", "description": "Mörkt"}),
        (reverse("goals-survey"), {"safety": "fairly_safe", "attractiveness": "4", "visits": "weekly",
                                   "form_key": new_form_key()}),
    ]  # fmt: skip
    for path, data in posts:
        response = visitor.post(path, data, follow=True)
        assert response.status_code == 200, path
        seen.update(dict.fromkeys(visitor.cookies, path))
    unlisted = {name: path for name, path in seen.items() if not is_listed(name)}
    assert not unlisted, f"cookies not on the cookie page: {unlisted}"
    # What a visitor gets: the CSRF token, the chosen language and a confirmation message at most.
    assert {"csrftoken", "django_language", "messages"} <= set(seen)
    assert any(name.startswith("klocket_enkat_") for name in seen)
    assert "sessionid" not in seen  # no session for residents (CSRF_USE_SESSIONS stays off)
