"""Coded answers (reasons, needs, what the client shares), checked against their codes."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Choices
from django.utils.translation import gettext as _


def check_codes(values: Iterable[str], choices: type[Choices], field: str) -> list[str]:
    """``values`` without repeats, or a ValidationError on ``field`` naming unknown codes."""
    values = list(dict.fromkeys(values))
    unknown = [value for value in values if value not in choices.values]
    if unknown:
        raise ValidationError(
            {field: _("Unknown code: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}},
            code="unknown_code",
        )
    return values
