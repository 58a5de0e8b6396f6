"""How catalogue content reads to the public, shared by pages, JSON-LD, iCalendar and API.

A text is shown in the reader's language when it exists, otherwise in the best other
language; callers get the language too, so a page can mark the fallback with ``lang``
and a screen reader pronounces it right.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from kohtaamo.core.i18n import language_fallbacks

from .models import SAMI_FIELDS, SAMI_LANGUAGES, Event, Place, Service
from .states import Status

CONTENT_LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Text:
    value: str
    language: str

    def __str__(self):
        return self.value

    def __bool__(self):
        return bool(self.value)


def current_language(language=None):
    return (language or get_language() or "fi")[:2]


def text(obj, field, language=None):
    """``obj``'s ``field`` in the best language, with that language.

    An event of a service borrows the service's text when it has none of its own.
    """
    language = current_language(language)
    for code in language_fallbacks(language):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return Text(value, code)
    service = getattr(obj, "service", None) if isinstance(obj, Event) else None
    if service is not None:
        return text(service, field, language)
    return Text("", language)


def translations(obj, field):
    """Every language's version of one text; ``None`` where there is none."""
    return {code: getattr(obj, f"{field}_{code}", "") or None for code in CONTENT_LANGUAGES}


def sami_versions(service):
    """The service's texts in the Sámi languages, each with its language code (for the
    ``lang`` attribute) and the language's name in the reader's language."""
    stored = service.sami_texts if isinstance(service.sami_texts, dict) else {}
    versions = []
    for code, label in SAMI_LANGUAGES.items():
        version = stored.get(code)
        if not isinstance(version, dict):
            continue
        texts = {field: str(version.get(field) or "") for field in SAMI_FIELDS}
        if any(texts.values()):
            versions.append({"language": code, "label": label, **texts})
    return versions


def public_services():
    return Service.objects.filter(status=Status.PUBLISHED)


def public_events():
    return Event.objects.filter(status=Status.PUBLISHED)


PLACE_RELATED = Prefetch(
    "places",
    queryset=Place.objects.select_related("municipality").prefetch_related("accessibility"),
)
CLASSIFICATION = ("steps", "art_forms", "target_groups", "languages", "accessibility")


def services_for_display(queryset=None):
    """Services with everything a list or a page shows, in a fixed number of queries."""
    queryset = Service.objects.all() if queryset is None else queryset
    return queryset.select_related("organisation").prefetch_related(
        *CLASSIFICATION, "municipalities", PLACE_RELATED
    )


def events_for_display(queryset=None):
    queryset = Event.objects.all() if queryset is None else queryset
    return queryset.select_related(
        "organisation",
        "service",
        "place",
        "place__municipality",
        "municipality",
    ).prefetch_related(*CLASSIFICATION, "place__accessibility")


def in_order(queryset, ids):
    """The rows of ``queryset`` with these ids, in the order of ``ids`` (search rank)."""
    # Put in order here: the database need not sort them.
    rows = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
    return [rows[pk] for pk in ids if pk in rows]


def with_next_event(services):
    """Annotate ``next_event_start``: when the service's next published event begins."""
    upcoming = (
        public_events()
        .filter(service=OuterRef("pk"), start__gte=timezone.now(), is_cancelled=False)
        .order_by("start")
        .values("start")[:1]
    )
    return services.annotate(next_event_start=Subquery(upcoming))


# The attribute where ``results.rows_for`` leaves each row's linked items, {relation:
# [items]}, taken from the cached reference lists instead of read again.
LINKED = "linked_items"


def linked(obj, relation):
    """``obj.<relation>.all()``, or the items ``results.rows_for`` attached for it: a
    page of results asks for hundreds of these, and those are not read again."""
    attached = getattr(obj, LINKED, None)
    if attached is not None and relation in attached:
        return attached[relation]
    return getattr(obj, relation).all()


def municipalities_of(obj):
    """The municipalities an offering happens in, for lists and the API."""
    if isinstance(obj, Event):
        if obj.municipality_id is not None:
            return [obj.municipality]
        if obj.place is not None:
            return [obj.place.municipality]
        return []
    found = {m.pk: m for m in linked(obj, "municipalities")}
    for place in linked(obj, "places"):
        found.setdefault(place.municipality_id, place.municipality)
    return sorted(found.values(), key=lambda m: m.name)


def address_line(place, language=None):
    if place is None:
        return ""
    street = text(place, "street_address", language).value
    town = " ".join(part for part in (place.postal_code, place.municipality.name) if part)
    return ", ".join(part for part in (street, town) if part)
