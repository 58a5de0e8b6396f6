"""What the search page's filters and tabs show: options with their counts, the chosen
values ticked, and links that keep what the person already chose."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kohtaamo.core.i18n import by_name
from kohtaamo.search.params import CODE_FACETS, YES_NO_FACETS

from .forms import EVENT

# Long lists start folded (an open <details> needs no JavaScript) unless one is chosen.
FOLDED = {"county", "art_form", "target_group", "language", "accessibility"}


def without(querydict, *names):
    query = querydict.copy()
    for name in names:
        query.pop(name, None)
    return query


def tab_links(querydict, kind):
    services = without(querydict, "page", "kind", "date_from", "date_to").urlencode()
    events = without(querydict, "page", "kind")
    events["kind"] = "events"
    return [
        {"label": _("Services"), "url": f"?{services}", "current": kind != EVENT},
        {"label": _("Events"), "url": f"?{events.urlencode()}", "current": kind == EVENT},
    ]


def chosen(form, name):
    """The codes ticked for ``name``, even when another field has an error."""
    if form.is_bound and form.is_valid():
        return {str(code) for code in form.cleaned_data.get(name) or []}
    try:
        return set(form.fields[name].to_python(form[name].value()))
    except ValidationError:
        return set()


def _option(name, code, item, counts, ticked):
    return {
        "value": code,
        "item": item,
        "count": counts.get(code, 0) if counts is not None else None,
        "checked": code in ticked,
        "id": f"id_{name}_{code}",
    }


def filter_groups(form, references, facets):
    """The checkbox groups and the grouped municipality list, in the page's order."""
    groups = []
    for name in CODE_FACETS:
        field = form[name]
        counts = None
        if facets:
            counts = {value.code: value.count for value in facets.get(name, [])}
        ticked = chosen(form, name)
        options = [
            _option(name, code, item, counts, ticked)
            for code, item in references.items(name)
            if getattr(item, "is_active", True) or code in ticked
        ]
        group = {
            "name": name,
            "legend": field.label,
            "errors": field.errors,
            "error_id": f"id_{name}_error",
            "open": bool(ticked) or bool(field.errors) or name not in FOLDED,
            "folded": name in FOLDED,
            "options": options,
            "any_checked": bool(ticked),
        }
        if name == "municipality":
            by_county = {}
            # The reader looks a place up in their own alphabet: Åbo after Vanda in Swedish.
            for option in by_name(options, lambda option: option["item"].name):
                county = option["item"].county
                by_county.setdefault(county.code, {"county": county, "options": []})
                by_county[county.code]["options"].append(option)
            group["optgroups"] = by_name(by_county.values(), lambda g: g["county"].name)
            group["multiple"] = len(ticked) > 1
        groups.append(group)
    return groups


def yes_no_counts(facets, name):
    if not facets:
        return None
    return next((value.count for value in facets.get(name, []) if value.code == "true"), 0)


def yes_no_choices(form, facets):
    """The 'free' and 'card' checkboxes with how many results each would leave."""
    choices = []
    for name in YES_NO_FACETS:
        field = form[name]
        try:
            checked = form.fields[name].to_python(field.value()) is True
        except ValidationError:
            checked = False
        choices.append({"field": field, "count": yes_no_counts(facets, name), "checked": checked})
    return choices


def error_links(form):
    """The error summary: each message linking to the input or group it is about."""
    links = []
    for name, errors in form.errors.items():
        if name not in form.fields:
            continue
        anchor = (
            f"id_{name}_group" if name in CODE_FACETS and name != "municipality" else f"id_{name}"
        )
        for message in errors:
            links.append({"anchor": anchor, "label": form.fields[name].label, "message": message})
    return links
