"""Importing PTV v11 records, from files or the live API: organisations first, then
service locations, then services; the live API read in pages and by guids.
"""

from urllib.parse import urlencode

from django.utils.translation import gettext_noop

from ..engine import FAILED, InputError, RecordError, Ref
from .items import organisation_item, organisation_reference_item, place_item, service_item
from .records import (
    GUIDS_PER_REQUEST,
    MAX_PAGES,
    ORGANISATION,
    PLACE,
    SERVICE,
    _ids,
    kind_of,
    records_in,
    responsible_organisation,
)


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
