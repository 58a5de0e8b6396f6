"""The holder's own card on their phone, behind the card's secret link.

No sign-in: the 256-bit link is the key (decision 0015). An unknown link is "not
found"; a replaced, cancelled or expired card says so plainly and shows no code. The
page works without JavaScript; with it, a small service worker keeps the page on the
phone so that the code can be shown at the door without a connection.
"""

import json
import re
import secrets
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext, npgettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kohtaamo.core import plain, secret_links
from kohtaamo.core.printing import qr_svg
from kohtaamo.volunteers import services as volunteer_services
from kohtaamo.volunteers.services import VolunteerError

from .. import numbers, printing, services
from ..forms import BookForm, OfferFilterForm, WaitForm
from ..models import Card, CardOffer, Reservation
from ..states import TransitionNotAllowed

THEME_COLOUR = "#1f4e79"
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
SERVICE_WORKER = Path(__file__).resolve().parents[2] / "static" / "cards" / "sw.js"


def _card(token):
    # Only what new_secret() makes is looked up: anything else (a NUL byte included,
    # which PostgreSQL refuses in text) is simply not found.
    if not TOKEN.fullmatch(token):
        raise Http404
    card = (
        Card.objects.select_related("home_municipality", "distributor__unit", "replaced_by")
        .filter(mobile_token=token)
        .first()
    )
    if card is None:
        raise Http404
    return card


def _private(response):
    # Only the holder's own phone may keep this page; no shared cache, no search engine.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _offer_form(request, offer, bound=None):
    """The booking form of an offer (or its waiting list's when full), or ``None`` for a
    standing offer, which needs no booking."""
    if offer.kind == CardOffer.Kind.STANDING:
        return None
    if bound is not None:
        return bound
    words = {"plain": plain.is_on(request)}
    if offer.places_left > 0:
        return BookForm(
            prefix=f"offer-{offer.pk}",
            initial={"key": secrets.token_urlsafe(24)},
            offer=offer,
            volunteers=services.companions.programme_for(offer) is not None,
            **words,
        )
    return WaitForm(prefix=f"wait-{offer.pk}", **words)


def _base(card):
    return {
        "card": card,
        "token": card.mobile_token,
        "printed_number": numbers.printed(card.number),
        "theme_colour": THEME_COLOUR,
    }


def _render(request, card, *, status=200):
    refusal = services.refusal(card)
    context = {**_base(card), "refusal": refusal}
    if refusal is None:
        now = timezone.now()
        bookings = list(services.bookings_of(card))
        for booking in bookings:
            booking.qr = qr_svg(booking.token, _("QR code of the booking"))
        search = OfferFilterForm(_search_query(request), plain=plain.is_on(request))
        offers = services.offers_near(
            card, now=now, words=search.words(), days=search.days(timezone.localdate(now))
        )
        open_ids = {offer.pk for offer in services.offers_near(card, now=now)}
        waiting = {
            entry.offer_id: entry
            for entry in card.waiting_list_entries.select_related("offer__event", "offer__service")
        }
        context.update(
            companion_visits=volunteer_services.client_visits(
                services.companions.requests_of(card)
            ),
            qr=printing.card_qr(card),
            bookings=bookings,
            offers=offers,
            search=search,
            searched=bool(search.words() or search.days(timezone.localdate(now))),
            booked={booking.offer_id for booking in bookings},
            waiting=waiting,
            # Only for what can still be booked: an alert for a past event is noise.
            alerts=[
                entry
                for entry in waiting.values()
                if entry.alerted_at and entry.offer_id in open_ids
            ],
            search_url=reverse("catalogue:search")
            + f"?card=true&municipality={card.home_municipality.code}",
        )
    return _private(
        render(request, plain.template(request, "cards/mobile.html"), context, status=status)
    )


def _search_query(request):
    # The switch's own parameter is no search: a page opened with it alone shows all.
    query = request.GET.copy()
    query.pop(plain.PARAMETER, None)
    return query or None


def _render_offer(request, card, offer, *, bound=None, status=200):
    """One offer on its own page, with its booking form: the list stays short."""
    if services.refusal(card) is not None:
        return _back(card)
    booked = services.bookings_of(card).filter(offer=offer).first()
    context = {
        **_base(card),
        "offer": offer,
        "booking": booked,
        "waiting": card.waiting_list_entries.filter(offer=offer).first(),
        "form": None if booked else _offer_form(request, offer, bound),
    }
    template = plain.template(request, "cards/holder_offer.html")
    return _private(render(request, template, context, status=status))


def _open_offer(card, pk):
    offer = services.open_offer_for(card, pk)
    if offer is None:
        raise Http404
    return offer


@secret_links.from_cookie(secret_links.CARD)
@require_safe
def offer(request, token, offer):
    card = _card(token)
    return _render_offer(request, card, _open_offer(card, offer))


@secret_links.from_cookie(secret_links.CARD, page=True)
@require_safe
def mobile(request, token):
    return _render(request, _card(token))


def _back(card, anchor=""):
    return redirect(reverse("cards:mobile_page") + anchor)


def _to_offer(card, offer):
    return redirect(reverse("cards:holder_offer", args=[offer.pk]))


def _refuse(request, refusal):
    messages.error(request, refusal.message)


def _offer_post(request, token, offer, make_form, act):
    """A holder's answer on an offer's page (book it, wait for a place): an invalid form
    shows the offer again with its errors, a refusal goes back to the offer with its
    reason, and ``act(card, offer, data)`` answers the rest."""
    card = _card(token)
    offer = get_object_or_404(CardOffer.objects.select_related("event", "service"), pk=offer)
    form = make_form(offer)
    if not form.is_valid():
        return _render_offer(request, card, offer, bound=form, status=400)
    try:
        return act(card, offer, form.cleaned_data)
    except services.CardError as refusal:
        _refuse(request, refusal)
        return _to_offer(card, offer)


@secret_links.from_cookie(secret_links.CARD)
@require_POST
def book(request, token, offer):
    def form(offer):
        return BookForm(
            request.POST,
            prefix=f"offer-{offer.pk}",
            offer=offer,
            volunteers=services.companions.programme_for(offer) is not None,
            plain=plain.is_on(request),
        )

    def reserve(card, offer, data):
        # A volunteer companion comes in on a companion ticket when the venue offers them.
        companion = data.get("companion", False) or (
            bool(data.get("volunteer")) and offer.companion_places_left > 0
        )
        booking = services.reserve(
            card,
            offer,
            children=data["children"],
            companion=companion,
            idempotency_key=data["key"],
        )
        messages.success(request, _booked(request, offer, booking.reservation))
        if data.get("volunteer") and booking.created:
            _ask_volunteer(request, booking.reservation, data)
        return _back(card, "#bookings")

    return _offer_post(request, token, offer, form, reserve)


def _booked(request, offer, reservation):
    children = reservation.children
    if plain.is_on(request):
        return _booked_plain(offer, children, reservation.companion)
    booked = (
        ngettext(
            "Booked: %(name)s, for you and %(count)s child. Show the booking code at the door.",
            "Booked: %(name)s, for you and %(count)s children. Show the booking code at the door.",
            children,
        )
        % {"name": offer, "count": children}
        if children
        else _("Booked: %(name)s. Show the booking code at the door.") % {"name": offer}
    )
    if reservation.companion:
        booked += " " + _("Your companion comes free with the same booking code.")
    return booked


def _ask_volunteer(request, reservation, data):
    asking = services.companions.Asking(
        first_name=data["first_name"],
        phone=(data.get("phone") or "").strip(),
        share_phone=bool(data.get("share_phone")),
    )
    try:
        services.companions.ask_volunteer(reservation, asking)
    except ValidationError as refusal:
        messages.warning(request, _not_asked(" ".join(refusal.messages)))
    except VolunteerError as refusal:
        messages.warning(request, _not_asked(str(refusal.message)))
    else:
        messages.info(
            request,
            _("A volunteer companion was asked for. This page tells you when one is found."),
        )


def _not_asked(why):
    return _("Your place is booked, but a volunteer could not be asked for: %(why)s") % {"why": why}


@secret_links.from_cookie(secret_links.CARD)
@require_POST
def rate_companion(request, token, help_request):
    """The holder rates the visit with the volunteer asked for with their booking."""
    card = _card(token)
    found = services.companions.requests_of(card).filter(pk=help_request)
    visit = next(iter(volunteer_services.rateable(found)), None)
    if visit is None:
        raise Http404
    value = request.POST.get("rating", "")
    rating = int(value) if len(value) == 1 and value.isdigit() else 0
    try:
        volunteer_services.rate_visit(visit, rating, request.POST.get("comment", ""))
    except ValidationError:
        messages.error(request, _("Choose a number from 1 to 5."))
    else:
        messages.success(request, _("Thank you for rating the visit."))
    return _back(card, "#companion-visits-title")


def _booked_plain(offer, children, companion):
    booked = pgettext("plain", "You booked a place: %(name)s.") % {"name": offer}
    who = (
        npgettext(
            "plain",
            "You and %(count)s child can come.",
            "You and %(count)s children can come.",
            children,
        )
        % {"count": children}
        if children
        else ""
    )
    helper = pgettext("plain", "Your helper gets in for free.") if companion else ""
    door = pgettext("plain", "Show the booking code at the door.")
    return " ".join(part for part in (booked, who, helper, door) if part)


@secret_links.from_cookie(secret_links.CARD)
@require_POST
def wait(request, token, offer):
    def form(offer):
        return WaitForm(request.POST, prefix=f"wait-{offer.pk}", plain=plain.is_on(request))

    def join(card, offer, data):
        services.join_waiting_list(card, offer, children=data["children"])
        messages.success(
            request,
            plain.choose(
                request,
                _("You are on the waiting list. If a place becomes free, this page tells you."),
                pgettext(
                    "plain",
                    "You are on the waiting list. If a place becomes free, you see it on your "
                    "card page.",
                ),
            ),
        )
        return _to_offer(card, offer)

    return _offer_post(request, token, offer, form, join)


@secret_links.from_cookie(secret_links.CARD)
@require_POST
def cancel(request, token, reservation):
    card = _card(token)
    reservation = get_object_or_404(Reservation, pk=reservation, card=card)
    try:
        services.cancel_reservation(reservation, card=card)
    except services.CardError as refusal:
        _refuse(request, refusal)
    except TransitionNotAllowed:
        messages.error(
            request,
            plain.choose(
                request,
                _("This booking can no longer be cancelled."),
                pgettext("plain", "You cannot cancel this booking any more."),
            ),
        )
    else:
        # A volunteer asked to come along is not needed either.
        services.companions.cancel_with_booking(reservation)
        messages.success(
            request,
            plain.choose(
                request,
                _("The booking was cancelled and the place freed."),
                pgettext("plain", "You cancelled the booking. Someone else can now get the place."),
            ),
        )
    return _back(card, "#bookings")


@secret_links.from_cookie(secret_links.CARD)
@require_safe
def manifest(request, token):
    card = _card(token)
    page = reverse("cards:mobile_page")
    body = {
        "name": _("Kaikukortti culture card"),
        "short_name": _("Kaikukortti"),
        "lang": get_language(),
        # The code after "#" stays on the phone: if the card's cookie has expired, the
        # page opened from the home screen trades it again (core.secret_links).
        "start_url": f"{page}#{card.mobile_token}",
        "scope": page,
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {"src": static("cards/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("cards/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("cards/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )
    return _private(response)


@require_safe
def service_worker(request):
    # Served from under /<language>/card/ so that it may look after the card pages.
    response = HttpResponse(SERVICE_WORKER.read_text(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response
