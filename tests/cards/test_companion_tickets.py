"""Free companion tickets: a venue offers them with card places, a holder books one
with their own place (both or neither), cancelling frees both, the door sees them."""

import contextlib
import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kohtaamo.cards import services
from kohtaamo.cards.models import CardOffer, Reservation
from tests.catalogue import content
from tests.catalogue.html import parse

from .conftest import AT_DOOR, NOW

pytestmark = pytest.mark.django_db
K = CardOffer.Kind


def taken(offer):
    offer.refresh_from_db()
    return offer.places_taken, offer.companion_places_taken


@pytest.fixture
def concert_with_companions(usher, concert):
    return services.publish_offer(
        usher, kind=K.EVENT, places_offered=10, companion_places_offered=2, event=concert
    )


def test_booking_with_a_companion_takes_both_tickets(card, concert_with_companions):
    booking = services.reserve(
        card, concert_with_companions, children=1, companion=True, idempotency_key="k", now=NOW
    )
    assert booking.reservation.companion
    assert taken(concert_with_companions) == (2, 1)
    # The same key again: the same booking, nothing more taken.
    again = services.reserve(
        card, concert_with_companions, companion=True, idempotency_key="k", now=NOW
    )
    assert not again.created and taken(concert_with_companions) == (2, 1)


def test_without_a_companion_no_companion_ticket_is_taken(card, concert_with_companions):
    services.reserve(card, concert_with_companions, idempotency_key="k", now=NOW)
    assert taken(concert_with_companions) == (1, 0)


def test_no_companion_tickets_left_takes_nothing(issue, concert_with_companions):
    for key in ("a", "b"):
        services.reserve(
            issue(), concert_with_companions, companion=True, idempotency_key=key, now=NOW
        )
    with pytest.raises(services.OfferFull) as full:
        services.reserve(
            issue(), concert_with_companions, companion=True, idempotency_key="c", now=NOW
        )
    assert full.value.code == "companion_full"
    assert "paikan itsellesi" in str(full.value.message)
    # The holder's own place was not taken either: both or neither.
    assert taken(concert_with_companions) == (2, 2)
    assert Reservation.objects.count() == 2
    # Without a companion there is still room.
    services.reserve(issue(), concert_with_companions, idempotency_key="d", now=NOW)
    assert taken(concert_with_companions) == (3, 2)


def test_an_offer_without_companion_tickets_refuses_a_companion(card, make_offer):
    offer = make_offer(places=5)
    with pytest.raises(services.BookingRefused) as refused:
        services.reserve(card, offer, companion=True, idempotency_key="k", now=NOW)
    assert refused.value.code == "no_companion_tickets"
    assert taken(offer) == (0, 0)


def test_a_full_offer_is_full_with_or_without_a_companion(issue, usher, concert):
    offer = services.publish_offer(
        usher, kind=K.EVENT, places_offered=1, companion_places_offered=3, event=concert
    )
    services.reserve(issue(), offer, idempotency_key="a", now=NOW)
    with pytest.raises(services.OfferFull) as full:
        services.reserve(issue(), offer, companion=True, idempotency_key="b", now=NOW)
    assert full.value.code == "full"
    assert taken(offer) == (1, 0)


def test_cancelling_frees_the_place_and_the_companion_ticket(card, concert_with_companions):
    booking = services.reserve(
        card, concert_with_companions, children=2, companion=True, idempotency_key="k", now=NOW
    )
    services.cancel_reservation(booking.reservation, card=card, now=NOW)
    assert taken(concert_with_companions) == (0, 0)


def test_standing_offers_have_no_companion_tickets(usher, venue, card):
    museum = content.service("Museokäynti", organisation=venue)
    offer = services.publish_offer(
        usher, kind=K.STANDING, places_offered=3, companion_places_offered=5, service=museum
    )
    assert offer.companion_places_offered == 0


def test_the_venue_cannot_go_below_the_companion_tickets_taken(
    usher, card, concert_with_companions
):
    services.reserve(card, concert_with_companions, companion=True, idempotency_key="k", now=NOW)
    with pytest.raises(services.BookingRefused) as refused:
        services.change_places(usher, concert_with_companions, 10, 0)
    assert refused.value.code == "companion_below_taken"
    changed = services.change_places(usher, concert_with_companions, 10, 4)
    assert changed.companion_places_offered == 4
    # Leaving the companion tickets out changes only the places.
    assert services.change_places(usher, changed, 12).companion_places_offered == 4


def test_the_database_refuses_more_companion_tickets_than_offered(concert_with_companions):
    with pytest.raises(IntegrityError), transaction.atomic():
        CardOffer.objects.filter(pk=concert_with_companions.pk).update(companion_places_taken=3)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=12))
def test_companion_tickets_never_pass_the_offer(issue, usher, venue, moves):
    """Any order of bookings with and without companions, and cancellations, keeps the
    counts equal to the live bookings and within what was offered."""
    event = content.event(organisation=venue, start=NOW + datetime.timedelta(days=5), hours=2)
    offer = services.publish_offer(
        usher, kind=K.EVENT, places_offered=6, companion_places_offered=2, event=event
    )
    live = []
    for i, (companion, cancel_one) in enumerate(moves):
        if cancel_one and live:
            services.cancel_reservation(live.pop(0), card=None, actor=usher, now=NOW)
            continue
        card = issue()
        with contextlib.suppress(services.OfferFull):
            live.append(
                services.reserve(
                    card, offer, companion=companion, idempotency_key=f"k{i}", now=NOW
                ).reservation
            )
    places, companions = taken(offer)
    assert places == len(live) <= 6
    assert companions == sum(r.companion for r in live) <= 2


# The pages.


def book_data(offer, companion=False, key="key-1"):
    data = {f"offer-{offer.pk}-children": 0, f"offer-{offer.pk}-key": key}
    if companion:
        data[f"offer-{offer.pk}-companion"] = "on"
    return data


@pytest.fixture
def coming_with_companions(usher, coming_concert):
    return services.publish_offer(
        usher, kind=K.EVENT, places_offered=10, companion_places_offered=1, event=coming_concert
    )


def test_the_holder_books_with_a_companion_on_the_offer_page(
    client, fresh_card, coming_with_companions
):
    offer = coming_with_companions
    client.get(reverse("cards:mobile", args=[fresh_card.mobile_token]), follow=True)
    page = client.get(reverse("cards:holder_offer", args=[offer.pk])).content.decode()
    box = parse(page).by_id(f"id_offer-{offer.pk}-companion")
    assert box is not None and box.attrs["type"] == "checkbox"
    assert 'data-companion-places-left="1"' in page
    response = client.post(reverse("cards:book", args=[offer.pk]), book_data(offer, True))
    assert response.status_code == 302
    assert Reservation.objects.get().companion
    assert taken(offer) == (1, 1)
    page = client.get(reverse("cards:mobile_page"), follow=True).content.decode()
    assert "data-companion" in page


def test_no_companion_box_when_none_are_left(client, fresh_card, usher, coming_concert):
    offer = services.publish_offer(usher, kind=K.EVENT, places_offered=10, event=coming_concert)
    client.get(reverse("cards:mobile", args=[fresh_card.mobile_token]), follow=True)
    page = client.get(reverse("cards:holder_offer", args=[offer.pk])).content.decode()
    assert parse(page).by_id(f"id_offer-{offer.pk}-companion") is None
    # A hand-made request for a companion books the holder's place only.
    client.post(reverse("cards:book", args=[offer.pk]), book_data(offer, True))
    assert not Reservation.objects.get().companion
    assert taken(offer) == (1, 0)


def test_the_venue_offers_companion_tickets_and_the_door_sees_them(login, usher, venue, fresh_card):
    box_office = login(usher)
    tonight = content.event(
        "Iltakonsertti",
        organisation=venue,
        start=timezone.now() + datetime.timedelta(minutes=30),
        hours=2,
    )
    box_office.post(
        "/fi/cards/venue/new/",
        {"kind": "event", "event": tonight.pk, "places_offered": 8, "companion_places_offered": 2},
    )
    offer = CardOffer.objects.get(event=tonight)
    assert offer.companion_places_offered == 2
    box_office.post(
        reverse("cards:offer", args=[offer.pk]),
        {"places_offered": 8, "companion_places_offered": 3},
    )
    offer.refresh_from_db()
    assert offer.companion_places_offered == 3
    booking = services.reserve(fresh_card, offer, companion=True, idempotency_key="k")
    listing = box_office.get(reverse("cards:offer", args=[offer.pk])).content.decode()
    assert 'data-companion-places-left="2"' in listing
    # The door's list of expected holders says "+ companion", and so does its answer.
    door = box_office.get(reverse("cards:door", args=[offer.pk])).content.decode()
    assert "data-companion" in door and "+ seuralainen" in door
    answer = box_office.post(
        reverse("cards:door", args=[offer.pk]), {"code": booking.reservation.code}
    ).content.decode()
    assert "Päästä sisään kortin haltija ja seuralainen." in answer


def test_the_door_at_a_concert_with_a_companion(card, concert_with_companions, usher):
    booking = services.reserve(
        card, concert_with_companions, companion=True, idempotency_key="k", now=NOW
    )
    checked = services.check_in(
        concert_with_companions, by=usher, token=booking.reservation.token, now=AT_DOOR
    )
    assert checked.use.reservation.companion
