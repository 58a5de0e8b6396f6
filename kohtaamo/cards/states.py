"""The life of a card and of a reservation, as tables of allowed moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CardStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REPLACED = "replaced", _("Replaced")
    CANCELLED = "cancelled", _("Cancelled")


class CardMove(models.TextChoices):
    RENEW = "renew", _("Renew")
    REPLACE = "replace", _("Replace")
    CANCEL = "cancel", _("Cancel")


# (from state, move) -> to state. An expired card is still "active": renewing it is the
# normal way back, so expiry is a date, not a state.
CARD_TRANSITIONS = {
    (CardStatus.ACTIVE, CardMove.RENEW): CardStatus.ACTIVE,
    (CardStatus.ACTIVE, CardMove.REPLACE): CardStatus.REPLACED,
    (CardStatus.ACTIVE, CardMove.CANCEL): CardStatus.CANCELLED,
}


class ReservationState(models.TextChoices):
    RESERVED = "reserved", _("Reserved")
    USED = "used", _("Used")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("Did not come")


class ReservationMove(models.TextChoices):
    CHECK_IN = "check_in", _("Check in")
    CANCEL = "cancel", _("Cancel")
    MARK_NO_SHOW = "mark_no_show", _("Mark as not come")


RESERVATION_TRANSITIONS = {
    (ReservationState.RESERVED, ReservationMove.CHECK_IN): ReservationState.USED,
    (ReservationState.RESERVED, ReservationMove.CANCEL): ReservationState.CANCELLED,
    (ReservationState.RESERVED, ReservationMove.MARK_NO_SHOW): ReservationState.NO_SHOW,
}

# A reservation in one of these holds places and is the card's one ticket to the offer.
HOLDING_STATES = (ReservationState.RESERVED, ReservationState.USED)


class TransitionNotAllowed(Exception):
    def __init__(self, state, move):
        self.state, self.move = state, move
        super().__init__(f"Cannot {move} in state {state}.")


def _next(table, state_type, move_type, state, move):
    try:
        return table[(state_type(state), move_type(move))]
    except (KeyError, ValueError):
        raise TransitionNotAllowed(state, move) from None


def next_card_status(status, move):
    return _next(CARD_TRANSITIONS, CardStatus, CardMove, status, move)


def next_reservation_state(state, move):
    return _next(RESERVATION_TRANSITIONS, ReservationState, ReservationMove, state, move)
