"""The personal link to a booking: signed, unguessable, no login.

The link carries the booking's random key (144 bits) signed with SECRET_KEY under its own salt,
so a link cannot be made up or altered; it stops working when the booking is anonymised
(``bookings.retention``) and with it the link answers "wrong or expired".
"""

from django.core import signing
from django.urls import reverse

SALT = "bookings.personal-link"


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def token_for(booking) -> str:
    return _signer().sign(booking.key)


def key_from(token: str) -> str | None:
    try:
        return _signer().unsign(token)
    except signing.BadSignature:
        return None


def path_for(booking) -> str:
    return reverse("booking-manage", args=[token_for(booking)])
