"""/robots.txt: public pages allowed, staff area and login pages disallowed, the admin not named, the sitemap named."""

import pytest
from django.test import override_settings
from django.urls import reverse


def lines(response) -> list[str]:
    return response.content.decode().splitlines()


def test_robots_txt_is_plain_text_and_cacheable(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]


def test_robots_txt_allows_public_pages_and_disallows_the_private_ones(client):
    body = lines(client.get(reverse("robots-txt")))
    assert body[0] == "User-agent: *"
    assert "Allow: /" in body
    for path in ["/personal/", "/konto/", "/healthz"]:
        assert f"Disallow: {path}" in body
    # An empty Disallow would allow everything.
    assert "Disallow:" not in body
    assert "Disallow: /" not in body


def test_robots_txt_names_the_sitemap_with_an_absolute_url(client):
    body = lines(client.get("/robots.txt", HTTP_HOST="localhost"))
    assert body[-1] == "Sitemap: http://localhost/sitemap.xml"
    assert reverse("sitemap") == "/sitemap.xml"


def test_robots_txt_does_not_give_away_the_admin_path():
    with override_settings(ADMIN_PATH="forvaltning-7f3a/"):
        from klocket.robots import robots_lines

        assert not [line for line in robots_lines("http://localhost/sitemap.xml") if "forvaltning" in line]


def test_head_works_and_post_is_refused(client):
    head = client.head("/robots.txt")
    assert head.status_code == 200
    assert head.content == b""
    assert client.post("/robots.txt").status_code == 405


@pytest.mark.django_db
def test_robots_txt_is_the_same_for_a_logged_in_user(client, django_user_model):
    anonymous = client.get("/robots.txt").content
    client.force_login(django_user_model.objects.create_user(username="someone", password="a-test-password-42"))
    assert client.get("/robots.txt").content == anonymous
