"""Business actions on culture cards and free places: the only code that changes them.

Each action is one transaction. Places are taken while holding a row lock on the offer
(``SELECT ... FOR UPDATE``), with a conditional UPDATE, and the database's check that
``places_taken <= places_offered`` as the last line of defence. Locks are always taken
offer first, then reservation or card, so two actions never wait for each other in a
circle.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kohtaamo.accounts.permissions import visible
from kohtaamo.catalogue.states import Status
from kohtaamo.core import audit
from kohtaamo.core.models import Municipality

from . import numbers
from .models import (
    MAX_CHILDREN,
    Card,
    CardOffer,
    Distributor,
    OfferDay,
    Programme,
    ProgrammeMunicipality,
    Reservation,
    Use,
    WaitingListEntry,
)
from .states import (
    HOLDING_STATES,
    CardMove,
    CardStatus,
    ReservationMove,
    ReservationState,
    next_card_status,
    next_reservation_state,
)

MINIMUM_AGE = 16


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


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _valid_until(programme, day):
    # "Valid one year" from 10 March means through 9 March next year.
    return add_months(day, programme.validity_months) - datetime.timedelta(days=1)


def _today(now):
    return timezone.localdate(now)


# Programme set-up by coordinators.


def enrol_municipality(actor, programme, municipality, starts_on, ends_on=None):
    _require(actor, "cards.change_programme", programme)
    if municipality.county_id != programme.county_id:
        raise NotEligible(_("The municipality is not in this programme's county."))
    return ProgrammeMunicipality.objects.create(
        programme=programme,
        municipality=municipality,
        starts_on=starts_on,
        ends_on=ends_on,
        enrolled_by=actor,
    )


def enrol_distributor(actor, programme, organisation, unit=None, *, starts_on, ends_on=None):
    _require(actor, "cards.change_programme", programme)
    if unit is not None and unit.organisation_id != organisation.pk:
        raise NotEligible(_("The unit belongs to another organisation."))
    return Distributor.objects.create(
        programme=programme,
        organisation=organisation,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        enrolled_by=actor,
    )


# Cards.


def _birth_year_and_age_check(born, today):
    """``born`` is a year, or a date the distributor looked at (only its year is kept)."""
    if isinstance(born, datetime.date):
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return born.year, age >= MINIMUM_AGE
    # With the year alone, someone who turns 16 later this year passes: the distributor
    # meets the client and sees the age; the register never learns the birthday.
    return int(born), today.year - int(born) >= MINIMUM_AGE


def _check_eligibility(distributor, municipality, today):
    # Read afresh: a coordinator may have just ended the enrolment or changed the validity.
    distributor = Distributor.objects.select_related("programme").get(pk=distributor.pk)
    if not distributor.covers(today):
        raise NotEligible(
            _("This unit is not an enrolled card distributor on %(day)s.")
            % {"day": today.isoformat()},
            code="distributor_not_enrolled",
        )
    programme = distributor.programme
    joined = ProgrammeMunicipality.objects.filter(
        ProgrammeMunicipality.covering(today), municipality=municipality, programme=programme
    ).exists()
    if not joined:
        raise NotEligible(
            _("%(municipality)s is not in the culture card programme on %(day)s.")
            % {"municipality": municipality, "day": today.isoformat()},
            code="municipality_not_in_programme",
        )
    return programme


def _new_card(**fields):
    # Nine random digits give 900 million numbers; a clash is rare but must not fail
    # the issue, so a fresh number is drawn inside a savepoint.
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return Card.objects.create(number=numbers.random_number(), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("no free card number after 10 draws")


def issue_card(actor, distributor, home_municipality, born, *, now=None, gender="", language=""):
    """Issue a card to a client of ``distributor``. Returns the card."""
    _require(actor, "cards.add_card", distributor)
    now = now or timezone.now()
    today = _today(now)
    birth_year, old_enough = _birth_year_and_age_check(born, today)
    if birth_year > today.year or birth_year < 1900:
        raise NotEligible(_("Check the year of birth."), code="birth_year")
    if not old_enough:
        raise NotEligible(
            _("A culture card can be issued from the age of %(age)s.") % {"age": MINIMUM_AGE},
            code="too_young",
        )
    with transaction.atomic():
        programme = _check_eligibility(distributor, home_municipality, today)
        card = _new_card(
            home_municipality=home_municipality,
            birth_year=birth_year,
            distributor=distributor,
            issued_at=now,
            valid_until=_valid_until(programme, today),
            gender=gender,
            language=language,
        )
        audit.record(audit.Action.CREATE, card, actor=actor, purpose="issue culture card")
    return card


def _locked_card(card):
    return (
        Card.objects.select_for_update(of=("self",))
        .select_related("distributor__programme")
        .get(pk=card.pk)
    )


def renew_card(actor, card, *, now=None):
    """Another validity period from today, for an active (possibly expired) card."""
    _require(actor, "cards.change_card", card)
    now = now or timezone.now()
    today = _today(now)
    with transaction.atomic():
        locked = _locked_card(card)
        next_card_status(locked.status, CardMove.RENEW)
        programme = _check_eligibility(locked.distributor, locked.home_municipality, today)
        locked.valid_until = _valid_until(programme, today)
        locked.status_changed_at = now
        locked.save(update_fields=["valid_until", "status_changed_at"])
        audit.record(audit.Action.CHANGE, locked, actor=actor, fields=["valid_until"])
    return locked


def replace_card(actor, card, *, now=None):
    """A new number for a lost card. The old number stops working at once; the holder's
    bookings and waiting-list places move to the new card."""
    _require(actor, "cards.change_card", card)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_card(card)
        new_status = next_card_status(locked.status, CardMove.REPLACE)
        successor = _new_card(
            home_municipality=locked.home_municipality,
            birth_year=locked.birth_year,
            distributor=locked.distributor,
            issued_at=now,
            valid_until=locked.valid_until,
            activated_at=locked.activated_at,
            gender=locked.gender,
            language=locked.language,
        )
        locked.status, locked.replaced_by, locked.status_changed_at = new_status, successor, now
        locked.save(update_fields=["status", "replaced_by", "status_changed_at"])
        locked.reservations.filter(state=ReservationState.RESERVED).update(card=successor)
        locked.waiting_list_entries.update(card=successor)
        audit.record(audit.Action.CHANGE, locked, actor=actor, fields=["status", "replaced_by"])
        audit.record(audit.Action.CREATE, successor, actor=actor, purpose="replace culture card")
    return successor


def cancel_card(actor, card, *, now=None):
    _require(actor, "cards.change_card", card)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_card(card)
        locked.status = next_card_status(locked.status, CardMove.CANCEL)
        locked.status_changed_at = now
        locked.save(update_fields=["status", "status_changed_at"])
        audit.record(audit.Action.CHANGE, locked, actor=actor, fields=["status"])
    return locked


def validate_card(number, *, today=None):
    """The card behind a typed or scanned number, or :class:`CardRefused` saying why."""
    today = today or timezone.localdate()
    number = numbers.normalise(number)
    if not (len(number) == numbers.LENGTH and number.isascii() and number.isdigit()):
        raise CardRefused(
            _("A card number has %(length)s digits.") % {"length": numbers.LENGTH},
            code="bad_format",
        )
    if not numbers.is_valid(number):
        raise CardRefused(
            _("This is not a valid card number: check the digits."), code="bad_check_digit"
        )
    card = Card.objects.filter(number=number).first()
    if card is None:
        raise CardRefused(_("No card has this number."), code="unknown")
    return _usable(card, today)


def _usable(card, today):
    if card.status == CardStatus.REPLACED:
        raise CardRefused(
            _("This card has been replaced by a new card and no longer works."), code="replaced"
        )
    if card.status == CardStatus.CANCELLED:
        raise CardRefused(_("This card has been cancelled."), code="cancelled")
    if card.valid_until < today:
        raise CardRefused(
            _("This card expired on %(day)s. The distributor can renew it.")
            % {"day": date_format(card.valid_until, "SHORT_DATE_FORMAT")},
            code="expired",
        )
    return card


def refusal(card, *, today=None):
    """Why ``card`` cannot be used today (a :class:`CardRefused`), or ``None``."""
    try:
        _usable(card, today or timezone.localdate())
    except CardRefused as refused:
        return refused
    return None


def card_for_mobile_token(token, *, today=None):
    """The holder's own card behind their secret link, refused like a scanned number."""
    card = (
        Card.objects.filter(mobile_token=token).first() if token and "\x00" not in token else None
    )
    if card is None:
        raise CardRefused(_("No card has this number."), code="unknown")
    return _usable(card, today or timezone.localdate())


# Offers.


def _show_in_catalogue(offer):
    """The catalogue's "free places for card holders" filter shows what venues offer
    here: the event's count, or the service's flag (saving re-indexes it for search)."""
    if offer.event_id:
        event = offer.event
        if event.card_places != offer.places_offered:
            event.card_places = offer.places_offered
            event.save(update_fields=["card_places", "municipality", "updated_at"])
    elif offer.places_offered and not offer.service.card_places:
        offer.service.card_places = True
        offer.service.save(update_fields=["card_places", "updated_at"])


def publish_offer(actor, *, kind, places_offered, event=None, service=None):
    organisation = (event or service).organisation
    offer = CardOffer(
        organisation=organisation,
        kind=kind,
        event=event,
        service=service,
        places_offered=places_offered,
    )
    _require(actor, "cards.add_cardoffer", offer)
    with transaction.atomic():
        offer.save()
        _show_in_catalogue(offer)
    return offer


def change_places(actor, offer, places_offered):
    """A venue adds or removes places; never below the places already taken."""
    _require(actor, "cards.change_cardoffer", offer)
    with transaction.atomic():
        locked = (
            CardOffer.objects.select_for_update(of=("self",))
            .select_related("event", "service")
            .get(pk=offer.pk)
        )
        if places_offered < locked.places_taken:
            raise BookingRefused(
                ngettext(
                    "%(taken)s place is already taken.",
                    "%(taken)s places are already taken.",
                    locked.places_taken,
                )
                % {"taken": locked.places_taken},
                code="below_taken",
            )
        locked.places_offered = places_offered
        locked.save(update_fields=["places_offered"])
        _show_in_catalogue(locked)
    return locked


_FULL = _("All free places for card holders have been taken.")


def _take_places(offer, places):
    """Take ``places`` from a locked offer, or raise :class:`OfferFull`."""
    taken = CardOffer.objects.filter(
        pk=offer.pk, places_taken__lte=F("places_offered") - places
    ).update(places_taken=F("places_taken") + places)
    if not taken:
        raise OfferFull(_FULL)


def _take_day_places(offer, day, places):
    OfferDay.objects.get_or_create(
        offer=offer, day=day, defaults={"places_offered": offer.places_offered}
    )
    taken = OfferDay.objects.filter(
        offer=offer, day=day, places_taken__lte=F("places_offered") - places
    ).update(places_taken=F("places_taken") + places)
    if not taken:
        raise OfferFull(_("Today's free places for card holders have been taken."))


def _check_children(offer, children):
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


def _check_bookable(offer, now):
    if offer.kind == CardOffer.Kind.STANDING:
        raise BookingRefused(
            _("This offer needs no booking: show the card at the door."), code="standing"
        )
    if offer.kind == CardOffer.Kind.EVENT:
        event = offer.event
        if event.is_cancelled:
            raise BookingRefused(_("The event has been cancelled."), code="event_cancelled")
        if (event.end or event.start) < now:
            raise BookingRefused(_("The event is over."), code="event_over")


def _bookable(offer, now):
    try:
        _check_bookable(offer, now)
    except BookingRefused:
        return False
    return True


def _activate(card, now, activated_at):
    # Once set, the first-use time never goes back to empty: a card read as activated
    # in this action needs no statement.
    if activated_at is None:
        Card.objects.filter(pk=card.pk, activated_at__isnull=True).update(activated_at=now)


@dataclass(frozen=True)
class Booking:
    reservation: Reservation
    # False when the same idempotency key had already booked: the first answer again.
    created: bool


def reserve(card, offer, *, children=0, idempotency_key, now=None):
    """Book the card's one ticket (and its children's) to ``offer``.

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
    seen = (
        CardOffer.objects.filter(pk=offer.pk)
        .annotate(
            earlier_pk=Subquery(by_key.values("pk")[:1]),
            holds_ticket=Exists(
                Reservation.objects.filter(
                    offer=OuterRef("pk"), card=card, state__in=HOLDING_STATES
                )
            ),
        )
        .select_related("event")
        .only(*_BOOKING_FIELDS)
        .get()
    )
    if seen.earlier_pk is not None:
        return Booking(Reservation.objects.get(pk=seen.earlier_pk), created=False)
    _usable(card, _today(now))
    _check_children(seen, children)
    if seen.places_left < places and not seen.holds_ticket and _bookable(seen, now):
        raise OfferFull(_FULL)
    try:
        with transaction.atomic():
            locked = _locked_offer(offer.pk, with_event=True)
            # Read after the lock was granted, so a retry that waited for it sees the
            # first request's booking, and one ticket per event is checked against
            # every booking committed before.
            earlier_pk, holds_ticket, waiting, activated_at = _card_at_offer(
                card, locked, idempotency_key
            )
            if earlier_pk is not None:
                return Booking(Reservation.objects.get(pk=earlier_pk), created=False)
            _check_bookable(locked, now)
            if holds_ticket:
                raise BookingRefused(
                    _("This card already has a ticket to this event."), code="already_booked"
                )
            _take_places(locked, places)
            reservation = Reservation.objects.create(
                # The caller's offer, with what it has loaded (the event's name for the
                # answer page), rather than the locked row's few columns.
                offer=offer,
                card=card,
                children=children,
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
)


def _locked_offer(pk, *, with_event=False):
    """The offer row, locked until the transaction ends (``FOR UPDATE OF`` the offer
    only: PostgreSQL refuses to lock the nullable side of the event join)."""
    offers = CardOffer.objects.select_for_update(of=("self",))
    if with_event:
        offers = offers.select_related("event").only(*_BOOKING_FIELDS)
    return offers.get(pk=pk)


def _card_at_offer(card, offer, idempotency_key):
    """In one statement: the card's booking made with this key (anywhere), whether the
    card holds a ticket to ``offer``, whether it waits in the offer's list, and its
    first-use time."""
    mine = Reservation.objects.filter(card=OuterRef("pk"))
    return (
        Card.objects.filter(pk=card.pk)
        .annotate(
            earlier_pk=Subquery(mine.filter(idempotency_key=idempotency_key).values("pk")[:1]),
            holds_ticket=Exists(mine.filter(offer=offer, state__in=HOLDING_STATES)),
            waiting=Exists(WaitingListEntry.objects.filter(card=OuterRef("pk"), offer=offer)),
        )
        .values_list("earlier_pk", "holds_ticket", "waiting", "activated_at")
        .get()
    )


def join_waiting_list(card, offer, *, children=0, now=None):
    now = now or timezone.now()
    _usable(card, _today(now))
    _check_children(offer, children)
    _check_bookable(offer, now)
    if Reservation.objects.filter(offer=offer, card=card, state__in=HOLDING_STATES).exists():
        raise BookingRefused(
            _("This card already has a ticket to this event."), code="already_booked"
        )
    entry, _created = WaitingListEntry.objects.get_or_create(
        offer=offer, card=card, defaults={"children": children, "created_at": now}
    )
    return entry


def _alert_first_in_line(offer, now):
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


def may_cancel(reservation, *, card=None, actor=None):
    """The holder (by their own card), the venue, or the distributor of the card."""
    if card is not None and card.pk == reservation.card_id:
        return True
    if actor is None:
        return False
    return actor.has_perm("cards.change_cardoffer", reservation.offer) or actor.has_perm(
        "cards.change_card", reservation.card
    )


def cancel_reservation(reservation, *, card=None, actor=None, now=None):
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
        if offer.kind == CardOffer.Kind.EVENT and offer.event.start <= now:
            raise BookingRefused(
                _("The event has begun: the booking can no longer be cancelled."),
                code="event_begun",
            )
        locked.state = next_reservation_state(locked.state, ReservationMove.CANCEL)
        locked.state_changed_at = now
        Reservation.objects.filter(pk=locked.pk).update(state=locked.state, state_changed_at=now)
        CardOffer.objects.filter(pk=offer.pk).update(places_taken=F("places_taken") - locked.places)
        alerted = _alert_first_in_line(offer, now)
    # The caller's copy as the database now has it (read under the lock, then changed
    # here), without reading the row again.
    for field in Reservation._meta.concrete_fields:
        setattr(reservation, field.attname, getattr(locked, field.attname))
    return alerted


@dataclass(frozen=True)
class CheckIn:
    use: Use
    # False on a second scan: the door sees when the holder was already let in.
    created: bool


def check_in(offer, *, by, card_number=None, token=None, children=0, now=None):
    """Record a holder's visit at the door, from a scanned reservation code, or a
    scanned or typed card number. A second scan records nothing new."""
    _require(by, "cards.check_in_cardoffer", offer)
    now = now or timezone.now()
    today = _today(now)
    reservation = None
    if token:
        # PostgreSQL refuses a NUL byte in text: such a code is no ticket of ours.
        reservation = (
            Reservation.objects.select_related("card").filter(token=token, offer=offer).first()
            if "\x00" not in token
            else None
        )
        if reservation is None:
            raise CardRefused(_("This ticket is not for this event."), code="wrong_ticket")
        card = reservation.card
        if card.status == CardStatus.CANCELLED:
            raise CardRefused(_("This card has been cancelled."), code="cancelled")
    else:
        card = validate_card(card_number or "", today=today)
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
    return CheckIn(use, created=True)


def _earlier_use(offer, card, today):
    uses = Use.objects.filter(offer=offer, card=card)
    if offer.kind == CardOffer.Kind.EVENT:
        # One visit per event, even if the event runs past midnight.
        return uses.first()
    # A course meets many times and a standing offer is for every day: once a day.
    return uses.filter(day=today).first()


def mark_no_shows(now=None):
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


def programme_for(county):
    return Programme.objects.filter(county=county).first()


# What the pages read. Lists are narrowed to what the person may see, here, so that no
# page can forget it.


def distributors_for(user, *, today=None):
    """The enrolled distributors ``user`` may issue cards for on ``today``."""
    today = today or timezone.localdate()
    enrolled = Distributor.objects.filter(Distributor.covering(today)).select_related(
        "programme__county", "organisation", "unit"
    )
    return visible(
        user,
        "cards.add_card",
        enrolled,
        unit_id="unit_id",
        county_id="programme__county_id",
    ).order_by("pk")


def member_municipalities(programme, *, today=None):
    """The municipalities whose residents can get a card on ``today``."""
    today = today or timezone.localdate()
    joined = ProgrammeMunicipality.objects.filter(
        ProgrammeMunicipality.covering(today), programme=programme
    ).values("municipality_id")
    return Municipality.objects.filter(pk__in=joined).order_by("name_fi")


def cards_of(user):
    """The cards issued by the distributors ``user`` works for, newest first."""
    return visible(
        user,
        "cards.view_card",
        Card.objects.select_related("home_municipality", "distributor__unit"),
        organisation_id="distributor__organisation_id",
        unit_id="distributor__unit_id",
        county_id="distributor__programme__county_id",
    ).order_by("-issued_at", "-pk")


def offers_of(user):
    """The card offers of the venues ``user`` works for."""
    return visible(
        user,
        "cards.view_cardoffer",
        CardOffer.objects.select_related("event", "service", "organisation"),
    ).order_by("-created_at", "-pk")


def _open_offers(now):
    return CardOffer.objects.filter(
        (
            Q(kind=CardOffer.Kind.EVENT)
            & Q(event__status=Status.PUBLISHED, event__is_cancelled=False)
            & (Q(event__end__gte=now) | Q(event__end__isnull=True, event__start__gte=now))
        )
        | Q(
            kind__in=[CardOffer.Kind.COURSE, CardOffer.Kind.STANDING],
            service__status=Status.PUBLISHED,
        )
    )


NEAR_LIMIT = 30


def offers_near(card, *, now=None):
    """Open offers in the holder's home county, those in the home town first, then by
    date: what a holder can book or use now."""
    now = now or timezone.now()
    home = card.home_municipality
    in_county = (
        Q(event__municipality__county_id=home.county_id)
        | Q(service__municipalities__county_id=home.county_id)
        | Q(service__places__municipality__county_id=home.county_id)
    )
    offers = list(
        _open_offers(now)
        .filter(in_county)
        .distinct()
        .select_related("event__place", "event__municipality", "service", "organisation")
        .prefetch_related("service__municipalities")
        .order_by("event__start", "pk")[: NEAR_LIMIT * 3]
    )

    def in_home_town(offer):
        if offer.event_id:
            return offer.event.municipality_id == home.pk
        return any(m.pk == home.pk for m in offer.service.municipalities.all())

    offers.sort(key=lambda offer: not in_home_town(offer))
    return offers[:NEAR_LIMIT]


def bookings_of(card):
    """The holder's bookings still to come or still open, soonest first."""
    return (
        Reservation.objects.filter(card=card, state=ReservationState.RESERVED)
        .select_related("offer__event__place", "offer__service", "offer__organisation")
        .order_by("offer__event__start", "created_at")
    )


def book_for_holder(actor, card, offer, *, children=0, idempotency_key, now=None):
    """A professional helping a holder books for them, by the number the holder gave."""
    if not actor.has_perm("cards.book_for_holder"):
        raise PermissionDenied
    with transaction.atomic():
        booking = reserve(
            card,
            offer,
            children=children,
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
