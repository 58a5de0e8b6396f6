"""iCalendar (RFC 5545) for events: one event, or a feed to subscribe to.

Written by hand with the standard library: the format is small, and every rule that
calendar apps trip over is here in one place: CRLF line ends, lines folded at 75 octets
without splitting a UTF-8 character, TEXT values escaped, times in UTC.
"""

from datetime import UTC

from . import display

PRODUCT_ID = "-//Kohtaamo//Culture catalogue//EN"
# How often a subscribed calendar app should fetch the feed again.
REFRESH_INTERVAL = "PT6H"
LINE_OCTETS = 75


def escape_text(value):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    value = str(value or "")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    # Other control characters are not allowed in TEXT at all.
    return "".join(char for char in value if char >= " " or char == "\t")


def fold(line):
    """Split a content line into chunks of at most 75 octets (RFC 5545 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_OCTETS:
        return line
    parts = []
    start = 0
    limit = LINE_OCTETS
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        # Never cut inside a multi-byte character: back off to a character start.
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode("utf-8"))
        start = end
        limit = LINE_OCTETS - 1  # continuation lines begin with one space
    return "\r\n ".join(parts)


def utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _location(event, language):
    if event.place is not None:
        name = display.text(event.place, "name", language).value
        return ", ".join(
            part for part in (name, display.address_line(event.place, language)) if part
        )
    if event.municipality is not None:
        return event.municipality.name
    return ""


def vevent(event, *, url, uid_domain, language=None):
    """The content lines of one VEVENT."""
    language = display.current_language(language)
    summary = display.text(event, "summary", language).value
    description = "\n\n".join(part for part in (summary, url) if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{uid_domain}",
        f"DTSTAMP:{utc(event.updated_at)}",
        f"LAST-MODIFIED:{utc(event.updated_at)}",
        f"DTSTART:{utc(event.start)}",
    ]
    if event.end:
        lines.append(f"DTEND:{utc(event.end)}")
    lines.append(f"SUMMARY:{escape_text(display.text(event, 'name', language).value)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    location = _location(event, language)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if event.place is not None and event.place.latitude is not None:
        lines.append(f"GEO:{event.place.latitude};{event.place.longitude}")
    email = event.contact_email or event.organisation.email
    if email:
        lines.append(f"ORGANIZER;CN={_param(event.organisation.name)}:mailto:{email}")
    lines.append(f"URL:{url}")
    lines.append("STATUS:CANCELLED" if event.is_cancelled else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def _param(value):
    # Parameter values cannot hold quotes; quoting lets them hold , ; and :.
    return '"' + str(value).replace('"', "'") + '"'


def calendar(events, *, url_for, uid_domain, name, language=None):
    """A whole VCALENDAR as text; ``url_for(event)`` gives each event's page address."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH_INTERVAL}",
        f"X-PUBLISHED-TTL:{REFRESH_INTERVAL}",
    ]
    for event in events:
        lines.extend(vevent(event, url=url_for(event), uid_domain=uid_domain, language=language))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
