"""The pages about the portal: easy-to-read Swedish, accessibility statement, privacy, cookies.

Each is public, in the footer of every page, in the sitemap, valid HTML, in Swedish and English,
and shows facts from where the code keeps them (venues, retention settings, the controller).
"""

import html5lib
import pytest
from django.urls import reverse

from about.models import SiteSettings
from activities.models import Venue

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ABOUT_PAGES = ["about-easy-read", "about-accessibility", "about-feedback", "about-privacy", "about-cookies"]


@pytest.fixture
def site(db):
    return SiteSettings.objects.create(
        controller_name="Norrköpings kommun, kommunstyrelsen",
        organisation_number="212000-0746",
        email="klocket@norrkoping.example",
    )


@pytest.mark.parametrize("name", ABOUT_PAGES)
@pytest.mark.parametrize("headers", [{}, EN], ids=["sv", "en"])
def test_pages_are_valid_html(client, area, name, headers):
    response = client.get(reverse(name), **headers)
    assert response.status_code == 200
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(response.content.decode())  # raises on the first parse error
    assert not parser.errors


@pytest.mark.parametrize("name", ["sw-report", "goals-survey"])
def test_forms_with_the_privacy_note_are_valid_html(client, area, name):
    from tests.goals_support import make_wave

    make_wave()
    page = client.get(reverse(name)).content.decode()
    assert 'class="small privacy-note"' in page  # the form itself, not a "no survey open" page
    html5lib.HTMLParser(strict=True).parse(page)


def test_every_page_links_to_the_about_pages_in_its_footer(client, area):
    footer = client.get(reverse("home")).content.decode().split('<footer class="site-footer">')[1]
    for name in ["about-easy-read", "about-accessibility", "about-privacy", "about-cookies"]:
        assert f'href="{reverse(name)}"' in footer
    assert "Lättläst" in footer
    english = client.get(reverse("calendar"), **EN).content.decode().split('<footer class="site-footer">')[1]
    assert "Easy to read (in Swedish)" in english
    assert f'href="{reverse("about-easy-read")}" hreflang="sv"' in english


def test_about_pages_are_in_the_sitemap(client, area):
    sitemap = client.get("/sitemap.xml").content.decode()
    for name in ABOUT_PAGES:
        assert f"{reverse(name)}</loc>" in sitemap


def test_easy_read_lists_the_houses_from_the_venue_data(client, venue, django_assert_num_queries):
    Venue.objects.create(name="Ljusets kyrka", slug="ljusets-kyrka", area=venue.area, address="Kyrkvägen 1")
    Venue.objects.create(name="Gamla huset", slug="gamla-huset", area=venue.area, is_active=False)
    Venue.objects.create(name="Parken", slug="parken", area=venue.area, kind=Venue.Kind.OUTDOOR)
    client.get(reverse("about-easy-read"))  # fills the cached footer
    with django_assert_num_queries(1):  # the houses, however many
        page = client.get(reverse("about-easy-read")).content.decode()
    assert "Kunskapens hus</a>: Klockaretorpets centrum" in page
    assert "Ljusets kyrka</a>: Kyrkvägen 1" in page
    assert "Gamla huset" not in page and "Parken" not in page
    assert '<div class="easy-read" lang="sv">' in page
    assert f'href="{reverse("calendar")}"' in page and f'href="{reverse("sw-report")}"' in page


def test_easy_read_in_the_english_interface_stays_swedish_and_says_so(client, area):
    page = client.get(reverse("about-easy-read"), **EN).content.decode()
    assert '<html lang="en"' in page and '<div class="easy-read" lang="sv">' in page
    assert '<p lang="en">This page is in easy-to-read Swedish.</p>' in page
    assert "Vad är KLOCKET?" in page


def test_accessibility_statement_has_what_digg_asks_for(client, site):
    page = client.get(reverse("about-accessibility")).content.decode()
    assert "Tillgänglighetsredogörelse" in page
    assert "delvis förenlig" in page and "WCAG 2.1 AA" in page
    assert 'href="https://www.digg.se/tdosanmalan"' in page
    assert f'href="{reverse("about-feedback")}"' in page
    assert "Norrköpings kommun, kommunstyrelsen" in page and "mailto:klocket@norrkoping.example" in page
    assert "Innehåll som inte är tillgängligt" in page and "PDF" in page
    assert "Redogörelsen granskades senast den 4 december 2026." in page


def test_privacy_notice_names_the_controller_set_in_the_admin(client, site):
    page = client.get(reverse("about-privacy")).content.decode()
    assert "Norrköpings kommun, kommunstyrelsen" in page and "212000-0746" in page
    assert 'href="https://www.imy.se"' in page
    assert "6.1 e" in page and "2015:218" in page
    assert "6.1 c" in page and "6.1 f" in page  # feedback, staff accounts


def test_privacy_notice_without_a_controller_says_it_is_missing(client, area):
    page = client.get(reverse("about-privacy"), **EN).content.decode()
    assert "has not been filled in yet" in page


def test_privacy_notice_periods_come_from_the_retention_settings(client, area, settings):
    settings.KLOCKET_PARTICIPANT_RETENTION_MONTHS = 24
    settings.KLOCKET_REPORT_CONTACT_DAYS = 30
    settings.KLOCKET_FEEDBACK_CONTACT_DAYS = 1
    page = client.get(reverse("about-privacy"), **EN).content.decode()
    assert "removed 24 months after the circle's last session" in page
    assert "Your contact is erased 30 days after the report was handled" in page
    assert "The contact is erased 1 day after your feedback was answered or closed" in page
    swedish = client.get(reverse("about-privacy")).content.decode()
    assert "24 månader" in swedish and "30 dagar" in swedish


@pytest.mark.parametrize(
    ("name", "section"), [("sw-report", "reports"), ("goals-survey", "survey"), ("about-feedback", "feedback")]
)
def test_public_forms_link_to_the_privacy_notice(client, area, name, section):
    from goals.models import SurveyWave
    from tests.goals_support import make_wave

    if not SurveyWave.objects.exists():
        make_wave()
    page = client.get(reverse(name)).content.decode()
    assert f'href="{reverse("about-privacy")}#{section}"' in page
    assert f'id="{section}"' in client.get(reverse("about-privacy")).content.decode()


def test_participant_form_links_to_the_privacy_notice(client_for, organisation_a, venue):
    from activities.models import ActivityForm
    from tests.goals_support import make_activity

    circle = make_activity(organisation_a, venue, form=ActivityForm.STUDY_CIRCLE)
    page = client_for("coordinator").get(reverse("attendance-participant-add", args=[circle.pk])).content.decode()
    assert f'href="{reverse("about-privacy")}#participants"' in page


def test_report_page_says_who_runs_it_and_how_reports_are_moderated(client, area, site):
    page = client.get(reverse("sw-report"), **EN).content.decode()
    assert "The residents' reports are run by Norrköpings kommun, kommunstyrelsen." in page
    assert "1998:112" in page and "mailto:klocket@norrkoping.example" in page
    assert "your contact never" in page


def test_cookie_page_lists_the_cookies_from_one_place(client, area):
    from about.cookies import portal_cookies

    page = client.get(reverse("about-cookies")).content.decode()
    for cookie in portal_cookies():
        assert f"<code>{cookie.name}</code>" in page
