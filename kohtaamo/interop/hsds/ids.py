"""HSDS identifiers (UUIDs) for catalogue rows and code-list items.

HSDS wants a UUID for every object; our rows have integer keys. Objects that clients
fetch by id (services, organisations, locations, service-at-locations) get a UUID that
*contains* the key: an RFC 9562 version 8 UUID laid out as

    48 bits first key | version 8 | 12 bits object kind | variant | 14 bits marker | 48 bits
    second key (service-at-location: the place; otherwise 0)

so ``/services/{id}`` is one primary-key lookup, and the same row always has the same id.
Everything else (a service's phone, its attribute linking it to a taxonomy term, a
taxonomy and its terms) is a name-based UUID 5 of what it is: stable across
installations for code-list items, because it is made from their codes.
"""

import uuid

# The UUID 5 namespace of Kohtaamo's HSDS objects (any fixed UUID would do).
NAMESPACE = uuid.UUID("5d0b7c1e-3a52-4f7e-9a43-6b8f1c2d9e10")

# Object kinds of the reversible ids: never renumber, or published ids change.
SERVICE = 1
ORGANIZATION = 2
LOCATION = 3
SERVICE_AT_LOCATION = 4
KINDS = {SERVICE, ORGANIZATION, LOCATION, SERVICE_AT_LOCATION}

MARKER = 0x2B6D  # 14 bits telling our ids from other version 8 UUIDs
KEY_BITS = 48
KEY_MASK = (1 << KEY_BITS) - 1


def row_id(kind, key, second=0):
    """The UUID (as text) of row ``key`` (and ``second``) of this kind."""
    if kind not in KINDS or not 0 < key <= KEY_MASK or not 0 <= second <= KEY_MASK:
        raise ValueError("no HSDS id for this key")
    value = (key << 80) | (0x8 << 76) | (kind << 64) | (0b10 << 62) | (MARKER << KEY_BITS) | second
    return str(uuid.UUID(int=value))


def parse_row_id(text, kind):
    """The (key, second) pair in one of our ids of this kind, or None for any other text."""
    try:
        value = uuid.UUID(str(text)).int
    except (ValueError, TypeError, AttributeError):
        return None
    if (
        (value >> 76) & 0xF != 0x8
        or (value >> 62) & 0b11 != 0b10
        or (value >> 64) & 0xFFF != kind
        or (value >> KEY_BITS) & 0x3FFF != MARKER
    ):
        return None
    key, second = value >> 80, value & KEY_MASK
    if key == 0:
        return None
    return key, second


def name_id(*parts):
    """A name-based UUID 5 of what an object is, e.g. ``name_id("phone", service_id)``."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def service_id(pk):
    return row_id(SERVICE, pk)


def organization_id(pk):
    return row_id(ORGANIZATION, pk)


def location_id(pk):
    return row_id(LOCATION, pk)


def service_at_location_id(service_pk, place_pk):
    return row_id(SERVICE_AT_LOCATION, service_pk, place_pk)
