"""Optional two-factor login (django-otp): a code from an authenticator app after the password.

Anyone on the staff may turn it on; it is meant for coordinators and administrators, who can
see and change the most. A user with a confirmed device is not logged in by the password
alone: the password step remembers them in the session and the code step logs them in.

Wrong codes are counted per user, over every login and from any address, in django-otp's
throttling fields of the user's devices: ``KLOCKET_OTP_FAILURE_LIMIT`` of them lock the code
step for the password lock's cool-off (``AXES_COOLOFF_TIME`` hours), even for the right code;
failures older than the cool-off are forgotten, and a right code starts the count again. (Whoever
reaches the code step knows the password: restarting the login must not give fresh attempts.)
"""

import base64
import datetime as dt
import io
import logging
import re
import secrets

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

PENDING_KEY = "klocket_2fa_pending"
SETUP_KEY = "klocket_2fa_setup_key"
MAX_ATTEMPTS = 5  # wrong codes in one login before the password is asked again
BACKUP_CODES = 10

logger = logging.getLogger(__name__)


def _cooloff() -> dt.timedelta:
    return dt.timedelta(hours=settings.AXES_COOLOFF_TIME)


def _locked_until(devices) -> dt.datetime | None:
    """When the user's code step opens again, or None if it is open."""
    now = timezone.now()
    for device in devices:
        last = device.throttling_failure_timestamp
        if last and device.throttling_failure_count >= settings.KLOCKET_OTP_FAILURE_LIMIT and now - last < _cooloff():
            return last + _cooloff()
    return None


def code_locked_until(user) -> dt.datetime | None:
    return _locked_until(django_otp.devices_for_user(user))


def check_code(user, token: str):
    """Verify ``token`` against the user's devices: ``(device, None)``, or ``(None, locked_until)``.

    ``locked_until`` is None while the user may try again. A locked user's code is not even
    checked, so the lock cannot be used to guess codes.
    """
    with transaction.atomic():
        devices = list(django_otp.devices_for_user(user, for_verify=True))
        now = timezone.now()
        for device in devices:
            last = device.throttling_failure_timestamp
            if last and now - last >= _cooloff():
                device.throttle_reset()  # failures older than the cool-off are forgotten
        locked_until = _locked_until(devices)
        if locked_until:
            return None, locked_until
        matched = next((device for device in devices if device.verify_token(token)), None)
        if matched is not None:
            for device in devices:
                if device is not matched and device.throttling_failure_count:
                    device.throttle_reset()
            return matched, None
        locked_until = _locked_until(devices)
        if locked_until:
            logger.warning("two-factor login of user %s locked after repeated wrong codes", user.pk)
        return None, locked_until


def _locked_message(locked_until: dt.datetime) -> str:
    return _(
        "Too many wrong codes have been entered for this account, so two-factor login is locked "
        "until %(time)s. Log in again after that. If it was not you, change your password."
    ) % {"time": time_format(timezone.localtime(locked_until), "H:i")}


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy("The six digits your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


class TwoStepLoginView(LoginView):
    """The password step: users with two-factor login continue to the code step."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not django_otp.user_has_device(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_redirect_url(),
            "attempts": 0,
        }
        return redirect("login-verify")


@never_cache
@sensitive_post_parameters("token")
def verify(request):
    """The code step of a two-factor login."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return redirect("login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("login")
    locked_until = code_locked_until(user)
    form = TokenForm(request.POST or None)
    if not locked_until and request.method == "POST" and form.is_valid():
        device, locked_until = check_code(user, form.cleaned_data["token"])
        if device is not None:
            request.session.pop(PENDING_KEY, None)
            login(request, user, backend=pending["backend"])
            django_otp.login(request, device)
            next_url = pending.get("next") or ""
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
                next_url = settings.LOGIN_REDIRECT_URL
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    if locked_until:
        request.session.pop(PENDING_KEY, None)
        messages.error(request, _locked_message(locked_until))
        return redirect("login")
    if request.method == "POST" and form.is_valid():
        pending["attempts"] += 1
        if pending["attempts"] >= MAX_ATTEMPTS:
            request.session.pop(PENDING_KEY, None)
            messages.error(request, _("Too many wrong codes. Log in again."))
            return redirect("login")
        request.session[PENDING_KEY] = pending
        form.add_error("token", _("The code is wrong or has expired. Try the code your app shows now."))
    return render(request, "registration/verify.html", {"form": form})


def _qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=5, border=2, title=_("QR code for the authenticator app")
    )
    return mark_safe(buffer.getvalue().decode())  # noqa: S308 - generated by segno from our own data


def _new_backup_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="backup")
    device.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _device_being_set_up(request, user) -> TOTPDevice:
    """The authenticator being set up, unsaved: its key waits in the session until a code
    confirms it, so looking at the page (a GET) writes no device row."""
    key = request.session.get(SETUP_KEY)
    if not (isinstance(key, str) and re.fullmatch(r"[0-9a-f]{40}", key)):
        key = default_key()
        request.session[SETUP_KEY] = key
    return TOTPDevice(user=user, name="authenticator", key=key, confirmed=False)


@never_cache
@login_required
@sensitive_post_parameters("token")
def setup(request):
    """Turn two-factor login on (scan, confirm with a code, keep the backup codes) or off."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    form = TokenForm(request.POST or None)
    if confirmed:
        if request.method == "POST" and form.is_valid():
            device, locked_until = check_code(user, form.cleaned_data["token"])
            if device is not None:
                TOTPDevice.objects.filter(user=user).delete()
                StaticDevice.objects.filter(user=user).delete()
                messages.success(request, _("Two-factor login is turned off."))
                return redirect("staff-home")
            form.add_error(
                "token", _locked_message(locked_until) if locked_until else _("The code is wrong or has expired.")
            )
        return render(request, "registration/two_factor.html", {"enabled": True, "form": form})

    device = _device_being_set_up(request, user)
    if request.method == "POST" and form.is_valid():
        # Saved only now, so django-otp can count wrong codes; other unfinished set-ups go.
        TOTPDevice.objects.filter(user=user, confirmed=False).exclude(key=device.key).delete()
        device = TOTPDevice.objects.filter(user=user, confirmed=False, key=device.key).first() or device
        if device.pk is None:
            device.save()
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(SETUP_KEY, None)
            django_otp.login(request, device)
            codes = _new_backup_codes(user)
            return render(request, "registration/two_factor_done.html", {"codes": codes})
        form.add_error("token", _("The code is wrong or has expired. Try the code your app shows now."))
    secret_text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "registration/two_factor.html",
        {
            "enabled": False,
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": " ".join(secret_text[i : i + 4] for i in range(0, len(secret_text), 4)),
        },
    )
