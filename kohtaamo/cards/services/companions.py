"""A volunteer companion for a card holder's booking.

Lack of company keeps many holders at home. When a volunteer programme works where the
event is, the holder booking a place may ask for a culture guide to come along: the
request is made with the booking, under the holder's first name, and with their phone
only when they agreed that the volunteer may call them. Cancelling the booking cancels
a request that is still coming.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.volunteers import services as volunteers
from kohtaamo.volunteers.models import HelpKind, HelpRequest, Programme, RequestSource
from kohtaamo.volunteers.states import CLOSED_STATES, CancelledBy

from ..models import Card, CardOffer, Reservation

# A volunteer needs time to be found: a concert tonight is too soon to ask.
ASK_BEFORE = timedelta(hours=24)
DEFAULT_LENGTH = timedelta(hours=2)


def programme_for(offer: CardOffer, now: datetime | None = None) -> Programme | None:
    """The volunteer programme that can send a companion to ``offer``'s event, if any."""
    now = now or timezone.now()
    event = offer.event
    if offer.kind != CardOffer.Kind.EVENT or event is None or event.municipality is None:
        return None
    if event.start < now + ASK_BEFORE:
        return None
    found = volunteers.programmes_for(event.municipality, HelpKind.ACCOMPANY)
    return found[0] if found else None


@dataclass(frozen=True)
class Asking:
    first_name: str
    phone: str = ""
    share_phone: bool = False


def ask_volunteer(
    reservation: Reservation, asking: Asking, *, now: datetime | None = None
) -> HelpRequest:
    """Ask the programme where the booked event is for a volunteer companion."""
    offer = reservation.offer
    programme = programme_for(offer, now)
    event = offer.event
    if programme is None or event is None:
        raise volunteers.NotEligible(
            _("No volunteer programme can send a companion to this event."),
            code="no_programme",
        )
    ends = event.end if event.end and event.end > event.start else None
    place = event.place.name if event.place is not None else ""
    return volunteers.create_request(
        programme=programme,
        source=RequestSource.CARD_BOOKING,
        by=None,
        reservation=reservation,
        now=now,
        help_kind=HelpKind.ACCOMPANY,
        event=event,
        what=event.name[:200],
        art_forms=list(event.art_forms.all()),
        starts_at=event.start,
        ends_at=ends or event.start + DEFAULT_LENGTH,
        municipality=event.municipality,
        meeting_point=(_("At the entrance: %(place)s") % {"place": place})[:200]
        if place
        else _("At the entrance"),
        client_alias=asking.first_name,
        client_phone=asking.phone if asking.share_phone else "",
        client_agreed_to_share_phone=asking.share_phone and bool(asking.phone),
    )


def requests_of(card: Card) -> QuerySet[HelpRequest]:
    return HelpRequest.objects.filter(reservation__card=card).select_related("programme")


def cancel_with_booking(reservation: Reservation, *, now: datetime | None = None) -> int:
    """The holder cancelled the booking: a coming companion is not needed either."""
    now = now or timezone.now()
    coming = HelpRequest.objects.filter(reservation=reservation, starts_at__gt=now).exclude(
        status__in=CLOSED_STATES
    )
    cancelled = 0
    for request in coming:
        volunteers.cancel(
            request,
            by=None,
            cancelled_by=CancelledBy.CLIENT,
            reason=_("The card holder cancelled the booking."),
            now=now,
            as_client=True,
        )
        cancelled += 1
    return cancelled
