"""Accessibility feedback: stored for coordinators with a status, honeypot, rate limit (429),
nothing entered lost on errors, no 500 on odd input, and its contact erased by the retention run."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from about.models import AccessibilityFeedback, FeedbackStatus

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/tillganglighet/synpunkter/"


def _data(**changes):
    data = {"page": "Kalendern", "problem": "Veckovyn går inte att läsa med skärmläsare.", "contact": "a@b.se"}
    data.update(changes)
    return data


def test_feedback_is_stored_and_thanked(client, db):
    response = client.post(URL, _data(), follow=True)
    assert response.redirect_chain == [(reverse("about-feedback-thanks"), 302)]
    assert "Tack! Dina synpunkter har skickats" in response.content.decode()
    saved = AccessibilityFeedback.objects.get()
    assert (saved.page, saved.contact, saved.status) == ("Kalendern", "a@b.se", FeedbackStatus.RECEIVED)


def test_the_page_field_is_filled_in_from_the_link(client, db):
    page = client.get(URL + "?sida=/kalender/").content.decode()
    assert 'value="/kalender/"' in page


def test_missing_fields_are_named_and_what_was_written_is_kept(client, db):
    response = client.post(URL, _data(page="", problem="  "), **EN)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page
    assert "Say which page or content it is about." in page and "Describe what you could not use." in page
    assert 'value="a@b.se"' in page
    assert not AccessibilityFeedback.objects.exists()


def test_a_filled_in_honeypot_stores_nothing(client, db):
    response = client.post(URL, _data(homepage="http://spam.example"))
    assert response.status_code == 200
    assert not AccessibilityFeedback.objects.exists()


def test_a_flood_gets_429_with_the_text_kept(client, db, settings):
    settings.KLOCKET_FEEDBACK_RATE = "2/h"
    for _ in range(2):
        assert client.post(URL, _data()).status_code == 302
    response = client.post(URL, _data(problem="Tredje gången"), **EN)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many messages in a short time" in page and "Tredje gången" in page
    assert AccessibilityFeedback.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (_data(page="\x00"), 400),  # refused as a bad request by klocket/security.py before the form
        (_data(problem="a" * 5000), 200),
        (_data(contact="x" * 300), 200),
        (_data(page="\u202eevil\u202c العربية"), 302),
        ({"page": ["a", "b"], "problem": "x"}, 302),
        ({}, 200),
    ],
)
def test_odd_input_never_gives_a_500(db, data, status):
    assert Client().post(URL, data).status_code == status


def test_text_in_any_script_is_stored_as_written(client, db):
    client.post(URL, _data(page="صفحة التقويم", problem="ቀን መቁጸሪ ኣይሰርሕን"))
    assert AccessibilityFeedback.objects.get().problem == "ቀን መቁጸሪ ኣይሰርሕን"


def test_coordinators_see_the_feedback_with_its_status_in_the_admin(client_for, db):
    AccessibilityFeedback.objects.create(page="Kalendern", problem="Svårläst", contact="a@b.se")
    client = client_for("coordinator")
    listing = client.get("/admin/about/accessibilityfeedback/", **EN)
    assert listing.status_code == 200
    assert "Kalendern" in listing.content.decode() and "Received" in listing.content.decode()


@pytest.mark.parametrize("role", ["partner_a", "steering"])
def test_others_do_not_see_the_feedback(client_for, role):
    AccessibilityFeedback.objects.create(page="Kalendern", problem="Svårläst", contact="a@b.se")
    response = client_for(role).get("/admin/about/accessibilityfeedback/")
    assert response.status_code in (302, 403)


def test_handling_starts_the_retention_clock(db):
    feedback = AccessibilityFeedback.objects.create(page="p", problem="q", contact="c")
    assert feedback.handled_at is None
    feedback.status = FeedbackStatus.ANSWERED
    feedback.save()
    assert feedback.handled_at is not None
    feedback.status = FeedbackStatus.IN_PROGRESS
    feedback.save()
    assert feedback.handled_at is None


def test_the_daily_retention_run_erases_old_handled_contacts(db, time_machine, settings):
    settings.KLOCKET_FEEDBACK_CONTACT_DAYS = 30
    time_machine.move_to(dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC), tick=False)
    old = AccessibilityFeedback.objects.create(page="p", problem="q", contact="old", status=FeedbackStatus.CLOSED)
    waiting = AccessibilityFeedback.objects.create(page="p", problem="q", contact="waiting")
    time_machine.move_to(timezone.now() + dt.timedelta(days=31), tick=False)
    recent = AccessibilityFeedback.objects.create(page="p", problem="q", contact="new", status=FeedbackStatus.ANSWERED)
    out = StringIO()
    call_command("purge_participants", "--dry-run", stdout=out)
    assert "Would erase 1 accessibility feedback contacts (30 days after handling)" in out.getvalue()
    assert AccessibilityFeedback.objects.get(pk=old.pk).contact == "old"
    call_command("purge_participants", stdout=out)
    assert "Erased 1 accessibility feedback contacts" in out.getvalue()
    contacts = dict(AccessibilityFeedback.objects.values_list("pk", "contact"))
    assert contacts == {old.pk: "", waiting.pk: "waiting", recent.pk: "new"}
    assert AccessibilityFeedback.objects.get(pk=old.pk).problem == "q"  # the feedback itself stays
