from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kohtaamo.core.i18n import localized, localized_language

register = template.Library()


@register.simple_tag(takes_context=True)
def title_of(context, offering):
    """A service's, event's or place's name in the page language or the best other one,
    marked with ``lang`` when it is another language. An event without a name of its
    own is named by its service."""
    page_language = (context.get("LANGUAGE_CODE") or "fi")[:2]
    source = offering
    if not localized(offering, "name") and getattr(offering, "service_id", None):
        source = offering.service
    name = localized(source, "name", page_language)
    if not name:
        return _("(no name)")
    language = localized_language(source, "name", page_language)
    if language == page_language:
        return name
    return format_html('<span lang="{}">{}</span>', language, name)
