"""Calendar subscriptions: a search's feed keeps its filters and is valid RFC 5545.

The checker below reads a file the way a strict calendar client does: CRLF lines of at
most 75 octets, folding, the content-line grammar, parameter quoting, TEXT escaping,
nesting of components, the properties each component must have exactly once, and
date-times in UTC (we send no VTIMEZONE, so a floating or TZID time would be wrong).
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kohtaamo.catalogue.states import Status
from tests.catalogue import content, html

pytestmark = pytest.mark.django_db

NAME = re.compile(r"^[A-Za-z0-9-]+$")
PARAM_TEXT = re.compile(r'^[^\x00-\x08\x0a-\x1f\x7f";:,]*$')
QUOTED = re.compile(r'^"[^\x00-\x08\x0a-\x1f\x7f"]*"$')
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
UTC_TIME = re.compile(r"^\d{8}T\d{6}Z$")
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALNAME"}
ONCE = {
    "VCALENDAR": {"PRODID", "VERSION"},
    "VEVENT": {"UID", "DTSTAMP", "DTSTART"},
}
AT_MOST_ONCE = {
    "VCALENDAR": {"CALSCALE", "METHOD", "NAME", "REFRESH-INTERVAL"},
    "VEVENT": {"DTEND", "SUMMARY", "DESCRIPTION", "LOCATION", "GEO", "URL", "STATUS"},
}


def split_content_line(line):
    """(name, [(param, value)], value) by RFC 5545 3.1, honouring quoted parameters."""
    position, quoted = None, False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            position = index
            break
    assert position is not None, f"no value in {line!r}"
    head, value = line[:position], line[position + 1 :]
    parts, current, quoted = [], "", False
    for char in head:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    name, params = parts[0], []
    assert NAME.match(name), f"bad property name {name!r}"
    for part in parts[1:]:
        key, equals, param_value = part.partition("=")
        assert equals and NAME.match(key), f"bad parameter {part!r}"
        for single in param_value.split(","):
            assert PARAM_TEXT.match(single) or QUOTED.match(single), f"bad value {single!r}"
        params.append((key, param_value))
    assert not CONTROL.search(value), f"control character in {line!r}"
    return name.upper(), params, value


def check_text(name, value):
    """A TEXT value: only \\\\ \\; \\, \\n escapes, no bare ; or ,."""
    index = 0
    while index < len(value):
        char = value[index]
        if char == "\\":
            assert value[index + 1 : index + 2] in ("\\", ";", ",", "n", "N"), (name, value)
            index += 2
            continue
        assert char not in ";,", f"unescaped {char!r} in {name}: {value!r}"
        index += 1


def unescape(value):
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def parse_ics(body):
    """Check a whole iCalendar text; return (calendar properties, [event properties])."""
    raw = body.decode("utf-8")
    assert raw.endswith("\r\n"), "every line ends with CRLF"
    physical = raw[:-2].split("\r\n")
    assert not any("\r" in line or "\n" in line for line in physical), "bare CR or LF"
    lines = []
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, f"longer than 75 octets: {line!r}"
        if line[:1] in (" ", "\t"):
            assert lines, "a file cannot start with a continuation"
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack, calendar, events = [], {}, []
    for line in lines:
        name, params, value = split_content_line(line)
        if name == "BEGIN":
            stack.append((value, {}))
            continue
        if name == "END":
            component, properties = stack.pop()
            assert component == value, f"END:{value} closes {component}"
            for required in ONCE.get(component, ()):
                assert len(properties.get(required, [])) == 1, f"{component} needs {required}"
            for single in AT_MOST_ONCE.get(component, ()):
                assert len(properties.get(single, [])) <= 1, f"{single} twice in {component}"
            flat = {key: values[0] for key, values in properties.items()}
            if component == "VEVENT":
                events.append(flat)
                assert "DURATION" not in flat or "DTEND" not in flat
                if "DTEND" in flat:
                    assert flat["DTEND"] >= flat["DTSTART"], "ends before it starts"
                assert flat.get("STATUS", "CONFIRMED") in {"TENTATIVE", "CONFIRMED", "CANCELLED"}
            elif component == "VCALENDAR":
                calendar = flat
                assert flat["VERSION"] == "2.0"
            continue
        assert stack, f"{name} outside any component"
        if name in TEXT_PROPERTIES:
            check_text(name, value)
        if name in {"DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED"}:
            assert not params, f"{name} with TZID or VALUE: we send UTC only"
            assert UTC_TIME.match(value), f"{name} is not a UTC date-time: {value!r}"
        if name == "GEO":
            latitude, longitude = (float(number) for number in value.split(";"))
            assert -90 <= latitude <= 90 and -180 <= longitude <= 180
        stack[-1][1].setdefault(name, []).append(value)
    assert not stack, "components left open"
    assert calendar, "no VCALENDAR"
    return calendar, events


def get_ics(url, params=None):
    response = Client().get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return parse_ics(response.content)


def summaries(events):
    return sorted(unescape(event["SUMMARY"]) for event in events)


# --- content ----------------------------------------------------------------------------


@pytest.fixture
def events():
    soon = timezone.now() + timedelta(days=4)
    hall = content.place(
        name_fi="Konserttisali; iso, uusi",
        street_address_fi="Kauppakatu 1",
        **content.COORDINATES,
    )
    return {
        "choir": content.event(
            "Kuorokonsertti: laulua, soittoa; ja runoja",
            name_sv="Körkonsert",
            summary_fi="Pitkä kuvaus, jossa on pilkkuja; puolipisteitä ja rivinvaihto\n"
            + "äänekkäitä ääniä " * 10,
            start=soon,
            place=hall,
            art_forms=["music"],
            target_groups=["older-people"],
        ),
        "dance": content.event("Tanssiesitys", start=soon, art_forms=["dance"]),
        "helsinki": content.event(
            "Konsertti Helsingissä", start=soon, art_forms=["music"], municipality="091"
        ),
        "later": content.event(
            "Myöhäinen konsertti", start=soon + timedelta(days=60), art_forms=["music"]
        ),
        "draft": content.event("Luonnos", start=soon, art_forms=["music"], status=Status.DRAFT),
    }


# --- one event -------------------------------------------------------------------------


def test_one_event_is_valid_icalendar(events):
    choir = events["choir"]
    calendar, found = get_ics(f"/fi/events/{choir.pk}.ics")
    assert calendar["PRODID"]
    assert len(found) == 1
    event = found[0]
    assert unescape(event["SUMMARY"]) == "Kuorokonsertti: laulua, soittoa; ja runoja"
    assert unescape(event["LOCATION"]).startswith("Konserttisali; iso, uusi, Kauppakatu 1")
    assert unescape(event["DESCRIPTION"]).startswith("Pitkä kuvaus, jossa on pilkkuja;")
    assert "\n" in unescape(event["DESCRIPTION"])
    start = datetime.strptime(event["DTSTART"], "%Y%m%dT%H%M%SZ")
    assert start == choir.start.astimezone(UTC).replace(tzinfo=None, microsecond=0)


def test_one_event_in_swedish():
    event = content.event("Konsertti", name_sv="Konsert")
    _, found = get_ics(f"/sv/events/{event.pk}.ics")
    assert unescape(found[0]["SUMMARY"]) == "Konsert"
    assert found[0]["URL"] == f"http://testserver/sv/events/{event.pk}/"


# --- feeds of a search -----------------------------------------------------------------


def test_feed_keeps_each_filter(events):
    feed = "/fi/search/events.ics"
    assert summaries(get_ics(feed, {"art_form": "music"})[1]) == [
        "Konsertti Helsingissä",
        "Kuorokonsertti: laulua, soittoa; ja runoja",
        "Myöhäinen konsertti",
    ]
    assert summaries(get_ics(feed, {"art_form": "music", "municipality": "297"})[1]) == [
        "Kuorokonsertti: laulua, soittoa; ja runoja",
        "Myöhäinen konsertti",
    ]
    assert summaries(get_ics(feed, {"target_group": "older-people"})[1]) == [
        "Kuorokonsertti: laulua, soittoa; ja runoja"
    ]
    to = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert "Myöhäinen konsertti" not in summaries(get_ics(feed, {"date_to": to})[1])
    assert summaries(get_ics(feed, {"q": "tanssiesityksiin"})[1]) == ["Tanssiesitys"]


def test_search_page_offers_a_subscription_that_keeps_the_filters(events):
    params = {"kind": "events", "art_form": "music", "municipality": "297", "page": "1"}
    page = html.parse(Client().get("/fi/search/", params))
    link = page.find("p", cls="feed-link").find("a").attrs["href"]
    assert link.startswith("/fi/search/events.ics?")
    assert "page=" not in link and "kind=" not in link
    assert "art_form=music" in link and "municipality=297" in link
    response = Client().get(link)
    _, found = parse_ics(response.content)
    assert summaries(found) == [
        "Kuorokonsertti: laulua, soittoa; ja runoja",
        "Myöhäinen konsertti",
    ]


def test_feed_in_swedish_uses_swedish_texts(events):
    _, found = get_ics("/sv/search/events.ics", {"target_group": "older-people"})
    assert summaries(found) == ["Körkonsert"]


def test_feed_of_a_search_with_no_results_is_still_a_calendar():
    calendar, found = get_ics("/fi/search/events.ics", {"art_form": "music"})
    assert found == []
    assert calendar["X-WR-CALNAME"]
