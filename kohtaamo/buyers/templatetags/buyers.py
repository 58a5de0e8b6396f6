"""The "Save" (favourite) buttons and the "Save this search" box on catalogue pages.

On the search page the results sit inside the search's own GET form, and forms cannot
nest: there the buttons and the alert's name field point with ``form="..."`` at POST
forms placed after it. On a detail page the button brings its own form.
"""

from django import template

from kohtaamo.catalogue.models import Event
from kohtaamo.core.forms import posting_context

from .. import services

register = template.Library()


def _signed_in(context):
    request = context.get("request")
    return request is not None and request.user.is_authenticated


def _keys(request):
    cached = getattr(request, "_favourite_keys", None)
    if cached is None:
        cached = services.favourite_keys(request.user)
        request._favourite_keys = cached
    return cached


@register.inclusion_tag("buyers/_favourite_button.html", takes_context=True)
def favourite_button(context, offering, form_id=""):
    if not _signed_in(context):
        return {"show": False}
    request = context["request"]
    kind = "event" if isinstance(offering, Event) else "service"
    saved = (kind, offering.pk) in _keys(request)
    # Drafts seen in preview cannot be saved; a saved item can always be let go.
    if not (saved or offering.is_published):
        return {"show": False}
    return posting_context(
        context,
        form_id,
        offering=offering,
        kind=kind,
        saved=saved,
        LANGUAGE_CODE=context.get("LANGUAGE_CODE"),
    )


@register.inclusion_tag("buyers/_favourite_form.html", takes_context=True)
def favourite_form(context, form_id="favourite"):
    if not _signed_in(context):
        return {"show": False}
    return posting_context(context, form_id)


def _can_save_search(context, form, kind):
    return _signed_in(context) and kind != "event" and form.is_bound and form.is_valid()


@register.inclusion_tag("buyers/_save_search_box.html", takes_context=True)
def save_search_box(context, form, kind, form_id="save-search"):
    if not _can_save_search(context, form, kind):
        return {"show": False}
    return {
        "show": True,
        "form_id": form_id,
        "name": form.cleaned_data.get("q", ""),
        "max_length": 100,
    }


@register.inclusion_tag("buyers/_save_search_form.html", takes_context=True)
def save_search_form(context, form, kind, form_id="save-search"):
    if not _can_save_search(context, form, kind):
        return {"show": False}
    request = context["request"]
    query = request.GET.copy()
    for name in ("page", "kind"):
        query.pop(name, None)
    return {
        "show": True,
        "form_id": form_id,
        "query": query.urlencode(),
        "csrf_token": context.get("csrf_token"),
    }
