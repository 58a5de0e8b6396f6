"""The Finnish Service Catalogue (PTV) open API, version 11: everything that knows its
shapes lives here, so that version 12 (2027, new shapes behind an API key) replaces
this one module.

Read without login from ``settings.PTV_API_URL``: ``Service/list/area/Municipality/code/
{code}``, ``Service?date=`` (changed since, paged), ``Service/list?guids=``,
``ServiceChannel/list?guids=``, ``Organization/list?guids=``. Texts are lists of
``{language, value, type}``; classes carry an old ``urn.fi`` ``uri`` and often a
``newUri`` on ``uri.suomi.fi``: both are accepted.
"""

import re
from urllib.parse import urlencode

from django.utils.translation import gettext_noop

from kohtaamo.accounts.models import Organisation
from kohtaamo.catalogue.models import SAMI_LANGUAGES, Source

from .engine import FAILED, MAX_TEXT, InputError, Item, RecordError, Ref, clip, codes, source_time
from .geo import looks_like_tm35fin, tm35fin_to_wgs84
from .models import ExternalRecord, Scheme

SOURCE = Source.PTV
# The key of a page's list of records.
LIST_KEY = "itemList"
LANGS = ("fi", "sv", "en")
SERVICE, PLACE, ORGANISATION = (
    ExternalRecord.Kind.SERVICE,
    ExternalRecord.Kind.PLACE,
    ExternalRecord.Kind.ORGANISATION,
)
ALAND_COUNTY = "91"
CHARGE_TYPES = {"FreeOfCharge": True, "Charged": False, "Other": False, None: False}
ORGANISATION_TYPES = {
    "Municipality": Organisation.Kind.MUNICIPALITY,
    "State": Organisation.Kind.NATIONAL_BODY,
    "RegionalOrganization": Organisation.Kind.MUNICIPALITY,
    "Organization": Organisation.Kind.ASSOCIATION,
    "Company": Organisation.Kind.COMPANY,
    "SotePublic": Organisation.Kind.WELLBEING_COUNTY,
    "SotePrivate": Organisation.Kind.COMPANY,
    "Region": Organisation.Kind.WELLBEING_COUNTY,
}
MUNICIPAL_WORDS = re.compile(r"\b(kaupunki|kaupungin|kunta|kunnan|stad|kommun)\b", re.IGNORECASE)
CODE_IN_URI = re.compile(r"/code/([A-Za-z0-9.]+)/?$")
BUSINESS_ID = re.compile(r"^\d{7}-\d$")
GUIDS_PER_REQUEST = 100
MAX_PAGES = 1000


# ------------------------------------------------------------------------------ reading


def records_in(payload):
    """The records in a file or an API answer: one record, a list, a page
    (``itemList``) or a dict of records by id."""
    if isinstance(payload, list):
        # Inside a list, anything that is not a record fails alone, with the others read.
        return [
            record
            for part in payload
            for record in (records_in(part) if isinstance(part, dict) else [part])
        ]
    if not isinstance(payload, dict):
        raise InputError(gettext_noop("Expected PTV records, found %(type)s."), type=_type(payload))
    if "itemList" in payload:
        return records_in(payload["itemList"] or [])
    if "id" in payload:
        return [payload]
    values = list(payload.values())
    if values and all(isinstance(value, dict) for value in values):
        return [value if "id" in value else {"id": key} for key, value in payload.items()]
    if not values:
        return []
    raise InputError(gettext_noop("Expected PTV records, found an object without an id."))


def kind_of(record):
    if not isinstance(record, dict):
        return None
    if "serviceChannelType" in record:
        return PLACE
    if "organizationType" in record or "organizationNames" in record:
        return ORGANISATION
    if "serviceNames" in record or record.get("type") == "Service":
        return SERVICE
    return None


def _type(value):
    return type(value).__name__


def _list(record, key):
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RecordError(
            gettext_noop("%(field)s should be a list of objects, not %(type)s."),
            field=key,
            type=_type(value),
        )
    return value


def _string(value, key):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(
            gettext_noop("%(field)s should be text, not %(type)s."), field=key, type=_type(value)
        )
    return value.strip()


def texts(record, key, kind=None, languages=LANGS):
    """{language: text} from a list of {language, value, type}, fi/sv/en unless other
    ``languages`` are asked for."""
    found = {}
    for entry in _list(record, key):
        if kind is not None and entry.get("type") != kind:
            continue
        language = entry.get("language")
        value = _string(entry.get("value"), key)
        if language in languages and value and language not in found:
            found[language] = value
    return found


def sami_texts(record, warnings):
    """{language: {name, summary, description}} of the Sámi languages PTV carries."""
    parts = {
        "name": texts(record, "serviceNames", "Name", SAMI_LANGUAGES),
        "summary": texts(record, "serviceDescriptions", "Summary", SAMI_LANGUAGES),
        "description": texts(record, "serviceDescriptions", "Description", SAMI_LANGUAGES),
    }
    found = {}
    for language in SAMI_LANGUAGES:
        version = {}
        for field, by_language in parts.items():
            value = by_language.get(language, "")
            if len(value) > MAX_TEXT:
                value = clip(value, MAX_TEXT)
                warnings.append(
                    (
                        gettext_noop("%(field)s was cut to %(limit)s characters."),
                        {"field": f"{field} ({language})", "limit": MAX_TEXT},
                    )
                )
            if value:
                version[field] = value
        if version:
            found[language] = version
    return found


def per_language(name, found):
    return {f"{name}_{lang}": found.get(lang, "") for lang in LANGS}


def class_code(entry):
    """P25.2 from a class entry's code, its new uri.suomi.fi address or its old one."""
    code = entry.get("code")
    if isinstance(code, str) and code.strip():
        return code.strip()
    for key in ("newUri", "uri"):
        match = CODE_IN_URI.search(entry.get(key) or "")
        if match:
            return match.group(1)
    return (entry.get("uri") or "").strip()


def _classification(mapping, scheme, entries, hierarchical):
    rows = []
    for entry in entries:
        code = class_code(entry)
        row = mapping.lookup_class(scheme, code) if hierarchical else mapping.get(scheme, code)
        if row is None:
            # Old urn.fi addresses are matched when the mapping lists them as codes.
            for key in ("uri", "newUri"):
                row = row or mapping.get(scheme, entry.get(key) or "")
        if row is not None:
            rows.append(row)
    return rows


def _ontology_rows(mapping, entries):
    rows = []
    for entry in entries:
        row = mapping.get(Scheme.ONTOLOGY_TERM, entry.get("uri")) or mapping.get(
            Scheme.ONTOLOGY_TERM, entry.get("newUri")
        )
        if row is None:
            names = {n.get("language"): n.get("value") for n in _list(entry, "name")}
            row = mapping.get(Scheme.ONTOLOGY_LABEL, names.get("fi") or "")
        if row is not None:
            rows.append(row)
    return rows


def _original(entries):
    return [
        {key: entry.get(key) for key in ("code", "uri", "newUri") if entry.get(key)}
        for entry in entries
    ]


def classify(record, mapping):
    """(relevant, {art_forms, target_groups, steps}, original codes) of a service."""
    classes = _list(record, "serviceClasses")
    groups = _list(record, "targetGroups")
    terms = _list(record, "ontologyTerms")
    class_rows = _classification(mapping, Scheme.PTV_SERVICE_CLASS, classes, True)
    term_rows = _ontology_rows(mapping, terms)
    group_rows = _classification(mapping, Scheme.PTV_TARGET_GROUP, groups, True)
    rows = class_rows + term_rows + group_rows
    relevant = any(row["relevant"] for row in class_rows + term_rows)
    ours = {
        name: sorted({code for row in rows for code in row[name]})
        for name in ("art_forms", "target_groups", "steps")
    }
    original = {
        "serviceClasses": _original(classes),
        "targetGroups": _original(groups),
        "ontologyTerms": _original(terms),
        "lifeEvents": _original(_list(record, "lifeEvents")),
    }
    return relevant, ours, original


def _ids(record, key, inner):
    ids = []
    for entry in _list(record, key):
        target = entry.get(inner)
        if isinstance(target, dict) and isinstance(target.get("id"), str):
            ids.append(target["id"])
    return ids


def responsible_organisation(record):
    """The organisation a service belongs to: the responsible one, else a producer."""
    entries = _list(record, "organizations")
    for role in ("Responsible", "Producer", None):
        for entry in entries:
            target = entry.get("organization")
            matches = role is None or entry.get("roleType") == role
            if matches and isinstance(target, dict) and isinstance(target.get("id"), str):
                return target
    return None


def _municipality_codes(record, mapping, warnings):
    area_type = record.get("areaType")
    if area_type in ("Nationwide", "NationwideExceptAlandIslands"):
        return [
            code
            for code, county in mapping.municipalities.items()
            if area_type == "Nationwide" or county != ALAND_COUNTY
        ]
    codes = []
    for area in _list(record, "areas"):
        if area.get("type") == "Municipality" and area.get("code"):
            codes.append(str(area["code"]))
        for municipality in _list(area, "municipalities"):
            if municipality.get("code"):
                codes.append(str(municipality["code"]).zfill(3))
    known = [code for code in codes if code in mapping.municipalities]
    for code in sorted(set(codes) - set(known)):
        warnings.append(
            (gettext_noop("Unknown municipality code %(code)s left out."), {"code": code})
        )
    return known


def _keywords(record):
    found = {}
    for entry in _list(record, "keywords"):
        language = entry.get("language")
        value = _string(entry.get("value"), "keywords")
        if language in LANGS and value:
            found.setdefault(language, []).append(value)
    result = {}
    for language, words in found.items():
        text = ""
        for word in words:
            candidate = f"{text}, {word}" if text else word
            if len(candidate) > 500:
                break
            text = candidate
        result[language] = text
    return result


def service_item(record, mapping):
    """An :class:`Item` for a relevant service, or None when the mapping skips it."""
    relevant, ours, original = classify(record, mapping)
    if not relevant:
        return None
    charge = record.get("serviceChargeType")
    if charge not in CHARGE_TYPES:
        raise RecordError(
            gettext_noop("Unknown serviceChargeType %(value)s."), value=str(charge)[:50]
        )
    organisation = responsible_organisation(record)
    if organisation is None:
        raise RecordError(gettext_noop("The service names no responsible organisation."))
    warnings = []
    names = texts(record, "serviceNames", "Name") or texts(record, "serviceNames")
    languages = record.get("languages") or []
    if not isinstance(languages, list):
        raise RecordError(
            gettext_noop("%(field)s should be a list, not %(type)s."),
            field="languages",
            type=_type(languages),
        )
    values = {
        **per_language("name", names),
        **per_language("summary", texts(record, "serviceDescriptions", "Summary")),
        **per_language("description", texts(record, "serviceDescriptions", "Description")),
        **per_language("how_to_join", texts(record, "serviceDescriptions", "UserInstruction")),
        **per_language("price", texts(record, "serviceDescriptions", "ChargeTypeAdditionalInfo")),
        **per_language("keywords", _keywords(record)),
        "sami_texts": sami_texts(record, warnings),
        "is_free": CHARGE_TYPES[charge],
        "organisation": Ref(ORGANISATION, organisation["id"]),
        "municipalities": _municipality_codes(record, mapping, warnings),
        "places": [Ref(PLACE, pk) for pk in _ids(record, "serviceChannels", "serviceChannel")],
        "languages": [
            code for code in codes(languages, "languages", warnings) if code in mapping.languages
        ],
        **ours,
    }
    original["serviceChargeType"] = charge
    original["areaType"] = record.get("areaType")
    return Item(
        kind=SERVICE,
        external_id=record["id"],
        values=values,
        original=original,
        source_modified=source_time(record.get("modified"), "modified", warnings),
        public=record.get("publishingStatus", "Published") == "Published",
        warnings=warnings,
    )


def _location_address(record):
    """(address, street address) of the visiting address."""
    for address in _list(record, "addresses"):
        if address.get("type") in ("Location", "Visiting") and isinstance(
            address.get("streetAddress"), dict
        ):
            return address, address["streetAddress"]
    return None, None


def _coordinates(address, warnings):
    try:
        northing = float(address.get("latitude"))
        easting = float(address.get("longitude"))
    except (TypeError, ValueError):
        return None, None
    if looks_like_tm35fin(northing, easting):
        northing, easting = tm35fin_to_wgs84(northing, easting)
    if 59 <= northing <= 71 and 19 <= easting <= 32:
        return round(northing, 6), round(easting, 6)
    warnings.append((gettext_noop("Coordinates outside Finland left out."), {}))
    return None, None


def _accessibility(address):
    """The entrances' accessibility sentences as one text per language."""
    lines = {}
    for entrance in _list(address, "entrances"):
        for group in _list(entrance, "accessibilitySentences"):
            heading = texts(group, "sentenceGroup")
            for sentence in _list(group, "sentences"):
                for language, text in texts(sentence, "sentence").items():
                    lines.setdefault(language, {}).setdefault(heading.get(language, ""), []).append(
                        text
                    )
    result = {}
    for language, groups in lines.items():
        parts = [
            f"{head}: {' '.join(items)}" if head else " ".join(items)
            for head, items in groups.items()
        ]
        result[language] = "\n\n".join(parts)
    return result


def place_item(record, mapping):
    if record.get("serviceChannelType") != "ServiceLocation":
        return None
    entrance_address, address = _location_address(record)
    if address is None:
        raise RecordError(gettext_noop("The service location has no street address."))
    municipality = address.get("municipality")
    raw = municipality.get("code") if isinstance(municipality, dict) else None
    code = str(raw).zfill(3) if raw else ""
    if code not in mapping.municipalities:
        raise RecordError(gettext_noop("Unknown municipality code %(code)s."), code=code or "-")
    warnings = []
    latitude, longitude = _coordinates(address, warnings)
    streets = texts(address, "street")
    number = _string(address.get("streetNumber"), "streetNumber")
    values = {
        **per_language("name", texts(record, "serviceChannelNames", "Name")),
        **per_language(
            "street_address",
            {lang: f"{street} {number}".strip() for lang, street in streets.items()},
        ),
        **per_language("accessibility_info", _accessibility(entrance_address)),
        "postal_code": _string(address.get("postalCode"), "postalCode"),
        "municipality": code,
        "latitude": latitude,
        "longitude": longitude,
        "organisation": Ref(ORGANISATION, record.get("organizationId") or ""),
    }
    return Item(
        kind=PLACE,
        external_id=record["id"],
        values=values,
        source_modified=source_time(record.get("modified"), "modified", warnings),
        public=record.get("publishingStatus", "Published") == "Published",
        warnings=warnings,
    )


def _first(record, key, field="value"):
    for entry in _list(record, key):
        value = entry.get(field)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def organisation_item(record, mapping):
    warnings = []
    names = texts(record, "organizationNames", "Name") or texts(record, "organizationNames")
    business_id = _string(record.get("businessCode"), "businessCode")
    if business_id and not BUSINESS_ID.match(business_id):
        business_id = ""
    municipality = record.get("municipality") or {}
    code = str(municipality.get("code") or "").zfill(3) if isinstance(municipality, dict) else ""
    phone = ""
    for entry in _list(record, "phoneNumbers"):
        number = f"{entry.get('prefixNumber') or ''}{entry.get('number') or ''}".strip()
        if number:
            phone = number[:40]
            break
    kind = ORGANISATION_TYPES.get(record.get("organizationType"), Organisation.Kind.ASSOCIATION)
    values = {
        **per_language("name", names),
        "kind": kind,
        "business_id": business_id,
        "municipality": code if code in mapping.municipalities else None,
        "website": _first(record, "webPages", "url")[:200],
        "email": _first(record, "emails"),
        "phone": phone,
    }
    return Item(
        kind=ORGANISATION,
        external_id=record["id"],
        values=values,
        original={"organizationType": record.get("organizationType")},
        source_modified=source_time(record.get("modified"), "modified", warnings),
        warnings=warnings,
        match={"business_id": business_id} if business_id else {},
    )


def organisation_reference_item(reference):
    """An organisation known only from a service's list of organisations (id, name)."""
    name = reference.get("name") if isinstance(reference.get("name"), str) else ""
    kind = (
        Organisation.Kind.MUNICIPALITY
        if MUNICIPAL_WORDS.search(name or "")
        else Organisation.Kind.ASSOCIATION
    )
    return Item(
        kind=ORGANISATION,
        external_id=reference["id"],
        values={"name_fi": (name or reference["id"])[:200], "kind": kind},
    )


# ------------------------------------------------------------------------------ importing


def import_records(records, importer, mapping):
    """Organisations first, then service locations, then services, so that each finds
    what it links to; a relevant service pulls in its organisation and places.

    ``records`` is read once per step (a list, or :class:`~.reading.Files` streaming a
    file), and only ids are kept between the steps, never whole records."""
    services = {}  # id: (place ids, its organisation {id, name})
    for record in records:
        kind = kind_of(record)
        identifier = record.get("id") if isinstance(record, dict) else None
        if kind is None or not isinstance(identifier, str) or not identifier:
            importer.fail(
                "",
                str(identifier or "")[:100],
                gettext_noop("Not a PTV service, channel or organisation."),
            )
            continue
        if kind != SERVICE:
            continue
        item = importer.build(SERVICE, identifier, service_item, record, mapping)
        if item is FAILED:
            continue
        if item is None:
            importer.skip(
                SERVICE,
                identifier,
                gettext_noop("No service class or ontology term marked for import."),
            )
            continue
        reference = responsible_organisation(record)
        services[identifier] = (
            {ref.external_id for ref in item.values["places"]},
            {"id": reference["id"], "name": reference.get("name")},
        )
    wanted_places = {pk for places, _organisation in services.values() for pk in places}
    wanted_organisations = {organisation["id"] for _places, organisation in services.values()}

    seen = set()
    for record in _of_kind(records, ORGANISATION):
        identifier = record["id"]
        seen.add(identifier)
        if identifier in wanted_organisations or importer.exists(ORGANISATION, identifier):
            _add(importer, ORGANISATION, record, organisation_item, mapping)
        else:
            importer.skip(
                ORGANISATION, identifier, gettext_noop("No imported service belongs to it.")
            )
    for identifier in sorted(wanted_organisations - seen):
        if not importer.exists(ORGANISATION, identifier):
            reference = next(
                organisation
                for _places, organisation in services.values()
                if organisation["id"] == identifier
            )
            importer.add(organisation_reference_item(reference))

    for record in _of_kind(records, PLACE):
        listed = set(_ids(record, "services", "service"))
        used = record["id"] in wanted_places or listed & services.keys()
        used = used or any(importer.exists(SERVICE, pk) for pk in listed)
        if not used:
            importer.skip(PLACE, record["id"], gettext_noop("No imported service is given here."))
            continue
        outcome = _add(importer, PLACE, record, place_item, mapping)
        if outcome in ("created", "updated", "unchanged"):
            # Services imported earlier that list this place learn of it now.
            for service_id in sorted(listed - services.keys()):
                importer.link_many(SERVICE, service_id, "places", Ref(PLACE, record["id"]))

    for record in _of_kind(records, SERVICE):
        if record["id"] in services:
            # Built the same way as in the first step, which found it well formed.
            importer.add(service_item(record, mapping))


def _of_kind(records, kind):
    for record in records:
        if kind_of(record) == kind and isinstance(record.get("id"), str) and record["id"]:
            yield record


def _add(importer, kind, record, build, mapping):
    item = importer.build(kind, record["id"], build, record, mapping)
    if item is FAILED:
        return "failed"
    if item is None:
        importer.skip(kind, record["id"], gettext_noop("Not a service location."))
        return "skipped"
    return importer.add(item)


# ------------------------------------------------------------------------------ live API


def fetch(base_url, get_json, mapping, *, area=None, since=None):
    """Read the records an import needs from the live API.

    ``area`` is ``("Municipality", "091")``; ``since`` a date or time in ISO form.
    ``get_json(url)`` answers the parsed JSON (see :mod:`.http`).
    """
    base = base_url.rstrip("/") + "/"
    if area:
        area_type, code = area
        listing = f"{base}Service/list/area/{area_type}/code/{code}"
        params = {}
    else:
        listing = f"{base}Service"
        params = {"date": since}
    services = []
    ids = []
    for item in _pages(listing, params, get_json):
        if kind_of(item) == SERVICE:
            services.append(item)
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.append(item["id"])
    services += _by_guids(f"{base}Service/list", ids, get_json)

    relevant = []
    for record in services:
        try:
            if service_item(record, mapping) is not None:
                relevant.append(record)
        except RecordError:
            relevant.append(record)  # reported by the import with its reason
    channel_ids = sorted(
        {pk for record in relevant for pk in _safe_ids(record, "serviceChannels", "serviceChannel")}
    )
    organisation_ids = sorted(
        {
            (responsible_organisation(record) or {}).get("id")
            for record in relevant
            if _safe(responsible_organisation, record)
        }
    )
    channels = _by_guids(f"{base}ServiceChannel/list", channel_ids, get_json)
    organisations = _by_guids(f"{base}Organization/list", organisation_ids, get_json)
    return organisations + channels + services


def _safe(function, record):
    try:
        return function(record)
    except RecordError:
        return None


def _safe_ids(record, key, inner):
    try:
        return _ids(record, key, inner)
    except RecordError:
        return []


def _pages(url, params, get_json):
    for page in range(1, MAX_PAGES + 1):
        query = {key: value for key, value in {**params, "page": page}.items() if value}
        payload = get_json(f"{url}?{urlencode(query)}")
        if isinstance(payload, list):
            yield from payload
            return
        if not isinstance(payload, dict):
            raise InputError(gettext_noop("The PTV answer is not a page of records."))
        yield from records_in(payload.get("itemList") or [])
        count = payload.get("pageCount") or 0
        if not isinstance(count, int) or page >= count:
            return
    raise InputError(gettext_noop("More than %(pages)s pages of services."), pages=MAX_PAGES)


def _by_guids(url, ids, get_json):
    records = []
    for start in range(0, len(ids), GUIDS_PER_REQUEST):
        chunk = ids[start : start + GUIDS_PER_REQUEST]
        records += records_in(get_json(f"{url}?{urlencode({'guids': ','.join(chunk)})}"))
    return records
