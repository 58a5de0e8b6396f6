"""iCalendar files: one event and a feed of a search, read back as a calendar app would."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kohtaamo.catalogue import ical
from kohtaamo.catalogue.states import Status
from tests.catalogue import content

pytestmark = pytest.mark.django_db


# --- a small RFC 5545 reader -----------------------------------------------------------


def unfold(body):
    """Content lines: CRLF line ends, continuation lines joined (RFC 5545 3.1)."""
    assert "\n" not in body.replace("\r\n", ""), "bare LF line ending"
    physical = body.split("\r\n")
    assert physical[-1] == "", "the file must end with CRLF"
    for line in physical[:-1]:
        assert len(line.encode("utf-8")) <= 75, f"line longer than 75 octets: {line!r}"
    lines = []
    for line in physical[:-1]:
        if line.startswith((" ", "\t")):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value):
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def read_calendar(body):
    """[{property: value}] for each VEVENT, plus the calendar's own properties."""
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    calendar, events, current = {}, [], None
    for line in lines[1:-1]:
        name_part, _, value = line.partition(":")
        name = name_part.split(";")[0]
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
        else:
            calendar[name] = value
    return calendar, events


def get_calendar(url, params=None):
    response = Client().get(url, params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return read_calendar(response.content.decode("utf-8"))


# --- the writer's rules ------------------------------------------------------------------


def test_text_escaping():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert unescape(ical.escape_text("Laulu, tanssi; ja \\ runo\r\nrivi")) == (
        "Laulu, tanssi; ja \\ runo\nrivi"
    )


def test_folding_keeps_multibyte_characters_whole():
    line = "SUMMARY:" + "äiti ja lapsi yhdessä ääni-ilta " * 10
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(part[1:] for part in parts[1:])]) == line


# --- one event ---------------------------------------------------------------------------


@pytest.fixture
def concert():
    place = content.place(name_fi="Musiikkikeskus", street_address_fi="Kuopionlahdenkatu 23")
    start = datetime(2031, 3, 14, 16, 30, tzinfo=UTC)
    return content.event(
        "Konsertti: laulu, tanssi; ja runo",
        summary_fi="Ensimmäinen rivi\nToinen rivi, jossa on pilkku",
        start=start,
        hours=2,
        place=place,
    )


def test_one_event_as_icalendar(concert):
    calendar, events = get_calendar(f"/fi/events/{concert.pk}.ics")
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert len(events) == 1
    event = events[0]
    assert event["UID"] == f"event-{concert.pk}@testserver"
    assert event["DTSTART"] == "20310314T163000Z"
    assert event["DTEND"] == "20310314T183000Z"
    assert event["DTSTAMP"].endswith("Z")
    assert unescape(event["SUMMARY"]) == "Konsertti: laulu, tanssi; ja runo"
    assert "\\," in event["SUMMARY"] and "\\;" in event["SUMMARY"]
    assert unescape(event["DESCRIPTION"]).startswith(
        "Ensimmäinen rivi\nToinen rivi, jossa on pilkku"
    )
    assert unescape(event["LOCATION"]) == "Musiikkikeskus, Kuopionlahdenkatu 23, 70100 Kuopio"
    assert event["URL"] == f"http://testserver/fi/events/{concert.pk}/"
    assert event["STATUS"] == "CONFIRMED"


def test_cancelled_event_says_so(concert):
    concert.is_cancelled = True
    concert.save()
    _, events = get_calendar(f"/en/events/{concert.pk}.ics")
    assert events[0]["STATUS"] == "CANCELLED"


def test_uid_is_stable_across_downloads_and_languages(concert):
    _, first = get_calendar(f"/fi/events/{concert.pk}.ics")
    _, second = get_calendar(f"/sv/events/{concert.pk}.ics")
    assert first[0]["UID"] == second[0]["UID"]


def test_long_description_is_folded_and_reads_back_whole(concert):
    concert.summary_fi = "Pitkä kuvaus äänistä ja väreistä, " * 8
    concert.save()
    _, events = get_calendar(f"/fi/events/{concert.pk}.ics")
    assert unescape(events[0]["DESCRIPTION"]).startswith(concert.summary_fi)


# --- the feed ----------------------------------------------------------------------------


def test_feed_has_the_matching_upcoming_events_only():
    soon = timezone.now() + timedelta(days=3)
    music = content.event("Konsertti", start=soon, art_forms=["music"])
    cancelled = content.event("Peruttu", start=soon, art_forms=["music"], is_cancelled=True)
    content.event("Tanssi", start=soon, art_forms=["dance"])
    content.event("Mennyt konsertti", start=soon - timedelta(days=30), art_forms=["music"])
    content.event("Luonnos", start=soon, art_forms=["music"], status=Status.DRAFT)

    calendar, events = get_calendar("/fi/search/events.ics", {"art_form": "music"})
    assert calendar["X-WR-CALNAME"]
    uids = {event["UID"] for event in events}
    assert uids == {f"event-{music.pk}@testserver", f"event-{cancelled.pk}@testserver"}
    statuses = {event["UID"]: event["STATUS"] for event in events}
    assert statuses[f"event-{cancelled.pk}@testserver"] == "CANCELLED"


def test_feed_ignores_a_start_date_in_the_past():
    content.event("Mennyt", start=timezone.now() - timedelta(days=5), art_forms=["music"])
    _, events = get_calendar("/fi/search/events.ics", {"date_from": "2020-01-01"})
    assert events == []


def test_feed_with_bad_parameters_answers_400_with_the_reason():
    response = Client().get("/en/search/events.ics", {"municipality": "999", "age": "-3"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "municipality" in body and "999" in body
    assert "age" in body


def test_feed_is_capped(monkeypatch):
    monkeypatch.setattr("kohtaamo.catalogue.views.FEED_CAP", 3)
    for _ in range(5):
        content.event(art_forms=["music"])
    _, events = get_calendar("/fi/search/events.ics")
    assert len(events) == 3
