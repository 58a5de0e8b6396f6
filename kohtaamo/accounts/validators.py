from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def validate_business_id(value):
    """A Finnish business id (Y-tunnus): seven digits, a hyphen and a check digit."""
    message = _("Enter a business ID in the form 1234567-8.")
    if len(value) != 9 or value[7] != "-" or not (value[:7] + value[8]).isdigit():
        raise ValidationError(message, code="format")
    remainder = sum(int(d) * w for d, w in zip(value[:7], BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 1:
        raise ValidationError(message, code="check_digit")
    expected = 0 if remainder == 0 else 11 - remainder
    if int(value[8]) != expected:
        raise ValidationError(
            _("The check digit of this business ID does not match."), code="check_digit"
        )
