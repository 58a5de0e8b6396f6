"""OpenAPI documentation of the HSDS API (drf-spectacular ``extend_schema`` arguments).

The response schemas describe what we send, field by field, in OpenAPI 3.0 terms; the
test suite checks the answers against Open Referral's own JSON Schemas as well.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

TAGS = ["hsds"]
UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string"}
URI = {"type": "string", "format": "uri"}
NUMBER = {"type": "number"}


def _object(required=(), **properties):
    return {"type": "object", "properties": properties, "required": list(required)}


def _array(items):
    return {"type": "array", "items": items}


LANGUAGE_NOTE = (
    "Texts are in the language asked for with `Accept-Language` (fi, sv or en; Finnish "
    "by default); a text missing in that language is given in another one. "
    "`Content-Language` tells which language was chosen."
)

TAXONOMY_SCHEMA = _object(
    ("id", "name", "description"), id=UUID, name=TEXT, description=TEXT, uri=URI, version=TEXT
)
TAXONOMY_TERM_FIELDS = {
    "id": UUID,
    "code": TEXT,
    "name": TEXT,
    "description": TEXT,
    "taxonomy": TEXT,
    "taxonomy_id": UUID,
    "language": TEXT,
    "term_uri": URI,
}
TAXONOMY_TERM_LINKED = _object(("id", "name", "description"), **TAXONOMY_TERM_FIELDS)
TAXONOMY_TERM_SCHEMA = _object(
    ("id", "name", "description"), **TAXONOMY_TERM_FIELDS, taxonomy_detail=TAXONOMY_SCHEMA
)
ORGANIZATION_FIELDS = {
    "id": UUID,
    "name": TEXT,
    "description": TEXT,
    "email": TEXT,
    "website": URI,
}
ORGANIZATION_LIST = _object(("id", "name", "description"), **ORGANIZATION_FIELDS)
ADDRESS = _object(
    ("id", "address_1", "city", "state_province", "postal_code", "country", "address_type"),
    id=UUID,
    location_id=UUID,
    address_1=TEXT,
    city=TEXT,
    state_province=TEXT,
    postal_code=TEXT,
    country=TEXT,
    address_type={"type": "string", "enum": ["physical", "postal", "virtual"]},
)
LOCATION = _object(
    ("id", "location_type"),
    id=UUID,
    location_type={"type": "string", "enum": ["physical", "postal", "virtual"]},
    organization_id=UUID,
    name=TEXT,
    latitude=NUMBER,
    longitude=NUMBER,
    external_identifier=TEXT,
    external_identifier_type=TEXT,
    addresses=_array(ADDRESS),
    accessibility=_array(
        _object(("id",), id=UUID, location_id=UUID, description=TEXT, details=TEXT)
    ),
)
UNIT = _object(("id", "name"), id=UUID, name=TEXT, scheme=TEXT, identifier=TEXT, uri=URI)
CAPACITY = _object(
    ("id", "unit", "available", "updated"),
    id=UUID,
    service_id=UUID,
    unit=UNIT,
    available=NUMBER,
    maximum=NUMBER,
    description=TEXT,
    updated={"type": "string", "format": "date-time"},
)
SERVICE_FIELDS = {
    "id": UUID,
    "organization_id": UUID,
    "name": TEXT,
    "description": TEXT,
    "url": URI,
    "email": TEXT,
    "status": {"type": "string", "enum": ["active", "inactive", "defunct", "temporarily closed"]},
    "application_process": TEXT,
    "fees_description": TEXT,
    "minimum_age": NUMBER,
    "maximum_age": NUMBER,
    "last_modified": {"type": "string", "format": "date-time"},
    "organization": ORGANIZATION_LIST,
    "capacities": {
        **_array(CAPACITY),
        "description": "HSDS 3.1 service_capacity (our profile): free places for culture "
        "card (Kaikukortti) holders (unit culture-card-place) and places kept for clients "
        "with a culture referral (unit referral-place).",
    },
}
SERVICE_LIST = _object(("id", "name", "status"), **SERVICE_FIELDS)
SAL_IN_SERVICE = _object(("id",), id=UUID, service_id=UUID, location_id=UUID, location=LOCATION)
SERVICE_FULL = _object(
    ("id", "name", "status"),
    **SERVICE_FIELDS,
    phones=_array(_object(("id", "number"), id=UUID, service_id=UUID, number=TEXT)),
    schedules=_array(
        _object(
            ("id",),
            id=UUID,
            service_id=UUID,
            description=TEXT,
            valid_from={"type": "string", "format": "date"},
            valid_to={"type": "string", "format": "date"},
            dtstart={"type": "string", "format": "date-time"},
            opens_at=TEXT,
            closes_at=TEXT,
            schedule_link=URI,
        )
    ),
    service_areas=_array(
        _object(("id",), id=UUID, service_id=UUID, name=TEXT, extent_type=TEXT, description=TEXT)
    ),
    service_at_locations=_array(SAL_IN_SERVICE),
    languages=_array(_object(("id",), id=UUID, service_id=UUID, name=TEXT, code=TEXT)),
    funding=_array(_object(("id",), id=UUID, service_id=UUID, source=TEXT)),
    cost_options=_array(
        _object(("id",), id=UUID, service_id=UUID, option=TEXT, amount=NUMBER, currency=TEXT)
    ),
    contacts=_array(_object(("id",), id=UUID, email=TEXT)),
    attributes=_array(
        _object(
            ("id",),
            id=UUID,
            link_id=UUID,
            link_entity=TEXT,
            link_type=TEXT,
            taxonomy_term_id=UUID,
            taxonomy_term=TAXONOMY_TERM_LINKED,
        )
    ),
)
SERVICE_AT_LOCATION_LIST = _object(
    ("id",), id=UUID, service_id=UUID, location_id=UUID, location=LOCATION, service=SERVICE_LIST
)
SERVICE_AT_LOCATION_FULL = _object(
    ("id",), id=UUID, service_id=UUID, location_id=UUID, location=LOCATION, service=SERVICE_FULL
)
ORGANIZATION_FULL = _object(
    ("id", "name", "description"),
    **ORGANIZATION_FIELDS,
    organization_identifiers=_array(
        _object(
            ("id", "identifier_type", "identifier"),
            id=UUID,
            organization_id=UUID,
            identifier_scheme=TEXT,
            identifier_type=TEXT,
            identifier=TEXT,
        )
    ),
    locations=_array(LOCATION),
    services=_array(SERVICE_FULL),
)
ERRORS = _object(
    ("errors",),
    errors={
        "type": "object",
        "additionalProperties": _array(TEXT),
        "description": "Each bad parameter with its messages.",
    },
)
NOT_FOUND = _object(("detail",), detail=TEXT)


def page_of(items):
    return _object(
        (
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ),
        total_items={"type": "integer", "description": "Count of all matches."},
        total_pages={"type": "integer", "description": "Count of pages (at least 1)."},
        page_number={"type": "integer", "description": "This page's number, from 1."},
        size={"type": "integer", "description": "Results per page asked for (per_page)."},
        first_page={"type": "boolean"},
        last_page={"type": "boolean"},
        empty={"type": "boolean", "description": "Whether this page has no results."},
        contents=_array(items),
    )


def _parameter(name, kind, description, **extra):
    return OpenApiParameter(name, kind, description=description, **extra)


PAGING = [
    _parameter(
        "page",
        {"type": "integer", "minimum": 1, "maximum": 100_000},
        "Page number, from 1 (default 1).",
    ),
    _parameter(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": 100},
        "Results per page, 1–100 (default 20).",
    ),
    _parameter("format", OpenApiTypes.STR, "Only `json` is offered.", enum=["json"]),
]
SEARCH = _parameter(
    "search",
    OpenApiTypes.STR,
    "Free text. Finnish words match by their base forms and compound parts "
    "(the catalogue's own search).",
)
ACCEPT_LANGUAGE = _parameter(
    "Accept-Language",
    OpenApiTypes.STR,
    "fi, sv or en (default fi).",
    location=OpenApiParameter.HEADER,
)
ID_LIST = "One id, or several separated by commas."
SERVICE_FILTERS = [
    SEARCH,
    _parameter(
        "taxonomy_term_id",
        OpenApiTypes.STR,
        f"Services classified with this taxonomy term. {ID_LIST} Terms of one taxonomy "
        "match any of them; terms of different taxonomies must all match.",
    ),
    _parameter(
        "taxonomy_id", OpenApiTypes.STR, f"Services with any term of this taxonomy. {ID_LIST}"
    ),
    _parameter("organization_id", OpenApiTypes.STR, f"Services of this organisation. {ID_LIST}"),
    _parameter(
        "modified_after",
        OpenApiTypes.DATETIME,
        "Services changed at or after this moment (ISO 8601).",
    ),
    _parameter(
        "postcode",
        {"type": "string", "pattern": "^[0-9]{5}$"},
        "Finnish postal code (five digits): services serving its municipality or with a "
        "place there; with `proximity`, services with a place that near it.",
    ),
    _parameter(
        "proximity",
        {"type": "number", "minimum": 1, "maximum": 1_500_000},
        "Metres (1–1,500,000) from the centre of `postcode`'s places.",
    ),
    *PAGING,
    ACCEPT_LANGUAGE,
]
BAD = {400: ERRORS}
MISSING = {404: NOT_FOUND}


def _operation(operation_id, summary, response, parameters=(), errors=None, description=""):
    return {
        "operation_id": operation_id,
        "summary": summary,
        "description": (description + " " + LANGUAGE_NOTE).strip(),
        "parameters": list(parameters),
        "responses": {200: response, **(errors or {})},
        "tags": TAGS,
    }


ROOT = _operation(
    "hsds_root",
    "HSDS version and profile",
    _object(("version", "profile"), version=TEXT, profile=URI, openapi_url=URI),
    [ACCEPT_LANGUAGE],
)
SERVICES = _operation(
    "hsds_services",
    "Services (HSDS list form)",
    page_of(SERVICE_LIST),
    SERVICE_FILTERS,
    BAD,
    "Published services, by name, or best match first with `search`.",
)
SERVICE = _operation(
    "hsds_service", "One service, fully nested", SERVICE_FULL, [ACCEPT_LANGUAGE], MISSING
)
SERVICE_AT_LOCATIONS = _operation(
    "hsds_service_at_locations",
    "Services at locations",
    page_of(SERVICE_AT_LOCATION_LIST),
    SERVICE_FILTERS,
    BAD,
    "Each place a published service is offered at.",
)
SERVICE_AT_LOCATION = _operation(
    "hsds_service_at_location",
    "One service at a location",
    SERVICE_AT_LOCATION_FULL,
    [ACCEPT_LANGUAGE],
    MISSING,
)
ORGANIZATIONS = _operation(
    "hsds_organizations",
    "Organisations",
    page_of(ORGANIZATION_LIST),
    [SEARCH, *PAGING, ACCEPT_LANGUAGE],
    BAD,
    "Organisations with published services.",
)
ORGANIZATION = _operation(
    "hsds_organization",
    "One organisation with its services and places",
    ORGANIZATION_FULL,
    [ACCEPT_LANGUAGE],
    MISSING,
)
TAXONOMIES = _operation(
    "hsds_taxonomies",
    "Taxonomies",
    page_of(TAXONOMY_SCHEMA),
    [SEARCH, *PAGING, ACCEPT_LANGUAGE],
    BAD,
    "Our classifications: steps of cultural wellbeing, art forms, target groups, "
    "accessibility, types of service and quality criteria.",
)
TAXONOMY = _operation("hsds_taxonomy", "One taxonomy", TAXONOMY_SCHEMA, [ACCEPT_LANGUAGE], MISSING)
TAXONOMY_TERMS = _operation(
    "hsds_taxonomy_terms",
    "Taxonomy terms",
    page_of(TAXONOMY_TERM_SCHEMA),
    [
        SEARCH,
        _parameter("taxonomy_id", OpenApiTypes.STR, f"Terms of this taxonomy. {ID_LIST}"),
        _parameter(
            "parent_id",
            OpenApiTypes.STR,
            "Terms under this term (our taxonomies are flat: always none).",
        ),
        _parameter("top_only", OpenApiTypes.BOOL, "Top-level terms only (all of ours are)."),
        *PAGING,
        ACCEPT_LANGUAGE,
    ],
    BAD,
)
TAXONOMY_TERM = _operation(
    "hsds_taxonomy_term", "One taxonomy term", TAXONOMY_TERM_SCHEMA, [ACCEPT_LANGUAGE], MISSING
)
