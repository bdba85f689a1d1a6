"""Every named URL × every role: what each role gets.

Later features add their URLs to MATRIX; test_every_named_url_is_in_the_matrix fails when a
URL is added without deciding who may open it.
"""

import pytest
from django.urls import get_resolver, reverse

from tests.conftest import ROLES

PUBLIC = dict.fromkeys(ROLES, 200)
LOGGED_IN = {"anonymous": 302, **dict.fromkeys(ROLES[1:], 200)}
ANY_ROLE = {"anonymous": 302, "outsider": 404, **dict.fromkeys(ROLES[2:], 200)}
ADMIN = {
    "anonymous": 302,
    "outsider": 302,
    "partner_a": 302,
    "partner_b": 302,
    "coordinator": 200,
    "steering": 200,
    "superuser": 200,
}
REDIRECT = dict.fromkeys(ROLES, 302)

# url name -> (function of a fixture getter giving the URL, expected status per role).
# Feature areas add their cases in tests/matrix_<area>.py as a dict named CASES.
MATRIX = {
    "home": (lambda f: reverse("home"), PUBLIC),
    "healthz": (lambda f: reverse("healthz"), PUBLIC),
    "robots-txt": (lambda f: reverse("robots-txt"), PUBLIC),
    "switch-language": (lambda f: reverse("switch-language", args=["en"]) + "?next=/", REDIRECT),
    "organisation-list": (lambda f: reverse("organisation-list"), PUBLIC),
    "organisation-detail": (lambda f: f("organisation_a").get_absolute_url(), PUBLIC),
    "venue-list": (lambda f: reverse("venue-list"), PUBLIC),
    "venue-detail": (lambda f: f("venue").get_absolute_url(), PUBLIC),
    "login": (lambda f: reverse("login"), {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    "logout": (lambda f: reverse("logout"), dict.fromkeys(ROLES, 405)),  # POST only
    "password_reset": (lambda f: reverse("password_reset"), PUBLIC),
    "password_reset_done": (lambda f: reverse("password_reset_done"), PUBLIC),
    "password_reset_confirm": (
        lambda f: reverse("password_reset_confirm", args=["MQ", "set-password"]),
        PUBLIC,
    ),
    "password_reset_complete": (lambda f: reverse("password_reset_complete"), PUBLIC),
    "password_change": (lambda f: reverse("password_change"), LOGGED_IN),
    "password_change_done": (lambda f: reverse("password_change_done"), LOGGED_IN),
    "staff-home": (lambda f: reverse("staff-home"), ANY_ROLE),
    "organisation-edit": (
        lambda f: reverse("organisation-edit", args=[f("organisation_a").slug]),
        {
            "anonymous": 302,
            "outsider": 404,
            "partner_a": 200,
            "partner_b": 404,
            "coordinator": 200,
            "steering": 404,
            "superuser": 200,
        },
    ),
    "admin:index": (lambda f: reverse("admin:index"), ADMIN),
}


def _load_area_cases():
    import importlib
    import pkgutil

    import tests

    for module in pkgutil.iter_modules(tests.__path__):
        if module.name.startswith("matrix_"):
            MATRIX.update(importlib.import_module(f"tests.{module.name}").CASES)


_load_area_cases()


def _named_urls():
    """Names of every URL pattern of the portal (the admin's own pages aside from its index)."""
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                ns = pattern.namespace or ""
                if ns == "admin":
                    continue
                walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_named_url_is_in_the_matrix():
    missing = _named_urls() - set(MATRIX)
    assert not missing, f"Decide who may open these URLs and add them to MATRIX: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_for_role(name, role, client_for, request):
    make_url, expected = MATRIX[name]
    url = make_url(request.getfixturevalue)
    response = client_for(role).get(url)
    assert response.status_code == expected[role], f"{role} GET {url}"
    if role != "anonymous":
        # Whatever the answer, nothing a logged-in user gets may be kept by a proxy or the browser.
        assert response["Cache-Control"] == "private, no-store", f"{role} GET {url}"
        assert not response.has_header("Expires")
    if response.status_code == 302 and role == "anonymous" and expected is not REDIRECT:
        assert response["Location"].startswith(reverse("login")) or name.startswith("admin:")


def test_out_of_scope_organisation_is_404_on_post_too(client_for, organisation_a):
    url = reverse("organisation-edit", args=[organisation_a.slug])
    response = client_for("partner_b").post(url, {"description": "taken over", "website": ""})
    assert response.status_code == 404
    organisation_a.refresh_from_db()
    assert organisation_a.description == ""
