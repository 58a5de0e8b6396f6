"""Reading PTV v11 records: what kind a record is, its texts per language, its classes,
ids, municipalities and keywords; the constants of the version's shapes.
"""

import re

from django.utils.translation import gettext_noop

from kohtaamo.accounts.models import Organisation
from kohtaamo.catalogue.models import SAMI_LANGUAGES, Source

from ..engine import MAX_TEXT, InputError, RecordError, clip
from ..models import ExternalRecord, Scheme

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
