from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kohtaamo.accounts.roles import Role

from .. import forms
from ..models import Assistance

register = template.Library()


@register.filter
def week_rows(bound_field):
    return forms.week_rows(bound_field)


@register.simple_tag
def day_part_names():
    return forms.day_part_names()


@register.filter
def hours(minutes):
    """Minutes as hours and minutes: 90 -> "1 h 30 min"."""
    minutes = int(minutes or 0)
    whole, rest = divmod(minutes, 60)
    if whole and rest:
        return _("%(hours)s h %(minutes)s min") % {"hours": whole, "minutes": rest}
    if whole:
        return _("%(hours)s h") % {"hours": whole}
    return _("%(minutes)s min") % {"minutes": rest}


@register.filter
def hours_of(duration):
    """A timedelta in hours and minutes; past two days, in days."""
    minutes = round(duration.total_seconds() / 60)
    if minutes >= 48 * 60:
        days = round(minutes / (24 * 60))
        return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
    return hours(minutes)


@register.filter
def need_labels(codes):
    """The help a request needs, in words (the codes are Assistance's)."""
    labels = dict(Assistance.choices)
    return [str(labels.get(code, code)) for code in codes or ()]


@register.filter
def volunteer_menu(user):
    """What the top menu offers a volunteer: "only" when volunteering is all they do
    (their desk would be empty, so "My volunteering" takes its place), "also" beside
    other roles, "" for others."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return ""
    roles = user.roles()
    if Role.VOLUNTEER not in roles:
        return ""
    return "only" if roles == {Role.VOLUNTEER} else "also"
