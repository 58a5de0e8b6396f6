"""The "Add to list" buttons that catalogue pages show to professionals.

On the search page the results sit inside the search's own GET form, and forms cannot
nest: there the buttons point with ``form="..."`` at one POST form placed after it
(:func:`add_to_list_form`). On a detail page each button brings its own form.
"""

from django import template

from kohtaamo.catalogue.models import Event
from kohtaamo.core.forms import posting_context

from ..services import current_list

register = template.Library()

FORM_ID = "add-to-list"


def _current(request):
    """(list id, {(kind, id), ...}) of the list being filled, once per request."""
    cached = getattr(request, "_personal_list_state", None)
    if cached is None:
        personal_list = current_list(request)
        keys = set()
        if personal_list is not None:
            for service_id, event_id in personal_list.items.values_list("service_id", "event_id"):
                keys.add(("service", service_id) if service_id else ("event", event_id))
        cached = (personal_list.pk if personal_list else None, keys)
        request._personal_list_state = cached
    return cached


def _may_add(context):
    request = context.get("request")
    return request is not None and request.user.has_perm("lists.add_personallist")


@register.inclusion_tag("lists/_add_button.html", takes_context=True)
def add_to_list_button(context, offering, form_id=""):
    # Drafts seen in preview cannot go on a client's list.
    if not _may_add(context) or not offering.is_published:
        return {"show": False}
    request = context["request"]
    kind = "event" if isinstance(offering, Event) else "service"
    list_id, keys = _current(request)
    return posting_context(
        context,
        form_id,
        offering=offering,
        kind=kind,
        on_list=(kind, offering.pk) in keys,
        list_id=list_id,
        LANGUAGE_CODE=context.get("LANGUAGE_CODE"),
    )


@register.inclusion_tag("lists/_add_form.html", takes_context=True)
def add_to_list_form(context, form_id=FORM_ID):
    if not _may_add(context):
        return {"show": False}
    return posting_context(context, form_id)
