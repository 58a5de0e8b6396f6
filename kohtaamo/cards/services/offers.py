"""A venue's free places for card holders: publishing them and changing their number."""

from django.db import transaction
from django.utils.translation import ngettext

from kohtaamo.accounts.models import User
from kohtaamo.catalogue.models import Event, Service

from ..models import CardOffer
from .errors import BookingRefused, _require

# Offers.


def _show_in_catalogue(offer: CardOffer) -> None:
    """The catalogue's "free places for card holders" filter shows what venues offer
    here: the event's count, or the service's flag (saving re-indexes it for search)."""
    event, service = offer.event, offer.service
    if event is not None:
        if event.card_places != offer.places_offered:
            event.card_places = offer.places_offered
            event.save(update_fields=["card_places", "municipality", "updated_at"])
    elif offer.places_offered and service is not None and not service.card_places:
        service.card_places = True
        service.save(update_fields=["card_places", "updated_at"])


def publish_offer(
    actor: User,
    *,
    kind: str,
    places_offered: int,
    companion_places_offered: int = 0,
    event: Event | None = None,
    service: Service | None = None,
) -> CardOffer:
    offered = event or service
    # An offer is for one event or one service (a database constraint).
    assert offered is not None
    organisation = offered.organisation
    offer = CardOffer(
        organisation=organisation,
        kind=kind,
        event=event,
        service=service,
        places_offered=places_offered,
        # A standing offer needs no booking, so it has no companion tickets to book.
        companion_places_offered=0 if kind == CardOffer.Kind.STANDING else companion_places_offered,
    )
    _require(actor, "cards.add_cardoffer", offer)
    with transaction.atomic():
        offer.save()
        _show_in_catalogue(offer)
    return offer


def change_places(
    actor: User,
    offer: CardOffer,
    places_offered: int,
    companion_places_offered: int | None = None,
) -> CardOffer:
    """A venue adds or removes places (and companion tickets, when given); never below
    what is already taken."""
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
        fields = ["places_offered"]
        if companion_places_offered is not None and locked.kind != CardOffer.Kind.STANDING:
            if companion_places_offered < locked.companion_places_taken:
                raise BookingRefused(
                    ngettext(
                        "%(taken)s companion ticket is already taken.",
                        "%(taken)s companion tickets are already taken.",
                        locked.companion_places_taken,
                    )
                    % {"taken": locked.companion_places_taken},
                    code="companion_below_taken",
                )
            locked.companion_places_offered = companion_places_offered
            fields.append("companion_places_offered")
        locked.places_offered = places_offered
        locked.save(update_fields=fields)
        _show_in_catalogue(locked)
    return locked
