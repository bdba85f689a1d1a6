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


@pytest.mark.django_db
def test_password_reset_mails_are_limited_per_address_with_the_same_neutral_answer(client, users, mailoutbox):
    from klocket import password_reset

    limit = int(password_reset.ADDRESS_RATE.split("/")[0])
    answers = [
        client.post(reverse("password_reset"), {"email": "coordinator@example.org"}, REMOTE_ADDR=f"192.0.2.{attempt}")
        for attempt in range(10)  # ten clients: the limit holds per address, wherever the requests come from
    ]
    assert len(mailoutbox) == limit
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {(302, reverse("password_reset_done"))}
    # Another address is not held up by the first one's limit.
    client.post(reverse("password_reset"), {"email": "steering@example.org"}, REMOTE_ADDR="192.0.2.200")
    assert len(mailoutbox) == limit + 1 and mailoutbox[-1].to == ["steering@example.org"]


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_client(client, django_user_model, mailoutbox):
    from klocket import password_reset
    from tests.conftest import make_user

    limit = int(password_reset.CLIENT_RATE.split("/")[0])
    for number in range(limit + 3):
        make_user(django_user_model, f"person{number}")
    answers = [
        client.post(reverse("password_reset"), {"email": f"person{number}@example.org"}, REMOTE_ADDR="192.0.2.7")
        for number in range(limit + 3)
    ]
    assert len(mailoutbox) == limit
    assert {answer["Location"] for answer in answers} == {reverse("password_reset_done")}
    # An unknown address gets the very same answer as a known one.
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, REMOTE_ADDR="192.0.2.8")
    assert (unknown.status_code, unknown["Location"]) == (302, reverse("password_reset_done"))
    # Another client still gets its mail.
    client.post(reverse("password_reset"), {"email": "person0@example.org"}, REMOTE_ADDR="192.0.2.9")
    assert len(mailoutbox) == limit + 1
