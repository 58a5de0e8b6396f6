"""Business actions on culture cards and free places: the only code that changes them.

One module per concern: ``issuing`` (cards and whether one can be used), ``programme``
(coordinators' set-up), ``offers`` (a venue's free places), ``booking`` (bookings, the
waiting list, cancelling), ``door`` (check-in), ``reading`` (what the pages list, narrowed
to what the person may see), ``companions`` (a volunteer companion for a booking).
Callers import from this package, not from its modules.
"""

from ..models import MAX_CHILDREN
from . import companions
from .booking import (
    Booking,
    book_for_holder,
    cancel_reservation,
    join_waiting_list,
    may_cancel,
    reserve,
)
from .door import CheckIn, check_in, mark_no_shows, runs_on
from .errors import BookingRefused, CardError, CardRefused, NotEligible, OfferFull
from .issuing import (
    MINIMUM_AGE,
    add_months,
    cancel_card,
    card_for_mobile_token,
    issue_card,
    refusal,
    renew_card,
    replace_card,
    validate_card,
)
from .offers import change_places, publish_offer
from .programme import enrol_distributor, enrol_municipality
from .reading import (
    NEAR_LIMIT,
    at_the_door_today,
    bookings_of,
    cards_of,
    distributors_for,
    member_municipalities,
    offers_near,
    offers_of,
    open_offer_for,
)

__all__ = [
    "MAX_CHILDREN",
    "MINIMUM_AGE",
    "NEAR_LIMIT",
    "Booking",
    "BookingRefused",
    "CardError",
    "CardRefused",
    "CheckIn",
    "NotEligible",
    "OfferFull",
    "add_months",
    "at_the_door_today",
    "book_for_holder",
    "bookings_of",
    "cancel_card",
    "cancel_reservation",
    "card_for_mobile_token",
    "cards_of",
    "change_places",
    "check_in",
    "companions",
    "distributors_for",
    "enrol_distributor",
    "enrol_municipality",
    "issue_card",
    "join_waiting_list",
    "mark_no_shows",
    "may_cancel",
    "member_municipalities",
    "offers_near",
    "offers_of",
    "open_offer_for",
    "publish_offer",
    "refusal",
    "renew_card",
    "replace_card",
    "reserve",
    "runs_on",
    "validate_card",
]
