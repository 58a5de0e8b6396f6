"""At the door: a holder's visit recorded, and bookings not used marked as no-shows."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import User
from kohtaamo.core import audit

from ..models import Card, CardOffer, Reservation, Use
from ..states import (
    HOLDING_STATES,
    CardStatus,
    ReservationMove,
    ReservationState,
    next_reservation_state,
)
from .booking import (
    _activate,
    _check_children,
    _event_of,
    _locked_offer,
    _take_day_places,
    _take_places,
)
from .errors import CardRefused, _require, _today
from .issuing import validate_card


@dataclass(frozen=True)
class CheckIn:
    use: Use
    # False on a second scan: the door sees when the holder was already let in.
    created: bool


def runs_on(offer: CardOffer, day: date) -> bool:
    """Whether ``offer`` can be used at the door on ``day``: an event on the days it
    runs (from its start to its end, local time); a course or a standing offer any day."""
    if offer.kind != CardOffer.Kind.EVENT:
        return True
    event = _event_of(offer)
    start = timezone.localdate(event.start)
    end = timezone.localdate(event.end) if event.end else start
    return start <= day <= end


def _day_of(offer: CardOffer) -> str:
    return date_format(timezone.localdate(_event_of(offer).start), "DATE_FORMAT")


def _other_event(booking: Reservation, offer: CardOffer) -> CardRefused:
    """Why a booking for another offer does not open this door, naming that offer when it
    is the same venue's (another venue's programme is not this door's business)."""
    other = booking.offer
    if other.organisation_id != offer.organisation_id:
        return CardRefused(
            _("This booking is for another venue's event, not this one."), code="wrong_event"
        )
    if other.kind == CardOffer.Kind.EVENT:
        text = _("This booking is for another event: %(name)s on %(day)s.") % {
            "name": other,
            "day": _day_of(other),
        }
    else:
        text = _("This booking is for another offer: %(name)s.") % {"name": other}
    return CardRefused(text, code="wrong_event")


def _booking_for(offer: CardOffer, token: str | None, code: str | None) -> Reservation:
    """The booking behind a scanned secret or a typed short code, or why it is not one
    for ``offer``."""
    bookings = Reservation.objects.select_related("card", "offer__event", "offer__service")
    if token:
        # PostgreSQL refuses a NUL byte in text: such a code is no ticket of ours.
        booking = bookings.filter(token=token).first() if "\x00" not in token else None
    else:
        booking = bookings.filter(offer=offer, code=code, state__in=HOLDING_STATES).first()
        if booking is None:
            # A short code is unique within its offer only: say which other offer of this
            # venue it belongs to when exactly one has it.
            elsewhere = list(
                bookings.filter(
                    offer__organisation_id=offer.organisation_id,
                    code=code,
                    state=ReservationState.RESERVED,
                )[:2]
            )
            booking = elsewhere[0] if len(elsewhere) == 1 else None
    if booking is None:
        raise CardRefused(_("No booking for this event has this code."), code="wrong_ticket")
    if booking.offer_id != offer.pk:
        raise _other_event(booking, offer)
    return booking


def check_in(
    offer: CardOffer,
    *,
    by: User,
    card_number: str | None = None,
    token: str | None = None,
    code: str | None = None,
    children: int = 0,
    now: datetime | None = None,
    other_day: bool = False,
) -> CheckIn:
    """Record a holder's visit at the door, from a scanned booking (its secret), a typed
    booking code, or a scanned or typed card number. A second scan records nothing new.

    An event's door lets holders in on the event's days only: on another day it refuses
    (code ``wrong_day``) unless the usher lets them in anyway (``other_day``), which the
    audit log records."""
    _require(by, "cards.check_in_cardoffer", offer)
    now = now or timezone.now()
    today = _today(now)
    reservation = None
    if token or code:
        reservation = _booking_for(offer, token, code)
        card = reservation.card
        if card.status == CardStatus.CANCELLED:
            raise CardRefused(_("This card has been cancelled."), code="cancelled")
    else:
        card = validate_card(card_number or "", today=today)
    on_another_day = not runs_on(offer, today)
    if on_another_day and not other_day:
        raise CardRefused(
            _("This event is on %(day)s, not today.") % {"day": _day_of(offer)},
            code="wrong_day",
        )
    with transaction.atomic():
        locked_offer = _locked_offer(offer.pk)
        earlier = _earlier_use(locked_offer, card, today)
        if earlier is not None:
            return CheckIn(earlier, created=False)
        if reservation is None:
            reservation = Reservation.objects.filter(
                offer=locked_offer, card=card, state__in=HOLDING_STATES
            ).first()
        if reservation is not None:
            # The conditional UPDATE locks the booking and moves it only if it is still
            # reserved; a booking in any other state is read again to say which.
            used = next_reservation_state(ReservationState.RESERVED, ReservationMove.CHECK_IN)
            if Reservation.objects.filter(
                pk=reservation.pk, state=ReservationState.RESERVED
            ).update(state=used, state_changed_at=now):
                reservation.state, reservation.state_changed_at = used, now
            else:
                reservation.state = Reservation.objects.values_list("state", flat=True).get(
                    pk=reservation.pk
                )
                if reservation.state != ReservationState.USED:
                    raise CardRefused(
                        _("This booking is %(state)s.")
                        % {"state": reservation.get_state_display()},
                        code="reservation_" + reservation.state,
                    )
            adults, children = reservation.adults, reservation.children
        else:
            # At the door without a booking: take free places now, if any are left.
            _check_children(locked_offer, children)
            if locked_offer.kind == CardOffer.Kind.STANDING:
                _take_day_places(locked_offer, today, 1 + children)
            else:
                _take_places(locked_offer, 1 + children)
            adults = 1
        use = Use.objects.create(
            offer=locked_offer,
            card=card,
            reservation=reservation,
            day=today,
            adults=adults,
            children=children,
            at=now,
            by=by,
        )
        _activate(card, now, card.activated_at)
        if on_another_day:
            audit.record(
                audit.Action.CREATE,
                use,
                actor=by,
                target_organisation_id=offer.organisation_id,
                purpose="let in on another day than the event's",
            )
    return CheckIn(use, created=True)


def _earlier_use(offer: CardOffer, card: Card, today: date) -> Use | None:
    uses = Use.objects.filter(offer=offer, card=card)
    if offer.kind == CardOffer.Kind.EVENT:
        # One visit per event, even if the event runs past midnight.
        return uses.first()
    # A course meets many times and a standing offer is for every day: once a day.
    return uses.filter(day=today).first()


def mark_no_shows(now: datetime | None = None) -> int:
    """Bookings not used by the end of their event become no-shows. Returns how many."""
    now = now or timezone.now()
    new_state = next_reservation_state(ReservationState.RESERVED, ReservationMove.MARK_NO_SHOW)
    with transaction.atomic():
        ended = Reservation.objects.filter(
            state=ReservationState.RESERVED,
            offer__kind=CardOffer.Kind.EVENT,
            offer__event__start__lt=now,
        ).exclude(offer__event__end__gte=now)
        return ended.update(state=new_state, state_changed_at=now)
