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
    # After a wrong code django-otp throttles the devices for a moment.
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
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
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        client.post(reverse("two-factor"), {"token": enrolled["codes"][2]})
    assert not TOTPDevice.objects.filter(user=enrolled["user"]).exists()


@pytest.mark.django_db
def test_admin_login_goes_through_the_portal_login(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


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
