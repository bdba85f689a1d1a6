"""Public base pages: language, titles, 404s in the site's look, constant query counts."""

import pytest
from django.urls import reverse

from activities.models import Organisation, Venue


@pytest.mark.django_db
def test_home_is_swedish_by_default(client, venue, organisation_a):
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert '<html lang="sv"' in body
    assert "Kunskapens hus" in body
    assert "Hyresgästföreningen" in body
    assert "<title>" in body and "KLOCKET</title>" in body


@pytest.mark.django_db
def test_accept_language_english(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="en"' in body
    assert "Houses and places" in body


@pytest.mark.django_db
def test_language_switcher_sets_cookie_and_returns(client):
    response = client.get(reverse("switch-language", args=["en"]) + "?next=/partners/")
    assert response.status_code == 302
    assert response["Location"] == "/partners/"
    assert client.get("/partners/").content.decode().count('<html lang="en"') == 1
    # An outside address is never a redirect target.
    response = client.get(reverse("switch-language", args=["sv"]) + "?next=https://evil.example/")
    assert response["Location"] == "/"
    assert client.get(reverse("switch-language", args=["xx"])).status_code == 404


@pytest.mark.django_db
def test_unknown_url_is_a_404_in_the_site_look_and_language(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "skip-link" in body and 'lang="sv"' in body
    response = client.get("/finns-inte/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_inactive_partner_is_not_public(client, organisation_a):
    organisation_a.is_active = False
    organisation_a.save()
    assert client.get(organisation_a.get_absolute_url()).status_code == 404
    assert organisation_a.get_absolute_url() not in client.get(reverse("organisation-list")).content.decode()


@pytest.mark.django_db
def test_home_query_count_does_not_grow(client, area, django_assert_num_queries):
    def add(n):
        for i in range(n):
            Venue.objects.create(name=f"Plats {Venue.objects.count()}", slug=f"p{Venue.objects.count()}", area=area)
            Organisation.objects.create(name=f"Förening {i}-{n}", slug=f"f{i}-{n}")

    add(2)
    with django_assert_num_queries(5) as small:  # the footer no longer reads the partners
        client.get(reverse("home"))
    add(20)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("home"))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/partners/%00/", "/platser/<script>/", "/partners/" + "a" * 500 + "/"])
def test_odd_urls_are_404_not_500(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_footer_is_one_line_linking_to_the_partners_page(client, organisation_a, organisation_b, language):
    """The footer no longer repeats every partner on every page: one line and a link."""
    body = client.get(reverse("calendar"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    footer = body[body.index('<footer class="site-footer">') : body.index("</footer>")]
    # One line about the partnership; the only list is the short one of pages about the portal.
    assert footer.count("<p") == 1 and footer.count("<ul") == footer.count('class="footer-links') == 1
    assert f'href="{reverse("organisation-list")}"' in footer
    assert organisation_a.name not in footer and organisation_b.name not in footer
