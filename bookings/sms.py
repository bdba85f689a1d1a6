"""Text messages through a small backend interface: ``send(to, text)`` or ``SmsError``.

``KLOCKET_SMS_BACKEND`` chooses: ``console`` prints messages (development), ``46elks`` posts to
46elks' HTTP API (https://46elks.se/docs/send-sms) with the account's API user name and password.
"""

import base64
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TIMEOUT_SECONDS = 10


class SmsError(Exception):
    """The provider did not take the message; safe to retry later. The text names no recipient."""


class ConsoleBackend:
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, to: str, text: str) -> None:
        self.stream.write(f"SMS to {to}:\n{text}\n\n")
        self.stream.flush()


class FortySixElksBackend:
    def __init__(self, *, url: str, username: str, password: str, sender: str):
        if not username or not password:
            raise ImproperlyConfigured("KLOCKET_SMS_BACKEND=46elks needs KLOCKET_46ELKS_USERNAME and _PASSWORD.")
        self.url, self.sender = url, sender
        credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.authorization = f"Basic {credentials}"

    def send(self, to: str, text: str) -> None:
        body = urllib.parse.urlencode({"from": self.sender, "to": to, "message": text}).encode()
        request = urllib.request.Request(  # noqa: S310 (the address is the configured API's)
            self.url,
            data=body,
            method="POST",
            headers={"Authorization": self.authorization, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise SmsError(f"46elks answered HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(f"46elks could not be reached ({type(error).__name__})") from None
        except ValueError:
            raise SmsError("46elks answered something that is not JSON") from None
        if answer.get("status") == "failed":
            raise SmsError("46elks could not deliver the message")


def get_backend():
    name = settings.KLOCKET_SMS_BACKEND
    if name == "console":
        return ConsoleBackend()
    if name == "46elks":
        return FortySixElksBackend(
            url=settings.KLOCKET_46ELKS_URL,
            username=settings.KLOCKET_46ELKS_USERNAME,
            password=settings.KLOCKET_46ELKS_PASSWORD,
            sender=settings.KLOCKET_SMS_SENDER,
        )
    raise ImproperlyConfigured(f"KLOCKET_SMS_BACKEND must be console or 46elks; got {name!r}.")
