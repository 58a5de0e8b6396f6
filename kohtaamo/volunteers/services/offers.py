"""Offering a request to several volunteers at once; the first to accept takes it.

:func:`offer` writes one :class:`~..models.Offer` per volunteer and tells each of them
(e-mail, and a text message when they have a phone) with a link to answer. :func:`accept`
takes the request under its row lock (:func:`.lifecycle.take`), so of twenty volunteers
answering at the same moment exactly one gets a one-person request and the others hear
:class:`~.errors.AlreadyTaken`; the offers nobody answered are closed and their people
told.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.accounts.models import User
from kohtaamo.notifications import Message

from ..models import Assignment, HelpRequest, Offer, Volunteer
from ..states import (
    OPEN_STATES,
    OfferMove,
    OfferState,
    RequestMove,
    RequestStatus,
    VolunteerStatus,
    next_offer_state,
)
from . import notify
from .errors import AlreadyTaken, VolunteerError
from .lifecycle import Actor, _move, close_open_offers, is_coordinator, lock, take


def offer(
    request: HelpRequest,
    volunteers: Iterable[Volunteer],
    *,
    by: User,
    now: datetime | None = None,
) -> list[Offer]:
    """Offer ``request`` to ``volunteers`` (the best N of :func:`.matching.candidates`).
    Volunteers already offered it are not asked twice. Returns the new offers."""
    now = now or timezone.now()
    if not is_coordinator(by, request):
        raise PermissionDenied
    chosen = list(dict.fromkeys(volunteers))
    with transaction.atomic():
        row = lock(request)
        asked = set(Offer.objects.filter(request=row).values_list("volunteer_id", flat=True))
        fresh = [
            v
            for v in chosen
            if v.pk not in asked
            and v.status == VolunteerStatus.APPROVED
            and v.programme_id == row.programme_id
        ]
        if not fresh:
            raise VolunteerError(
                _("Choose at least one active volunteer who has not been asked yet."),
                code="nobody_to_offer",
            )
        _move(row, RequestMove.OFFER, actor=Actor.COORDINATOR, now=now, locked=row)
        Offer.objects.bulk_create([Offer(request=row, volunteer=v, sent_at=now) for v in fresh])
        created = list(
            Offer.objects.filter(request=row, volunteer__in=fresh).select_related(
                "volunteer__user", "request__event", "request__place", "request__municipality"
            )
        )
        transaction.on_commit(lambda: _tell_offered(created))
    request.refresh_from_db()
    return created


def _tell_offered(offers: list[Offer]) -> None:
    for item in offers:
        request = item.request

        def build(language: str, item: Offer = item, request: HelpRequest = request) -> Message:
            return Message(
                _("Can you come along? A companion request"),
                notify.lines(
                    _("Would you come along to %(what)s in %(place)s on %(when)s?")
                    % {
                        "what": notify.what(request),
                        "place": request.municipality,
                        "when": notify.when(request),
                    },
                    _("The first volunteer to accept gets it. Answer here:"),
                    notify.link(notify.offer_path(item, language)),
                ),
            )

        notify.to_volunteer(item.volunteer, build)


def by_token(token: str) -> Offer | None:
    """The offer an e-mail's or text message's link answers."""
    if not token:
        return None
    return (
        Offer.objects.select_related(
            "request__programme",
            "request__municipality",
            "request__event",
            "request__place",
            "volunteer__user",
        )
        .filter(token=token)
        .first()
    )


def accept(offer: Offer, *, now: datetime | None = None) -> Assignment:
    """The volunteer takes the request; raises :class:`AlreadyTaken` when someone was
    first (or the request was cancelled), :class:`~.errors.Overlap` when they have
    another assignment at that time. Accepting twice gives the same assignment."""
    now = now or timezone.now()
    with transaction.atomic():
        # The request first, then the offer, then the volunteer: every action that
        # takes these locks takes them in this order, so none waits in a circle.
        row = lock(offer.request)
        current = Offer.objects.select_for_update().get(pk=offer.pk)
        if current.state == OfferState.ACCEPTED:
            earlier = Assignment.objects.filter(
                request=row, volunteer_id=current.volunteer_id, is_active=True
            ).first()
            if earlier is not None:
                return earlier
        if current.state != OfferState.OPEN or row.status not in OPEN_STATES:
            raise AlreadyTaken
        assignment = take(row, current.volunteer, by=None, now=now)
        current.state = next_offer_state(current.state, OfferMove.ACCEPT)
        current.answered_at = now
        current.save(update_fields=["state", "answered_at"])
    offer.refresh_from_db()
    return assignment


def decline(offer: Offer, *, now: datetime | None = None) -> Offer:
    """The volunteer says no; when nobody is left to answer, the request goes back to
    the coordinator's list of requests waiting for a volunteer."""
    now = now or timezone.now()
    with transaction.atomic():
        row = lock(offer.request)
        current = Offer.objects.select_for_update().get(pk=offer.pk)
        if current.state == OfferState.DECLINED:
            return current
        current.state = next_offer_state(current.state, OfferMove.DECLINE)
        current.answered_at = now
        current.save(update_fields=["state", "answered_at"])
        still_open = Offer.objects.filter(request=row, state=OfferState.OPEN).exists()
        if row.status == RequestStatus.OFFERED and not still_open:
            _move(row, RequestMove.WITHDRAW_OFFERS, actor=Actor.SYSTEM, now=now, locked=row)
    offer.refresh_from_db()
    return offer


def withdraw(request: HelpRequest, *, by: User, now: datetime | None = None) -> HelpRequest:
    """The coordinator takes back the offers nobody has answered."""
    now = now or timezone.now()
    if not is_coordinator(by, request):
        raise PermissionDenied

    with transaction.atomic():
        row = lock(request)
        _move(row, RequestMove.WITHDRAW_OFFERS, actor=Actor.COORDINATOR, now=now, locked=row)
        close_open_offers(row, now=now)
    request.refresh_from_db()
    return request


def open_offers_of(volunteer: Volunteer) -> list[Offer]:
    """Offers waiting for the volunteer's answer, soonest first."""
    return list(
        Offer.objects.filter(
            volunteer=volunteer,
            state=OfferState.OPEN,
            request__status__in=OPEN_STATES,
        )
        .select_related("request__municipality", "request__event", "request__place")
        .order_by("request__starts_at")
    )
