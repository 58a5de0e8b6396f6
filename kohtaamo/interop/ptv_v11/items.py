"""PTV v11 records turned into items: a service, a service location (place),
an organisation and an organisation known only by reference.
"""

from django.utils.translation import gettext_noop

from kohtaamo.accounts.models import Organisation

from ..engine import Item, RecordError, Ref, codes, source_time
from ..geo import looks_like_tm35fin, tm35fin_to_wgs84
from .records import (
    BUSINESS_ID,
    CHARGE_TYPES,
    MUNICIPAL_WORDS,
    ORGANISATION,
    ORGANISATION_TYPES,
    PLACE,
    SERVICE,
    _ids,
    _keywords,
    _list,
    _municipality_codes,
    _string,
    _type,
    classify,
    per_language,
    responsible_organisation,
    sami_texts,
    texts,
)


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
