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
