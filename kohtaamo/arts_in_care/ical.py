"""The sessions of engagements as iCalendar, for the artist's and the unit's calendars.

The line rules (folding, escaping, UTC times) are the catalogue's (``catalogue.ical``);
this module only says what a session looks like as a VEVENT.
"""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from kohtaamo.catalogue.ical import PRODUCT_ID, escape_text, fold, utc
from kohtaamo.core import printing

from .models import ArtSession
from .services import access


def _uid_domain(request):
    return request.get_host().split(":")[0] or "kohtaamo"


def _vevent(session: ArtSession, request) -> list[str]:
    engagement = session.engagement
    url = printing.public_url(request, reverse("arts_in_care:engagement", args=[engagement.pk]))
    lines = [
        "BEGIN:VEVENT",
        f"UID:art-session-{session.pk}@{_uid_domain(request)}",
        f"DTSTAMP:{utc(session.logged_at or timezone.now())}",
    ]
    if session.starts_at is not None:
        start = timezone.make_aware(datetime.combine(session.date, session.starts_at))
        lines.append(f"DTSTART:{utc(start)}")
        lines.append(f"DTEND:{utc(start + timedelta(minutes=session.planned_minutes))}")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{session.date:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{session.date + timedelta(days=1):%Y%m%d}")
    lines.append(f"SUMMARY:{escape_text(engagement.name)}")
    place = f"{engagement.care_unit.organisation.name} – {engagement.care_unit.name}"
    if engagement.groups:
        place = f"{place}, {engagement.groups}"
    lines.append(f"LOCATION:{escape_text(place)}")
    lines.append(f"DESCRIPTION:{escape_text(url)}")
    lines.append(f"URL:{url}")
    lines.append("STATUS:CANCELLED" if session.took_place is False else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def _calendar(sessions, name: str, request) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for session in sessions:
        lines.extend(_vevent(session, request))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def engagement_calendar(engagement, request) -> str:
    sessions = engagement.sessions.select_related("engagement__care_unit__organisation")
    return _calendar(sessions, engagement.name, request)


def person_calendar(user, request) -> str:
    """Every session of every engagement ``user`` is party to, from a month back."""
    since = timezone.localdate() - timedelta(days=31)
    sessions = ArtSession.objects.filter(
        engagement__in=access.visible_engagements(user), date__gte=since
    ).select_related("engagement__care_unit__organisation")
    return _calendar(sessions, "Kohtaamo", request)
