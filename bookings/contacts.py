"""A resident's contact: a mobile number normalised to E.164 (``phonenumbers``) or an e-mail address."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "SE"
MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalise_phone(value: str) -> str:
    """``070-123 45 67`` or ``+46 70 123 45 67`` -> ``+46701234567``; anything else is a ValidationError."""
    text = (value or "").strip()
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This is not a phone number. Write it like 070-123 45 67."), code="phone")
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(_("Give a mobile number: text messages cannot reach this one."), code="not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(value: str) -> str:
    text = (value or "").strip()
    validate_email(text)
    local, _at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"
