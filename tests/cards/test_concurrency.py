"""Many people at once: no overbooking, no second ticket, one use per double scan.

Each thread opens its own database connection, as separate web requests would. The
row locks these tests exercise exist on PostgreSQL; SQLite serialises all writers and
would prove nothing.
"""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from kohtaamo.cards import codes, services
from kohtaamo.cards.models import CardOffer, Reservation, Use

from .conftest import AT_DOOR, NOW

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite locks the whole file",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(count, action):
    """Run ``action(i)`` in ``count`` threads released at the same moment."""
    start = threading.Barrier(count)

    def worker(i):
        try:
            start.wait()
            return action(i)
        except Exception as error:  # a refusal is an answer the test counts
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


def test_fifty_holders_for_the_last_ten_places(issue, make_offer):
    offer = make_offer(places=30)
    CardOffer.objects.filter(pk=offer.pk).update(places_taken=20)
    cards = [issue() for _ in range(50)]

    answers = run_together(
        50, lambda i: services.reserve(cards[i], offer, idempotency_key=f"k{i}", now=NOW)
    )

    booked = [a for a in answers if isinstance(a, services.Booking)]
    full = [a for a in answers if isinstance(a, services.OfferFull)]
    assert len(booked) == 10, answers
    assert len(full) == 40, answers
    assert all(a.code == "full" for a in full)
    offer.refresh_from_db()
    assert offer.places_taken == offer.places_offered == 30
    assert Reservation.objects.filter(offer=offer).count() == 10


def test_families_never_overbook(issue, make_offer):
    offer = make_offer(places=25)
    cards = [issue() for _ in range(30)]

    answers = run_together(
        30,
        lambda i: services.reserve(
            cards[i], offer, children=i % 3, idempotency_key=f"k{i}", now=NOW
        ),
    )

    booked = [a.reservation for a in answers if isinstance(a, services.Booking)]
    offer.refresh_from_db()
    assert offer.places_taken == sum(r.places for r in booked) <= 25
    assert all(isinstance(a, services.Booking | services.OfferFull) for a in answers), answers


def test_a_retried_request_gives_one_ticket(card, make_offer):
    offer = make_offer(places=10)

    answers = run_together(
        10, lambda i: services.reserve(card, offer, idempotency_key="same", now=NOW)
    )

    assert all(isinstance(a, services.Booking) for a in answers), answers
    assert len({a.reservation.pk for a in answers}) == 1
    assert sum(a.created for a in answers) == 1
    offer.refresh_from_db()
    assert offer.places_taken == 1


def test_double_scan_at_the_door_records_one_use(card, make_offer, usher):
    offer = make_offer(places=10)
    booking = services.reserve(card, offer, children=2, idempotency_key="k", now=NOW)
    at_door = NOW + datetime.timedelta(days=5)

    answers = run_together(
        8,
        lambda i: services.check_in(offer, by=usher, token=booking.reservation.token, now=at_door),
    )

    assert all(isinstance(a, services.CheckIn) for a in answers), answers
    assert sum(a.created for a in answers) == 1
    assert Use.objects.filter(offer=offer).count() == 1
    offer.refresh_from_db()
    assert offer.places_taken == 3


def test_double_scan_of_a_card_without_booking_takes_one_place(card, make_offer, usher):
    offer = make_offer(places=10)

    answers = run_together(
        8, lambda i: services.check_in(offer, by=usher, card_number=card.number, now=AT_DOOR)
    )

    assert sum(a.created for a in answers if isinstance(a, services.CheckIn)) == 1, answers
    assert Use.objects.filter(offer=offer).count() == 1
    offer.refresh_from_db()
    assert offer.places_taken == 1


def test_bookings_made_at_once_get_different_codes(issue, make_offer, monkeypatch):
    # Two symbols make 64 codes: thirty bookings at once would clash without the check
    # under the offer's lock (and the database would refuse the second of a pair).
    monkeypatch.setattr(codes, "ALPHABET", "AC")
    offer = make_offer(places=30)
    cards = [issue() for _ in range(30)]

    answers = run_together(
        30, lambda i: services.reserve(cards[i], offer, idempotency_key=f"k{i}", now=NOW)
    )

    assert all(isinstance(a, services.Booking) for a in answers), answers
    taken = [a.reservation.code for a in answers]
    assert len(set(taken)) == 30
    assert set("".join(taken)) <= {"A", "C"}
    assert Reservation.objects.filter(offer=offer).values("code").distinct().count() == 30


def test_companion_tickets_never_overbook(issue, usher, concert):
    # Forty holders at once, all with a companion, for twenty places and five companion
    # tickets: five get both, the others are told the companion tickets are gone and
    # nobody gets a place without the companion ticket they asked for.
    offer = services.publish_offer(
        usher,
        kind=CardOffer.Kind.EVENT,
        places_offered=20,
        companion_places_offered=5,
        event=concert,
    )
    cards = [issue() for _ in range(40)]

    answers = run_together(
        40,
        lambda i: services.reserve(
            cards[i], offer, companion=True, idempotency_key=f"k{i}", now=NOW
        ),
    )

    booked = [a.reservation for a in answers if isinstance(a, services.Booking)]
    full = [a for a in answers if isinstance(a, services.OfferFull)]
    assert len(booked) == 5, answers
    assert len(full) == 35 and all(a.code == "companion_full" for a in full), answers
    offer.refresh_from_db()
    assert offer.companion_places_taken == offer.companion_places_offered == 5
    assert offer.places_taken == 5
    assert Reservation.objects.filter(offer=offer, companion=True).count() == 5


def test_mixed_bookings_and_cancellations_keep_companion_counts(issue, usher, concert):
    offer = services.publish_offer(
        usher,
        kind=CardOffer.Kind.EVENT,
        places_offered=12,
        companion_places_offered=4,
        event=concert,
    )
    early = [
        services.reserve(issue(), offer, companion=True, idempotency_key=f"e{i}", now=NOW)
        for i in range(3)
    ]
    cards = [issue() for _ in range(30)]

    def act(i):
        if i < 3:
            return services.cancel_reservation(early[i].reservation, actor=usher, now=NOW)
        return services.reserve(
            cards[i], offer, companion=i % 2 == 0, idempotency_key=f"k{i}", now=NOW
        )

    answers = run_together(30, act)

    assert all(
        isinstance(a, services.Booking | services.OfferFull) or a is None for a in answers
    ), answers
    offer.refresh_from_db()
    live = Reservation.objects.filter(offer=offer, state__in=["reserved"])
    assert offer.places_taken == live.count() <= 12
    assert offer.companion_places_taken == live.filter(companion=True).count() <= 4
