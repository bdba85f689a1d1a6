"""Residents' reports: honeypot, rate limit (429), reference and status page, moderation, and the
reporter's contact never leaving the coordinator's page."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from klocket import env
from klocket import images as klocket_images
from safety_walks import services
from safety_walks.models import Deficiency, ResidentReport, Status
from tests import images
from tests.test_safety_walks_support import handed_to, make_report, media  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

REPORT = {
    "category": "vegetation",
    "place": "Stigen bakom skolan",
    "description": "Buskarna är så höga att man inte ser något.",
    "contact": "070-123 45 67",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_report_gets_a_reference_and_a_status_page_without_contact(client, area):
    response = client.post(reverse("sw-report"), REPORT, HTTP_ACCEPT_LANGUAGE="en")
    report = ResidentReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_status_url()
    assert report.reference.startswith("TR-") and len(report.reference) == 11
    assert report.status == ResidentReport.Status.RECEIVED and report.area == area
    page = client.get(report.get_status_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert report.reference in page and "waiting for moderation" in page
    assert "070-123 45 67" not in page and REPORT["description"] not in page
    # The reference works typed in lower case too.
    assert client.get(reverse("sw-report-status", args=[report.reference.lower()])).status_code == 200
    assert client.get(reverse("sw-report-status", args=["TR-NOTHERE"])).status_code == 404


def test_report_form_has_a_hidden_honeypot_and_refuses_robots(client, area):
    body = client.get(reverse("sw-report"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="visually-hidden" aria-hidden="true"' in body
    assert 'name="homepage"' in body and 'tabindex="-1"' in body and "Leave this field empty" in body
    response = client.post(
        reverse("sw-report"), {**REPORT, "homepage": "http://spam.example"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "must be left empty" in response.content.decode()
    assert not ResidentReport.objects.exists()


def test_missing_category_or_place_gets_messages_and_keeps_the_text(client, area):
    response = client.post(reverse("sw-report"), {**REPORT, "category": "", "place": ""}, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose a category." in body and "Say where the problem is." in body
    assert REPORT["description"] in body and 'value="070-123 45 67"' in body
    assert not ResidentReport.objects.exists()


def test_half_a_coordinate_pair_is_refused(client, area):
    response = client.post(reverse("sw-report"), {**REPORT, "latitude": "58.57"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Give both latitude and longitude" in response.content.decode()
    response = client.post(
        reverse("sw-report"),
        {**REPORT, "latitude": "58.5775123456", "longitude": "16.13781"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert str(ResidentReport.objects.get().latitude) == "58.577512"


def test_a_flood_of_reports_gets_429_with_a_message_and_the_text_kept(client, area, settings):
    settings.KLOCKET_REPORT_RATE = "3/h"
    for _i in range(3):
        assert client.post(reverse("sw-report"), REPORT).status_code == 302
    response = client.post(reverse("sw-report"), REPORT, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many reports in a short time" in body and "skip-link" in body
    assert REPORT["description"] in body
    assert ResidentReport.objects.count() == 3
    # Reading the form is never limited.
    assert client.get(reverse("sw-report")).status_code == 200


def test_a_refused_report_does_not_decode_its_photo(client, area, settings, monkeypatch):
    settings.KLOCKET_REPORT_RATE = "1/h"
    assert client.post(reverse("sw-report"), REPORT).status_code == 302

    def must_not_decode(*args, **kwargs):
        raise AssertionError("the photo of a refused report was decoded")

    monkeypatch.setattr(klocket_images, "process_image", must_not_decode)
    response = client.post(reverse("sw-report"), {**REPORT, "photo": images.png()}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many reports in a short time" in body and "choose the photo again" in body
    assert REPORT["description"] in body
    assert ResidentReport.objects.count() == 1


def test_a_walk_group_on_one_connection_may_send_30_reports_an_hour_but_not_in_one_burst(client, area, settings):
    assert (settings.KLOCKET_REPORT_RATE, settings.KLOCKET_REPORT_BURST_RATE) == ("30/h", "5/m")
    start = dt.datetime(2026, 12, 7, 18, 0, tzinfo=dt.UTC)  # fixed: the same limit windows every run
    statuses = []
    with time_machine.travel(start, tick=False) as traveller:
        for _minute in range(6):
            # Six of the group send one each, all in the same minute: the sixth is a burst too many.
            statuses.append([client.post(reverse("sw-report"), REPORT).status_code for _person in range(6)])
            traveller.shift(dt.timedelta(minutes=1))
        last = client.post(reverse("sw-report"), REPORT, HTTP_ACCEPT_LANGUAGE="en")
    assert statuses == [[302] * 5 + [429]] * 6
    assert ResidentReport.objects.count() == 30
    assert last.status_code == 429  # 30 in the hour (plus 6 refused): the hour's limit
    assert "Too many reports" in last.content.decode()


@pytest.mark.parametrize("value", ["5 per hour", "0/h", "5/week", "-1/m"])
def test_report_rates_must_be_rates(monkeypatch, value):
    monkeypatch.setenv("KLOCKET_REPORT_RATE", value)
    with pytest.raises(ImproperlyConfigured, match="KLOCKET_REPORT_RATE"):
        env.env_rate("KLOCKET_REPORT_RATE", "30/h")


def test_unmoderated_reports_are_never_public(client, area):
    report = make_report(area, place="Hemlig plats 123")
    for url in [reverse("sw-public-deficiencies"), reverse("sw-public-walks")]:
        assert "Hemlig plats 123" not in client.get(url).content.decode()
    assert not Deficiency.objects.exists()
    assert report.status == ResidentReport.Status.RECEIVED


def test_accepting_a_report_makes_a_deficiency_without_the_contact(client_for, area, organisation_a):
    report = make_report(area)
    client = client_for("coordinator")
    page = client.get(reverse("sw-report-moderate", args=[report.pk])).content.decode()
    assert "anna.reporter@example.org" in page  # the coordinator may contact the reporter
    response = client.post(
        reverse("sw-report-moderate", args=[report.pk]),
        {
            "action": "accept",
            "accept-category": "lighting",
            "accept-place": "Cykelstället bakom Idrottens hus",
            "accept-description": "Lampan vid cykelstället är trasig.",
            "accept-priority": "high",
            "accept-responsible_party": organisation_a.pk,
            "accept-is_public": "on",
            "accept-public_reply": "Tack! Vi har lämnat det vidare.",
        },
    )
    deficiency = Deficiency.objects.get()
    assert response.status_code == 302 and response["Location"] == deficiency.get_absolute_url()
    report.refresh_from_db()
    assert report.status == ResidentReport.Status.ACCEPTED and report.deficiency == deficiency
    assert deficiency.source == "report" and deficiency.walk is None and deficiency.status == Status.OBSERVED
    public = client.get(deficiency.get_public_url()).content.decode()
    assert "Cykelstället bakom Idrottens hus" in public and "anna.reporter" not in public
    status_page = client.get(report.get_status_url()).content.decode()
    assert "Tack! Vi har lämnat det vidare." in status_page and deficiency.get_public_url() in status_page
    # Staff pages of the deficiency, the hand-over and its history never show the contact either.
    services.change_status(deficiency=deficiency, to_status=Status.HANDED_OVER, user=None)
    for url in [deficiency.get_absolute_url(), reverse("sw-followup", args=[organisation_a.slug])]:
        assert "anna.reporter" not in client_for("partner_a").get(url).content.decode()


def test_report_history_never_keeps_the_contact(area):
    report = make_report(area)
    assert not hasattr(report.history.model, "contact")


def test_moderation_refuses_a_second_decision_and_rejection_needs_a_reply(client_for, area):
    report = make_report(area)
    client = client_for("coordinator")
    url = reverse("sw-report-moderate", args=[report.pk])
    response = client.post(url, {"action": "reject", "reject-public_reply": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "Tell the reporter why" in response.content.decode()
    response = client.post(url, {"action": "reject", "reject-public_reply": "Bostadsbolaget känner till det."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ResidentReport.Status.REJECTED
    response = client.post(
        url, {"action": "reject", "reject-public_reply": "Igen"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "already been moderated" in response.content.decode()


def test_link_a_report_to_a_known_deficiency(client_for, area, organisation_a):
    known = handed_to(area, organisation_a)
    report = make_report(area)
    response = client_for("coordinator").post(
        reverse("sw-report-moderate", args=[report.pk]),
        {"action": "link", "link-deficiency": known.pk, "link-public_reply": "Den är redan anmäld."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.deficiency == known and report.status == ResidentReport.Status.ACCEPTED
    assert Deficiency.objects.count() == 1


def test_steering_group_admin_never_shows_the_contact(client_for, area):
    report = make_report(area)
    url = reverse("admin:safety_walks_residentreport_change", args=[report.pk])
    steering = client_for("steering").get(url)
    assert steering.status_code == 200
    assert "anna.reporter@example.org" not in steering.content.decode()


def test_contacts_are_erased_some_time_after_moderation(area):
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    old = make_report(area)
    services.reject_report(report=old, user=None, public_reply="Känt sedan tidigare.")
    ResidentReport.objects.filter(pk=old.pk).update(moderated_at=timezone.now() - dt.timedelta(days=91))
    recent = make_report(area)
    services.reject_report(report=recent, user=None, public_reply="Känt.")
    waiting = make_report(area)
    out = StringIO()
    call_command("erase_report_contacts", stdout=out)
    assert "Contacts erased: 1." in out.getvalue()
    contacts = dict(ResidentReport.objects.values_list("pk", "contact"))
    assert contacts[old.pk] == "" and contacts[recent.pk] and contacts[waiting.pk]
