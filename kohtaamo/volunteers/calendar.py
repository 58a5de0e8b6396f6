"""The volunteer's private calendar feed of their assignments (RFC 5545).

A calendar app reads the feed with the token alone, and the feed is kept by whoever
runs that app: so it holds the time, the place to meet and what the visit is, and
nothing about the client (no name, no phone, no needs). The link in each entry leads to
the assignment's page, which asks the volunteer to sign in.
"""

from django.utils import timezone

from kohtaamo.catalogue.ical import escape_text, fold, utc

PRODUCT_ID = "-//Kohtaamo//Volunteer assignments//EN"
REFRESH_INTERVAL = "PT2H"


def vevent(assignment, *, summary, url, uid_domain, cancelled=False):
    request = assignment.request
    stamp = utc(request.updated_at or timezone.now())
    lines = [
        "BEGIN:VEVENT",
        f"UID:volunteer-assignment-{assignment.pk}@{uid_domain}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"DTSTART:{utc(assignment.starts_at)}",
        f"DTEND:{utc(assignment.ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(request.meeting_point)}",
        f"DESCRIPTION:{escape_text(url)}",
        f"URL:{url}",
        "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
        "END:VEVENT",
    ]
    return lines


def calendar(entries, *, name):
    """``entries``: lists of content lines, one per VEVENT."""
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
    for entry in entries:
        lines.extend(entry)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
