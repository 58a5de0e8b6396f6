"""The life of a card and of a reservation, as tables of allowed moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Callers catch TransitionNotAllowed from here, beside the table it guards.
from kohtaamo.core.states import TransitionNotAllowed as TransitionNotAllowed
from kohtaamo.core.states import next_state


class CardStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REPLACED = "replaced", _("Replaced")
    CANCELLED = "cancelled", pgettext_lazy("culture card", "Cancelled")


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
    CANCELLED = "cancelled", pgettext_lazy("booking", "Cancelled")
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


def next_card_status(status, move):
    return next_state(CARD_TRANSITIONS, status, move)


def next_reservation_state(state, move):
    return next_state(RESERVATION_TRANSITIONS, state, move)
