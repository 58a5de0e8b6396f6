"""The refusals the card services raise, and what every action shares."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone


class CardError(Exception):
    """A refusal the person at the desk or the door can read and act on."""

    code = "refused"

    def __init__(self, message, code=None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code


class NotEligible(CardError):
    code = "not_eligible"


class CardRefused(CardError):
    """The card cannot be used: bad number, unknown, expired, cancelled or replaced."""


class OfferFull(CardError):
    code = "full"


class BookingRefused(CardError):
    code = "booking_refused"


def _require(actor, perm, obj):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _today(now):
    return timezone.localdate(now)
