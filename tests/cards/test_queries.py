"""Booking, the door and cancelling take a fixed, small number of statements.

When a popular concert's places open, every statement inside the offer's row lock is
time the next holder waits; these bounds keep a change from quietly adding more. The
counts include the savepoint pair that each action's transaction becomes inside a test.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kohtaamo.cards import services
from kohtaamo.cards.models import Reservation, Use
from kohtaamo.cards.states import ReservationState

from .conftest import AT_DOOR, NOW

pytestmark = pytest.mark.django_db


def test_a_booking_takes_a_bounded_number_of_queries(
    card, concert_offer, django_assert_max_num_queries
):
    # Key and sold-out read, lock, the card's state at the offer, places, booking row,
    # first-use mark, and the savepoint pair.
    with django_assert_max_num_queries(8):
        booking = services.reserve(card, concert_offer, children=2, idempotency_key="k", now=NOW)
    assert booking.created
    concert_offer.refresh_from_db()
    assert concert_offer.places_taken == 3
    # A repeated request finds the first booking before taking any lock.
    with django_assert_max_num_queries(2):
        again = services.reserve(card, concert_offer, children=2, idempotency_key="k", now=NOW)
    assert again.reservation == booking.reservation and not again.created


def test_a_sold_out_offer_says_full_without_taking_its_lock(issue, make_offer):
    offer = make_offer(places=1)
    services.reserve(issue(), offer, idempotency_key="first", now=NOW)
    latecomer = issue()
    with CaptureQueriesContext(connection) as queries, pytest.raises(services.OfferFull):
        services.reserve(latecomer, offer, idempotency_key="second", now=NOW)
    assert len(queries.captured_queries) == 1
    assert "FOR UPDATE" not in queries.captured_queries[0]["sql"]
    assert Reservation.objects.filter(offer=offer).count() == 1


def test_a_holder_with_a_ticket_to_a_sold_out_offer_hears_they_have_one(issue, make_offer):
    offer = make_offer(places=1)
    holder = issue()
    services.reserve(holder, offer, idempotency_key="first", now=NOW)
    with pytest.raises(services.BookingRefused) as refused:
        services.reserve(holder, offer, idempotency_key="second", now=NOW)
    assert refused.value.code == "already_booked"


def test_a_check_in_takes_a_bounded_number_of_queries(
    card, concert_offer, usher, django_assert_max_num_queries
):
    booking = services.reserve(card, concert_offer, children=1, idempotency_key="k", now=NOW)
    token = booking.reservation.token
    # The ticket with its card, lock, earlier use, the booking moved to used, the use
    # row, and the savepoint pair (the card was activated by the booking).
    with django_assert_max_num_queries(7):
        first = services.check_in(concert_offer, by=usher, token=token, now=AT_DOOR)
    with django_assert_max_num_queries(5):
        second = services.check_in(concert_offer, by=usher, token=token, now=AT_DOOR)
    assert first.created and not second.created and second.use == first.use
    assert (first.use.adults, first.use.children) == (1, 1)
    booking.reservation.refresh_from_db()
    assert booking.reservation.state == ReservationState.USED
    assert Use.objects.count() == 1


def test_a_walk_in_and_a_cancellation_take_a_bounded_number_of_queries(
    issue, concert_offer, usher, django_assert_max_num_queries
):
    walker = issue()
    with django_assert_max_num_queries(9):
        services.check_in(concert_offer, by=usher, card_number=walker.number, now=AT_DOOR)
    holder = issue()
    booking = services.reserve(holder, concert_offer, idempotency_key="k", now=NOW)
    with django_assert_max_num_queries(7):
        services.cancel_reservation(booking.reservation, card=holder, now=NOW)
    assert booking.reservation.state == ReservationState.CANCELLED
    concert_offer.refresh_from_db()
    assert concert_offer.places_taken == 1
