"""Coded answers (reasons, needs, what the client shares), checked against their codes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_codes(values, choices, field: str) -> list:
    """``values`` without repeats, or a ValidationError on ``field`` naming unknown codes."""
    values = list(dict.fromkeys(values))
    unknown = [value for value in values if value not in choices.values]
    if unknown:
        raise ValidationError(
            {field: _("Unknown code: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}},
            code="unknown_code",
        )
    return values
