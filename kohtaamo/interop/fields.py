"""Which fields an import writes, and how each one is read and written as a JSON value.

An import compares three values of a field: what the source says now, what it said last
time (``ExternalRecord.imported``) and what the row holds. Comparing needs one plain
form for each: text as it is, decimals as strings, times in UTC ISO form, a foreign key
as the related row's id (or code for reference data), a many-to-many as a sorted list of
codes or ids.
"""

from datetime import UTC, datetime
from decimal import Decimal

from kohtaamo.accounts.models import Organisation
from kohtaamo.catalogue.models import Event, Place, Service
from kohtaamo.core.models import (
    ArtForm,
    Language,
    Municipality,
    TargetGroup,
    WellbeingStep,
)

TEXT, JSON, BOOL, INT, DECIMAL, DATETIME, FK, FK_CODE, M2M_CODE, M2M_PK = (
    "text",
    "json",
    "bool",
    "int",
    "decimal",
    "datetime",
    "fk",
    "fk_code",
    "m2m_code",
    "m2m_pk",
)

LANGS = ("fi", "sv", "en")


def _texts(*names):
    return {f"{name}_{lang}": TEXT for name in names for lang in LANGS}


OFFERING_FIELDS = {
    **_texts("name", "summary", "description", "price", "keywords"),
    "organisation": FK,
    "is_free": BOOL,
    "age_min": INT,
    "age_max": INT,
    "booking_url": TEXT,
    "art_forms": M2M_CODE,
    "target_groups": M2M_CODE,
    "steps": M2M_CODE,
    "languages": M2M_CODE,
}

FIELDS = {
    Organisation: {
        **_texts("name"),
        "kind": TEXT,
        "business_id": TEXT,
        "municipality": FK_CODE,
        "website": TEXT,
        "email": TEXT,
        "phone": TEXT,
    },
    Place: {
        **_texts("name", "street_address", "accessibility_info"),
        "organisation": FK,
        "postal_code": TEXT,
        "municipality": FK_CODE,
        "latitude": DECIMAL,
        "longitude": DECIMAL,
    },
    Service: {
        **OFFERING_FIELDS,
        **_texts("how_to_join"),
        "sami_texts": JSON,
        "municipalities": M2M_CODE,
        "places": M2M_PK,
    },
    Event: {
        **OFFERING_FIELDS,
        "start": DATETIME,
        "end": DATETIME,
        "place": FK,
        "municipality": FK_CODE,
        "is_cancelled": BOOL,
        "super_event": FK,
    },
}

# Written by the import's publication rules, not compared with the source; kept in a
# run's changes so that a rollback puts them back.
STATUS_FIELDS = {"status": TEXT, "published_at": DATETIME}

RELATED = {
    "municipality": Municipality,
    "municipalities": Municipality,
    "art_forms": ArtForm,
    "target_groups": TargetGroup,
    "steps": WellbeingStep,
    "languages": Language,
}


def kind_of(model, field):
    return FIELDS[model].get(field) or STATUS_FIELDS[field]


def iso(moment):
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat()


def parse_iso(value):
    if value is None:
        return None
    return datetime.fromisoformat(value)


def decimal_text(value):
    if value is None or value == "":
        return None
    return str(Decimal(str(value)).quantize(Decimal("0.000001")))


def read(obj, field):
    """The field's value on ``obj`` in its plain JSON form."""
    kind = kind_of(type(obj), field)
    if kind in (TEXT, JSON, BOOL, INT):
        return getattr(obj, field)
    if kind == DECIMAL:
        return decimal_text(getattr(obj, field))
    if kind == DATETIME:
        return iso(getattr(obj, field))
    if kind == FK:
        return getattr(obj, f"{field}_id")
    if kind == FK_CODE:
        related = getattr(obj, field)
        return related.code if related is not None else None
    if obj.pk is None:
        return []
    if kind == M2M_CODE:
        return sorted(getattr(obj, field).values_list("code", flat=True))
    return sorted(getattr(obj, field).values_list("pk", flat=True))


def normalise(model, field, value):
    """A value from a source in the same plain form as :func:`read` gives."""
    kind = kind_of(model, field)
    if kind in (M2M_CODE, M2M_PK):
        return sorted(set(value or []))
    if kind == DECIMAL:
        return decimal_text(value)
    if kind == TEXT:
        return value or ""
    if kind == JSON:
        return value or {}
    return value


def write_plain(obj, field, value):
    """Set a non-many-to-many field; returns False for many-to-many (set after save)."""
    kind = kind_of(type(obj), field)
    if kind in (TEXT, JSON, BOOL, INT):
        setattr(obj, field, value)
    elif kind == DECIMAL:
        setattr(obj, field, Decimal(value) if value is not None else None)
    elif kind == DATETIME:
        setattr(obj, field, parse_iso(value))
    elif kind == FK:
        setattr(obj, f"{field}_id", value)
    elif kind == FK_CODE:
        setattr(obj, field, RELATED[field].objects.get(code=value) if value else None)
    else:
        return False
    return True


def write_many(obj, field, value):
    kind = kind_of(type(obj), field)
    manager = getattr(obj, field)
    if kind == M2M_CODE:
        manager.set(RELATED[field].objects.filter(code__in=value or []))
    else:
        manager.set(manager.model.objects.filter(pk__in=value or []))


def is_many(model, field):
    return kind_of(model, field) in (M2M_CODE, M2M_PK)


def unknown_codes(model, field, value):
    """Codes in ``value`` that name no row of the related reference table."""
    kind = kind_of(model, field)
    if kind not in (FK_CODE, M2M_CODE) or not value:
        return []
    codes = [value] if kind == FK_CODE else list(value)
    known = set(RELATED[field].objects.filter(code__in=codes).values_list("code", flat=True))
    return [code for code in codes if code not in known]
