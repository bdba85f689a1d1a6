"""Optional two-factor login with an authenticator app (django-otp)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from klocket.two_factor import SETUP_KEY
from tests.conftest import PASSWORD

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def shown_device(client):
    """The authenticator the set-up page shows (its key waits in the session), unsaved."""
    return TOTPDevice(key=client.session[SETUP_KEY])


@pytest.fixture
def enrolled(client, users):
    """The coordinator turns on two-factor login through the page and keeps the backup codes."""
    user = users["coordinator"]
    client.force_login(user)
    page = client.get(reverse("two-factor"), **EN).content.decode()
    assert "<svg" in page and "Key:" in page
    response = client.post(reverse("two-factor"), {"token": code_for(shown_device(client))}, **EN)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    codes = response.context["codes"]
    assert len(codes) == 10
    client.logout()
    return {"user": user, "device": device, "codes": codes}


def password_step(client, username="coordinator"):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD}, **EN)


@pytest.mark.django_db
def test_without_a_device_the_password_is_enough(client, users):
    response = password_step(client)
    assert response["Location"] == reverse("staff-home")


@pytest.mark.django_db
def test_with_a_device_the_code_is_needed(client, enrolled):
    response = password_step(client)
    assert response["Location"] == reverse("login-verify")
    assert client.get(reverse("staff-home")).status_code == 302  # not logged in yet
    response = client.post(reverse("login-verify"), {"token": "000000"}, **EN)
    assert "The code is wrong" in response.content.decode()
    # No pause after a wrong code (the per-user lock replaces django-otp's growing pauses).
    response = client.post(reverse("login-verify"), {"token": enrolled["codes"][0]})
    assert response["Location"] == reverse("staff-home")
    assert client.get(reverse("staff-home")).status_code == 200
    assert not StaticToken.objects.filter(token=enrolled["codes"][0]).exists()  # a backup code works once


@pytest.mark.django_db
def test_too_many_wrong_codes_restart_the_login(client, enrolled):
    password_step(client)
    for _attempt in range(5):
        response = client.post(reverse("login-verify"), {"token": "123456"})
    assert response["Location"] == reverse("login")
    assert client.get(reverse("login-verify"))["Location"] == reverse("login")


@pytest.mark.django_db
def test_turning_off_needs_a_code(client, enrolled):
    client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})
    client.post(reverse("login-verify"), {"token": enrolled["codes"][1]})
    response = client.post(reverse("two-factor"), {"token": "999999"}, **EN)
    assert "The code is wrong" in response.content.decode()
    assert TOTPDevice.objects.filter(user=enrolled["user"]).exists()
    client.post(reverse("two-factor"), {"token": enrolled["codes"][2]})
    assert not TOTPDevice.objects.filter(user=enrolled["user"]).exists()


@pytest.mark.django_db
def test_admin_login_goes_through_the_portal_login(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def wrong_codes_in_new_logins(client, logins, *, per_login=5, address="203.0.113.1"):
    for number in range(logins):
        remote = {"REMOTE_ADDR": f"203.0.113.{number + 1}"} if address == "rotating" else {"REMOTE_ADDR": address}
        assert (
            client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD}, **remote).status_code
            == 302
        )
        for _attempt in range(per_login):
            client.post(reverse("login-verify"), {"token": "123456"}, **remote)


@pytest.mark.django_db
def test_wrong_codes_count_across_logins_and_addresses_and_lock_even_the_right_code(client, enrolled, settings):
    assert settings.KLOCKET_OTP_FAILURE_LIMIT == 10
    wrong_codes_in_new_logins(client, 10, address="rotating")
    password_step(client)
    response = client.post(reverse("login-verify"), {"token": code_for(enrolled["device"])}, **EN)
    assert response["Location"] == reverse("login")  # not logged in, though the code was right
    assert client.get(reverse("staff-home")).status_code == 302
    page = client.get(reverse("login"), **EN).content.decode()
    assert "Too many wrong codes have been entered for this account" in page and "locked until" in page
    # A backup code does not open it either.
    password_step(client)
    client.post(reverse("login-verify"), {"token": enrolled["codes"][0]})
    assert client.get(reverse("staff-home")).status_code == 302
    assert StaticToken.objects.filter(token=enrolled["codes"][0]).exists()  # not even checked, so not used up


@pytest.mark.django_db
def test_the_code_lock_ends_after_the_cooloff(client, enrolled, settings):
    wrong_codes_in_new_logins(client, 2)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)):
        password_step(client)
        response = client.post(reverse("login-verify"), {"token": code_for(enrolled["device"])})
        assert response["Location"] == reverse("staff-home")


@pytest.mark.django_db
def test_a_right_code_starts_the_count_again(client, enrolled):
    wrong_codes_in_new_logins(client, 1)
    password_step(client)
    for _attempt in range(4):
        client.post(reverse("login-verify"), {"token": "123456"})
    assert client.post(reverse("login-verify"), {"token": enrolled["codes"][0]})["Location"] == reverse("staff-home")
    client.post(reverse("logout"))
    wrong_codes_in_new_logins(client, 1)
    password_step(client)
    for _attempt in range(4):
        client.post(reverse("login-verify"), {"token": "123456"})
    assert client.post(reverse("login-verify"), {"token": enrolled["codes"][1]})["Location"] == reverse("staff-home")


@pytest.mark.django_db
def test_turning_off_is_locked_too(client, enrolled, settings):
    settings.KLOCKET_OTP_FAILURE_LIMIT = 3
    password_step(client)
    client.post(reverse("login-verify"), {"token": enrolled["codes"][0]})
    for _attempt in range(3):
        response = client.post(reverse("two-factor"), {"token": "999999"}, **EN)
    assert "locked until" in response.content.decode()
    client.post(reverse("two-factor"), {"token": enrolled["codes"][1]})
    assert TOTPDevice.objects.filter(user=enrolled["user"]).exists()


@pytest.mark.django_db
def test_looking_at_the_set_up_page_writes_no_device(client, users):
    user = users["coordinator"]
    client.force_login(user)
    first = client.get(reverse("two-factor"), **EN)
    second = client.get(reverse("two-factor"), **EN)
    assert first.status_code == second.status_code == 200
    assert not TOTPDevice.objects.exists()
    assert first.context["secret"] == second.context["secret"]  # the QR code scanned stays valid
    # A wrong code keeps the same key, so the app's account still works for the next try.
    response = client.post(reverse("two-factor"), {"token": "000000"}, **EN)
    assert "The code is wrong" in response.content.decode()
    assert response.context["secret"] == first.context["secret"]
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):  # django-otp's pause after a wrong code
        response = client.post(reverse("two-factor"), {"token": code_for(shown_device(client))}, **EN)
    assert len(response.context["codes"]) == 10
    assert list(TOTPDevice.objects.filter(user=user).values_list("confirmed", flat=True)) == [True]
    assert SETUP_KEY not in client.session
