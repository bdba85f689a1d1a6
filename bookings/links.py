"""The personal link to a booking: signed, unguessable, no login.

The link carries the booking's random key (144 bits) signed with SECRET_KEY under its own salt,
so a link cannot be made up or altered; it stops working when the booking is anonymised.
"""

from django.core import signing
from django.urls import reverse

SALT = "bookings.personal-link"


def token_for(booking) -> str:
    return signing.dumps(booking.key, salt=SALT, compress=False)


def key_from(token: str) -> str | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None


def path_for(booking) -> str:
    return reverse("booking-manage", args=[token_for(booking)])
