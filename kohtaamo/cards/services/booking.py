"""Booking free places, the waiting list, and cancelling a booking.

Each action is one transaction. Places are taken while holding a row lock on the offer
(``SELECT ... FOR UPDATE``), with a conditional UPDATE, and the database's check that
``places_taken <= places_offered`` as the last line of defence. Locks are always taken
offer first, then reservation or card, so two actions never wait for each other in a
circle.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kohtaamo.accounts.models import User
from kohtaamo.catalogue.models import Event
from kohtaamo.catalogue.states import Status
from kohtaamo.core import audit
from kohtaamo.core.models import Municipality

from .. import codes
from ..models import MAX_CHILDREN, Card, CardOffer, OfferDay, Reservation, WaitingListEntry
from ..states import HOLDING_STATES, ReservationMove, next_reservation_state
from .errors import BookingRefused, OfferFull, _today
from .issuing import _usable
from .reading import in_county

_FULL = _("All free places for card holders have been taken.")


def _take_places(offer: CardOffer, places: int) -> None:
    """Take ``places`` from a locked offer, or raise :class:`OfferFull`."""
    taken = CardOffer.objects.filter(
        pk=offer.pk, places_taken__lte=F("places_offered") - places
    ).update(places_taken=F("places_taken") + places)
    if not taken:
        raise OfferFull(_FULL)


_COMPANION_FULL = _(
    "The free companion tickets have been taken. You can still book a place for yourself."
)


def _take_companion_place(offer: CardOffer) -> None:
    """Take one companion ticket from a locked offer, or raise :class:`OfferFull`
    (code ``companion_full``). Called in the same transaction as :func:`_take_places`:
    the holder gets both or neither."""
    taken = CardOffer.objects.filter(
        pk=offer.pk, companion_places_taken__lt=F("companion_places_offered")
    ).update(companion_places_taken=F("companion_places_taken") + 1)
    if not taken:
        raise OfferFull(_COMPANION_FULL, code="companion_full")


def _check_companion(offer: CardOffer, companion: bool) -> None:
    if companion and offer.kind == CardOffer.Kind.STANDING:
        raise BookingRefused(
            _("A standing offer has no companion tickets to book."), code="companion_standing"
        )
    if companion and offer.companion_places_offered == 0:
        raise BookingRefused(
            _("This offer has no free companion tickets."), code="no_companion_tickets"
        )


def _take_day_places(offer: CardOffer, day: date, places: int) -> None:
    OfferDay.objects.get_or_create(
        offer=offer, day=day, defaults={"places_offered": offer.places_offered}
    )
    taken = OfferDay.objects.filter(
        offer=offer, day=day, places_taken__lte=F("places_offered") - places
    ).update(places_taken=F("places_taken") + places)
    if not taken:
        raise OfferFull(_("Today's free places for card holders have been taken."))


def _check_children(offer: CardOffer, children: int) -> None:
    if children < 0:
        raise BookingRefused(_("Check the number of children."), code="children")
    if children > MAX_CHILDREN:
        raise BookingRefused(
            ngettext(
                "One booking can include at most %(count)s child.",
                "One booking can include at most %(count)s children.",
                MAX_CHILDREN,
            )
            % {"count": MAX_CHILDREN},
            code="too_many_children",
        )
    if children and offer.kind != CardOffer.Kind.EVENT:
        raise BookingRefused(
            _("Free places for children are given to events only, not to courses."),
            code="children_not_for_courses",
        )


def _event_of(offer: CardOffer) -> Event:
    # An event offer has its event (a database constraint).
    assert offer.event is not None
    return offer.event


def _check_bookable(offer: CardOffer, now: datetime) -> None:
    if offer.kind == CardOffer.Kind.STANDING:
        raise BookingRefused(
            _("This offer needs no booking: show the card at the door."), code="standing"
        )
    listed = offer.event if offer.kind == CardOffer.Kind.EVENT else offer.service
    # A course or standing offer has its service (a database constraint).
    assert listed is not None
    published = listed.status
    if published != Status.PUBLISHED:
        # Returned to draft or archived: gone from the catalogue, so not bookable either.
        raise BookingRefused(
            _("This offer is no longer published and cannot be booked."),
            code="offer_not_published",
        )
    if offer.kind == CardOffer.Kind.EVENT:
        event = _event_of(offer)
        if event.is_cancelled:
            raise BookingRefused(_("The event has been cancelled."), code="event_cancelled")
        if (event.end or event.start) < now:
            raise BookingRefused(_("The event is over."), code="event_over")


def _bookable(offer: CardOffer, now: datetime) -> bool:
    try:
        _check_bookable(offer, now)
    except BookingRefused:
        return False
    return True


def _activate(card: Card, now: datetime, activated_at: datetime | None) -> None:
    # Once set, the first-use time never goes back to empty: a card read as activated
    # in this action needs no statement.
    if activated_at is None:
        Card.objects.filter(pk=card.pk, activated_at__isnull=True).update(activated_at=now)


@dataclass(frozen=True)
class Booking:
    reservation: Reservation
    # False when the same idempotency key had already booked: the first answer again.
    created: bool


def reserve(
    card: Card,
    offer: CardOffer,
    *,
    children: int = 0,
    companion: bool = False,
    idempotency_key: str,
    now: datetime | None = None,
) -> Booking:
    """Book the card's one ticket (and its children's) to ``offer``; with ``companion``,
    one of the offer's free companion tickets too, under the same lock: both or neither.

    Repeating the call with the same ``idempotency_key`` returns the first booking, so
    a double click or a retried request never takes a second ticket.
    """
    now = now or timezone.now()
    if not idempotency_key:
        raise BookingRefused(_("The request has no idempotency key."), code="no_key")
    places = 1 + children
    # One plain read before any lock: the first booking of a repeated key, and whether
    # the offer is already full. When a popular concert is sold out, the many holders
    # still trying are answered here instead of queueing for its row lock; the locked
    # conditional UPDATE below still decides for everyone else.
    by_key = Reservation.objects.filter(card=card, idempotency_key=idempotency_key)
    seen = _offer_for(
        card,
        offer,
        earlier_pk=Subquery(by_key.values("pk")[:1]),
        holds_ticket=Exists(
            Reservation.objects.filter(offer=OuterRef("pk"), card=card, state__in=HOLDING_STATES)
        ),
    )
    if seen.earlier_pk is not None:
        return Booking(Reservation.objects.get(pk=seen.earlier_pk), created=False)
    _usable(card, _today(now))
    _check_area(seen)
    _check_children(seen, children)
    _check_companion(seen, companion)
    if not seen.holds_ticket and _bookable(seen, now):
        if seen.places_left < places:
            raise OfferFull(_FULL)
        if companion and seen.companion_places_left < 1:
            raise OfferFull(_COMPANION_FULL, code="companion_full")
    try:
        with transaction.atomic():
            locked = _locked_offer(offer.pk, with_event=True)
            # Read after the lock was granted, so a retry that waited for it sees the
            # first request's booking, and one ticket per event is checked against
            # every booking committed before.
            code = codes.random_code()
            earlier_pk, holds_ticket, waiting, activated_at, code_taken = _card_at_offer(
                card, locked, idempotency_key, code
            )
            if earlier_pk is not None:
                return Booking(Reservation.objects.get(pk=earlier_pk), created=False)
            _check_bookable(locked, now)
            if holds_ticket:
                raise BookingRefused(
                    _("This card already has a ticket to this event."), code="already_booked"
                )
            _take_places(locked, places)
            if companion:
                _take_companion_place(locked)
            if code_taken:
                code = _free_code(locked)
            reservation = Reservation.objects.create(
                # The caller's offer, with what it has loaded (the event's name for the
                # answer page), rather than the locked row's few columns.
                offer=offer,
                card=card,
                children=children,
                companion=companion,
                code=code,
                idempotency_key=idempotency_key,
                created_at=now,
            )
            if waiting:
                WaitingListEntry.objects.filter(offer=locked, card=card).delete()
            _activate(card, now, activated_at)
    except IntegrityError:
        # A concurrent request with the same key won the race: give its answer.
        earlier = by_key.first()
        if earlier is None:
            raise BookingRefused(
                _("This card already has a ticket to this event."), code="already_booked"
            ) from None
        return Booking(earlier, created=False)
    return Booking(reservation, created=True)


# What booking and cancelling read of an offer and its event: the event row has many
# long text columns that they never look at.
_BOOKING_FIELDS = (
    *(field.name for field in CardOffer._meta.concrete_fields),
    "event__start",
    "event__end",
    "event__is_cancelled",
    "event__status",
    "service__status",
)


def _offer_for(card: Card, offer: CardOffer, **annotations: Any) -> Any:
    # Any: a CardOffer carrying ``in_area`` and ``annotations``.
    """The offer as booking reads it, and whether it is in the card's area (a card is
    for its holder's home county; offer ids are sequential, so a hand-made request may
    name any offer)."""
    county = Municipality.objects.filter(pk=card.home_municipality_id).values("county_id")
    in_area = CardOffer.objects.filter(Q(pk=OuterRef("pk")) & in_county(Subquery(county[:1])))
    return (
        CardOffer.objects.filter(pk=offer.pk)
        .annotate(in_area=Exists(in_area), **annotations)
        .select_related("event", "service")
        .only(*_BOOKING_FIELDS)
        .get()
    )


def _check_area(seen: Any) -> None:
    if not seen.in_area:
        raise BookingRefused(
            _("This offer is not in your culture card's area and cannot be booked."),
            code="outside_area",
        )


def _locked_offer(pk: int, *, with_event: bool = False) -> CardOffer:
    """The offer row, locked until the transaction ends (``FOR UPDATE OF`` the offer
    only: PostgreSQL refuses to lock the nullable side of the event join)."""
    offers = CardOffer.objects.select_for_update(of=("self",))
    if with_event:
        offers = offers.select_related("event", "service").only(*_BOOKING_FIELDS)
    return offers.get(pk=pk)


def _card_at_offer(
    card: Card, offer: CardOffer, idempotency_key: str, code: str
) -> tuple[int | None, bool, bool, datetime | None, bool]:
    """In one statement: the card's booking made with this key (anywhere), whether the
    card holds a ticket to ``offer``, whether it waits in the offer's list, its first-use
    time, and whether a live booking of the offer already has ``code``."""
    mine = Reservation.objects.filter(card=OuterRef("pk"))
    live = Reservation.objects.filter(offer=offer, state__in=HOLDING_STATES)
    return (
        Card.objects.filter(pk=card.pk)
        .annotate(
            earlier_pk=Subquery(mine.filter(idempotency_key=idempotency_key).values("pk")[:1]),
            holds_ticket=Exists(mine.filter(offer=offer, state__in=HOLDING_STATES)),
            waiting=Exists(WaitingListEntry.objects.filter(card=OuterRef("pk"), offer=offer)),
            code_taken=Exists(live.filter(code=code)),
        )
        .values_list("earlier_pk", "holds_ticket", "waiting", "activated_at", "code_taken")
        .get()
    )


def _free_code(offer: CardOffer) -> str:
    """A code no live booking of the locked ``offer`` has. The first draw was checked
    with the card's state; two draws clashing in a row is rarer than one in a million
    once an offer has a few thousand bookings."""
    live = Reservation.objects.filter(offer=offer, state__in=HOLDING_STATES)
    for _attempt in range(50):
        code = codes.random_code()
        if not live.filter(code=code).exists():
            return code
    raise IntegrityError("no free booking code after 50 draws")


def join_waiting_list(
    card: Card, offer: CardOffer, *, children: int = 0, now: datetime | None = None
) -> WaitingListEntry:
    now = now or timezone.now()
    _usable(card, _today(now))
    seen = _offer_for(card, offer)
    _check_area(seen)
    _check_children(seen, children)
    _check_bookable(seen, now)
    if Reservation.objects.filter(offer=offer, card=card, state__in=HOLDING_STATES).exists():
        raise BookingRefused(
            _("This card already has a ticket to this event."), code="already_booked"
        )
    entry, _created = WaitingListEntry.objects.get_or_create(
        offer=offer, card=card, defaults={"children": children, "created_at": now}
    )
    return entry


def _alert_first_in_line(offer: CardOffer, now: datetime) -> WaitingListEntry | None:
    entry = (
        WaitingListEntry.objects.select_for_update()
        .filter(offer=offer, alerted_at__isnull=True)
        .order_by("created_at", "id")
        .first()
    )
    if entry is not None:
        entry.alerted_at = now
        entry.save(update_fields=["alerted_at"])
    return entry


def may_cancel(
    reservation: Reservation, *, card: Card | None = None, actor: User | None = None
) -> bool:
    """The holder (by their own card), the venue, or the distributor of the card."""
    if card is not None and card.pk == reservation.card_id:
        return True
    if actor is None:
        return False
    return actor.has_perm("cards.change_cardoffer", reservation.offer) or actor.has_perm(
        "cards.change_card", reservation.card
    )


def cancel_reservation(
    reservation: Reservation,
    *,
    card: Card | None = None,
    actor: User | None = None,
    now: datetime | None = None,
) -> WaitingListEntry | None:
    """Cancel a booking, free its places and alert the first holder waiting for one.
    Returns the alerted waiting-list entry, if any.

    Only the holder (``card``), the venue or the card's distributor (``actor``) may
    cancel; a booking cannot be cancelled once its event has begun."""
    if not may_cancel(reservation, card=card, actor=actor):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        offer = _locked_offer(reservation.offer_id, with_event=True)
        locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
        if offer.kind == CardOffer.Kind.EVENT and _event_of(offer).start <= now:
            raise BookingRefused(
                _("The event has begun: the booking can no longer be cancelled."),
                code="event_begun",
            )
        locked.state = next_reservation_state(locked.state, ReservationMove.CANCEL)
        locked.state_changed_at = now
        Reservation.objects.filter(pk=locked.pk).update(state=locked.state, state_changed_at=now)
        CardOffer.objects.filter(pk=offer.pk).update(
            places_taken=F("places_taken") - locked.places,
            companion_places_taken=F("companion_places_taken") - int(locked.companion),
        )
        alerted = _alert_first_in_line(offer, now)
    # The caller's copy as the database now has it (read under the lock, then changed
    # here), without reading the row again.
    for field in Reservation._meta.concrete_fields:
        setattr(reservation, field.attname, getattr(locked, field.attname))
    return alerted


def book_for_holder(
    actor: User,
    card: Card,
    offer: CardOffer,
    *,
    children: int = 0,
    companion: bool = False,
    idempotency_key: str,
    now: datetime | None = None,
) -> Booking:
    """A professional helping a holder books for them, by the number the holder gave."""
    if not actor.has_perm("cards.book_for_holder"):
        raise PermissionDenied
    with transaction.atomic():
        booking = reserve(
            card,
            offer,
            children=children,
            companion=companion,
            idempotency_key=f"staff:{actor.pk}:{idempotency_key}"[:64],
            now=now,
        )
        if booking.created:
            audit.record(
                audit.Action.CREATE,
                booking.reservation,
                actor=actor,
                target_organisation_id=offer.organisation_id,
                purpose="book for a card holder",
            )
    return booking
