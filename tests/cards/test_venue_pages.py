"""The venue's pages: publishing free places, changing them, bookings and the door."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext

from kohtaamo.accounts.roles import Role
from kohtaamo.cards import numbers, services
from kohtaamo.cards.models import CardOffer, Use
from kohtaamo.cards.states import ReservationState
from kohtaamo.core.models import AuditEvent
from tests import factories
from tests.catalogue import content
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def box_office(login, usher):
    return login(usher)


@pytest.fixture
def tonight(venue, usher):
    start = timezone.now() + datetime.timedelta(minutes=30)
    event = content.event("Iltakonsertti", organisation=venue, start=start, hours=2)
    return services.publish_offer(usher, kind=CardOffer.Kind.EVENT, places_offered=5, event=event)


def answer(response):
    html = parse(response.content.decode())
    box = html.find("div", cls="door-answer")
    return box.attrs["data-answer"] if box else None


def test_publishing_places_for_an_event_a_course_and_a_standing_offer(
    box_office, venue, coming_concert
):
    museum = content.service("Museokäynti", organisation=venue)
    page = parse(box_office.get("/fi/cards/venue/new/").content.decode())
    options = [o.attrs.get("value") for o in page.by_id("id_event").find_all("option")]
    assert str(coming_concert.pk) in options
    response = box_office.post(
        "/fi/cards/venue/new/",
        {"kind": "event", "event": coming_concert.pk, "places_offered": 8},
    )
    offer = CardOffer.objects.get(event=coming_concert)
    assert response["Location"] == reverse("cards:offer", args=[offer.pk])
    assert offer.places_offered == 8
    box_office.post(
        "/fi/cards/venue/new/", {"kind": "standing", "service": museum.pk, "places_offered": 3}
    )
    assert CardOffer.objects.get(service=museum).kind == CardOffer.Kind.STANDING
    listing = box_office.get("/fi/cards/venue/").content.decode()
    assert f'data-offer="{offer.pk}"' in listing


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "event", "places_offered": 3}, "event"),
        ({"kind": "course", "places_offered": 3}, "service"),
        ({"kind": "event", "places_offered": 0}, "places_offered"),
        ({"kind": "nonsense", "places_offered": 3}, "kind"),
    ],
)
def test_publishing_errors_are_next_to_the_field(box_office, data, field):
    response = box_office.post("/fi/cards/venue/new/", data)
    assert response.status_code == 200
    assert parse(response.content.decode()).by_id(f"id_{field}_error") is not None
    assert not CardOffer.objects.exists()


def test_another_venues_event_cannot_be_chosen(box_office):
    foreign = content.event("Vieras", start=timezone.now() + datetime.timedelta(days=2))
    response = box_office.post(
        "/fi/cards/venue/new/", {"kind": "event", "event": foreign.pk, "places_offered": 3}
    )
    assert parse(response.content.decode()).by_id("id_event_error") is not None
    assert not CardOffer.objects.exists()


def test_places_cannot_go_below_those_taken(box_office, coming_offer, fresh_card):
    services.reserve(fresh_card, coming_offer, children=2, idempotency_key="k")
    response = box_office.post(f"/fi/cards/venue/{coming_offer.pk}/", {"places_offered": 2})
    assert response.status_code == 400
    assert parse(response.content.decode()).by_id("id_places_offered_error") is not None
    box_office.post(f"/fi/cards/venue/{coming_offer.pk}/", {"places_offered": 4})
    coming_offer.refresh_from_db()
    assert coming_offer.places_offered == 4
    page = box_office.get(f"/fi/cards/venue/{coming_offer.pk}/").content.decode()
    assert 'data-places-left="1"' in page
    assert numbers.printed(fresh_card.number) in page


def test_at_the_door_a_booking_code_lets_in_the_family_once(box_office, tonight, fresh_card):
    booking = services.reserve(fresh_card, tonight, children=2, idempotency_key="k")
    door = f"/fi/cards/venue/{tonight.pk}/door/"
    listing = box_office.get(door).content.decode()
    assert numbers.printed(fresh_card.number) in listing  # booked, not yet arrived
    first = box_office.post(door, {"code": booking.reservation.token, "children": 0})
    assert answer(first) == "let_in"
    use = Use.objects.get()
    assert (use.adults, use.children) == (1, 2)
    second = box_office.post(door, {"code": numbers.printed(fresh_card.number), "children": 0})
    assert answer(second) == "already_used"
    with translation.override("fi"):
        first_time = time_format(timezone.localtime(use.at), "TIME_FORMAT")
    assert first_time in parse(second.content.decode()).find("div", cls="door-answer").text
    assert Use.objects.count() == 1
    booking.reservation.refresh_from_db()
    assert booking.reservation.state == ReservationState.USED


def test_walk_in_with_a_typed_number_takes_places(box_office, tonight, fresh_card):
    door = f"/fi/cards/venue/{tonight.pk}/door/"
    typed = "-".join(numbers.printed(fresh_card.number).split())
    response = box_office.post(door, {"code": typed, "children": 1})
    assert answer(response) == "let_in"
    tonight.refresh_from_db()
    assert tonight.places_taken == 2


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("12345", "bad_format"),
        ("1234567890", "bad_check_digit"),
        ("not-a-ticket-at-all", "wrong_ticket"),
        ("x" * 100, "wrong_ticket"),
    ],
)
def test_odd_codes_get_a_clear_refusal(box_office, tonight, code, expected):
    response = box_office.post(f"/fi/cards/venue/{tonight.pk}/door/", {"code": code})
    assert response.status_code == 200
    assert answer(response) == expected
    assert not Use.objects.exists()


def test_unknown_expired_cancelled_and_replaced_cards(box_office, tonight, issue, social_worker):
    body = "123456789"
    unknown = body + numbers.luhn_digit(body)
    expired = issue()
    expired.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    expired.save()
    cancelled = services.cancel_card(social_worker, issue())
    replaced = issue()
    services.replace_card(social_worker, replaced)
    door = f"/fi/cards/venue/{tonight.pk}/door/"
    for number, code in [
        (unknown, "unknown"),
        (expired.number, "expired"),
        (cancelled.number, "cancelled"),
        (replaced.number, "replaced"),
    ]:
        response = box_office.post(door, {"code": number})
        assert answer(response) == code, number
        with translation.override("fi"):
            title = gettext("Not let in")
        assert title in response.content.decode()
    assert not Use.objects.exists()


@pytest.mark.parametrize("code", ["", "abc\x00def"])
def test_an_empty_or_broken_code_is_an_error_next_to_the_field(box_office, tonight, code):
    response = box_office.post(f"/fi/cards/venue/{tonight.pk}/door/", {"code": code})
    assert response.status_code == 400
    assert parse(response.content.decode()).by_id("id_code_error") is not None


def test_the_service_takes_a_broken_ticket_code_for_no_ticket(tonight, usher):
    with pytest.raises(services.CardRefused) as refused:
        services.check_in(tonight, by=usher, token="abc\x00def")
    assert refused.value.code == "wrong_ticket"


def test_the_venue_may_cancel_a_booking(box_office, coming_offer, fresh_card):
    booking = services.reserve(fresh_card, coming_offer, idempotency_key="k")
    box_office.post(f"/fi/cards/venue/{coming_offer.pk}/bookings/{booking.reservation.pk}/cancel/")
    booking.reservation.refresh_from_db()
    assert booking.reservation.state == ReservationState.CANCELLED


def test_another_venue_gets_not_found(login, coming_offer, fresh_card):
    booking = services.reserve(fresh_card, coming_offer, idempotency_key="k")
    other = factories.member(Role.PROVIDER, organisation=content.provider(name_fi="Toinen"))
    client = login(other)
    base = f"/fi/cards/venue/{coming_offer.pk}/"
    assert client.get(base).status_code == 404
    assert client.get(base + "door/").status_code == 404
    assert client.post(base + "door/", {"code": fresh_card.number}).status_code == 404
    cancel = base + f"bookings/{booking.reservation.pk}/cancel/"
    assert client.post(cancel).status_code == 404
    assert f'data-offer="{coming_offer.pk}"' not in client.get("/fi/cards/venue/").content.decode()
    assert not Use.objects.exists()
    booking.reservation.refresh_from_db()
    assert booking.reservation.state == ReservationState.RESERVED


def test_a_distributor_is_not_a_venue(login, social_worker):
    assert login(social_worker).get("/fi/cards/venue/").status_code == 403


def test_published_places_show_in_the_catalogue_card_filter(box_office, venue, coming_concert):
    from kohtaamo.search.models import Document, Kind

    assert coming_concert.card_places == 0
    box_office.post(
        "/fi/cards/venue/new/",
        {"kind": "event", "event": coming_concert.pk, "places_offered": 8},
    )
    coming_concert.refresh_from_db()
    assert coming_concert.card_places == 8
    assert Document.objects.get(kind=Kind.EVENT, object_id=coming_concert.pk).card
    offer = CardOffer.objects.get(event=coming_concert)
    box_office.post(f"/fi/cards/venue/{offer.pk}/", {"places_offered": 5})
    coming_concert.refresh_from_db()
    assert coming_concert.card_places == 5
    museum = content.service("Museokäynti", organisation=venue, card_places=False)
    box_office.post(
        "/fi/cards/venue/new/", {"kind": "standing", "service": museum.pk, "places_offered": 3}
    )
    museum.refresh_from_db()
    assert museum.card_places


def test_the_venue_index_lists_today_and_pages_the_offers(
    box_office, tonight, coming_offer, monkeypatch
):
    monkeypatch.setattr("kohtaamo.cards.views.venue.PAGE_SIZE", 1)
    html = parse(box_office.get("/fi/cards/venue/").content.decode())
    today = html.find("section", **{"aria-labelledby": "today-title"})
    links = [a.attrs["href"] for a in today.find_all("a")]
    assert links == [reverse("cards:door", args=[tonight.pk])]
    assert len(html.find_all("tr", **{"data-offer": str(coming_offer.pk)})) == 1
    second = parse(box_office.get("/fi/cards/venue/", {"page": 2}).content.decode())
    assert second.find("tr", **{"data-offer": str(tonight.pk)}) is not None


def places_left_on(response):
    found = [
        element
        for element in parse(response.content.decode()).iter()
        if "data-places-left" in element.attrs
    ]
    return found[0] if found else None


def test_after_a_walk_in_the_door_and_the_offer_page_agree_on_places_left(
    box_office, tonight, fresh_card
):
    door = f"/fi/cards/venue/{tonight.pk}/door/"
    after = box_office.post(door, {"code": fresh_card.number, "children": 2})
    assert answer(after) == "let_in"
    offer_page = box_office.get(f"/fi/cards/venue/{tonight.pk}/")
    assert places_left_on(offer_page).attrs["data-places-left"] == "2"
    shown = places_left_on(after)
    assert shown is not None and shown.attrs["data-places-left"] == "2"
    assert shown.text.startswith("2 ")


@pytest.fixture
def tomorrow(venue, usher):
    start = timezone.now() + datetime.timedelta(days=1)
    event = content.event("Huomisen konsertti", organisation=venue, start=start, hours=2)
    return services.publish_offer(usher, kind=CardOffer.Kind.EVENT, places_offered=5, event=event)


def test_a_booking_for_another_day_is_refused_and_says_which_day(
    box_office, usher, tomorrow, fresh_card
):
    booking = services.reserve(fresh_card, tomorrow, idempotency_key="k").reservation
    door = f"/fi/cards/venue/{tomorrow.pk}/door/"
    for typed in (booking.code, booking.token, fresh_card.number):
        refused = box_office.post(door, {"code": typed, "children": 0})
        assert answer(refused) == "wrong_day", typed
        day = date_format(timezone.localdate(tomorrow.event.start), "DATE_FORMAT")
        text = parse(refused.content.decode()).find("div", cls="door-answer").text
        assert f"{day}, ei tänään" in text
    booking.refresh_from_db()
    assert booking.state == ReservationState.RESERVED
    assert not Use.objects.exists()
    assert not AuditEvent.objects.filter(target_type="cards.use").exists()

    # The usher may let the holder in anyway; the log says who did, and why.
    override = parse(refused.content.decode()).find("form", cls="door-override")
    assert override is not None
    let_in = box_office.post(door, {"code": booking.code, "children": 0, "other_day": "on"})
    assert answer(let_in) == "let_in"
    booking.refresh_from_db()
    assert booking.state == ReservationState.USED
    event = AuditEvent.objects.get(target_type="cards.use")
    assert event.actor_id == usher.pk
    assert "another day" in event.purpose


def test_a_booking_for_another_event_names_it(box_office, tonight, tomorrow, fresh_card):
    booking = services.reserve(fresh_card, tomorrow, idempotency_key="k").reservation
    door = f"/fi/cards/venue/{tonight.pk}/door/"
    for typed in (booking.token, booking.code.lower()):
        response = box_office.post(door, {"code": typed, "children": 0})
        assert answer(response) == "wrong_event", typed
        assert "Huomisen konsertti" in response.content.decode()
    assert not Use.objects.exists()
    elsewhere = content.event(
        "Vieras konsertti", organisation=content.provider(name_fi="Toinen talo")
    )
    foreign = services.publish_offer(
        factories.member(Role.PROVIDER, organisation=elsewhere.organisation),
        kind=CardOffer.Kind.EVENT,
        places_offered=5,
        event=elsewhere,
    )
    other = services.reserve(fresh_card, foreign, idempotency_key="k2").reservation
    response = box_office.post(door, {"code": other.token, "children": 0})
    assert answer(response) == "wrong_event"
    assert "Vieras konsertti" not in response.content.decode()


def test_the_short_booking_code_lets_in_typed_any_way(box_office, tonight, fresh_card):
    booking = services.reserve(fresh_card, tonight, children=1, idempotency_key="k").reservation
    typed = f" {booking.code[:3].lower()} {booking.code[3:]} "
    response = box_office.post(f"/fi/cards/venue/{tonight.pk}/door/", {"code": typed})
    assert answer(response) == "let_in"
    assert (Use.objects.get().adults, Use.objects.get().children) == (1, 1)
