import phonenumbers
from django import template

from kohtaamo.referrals.models import DeclineReason, Need, Reason, SharedData

register = template.Library()


def _label(choices, code):
    try:
        return choices(code).label
    except ValueError:
        return code


@register.filter
def reason_label(code):
    return _label(Reason, code)


@register.filter
def need_label(code):
    return _label(Need, code)


@register.filter
def shared_label(code):
    return _label(SharedData, code)


@register.filter
def decline_label(code):
    return _label(DeclineReason, code)


@register.filter
def phone(value):
    """A stored number (E.164) as people read it: Finnish ones in the national form
    (040 123 4567), others with their country code (+46 70 123 45 67)."""
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    national = phonenumbers.region_code_for_number(number) == "FI"
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(number, style.NATIONAL if national else style.INTERNATIONAL)
