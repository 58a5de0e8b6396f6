"""Linked Events (the events API of Helsinki and other cities): its shapes live here.

``GET /v1/event/?include=location,keywords`` answers pages of ``{"meta": {"count",
"next", "previous"}, "data": [...]}``. Texts are ``{"fi": ..., "sv": ..., "en": ...}``;
links to other resources are ``{"@id": "https://.../keyword/yso:p1808/"}``, or the
resource itself when it is included.
"""

import re
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils.translation import gettext_noop

from kohtaamo.accounts.models import Organisation
from kohtaamo.catalogue.models import Source

from . import fields as F
from .engine import FAILED, InputError, Item, RecordError, Ref, clip, codes, source_time
from .models import ExternalRecord, Scheme

SOURCE = Source.LINKED_EVENTS
# The key of a page's list of records.
LIST_KEY = "data"
LANGS = ("fi", "sv", "en")
EVENT, PLACE, ORGANISATION = (
    ExternalRecord.Kind.EVENT,
    ExternalRecord.Kind.PLACE,
    ExternalRecord.Kind.ORGANISATION,
)
MUNICIPAL_WORDS = re.compile(r"\b(kaupunki|kaupungin|kunta|kunnan|stad|kommun)\b", re.IGNORECASE)
MAX_PAGES = 1000


def records_in(payload):
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict) and isinstance(payload.get("data"), list):
        return payload["data"]
    if isinstance(payload, dict) and "id" in payload:
        return [payload]
    raise InputError(gettext_noop("Expected a Linked Events page {meta, data} or events."))


def _type(value):
    return type(value).__name__


def ident(link):
    """``yso:p1808`` from a link ``{"@id": ".../keyword/yso:p1808/"}`` or an included
    resource ``{"id": "yso:p1808", ...}``."""
    if isinstance(link, str):
        return link.rstrip("/").rsplit("/", 1)[-1]
    if not isinstance(link, dict):
        return ""
    if isinstance(link.get("id"), str):
        return link["id"]
    return ident(link.get("@id") or "")


def _links(event, key):
    value = event.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(
            gettext_noop("%(field)s should be a list, not %(type)s."), field=key, type=_type(value)
        )
    return value


class _Text(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "ul", "ol", "tr"}

    HIDDEN = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data.replace("\n", " "))


def plain_text(html):
    """HTML descriptions as plain paragraphs (our pages escape and paragraph them)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    paragraphs = []
    for part in re.split(r"\n[^\S\n]*\n\s*", text):
        lines = [" ".join(line.split()) for line in part.split("\n")]
        paragraphs.append("\n".join(line for line in lines if line))
    return "\n\n".join(part for part in paragraphs if part)


def texts(event, key, html=False, limit=None):
    value = event.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(
            gettext_noop("%(field)s should be texts by language, not %(type)s."),
            field=key,
            type=_type(value),
        )
    found = {}
    for language in LANGS:
        text = value.get(language)
        if text is None:
            continue
        if not isinstance(text, str):
            raise RecordError(
                gettext_noop("%(field)s should be text, not %(type)s."), field=key, type=_type(text)
            )
        text = plain_text(text) if html else " ".join(text.split())
        if limit:
            text = clip(text, limit)
        if text:
            found[language] = text
    return found


def per_language(name, found):
    return {f"{name}_{lang}": found.get(lang, "") for lang in LANGS}


def _time(event, key, required=False):
    value = event.get(key)
    if value in (None, ""):
        if required:
            raise RecordError(gettext_noop("The event has no %(field)s."), field=key)
        return None
    if not isinstance(value, str):
        raise RecordError(
            gettext_noop("%(field)s should be a time, not %(type)s."), field=key, type=_type(value)
        )
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise RecordError(
            gettext_noop("%(field)s is not a time: %(value)s"), field=key, value=value[:40]
        ) from error
    if moment.tzinfo is None:
        raise RecordError(gettext_noop("%(field)s has no time zone."), field=key)
    return F.iso(moment)


def _age(event, key):
    value = event.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
        raise RecordError(
            gettext_noop("%(field)s should be an age from 0 to 120, not %(value)s."),
            field=key,
            value=str(value)[:20],
        )
    return value


def _offers(event):
    offers = [offer for offer in _links(event, "offers") if isinstance(offer, dict)]
    if not offers:
        return {"is_free": False, "price": {}, "booking_url": ""}
    is_free = all(offer.get("is_free") is True for offer in offers)
    prices = {}
    url = ""
    for offer in offers:
        for language, text in texts(offer, "price", limit=300).items():
            prices[language] = (
                clip(f"{prices[language]}; {text}", 300) if language in prices else text
            )
        links = texts(offer, "info_url")
        url = url or links.get("fi") or links.get("sv") or links.get("en") or ""
    return {"is_free": is_free, "price": prices, "booking_url": url[:500]}


def classify(event, mapping):
    keywords = [ident(link) for link in _links(event, "keywords")]
    audience = [ident(link) for link in _links(event, "audience")]
    rows = [mapping.get(Scheme.YSO_KEYWORD, code) for code in keywords + audience]
    rows = [row for row in rows if row is not None]
    ours = {
        name: sorted({code for row in rows for code in row[name]})
        for name in ("art_forms", "target_groups", "steps")
    }
    return ours, {"keywords": keywords, "audience": audience}


def _keyword_words(event):
    words = {}
    for link in _links(event, "keywords"):
        if isinstance(link, dict) and isinstance(link.get("name"), dict):
            for language in LANGS:
                name = link["name"].get(language)
                if isinstance(name, str) and name.strip():
                    words.setdefault(language, []).append(name.strip())
    return {language: clip(", ".join(names), 500) for language, names in words.items()}


def municipality_of(place, mapping):
    for division in place.get("divisions") or []:
        if isinstance(division, dict) and division.get("type") == "muni":
            names = division.get("name") or {}
            for name in (names.get("fi"), names.get("sv")):
                code = mapping.municipality_names.get((name or "").strip().lower())
                if code:
                    return code
    locality = place.get("address_locality") or {}
    if isinstance(locality, dict):
        for language in ("fi", "sv"):
            code = mapping.municipality_names.get((locality.get(language) or "").strip().lower())
            if code:
                return code
    return None


def place_item(place, mapping):
    code = municipality_of(place, mapping)
    if code is None:
        raise RecordError(gettext_noop("The place's municipality is not known."))
    warnings = []
    latitude = longitude = None
    position = place.get("position")
    if isinstance(position, dict):
        coordinates = position.get("coordinates")
        if (
            isinstance(coordinates, list)
            and len(coordinates) == 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates)
        ):
            longitude, latitude = coordinates
            if not (59 <= latitude <= 71 and 19 <= longitude <= 32):
                latitude = longitude = None
    postal_code = place.get("postal_code") or ""
    if not isinstance(postal_code, str):
        raise RecordError(
            gettext_noop("%(field)s should be text, not %(type)s."),
            field="postal_code",
            type=_type(postal_code),
        )
    return Item(
        kind=PLACE,
        external_id=place["id"],
        values={
            **per_language("name", texts(place, "name", limit=200)),
            **per_language("street_address", texts(place, "street_address", limit=200)),
            "postal_code": postal_code.strip()[:5],
            "municipality": code,
            "latitude": round(latitude, 6) if latitude is not None else None,
            "longitude": round(longitude, 6) if longitude is not None else None,
        },
        source_modified=source_time(
            place.get("last_modified_time"), "last_modified_time", warnings
        ),
        warnings=warnings,
    )


def organisation_item(publisher, provider):
    names = provider or {}
    name = names.get("fi") or names.get("sv") or names.get("en") or publisher
    kind = (
        Organisation.Kind.MUNICIPALITY
        if MUNICIPAL_WORDS.search(name)
        else Organisation.Kind.ASSOCIATION
    )
    return Item(
        kind=ORGANISATION,
        external_id=publisher,
        values={
            "name_fi": clip(names.get("fi") or name, 200),
            "name_sv": clip(names.get("sv") or "", 200),
            "name_en": clip(names.get("en") or "", 200),
            "kind": kind,
        },
    )


def event_item(event, mapping, place_codes):
    publisher = event.get("publisher")
    if not isinstance(publisher, str) or not publisher:
        raise RecordError(gettext_noop("The event has no publisher."))
    ours, original = classify(event, mapping)
    offers = _offers(event)
    location = ident(event.get("location")) if event.get("location") else ""
    super_event = ident(event.get("super_event")) if event.get("super_event") else ""
    warnings = []
    # A link that names no language (a number, an object without an id) is reported.
    links = [ident(link) or link for link in _links(event, "in_language")]
    languages = codes(links, "in_language", warnings)
    status = event.get("event_status") or "EventScheduled"
    original.update(
        {
            "event_status": status,
            "super_event_type": event.get("super_event_type"),
            "location": location,
        }
    )
    values = {
        **per_language("name", texts(event, "name", limit=200)),
        **per_language("summary", texts(event, "short_description", html=True, limit=300)),
        **per_language("description", texts(event, "description", html=True)),
        **per_language("price", offers["price"]),
        **per_language("keywords", _keyword_words(event)),
        "is_free": offers["is_free"],
        "booking_url": offers["booking_url"],
        "organisation": Ref(ORGANISATION, publisher),
        "start": _time(event, "start_time", required=True),
        "end": _time(event, "end_time"),
        "age_min": _age(event, "audience_min_age"),
        "age_max": _age(event, "audience_max_age"),
        "is_cancelled": status == "EventCancelled",
        "place": Ref(PLACE, location) if location else None,
        "municipality": place_codes.get(location),
        "super_event": Ref(EVENT, super_event) if super_event else None,
        "languages": [code for code in languages if code in mapping.languages],
        **ours,
    }
    public = not event.get("deleted") and event.get("publication_status", "public") == "public"
    return Item(
        kind=EVENT,
        external_id=event["id"],
        values=values,
        original=original,
        source_modified=source_time(
            event.get("last_modified_time"), "last_modified_time", warnings
        ),
        public=public,
        deferred=("super_event",),
        warnings=warnings,
    )


def import_records(records, importer, mapping):
    """Publishers and places first, then the events (super events link at the end).

    ``records`` is read twice (a list, or :class:`~.reading.Files` streaming a file);
    between the reads only the places and publishers are kept, never the events."""
    places = {}
    publishers = {}
    for event in records:
        identifier = event.get("id") if isinstance(event, dict) else None
        if not isinstance(identifier, str) or not identifier:
            importer.fail(EVENT, "", gettext_noop("An event without an id."))
            continue
        location = event.get("location")
        # Included locations carry their name; a bare link is a place imported before.
        if (
            isinstance(location, dict)
            and isinstance(location.get("id"), str)
            and "name" in location
        ):
            places.setdefault(location["id"], location)
        publisher = event.get("publisher")
        if isinstance(publisher, str) and publisher and publisher not in publishers:
            provider = event.get("provider")
            publishers[publisher] = provider if isinstance(provider, dict) else {}

    for publisher, provider in publishers.items():
        if not importer.exists(ORGANISATION, publisher):
            importer.add(organisation_item(publisher, provider))

    place_codes = {}
    for place_id, place in places.items():
        item = importer.build(PLACE, place_id, place_item, place, mapping)
        if item is FAILED:
            continue
        place_codes[place_id] = item.values["municipality"]
        importer.add(item)
    places.clear()

    for event in records:
        identifier = event.get("id") if isinstance(event, dict) else None
        if not isinstance(identifier, str) or not identifier:
            continue
        location = ident(event.get("location")) if event.get("location") else ""
        if location and location not in place_codes and importer.exists(PLACE, location):
            record = importer.record(PLACE, location)
            place_codes[location] = record.imported.get("municipality")
        item = importer.build(EVENT, identifier, event_item, event, mapping, place_codes)
        if item is FAILED:
            continue
        if item.values["place"] is not None and not importer.exists(
            PLACE, item.values["place"].external_id
        ):
            item.warnings.append((gettext_noop("Its place was not imported."), {}))
            item.values["place"] = None
        importer.add(item)


def fetch(base_url, get_json, since=None):
    """Every page of events from ``base_url`` (the API root or a full event query)."""
    scheme, netloc, path, query, _fragment = urlsplit(base_url)
    params = dict(parse_qsl(query))
    if not path.rstrip("/").endswith("event"):
        path = path.rstrip("/") + "/event/"
    params.setdefault("include", "location,keywords")
    if since:
        params["last_modified_since"] = since
    url = urlunsplit((scheme, netloc, path, urlencode(params, safe=":,"), ""))
    records = []
    for _page in range(MAX_PAGES):
        payload = get_json(url)
        records += records_in(payload)
        meta = payload.get("meta") if isinstance(payload, dict) else None
        url = meta.get("next") if isinstance(meta, dict) else None
        if not url:
            return records
    raise InputError(gettext_noop("More than %(pages)s pages of events."), pages=MAX_PAGES)
