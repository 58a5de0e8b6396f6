"""The venue's pages: its free places for card holders, the bookings, and the door.

A venue sees only its own offers: another venue's offer is "not found" (404). At the
door, a scanned or typed card number or booking code gets one plain answer: let in
(and how many), already let in (and when), or why not.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kohtaamo.catalogue.models import Event, Service
from kohtaamo.catalogue.states import Status
from kohtaamo.core.gates import gate

from .. import services
from ..forms import CheckInForm, OfferForm, PlacesForm
from ..models import CardOffer, OfferDay, Reservation, Use
from ..states import HOLDING_STATES, ReservationState, TransitionNotAllowed

PAGE_SIZE = 25


venue_view = gate("cards.view_cardoffer")


def _own_offer(request, pk):
    return get_object_or_404(services.offers_of(request.user), pk=pk)


def _places_left_today(offer, today):
    if offer.kind != CardOffer.Kind.STANDING:
        return offer.places_left
    day = OfferDay.objects.filter(offer=offer, day=today).first()
    return offer.places_offered - (day.places_taken if day else 0)


@require_http_methods(["GET", "HEAD"])
@venue_view
def index(request):
    today = timezone.localdate()
    offers = services.offers_of(request.user).select_related("event__place")
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    for offer in page.object_list:
        offer.left_today = _places_left_today(offer, today)
    return render(
        request,
        "cards/venue_index.html",
        {
            "page": page,
            "today_offers": services.at_the_door_today(offers, today)[:PAGE_SIZE],
            "can_publish": request.user.has_perm("cards.add_cardoffer"),
        },
    )


def _choices(request):
    now = timezone.now()
    events = (
        Event.objects.filter(
            status=Status.PUBLISHED, is_cancelled=False, start__gte=now, card_offers__isnull=True
        )
        .select_related("service")
        .reachable_by(request.user, "cards.add_cardoffer")
        .order_by("start")[:200]
    )
    courses = (
        Service.objects.filter(status=Status.PUBLISHED)
        .reachable_by(request.user, "cards.add_cardoffer")
        .order_by("name_fi")[:200]
    )
    # ModelChoiceField needs querysets it can filter again: ids of the slices.
    return (
        Event.objects.filter(pk__in=[e.pk for e in events]).order_by("start"),
        Service.objects.filter(pk__in=[s.pk for s in courses]).order_by("name_fi"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@venue_view
def publish(request):
    if not request.user.has_perm("cards.add_cardoffer"):
        raise PermissionDenied
    events, courses = _choices(request)
    form = OfferForm(
        request.POST if request.method == "POST" else None, events=events, services=courses
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        kind = data["kind"]
        try:
            offer = services.publish_offer(
                request.user,
                kind=kind,
                places_offered=data["places_offered"],
                companion_places_offered=data.get("companion_places_offered") or 0,
                event=data["event"] if kind == CardOffer.Kind.EVENT else None,
                service=data["service"] if kind != CardOffer.Kind.EVENT else None,
            )
        except IntegrityError:
            form.add_error("event", _("This event already has card places."))
        else:
            messages.success(request, _("The free places were published for card holders."))
            return redirect("cards:offer", offer.pk)
    return render(request, "cards/publish.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@venue_view
def offer(request, pk):
    offer = _own_offer(request, pk)
    form = PlacesForm(
        request.POST if request.method == "POST" else None,
        initial={
            "places_offered": offer.places_offered,
            "companion_places_offered": offer.companion_places_offered,
        },
        offer=offer,
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_places(
                request.user,
                offer,
                data["places_offered"],
                # An empty field means no companion tickets; a standing offer has none.
                (data.get("companion_places_offered") or 0)
                if "companion_places_offered" in form.fields
                else None,
            )
        except services.CardError as refusal:
            form.add_error("places_offered", refusal.message)
        else:
            messages.success(request, _("The number of free places was changed."))
            return redirect("cards:offer", offer.pk)
    today = timezone.localdate()
    return render(
        request,
        "cards/offer.html",
        {
            "offer": offer,
            "form": form,
            "left_today": _places_left_today(offer, today),
            "bookings": offer.reservations.filter(state__in=HOLDING_STATES)
            .select_related("card")
            .order_by("created_at"),
            "can_check_in": request.user.has_perm("cards.check_in_cardoffer", offer),
        },
        status=400 if form.is_bound else 200,
    )


@dataclass
class DoorAnswer:
    kind: str  # "ok", "again" or "refused"
    title: str
    text: str
    code: str = ""
    # After a refusal for another day: what to send again to let the holder in anyway.
    retry: dict | None = None


def _let_in_text(use):
    companion = use.reservation is not None and use.reservation.companion
    if use.children and companion:
        return ngettext(
            "Let in the holder, %(count)s child and a companion.",
            "Let in the holder, %(count)s children and a companion.",
            use.children,
        ) % {"count": use.children}
    if use.children:
        return ngettext(
            "Let in the holder and %(count)s child.",
            "Let in the holder and %(count)s children.",
            use.children,
        ) % {"count": use.children}
    if companion:
        return _("Let in the holder and a companion.")
    return _("Let in the holder.")


def _check_in(request, offer, form):
    data = form.cleaned_data
    try:
        result = services.check_in(
            offer,
            by=request.user,
            card_number=form.card_number,
            code=form.booking_code,
            token=form.token,
            children=data["children"],
            other_day=data["other_day"],
        )
    except services.CardError as refusal:
        retry = None
        if refusal.code == "wrong_day":
            retry = {"code": data["code"], "children": data["children"]}
        return DoorAnswer("refused", _("Not let in"), refusal.message, refusal.code, retry)
    use = result.use
    if not result.created:
        at = time_format(timezone.localtime(use.at), "TIME_FORMAT")
        return DoorAnswer(
            "again",
            _("Already let in"),
            _("This card was already let in at %(time)s. One use is recorded.") % {"time": at}
            + " "
            + _let_in_text(use),
            "already_used",
        )
    return DoorAnswer("ok", _("Welcome"), _let_in_text(use), "let_in")


@require_http_methods(["GET", "HEAD", "POST"])
@venue_view
def door(request, pk):
    offer = _own_offer(request, pk)
    if not request.user.has_perm("cards.check_in_cardoffer", offer):
        raise PermissionDenied
    answer = None
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        answer = _check_in(request, offer, form)
        form = CheckInForm()
        # A walk-in took places after the offer was read: count what is left afresh.
        offer.refresh_from_db(fields=["places_offered", "places_taken"])
    today = timezone.localdate()
    uses = Use.objects.filter(offer=offer, day=today).select_related("card").order_by("-at")
    expected = (
        offer.reservations.filter(state=ReservationState.RESERVED).select_related("card")
        if offer.kind == CardOffer.Kind.EVENT and services.runs_on(offer, today)
        else Reservation.objects.none()
    )
    return render(
        request,
        "cards/door.html",
        {
            "offer": offer,
            "form": form,
            "answer": answer,
            "uses": uses,
            "expected": expected,
            "left_today": _places_left_today(offer, today),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_POST
@venue_view
def cancel(request, pk, reservation):
    offer = _own_offer(request, pk)
    reservation = get_object_or_404(Reservation, pk=reservation, offer=offer)
    try:
        services.cancel_reservation(reservation, actor=request.user)
    except services.CardError as refusal:
        messages.error(request, refusal.message)
    except TransitionNotAllowed:
        messages.error(request, _("This booking can no longer be cancelled."))
    else:
        messages.success(request, _("The booking was cancelled and its places freed."))
    return redirect("cards:offer", offer.pk)
