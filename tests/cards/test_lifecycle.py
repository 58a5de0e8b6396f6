"""Renewing, replacing and cancelling cards; the state tables."""

import datetime
import itertools

import pytest

from kohtaamo.cards import services, states
from kohtaamo.cards.models import Card
from kohtaamo.cards.states import (
    CARD_TRANSITIONS,
    RESERVATION_TRANSITIONS,
    CardMove,
    CardStatus,
    ReservationMove,
    ReservationState,
)

from .conftest import NOW, TODAY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("status", "move"), list(itertools.product(CardStatus, CardMove)))
def test_card_state_table(status, move):
    if (status, move) in CARD_TRANSITIONS:
        assert states.next_card_status(status, move) == CARD_TRANSITIONS[(status, move)]
    else:
        with pytest.raises(states.TransitionNotAllowed):
            states.next_card_status(status, move)


@pytest.mark.parametrize(
    ("state", "move"), list(itertools.product(ReservationState, ReservationMove))
)
def test_reservation_state_table(state, move):
    if (state, move) in RESERVATION_TRANSITIONS:
        assert states.next_reservation_state(state, move) == RESERVATION_TRANSITIONS[(state, move)]
    else:
        with pytest.raises(states.TransitionNotAllowed):
            states.next_reservation_state(state, move)


def test_only_reserved_bookings_move_and_only_active_cards_change():
    assert {state for state, _ in RESERVATION_TRANSITIONS} == {ReservationState.RESERVED}
    assert {status for status, _ in CARD_TRANSITIONS} == {CardStatus.ACTIVE}


def test_replacement_stops_the_old_number_at_once(card, social_worker):
    new = services.replace_card(social_worker, card, now=NOW)
    assert new.number != card.number
    assert new.mobile_token != card.mobile_token
    assert new.valid_until == card.valid_until
    with pytest.raises(services.CardRefused) as refused:
        services.validate_card(card.number, today=TODAY)
    assert refused.value.code == "replaced"
    with pytest.raises(services.CardRefused):
        services.card_for_mobile_token(card.mobile_token, today=TODAY)
    assert services.validate_card(new.number, today=TODAY) == new
    card.refresh_from_db()
    assert card.replaced_by == new


def test_replacement_carries_the_holders_bookings(card, social_worker, concert_offer):
    booking = services.reserve(card, concert_offer, idempotency_key="a", now=NOW)
    new = services.replace_card(social_worker, card, now=NOW)
    booking.reservation.refresh_from_db()
    assert booking.reservation.card == new


def test_a_replaced_card_cannot_be_replaced_again(card, social_worker):
    services.replace_card(social_worker, card, now=NOW)
    with pytest.raises(states.TransitionNotAllowed):
        services.replace_card(social_worker, card, now=NOW)


def test_cancelled_card_is_refused_with_a_clear_reason(card, social_worker):
    services.cancel_card(social_worker, card, now=NOW)
    with pytest.raises(services.CardRefused) as refused:
        services.validate_card(card.number, today=TODAY)
    assert refused.value.code == "cancelled"
    with pytest.raises(states.TransitionNotAllowed):
        services.renew_card(social_worker, card, now=NOW)


def test_renewing_an_expired_card_gives_a_year_from_renewal(card, social_worker):
    later = NOW + datetime.timedelta(days=400)
    with pytest.raises(services.CardRefused):
        services.validate_card(card.number, today=later.date())
    renewed = services.renew_card(social_worker, card, now=later)
    assert renewed.valid_until == datetime.date(2028, 4, 13)
    assert services.validate_card(card.number, today=later.date()) == card
    assert Card.objects.count() == 1
