from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()

# Each language's name in itself, so a reader finds their own language in any page.
NATIVE_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each interface language."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    return [
        {
            "code": code,
            "name": NATIVE_NAMES.get(code, name),
            "url": _in_language(path, current, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


def _in_language(path, current, code):
    translated = translate_url(path, code)
    # A path that does not resolve (a 404 page) comes back unchanged: swap its prefix.
    if translated == path and code != current and path.startswith(f"/{current}/"):
        return f"/{code}/{path[len(current) + 2 :]}"
    return translated


@register.simple_tag
def widget(field):
    """Render a form field's input tied to its help text and error message, so a screen
    reader announces both when the input gets focus."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def plain_url(context, on):
    """This page with plain language switched on or off, its other parameters kept."""
    from kohtaamo.core.plain import PARAMETER

    request = context["request"]
    query = request.GET.copy()
    query[PARAMETER] = "1" if on else "0"
    return f"{request.path}?{query.urlencode()}"
