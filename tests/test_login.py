"""Login in the site's look, throttled after repeated failures (django-axes)."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_login_then_staff_page(client, users):
    response = client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff-home")
    assert "Samordnare" in client.get(reverse("staff-home")).content.decode()


@pytest.mark.django_db
def test_failed_login_keeps_user_name_and_explains(client, users):
    response = client.post(reverse("login"), {"username": "coordinator", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="coordinator"' in body
    assert "alert-danger" in body


@pytest.mark.django_db
def test_login_throttled_after_repeated_failures(client, users, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "coordinator", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 429
    assert "skip-link" in response.content.decode()  # the site's own look


@pytest.mark.django_db
def test_logout_is_post_only_and_ends_the_session(client, users):
    client.force_login(users["coordinator"])
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("staff-home")).status_code == 302


@pytest.mark.django_db
def test_password_reset_sends_a_mail_in_the_active_language(client, users, mailoutbox):
    client.post(reverse("password_reset"), {"email": "coordinator@example.org"})
    assert len(mailoutbox) == 1
    assert "/konto/losenord/" in mailoutbox[0].body
