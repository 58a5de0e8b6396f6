from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

from kohtaamo.catalogue import display

register = template.Library()


@register.simple_tag(takes_context=True)
def content(context, obj, field, paragraphs=False):
    """One content text in the reader's language; a fallback language is marked with
    ``lang`` so that screen readers switch their pronunciation."""
    page_language = display.current_language(context.get("LANGUAGE_CODE"))
    found = display.text(obj, field, page_language)
    if paragraphs:
        body = mark_safe(linebreaks(found.value, autoescape=True))  # noqa: S308 (escaped)
        if found.language == page_language:
            return format_html('<div class="content-text">{}</div>', body)
        return format_html('<div class="content-text" lang="{}">{}</div>', found.language, body)
    if found.language == page_language:
        return found.value
    return format_html('<span lang="{}">{}</span>', found.language, found.value)


@register.simple_tag(takes_context=True)
def name_of(context, item):
    """A reference item's (or organisation's) name, marked when in another language."""
    page_language = display.current_language(context.get("LANGUAGE_CODE"))
    language = getattr(item, "name_language", page_language)
    if language == page_language:
        return item.name
    return format_html('<span lang="{}">{}</span>', language, item.name)


@register.filter
def sami_versions(service):
    return display.sami_versions(service)


@register.filter
def municipalities(obj):
    return display.municipalities_of(obj)


@register.simple_tag
def when(event):
    """An event's time as people say it: the end time alone when it ends the same day."""
    start = timezone.localtime(event.start)
    text = date_format(start, "DATETIME_FORMAT")
    if event.end:
        end = timezone.localtime(event.end)
        if end.date() == start.date():
            text = f"{text}–{time_format(end, 'TIME_FORMAT')}"
        else:
            text = f"{text} – {date_format(end, 'DATETIME_FORMAT')}"
    return text


@register.simple_tag(takes_context=True)
def plain(context, obj, field):
    """The text alone, for places that cannot hold markup (title, meta description)."""
    return display.text(obj, field, context.get("LANGUAGE_CODE")).value
