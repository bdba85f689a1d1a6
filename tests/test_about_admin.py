"""Site settings in the admin: one row, filled in and changed by coordinators, never deleted."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from about.models import SiteSettings

ADD = reverse("admin:about_sitesettings_add")


def test_a_coordinator_fills_in_the_controller_once_and_the_pages_show_it(client_for, area):
    client = client_for("coordinator")
    data = {"controller_name": "Föreningen KLOCKET", "email": "info@klocket.example", "postal_address": "Box 1"}
    response = client.post(ADD, data)
    assert response.status_code == 302
    site = SiteSettings.current()
    assert (site.pk, site.controller_name) == (1, "Föreningen KLOCKET")
    assert client.get(ADD).status_code == 403  # one row only: change it instead
    assert client.get(reverse("admin:about_sitesettings_delete", args=[1])).status_code == 403
    assert "Föreningen KLOCKET" in client.get(reverse("about-privacy")).content.decode()
    assert "Föreningen KLOCKET" in client.get(reverse("sw-report")).content.decode()


def test_there_is_only_ever_one_row(db):
    SiteSettings.objects.create(controller_name="A", email="a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.create(controller_name="B", email="b@example.org")  # save() gives it pk 1 too
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.bulk_create([SiteSettings(pk=2, controller_name="C", email="c@example.org")])
    assert list(SiteSettings.objects.values_list("controller_name", flat=True)) == ["A"]


def test_the_steering_group_cannot_change_who_is_responsible(client_for, db):
    assert client_for("steering").get(ADD).status_code == 403


def test_coordinators_find_new_feedback_from_their_start_page(client_for, db):
    from about.models import AccessibilityFeedback, FeedbackStatus

    AccessibilityFeedback.objects.create(page="a", problem="b")
    AccessibilityFeedback.objects.create(page="c", problem="d")
    AccessibilityFeedback.objects.create(page="e", problem="f", status=FeedbackStatus.CLOSED)
    page = client_for("coordinator").get(reverse("staff-home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    link = reverse("admin:about_accessibilityfeedback_changelist") + "?status__exact=received"
    assert f'<a href="{link}">Accessibility feedback</a> (2 new)' in page


def test_partner_staff_do_not_see_the_feedback_link(client_for, db):
    page = client_for("partner_a").get(reverse("staff-home")).content.decode()
    assert "accessibilityfeedback" not in page
