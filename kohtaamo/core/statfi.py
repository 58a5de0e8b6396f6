"""Municipalities from Statistics Finland's open classification API.

The shipped list (``data/municipalities_2023.csv``) ages: municipalities merge every
few years. An operator refreshes it online from the classification of municipalities
for 1 January of a year (``kunta_1_<year>0101``) and its correspondence table to the
wellbeing services counties (``kunta_1_<year>0101#hyvinvointialue_1_<year>0101``).
Data by Statistics Finland, CC BY 4.0.

The API answers a list of classification items. Each item carries its names in one
language only, the one asked for with ``lang``::

    {"localId": "kunta_1_20250101/091", "code": "091", "level": 1, ...,
     "classificationItemNames": [{"langName": "ruotsi", "lang": "sv", "name": "Helsingfors"}]}

so Finnish and Swedish names take one request each. The correspondence table answers
pairs of items, ``{"sourceItem": {"code": "091", ...}, "targetItem": {"code": "90", ...}}``.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

from django.db import transaction

from . import http as outbound
from .models import County, Municipality

TIMEOUT_SECONDS = 30
USER_AGENT = "Kohtaamo municipality refresh"

MUNICIPALITY_CODE = re.compile(r"^\d{3}$")

# Helsinki and Åland organise social and health care themselves, so they belong to no
# wellbeing services county; Kohtaamo files them under the codes of the JHS county list.
HELSINKI = "091"
HELSINKI_COUNTY = "90"
ALAND_COUNTY = "91"
ALAND_MUNICIPALITIES = frozenset(
    {
        "035", "043", "060", "062", "065", "076", "170", "295",
        "318", "417", "438", "478", "736", "766", "771", "941",
    }
)  # fmt: skip


class ClassificationError(Exception):
    """Why the API's answer cannot be used, in one line for the operator."""


class ClassificationUnreachable(ClassificationError):
    pass


@dataclass(frozen=True)
class OfficialMunicipality:
    code: str
    name_fi: str
    name_sv: str
    county_code: str | None  # None when the correspondence table has no row for it


# --- reading the API ------------------------------------------------------------------


def classification_id(year):
    return f"kunta_1_{year}0101"


def correspondence_id(year):
    return f"{classification_id(year)}#hyvinvointialue_1_{year}0101"


def _url(api, path, **query):
    return f"{api.rstrip('/')}/{path}?{urlencode({'content': 'data', 'meta': 'min', **query})}"


def classification_items_url(api, year, lang):
    return _url(api, f"classifications/{classification_id(year)}/classificationItems", lang=lang)


def correspondence_url(api, year):
    # The "#" joining the two classifications would start a URL fragment unless encoded.
    local_id = quote(correspondence_id(year), safe="")
    return _url(api, f"correspondenceTables/{local_id}/maps", lang="fi")


def fetch_json(url, timeout=TIMEOUT_SECONDS):
    host = urlsplit(url).netloc or url
    try:
        answer = outbound.get(
            url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}, timeout=timeout
        )
    except outbound.BadStatus as error:
        # A 404 usually means the year's classification is not published yet.
        published = error.status != 404
        hint = "" if published else " — is the classification for that year published yet?"
        raise ClassificationError(f"{host} answered {error} to {url}{hint}") from error
    except outbound.OutboundError as error:
        raise ClassificationUnreachable(
            f"could not reach {host} ({error}) — the municipality list stays as it is "
            "(the shipped 2023 list unless refreshed before)"
        ) from error
    try:
        return json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ClassificationError(f"{host} answered malformed JSON to {url}: {error}") from error


def _wrong_shape(source, what):
    return ClassificationError(f"unexpected answer from {source}: {what}")


def _code(item, source):
    code = item.get("code") if isinstance(item, dict) else None
    if not isinstance(code, str) or not code.strip():
        raise _wrong_shape(source, f"an item without a code: {str(item)[:80]}")
    return code.strip()


def _municipality_code(item, source):
    code = _code(item, source)
    if not MUNICIPALITY_CODE.match(code):
        raise _wrong_shape(source, f"{code!r} is not a three-digit municipality code")
    return code


def _name_in(item, lang, source):
    names = item.get("classificationItemNames")
    if not isinstance(names, list):
        raise _wrong_shape(source, f"item {item.get('code')} has no classificationItemNames list")
    for entry in names:
        if isinstance(entry, dict) and entry.get("lang") == lang:
            name = entry.get("name")
            if isinstance(name, str):
                return name.strip()
    return ""


def _as_list(payload, source, what):
    if not isinstance(payload, list):
        raise _wrong_shape(source, f"expected a list of {what}, got {type(payload).__name__}")
    return payload


def parse_names(payload, lang, source):
    """{code: name in ``lang``} from a classificationItems answer ('' if the name is missing)."""
    items = _as_list(payload, source, "classification items")
    return {_municipality_code(item, source): _name_in(item, lang, source) for item in items}


def parse_counties(payload, source):
    """{municipality code: county code} from a correspondence table answer."""
    counties = {}
    for row in _as_list(payload, source, "correspondence pairs"):
        if not isinstance(row, dict):
            raise _wrong_shape(source, f"a pair that is not an object: {str(row)[:80]}")
        municipality = _municipality_code(row.get("sourceItem"), source)
        county = _code(row.get("targetItem"), source)
        if counties.setdefault(municipality, county) != county:
            raise _wrong_shape(
                source,
                f"municipality {municipality} is in two counties, {counties[municipality]}"
                f" and {county}",
            )
    return counties


def fetch_municipalities(api, year):
    """The municipalities of 1 January ``year`` with fi/sv names and county codes."""
    source = classification_id(year)
    names_fi = parse_names(fetch_json(classification_items_url(api, year, "fi")), "fi", source)
    names_sv = parse_names(fetch_json(classification_items_url(api, year, "sv")), "sv", source)
    counties = parse_counties(fetch_json(correspondence_url(api, year)), correspondence_id(year))
    municipalities = []
    for code, name_fi in sorted(names_fi.items()):
        if not name_fi:
            raise _wrong_shape(source, f"municipality {code} has no Finnish name")
        # A unilingual Finnish municipality is called the same in Swedish.
        name_sv = names_sv.get(code) or name_fi
        municipalities.append(OfficialMunicipality(code, name_fi, name_sv, counties.get(code)))
    return municipalities


# --- applying it ----------------------------------------------------------------------


@dataclass
class Change:
    code: str
    name: str
    details: list = field(default_factory=list)

    def __str__(self):
        details = f": {'; '.join(self.details)}" if self.details else ""
        return f"{self.code} {self.name}{details}"


@dataclass
class RefreshReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    deactivated: list = field(default_factory=list)
    reactivated: list = field(default_factory=list)
    unchanged: int = 0
    county_fallbacks: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deactivated or self.reactivated)

    def lines(self):
        yield (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.deactivated)} deactivated, {len(self.reactivated)} reactivated, "
            f"{self.unchanged} unchanged"
        )
        for title, changes in (
            ("Created", self.created),
            ("Updated", self.updated),
            ("Deactivated (merged or abolished; kept for old records)", self.deactivated),
            ("Reactivated", self.reactivated),
            ("County not in the correspondence table", self.county_fallbacks),
        ):
            if changes:
                yield f"{title}:"
                yield from (f"  {change}" for change in changes)


def _fallback_county(official, current):
    """(county code, why) for a municipality the correspondence table leaves out."""
    if official.code == HELSINKI:
        return HELSINKI_COUNTY, "Helsinki organises its own services"
    if official.code in ALAND_MUNICIPALITIES:
        return ALAND_COUNTY, "Åland organises its own services"
    if current is not None:
        return current.county.code, "kept as it was"
    raise ClassificationError(
        f"the correspondence table gives no wellbeing services county for the new "
        f"municipality {official.code} {official.name_fi}"
    )


def _county_for(official, current, counties, report):
    code = official.county_code
    if code is None:
        code, why = _fallback_county(official, current)
        report.county_fallbacks.append(
            Change(official.code, official.name_fi, [f"county {code} ({why})"])
        )
    if code not in counties:
        raise ClassificationError(
            f"Statistics Finland puts {official.code} {official.name_fi} in wellbeing services "
            f"county {code!r}, which Kohtaamo does not know"
        )
    return counties[code]


def _differences(municipality, official, county):
    details = []
    if municipality.name_sv != official.name_sv:
        details.append(f"in Swedish {municipality.name_sv or '(none)'} → {official.name_sv}")
    if municipality.county_id != county.pk:
        details.append(f"county {municipality.county.code} → {county.code}")
    return details


def _label(municipality, official):
    if municipality.name_fi == official.name_fi:
        return municipality.name_fi
    return f"{municipality.name_fi} → {official.name_fi}"


def _update(municipality, official, county, report):
    details = _differences(municipality, official, county)
    label = _label(municipality, official)
    came_back = not municipality.is_active
    if not details and label == municipality.name_fi and not came_back:
        report.unchanged += 1
        return
    change = Change(municipality.code, label, details)
    municipality.name_fi = official.name_fi
    municipality.name_sv = official.name_sv
    municipality.county = county
    municipality.is_active = True
    municipality.save(update_fields=["name_fi", "name_sv", "county", "is_active"])
    (report.reactivated if came_back else report.updated).append(change)


def _create(official, county, report):
    Municipality.objects.create(
        code=official.code, name_fi=official.name_fi, name_sv=official.name_sv, county=county
    )
    report.created.append(Change(official.code, official.name_fi, [f"county {county.code}"]))


def _deactivate_missing(existing, listed_codes, report):
    for code, municipality in sorted(existing.items()):
        if code in listed_codes or not municipality.is_active:
            continue
        # Never deleted: organisations, services and statistics of past years point at it.
        municipality.is_active = False
        municipality.save(update_fields=["is_active"])
        report.deactivated.append(Change(code, municipality.name_fi))


def refresh_municipalities(official, dry_run=False):
    """Make our municipalities match ``official``, all or nothing.

    Names are official data: unlike ``load_reference_data``, admin edits to them are
    overwritten. With ``dry_run`` the same work is done and then rolled back.
    """
    if not official:
        raise ClassificationError(
            "the classification lists no municipalities — refusing to mark every "
            "municipality out of use"
        )
    report = RefreshReport()
    with transaction.atomic():
        counties = {county.code: county for county in County.objects.all()}
        rows = Municipality.objects.select_for_update(of=("self",)).select_related("county")
        existing = {municipality.code: municipality for municipality in rows}
        for item in official:
            current = existing.get(item.code)
            county = _county_for(item, current, counties, report)
            if current is None:
                _create(item, county, report)
            else:
                _update(current, item, county, report)
        _deactivate_missing(existing, {item.code for item in official}, report)
        if dry_run:
            transaction.set_rollback(True)
    return report
