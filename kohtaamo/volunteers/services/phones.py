"""Phone numbers as a referral's client phone is checked: E.164, Finnish by default."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PHONE_REGION = "FI"


def check_phone(value: str, field: str = "phone") -> str:
    """``value`` as E.164 (+358401234567), "" when empty, or a ValidationError."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            {
                field: ValidationError(
                    _("Check the phone number, e.g. 040 123 4567, or +46 70 123 4567 from abroad."),
                    code="phone_invalid",
                )
            }
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
