"""Phone numbers as visitors and editors type them, checked with libphonenumber."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Numbers typed without a country code are read as Chinese ones.
PHONE_DEFAULT_REGION = "CN"


def validate_phone_number(value: str) -> None:
    """Accept a number that exists (with its country code, or a Chinese one).

    The number is stored as typed: people call what they read, spaces included.
    """
    if not value:
        return
    try:
        number = phonenumbers.parse(value, PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a phone number with its country code, e.g. +86 760 2222 3333."),
            code="invalid",
        )
