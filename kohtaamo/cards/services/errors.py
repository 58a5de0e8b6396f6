"""The refusals the card services raise, and what every action shares."""

from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise

from kohtaamo.accounts.models import User


class CardError(Exception):
    """A refusal the person at the desk or the door can read and act on."""

    code = "refused"

    def __init__(self, message: str | Promise, code: str | None = None) -> None:
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


def _require(actor: User | AnonymousUser, perm: str, obj: Model) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _today(now: datetime | None) -> date:
    return timezone.localdate(now)
