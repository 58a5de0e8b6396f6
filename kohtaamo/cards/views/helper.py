"""A professional books a free place for a card holder, by the number the holder gives.

The card is read (and the read recorded in the audit log) only once the number is typed;
the page then lists what the holder could book, as the holder's own page does.
"""

import secrets

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kohtaamo.core import audit
from kohtaamo.core.gates import gate

from .. import numbers, services
from ..forms import BookForm, HolderNumberForm
from ..models import CardOffer

helper_view = gate("cards.book_for_holder")


def _help_page(request, form, card=None, bound=None, status=200):
    context = {"form": form, "card": card}
    if card is not None:
        offers = services.offers_near(card)
        bookings = list(services.bookings_of(card))
        booked = {booking.offer_id for booking in bookings}
        forms = {}
        for offer in offers:
            if offer.pk in booked or offer.kind == offer.Kind.STANDING or not offer.places_left:
                continue
            prefix = f"offer-{offer.pk}"
            forms[offer.pk] = (
                bound[1]
                if bound and bound[0] == prefix
                else BookForm(prefix=prefix, initial={"key": secrets.token_urlsafe(24)})
            )
        context.update(
            printed_number=numbers.printed(card.number),
            offers=offers,
            bookings=bookings,
            booked=booked,
            waiting={},
            forms=forms,
            staff_number=card.number,
        )
    return render(request, "cards/help_book.html", context, status=status)


def _card_from(request, form):
    """The usable card behind the typed number, or ``None`` with the reason on the form."""
    if not form.is_valid():
        return None
    try:
        card = services.validate_card(form.cleaned_data["number"])
    except services.CardRefused as refusal:
        form.add_error("number", refusal.message)
        return None
    return audit.read(
        request, card, fields=["valid_until", "home_municipality"], purpose="book for holder"
    )


@require_safe
@helper_view
def help_book(request):
    form = HolderNumberForm(request.GET or None)
    card = _card_from(request, form) if form.is_bound else None
    return _help_page(request, form, card, status=200 if card or not form.is_bound else 400)


@require_POST
@helper_view
def help_book_offer(request, offer):
    form = HolderNumberForm(request.POST)
    card = _card_from(request, form)
    if card is None:
        return _help_page(request, form, status=400)
    offer = get_object_or_404(CardOffer.objects.select_related("event", "service"), pk=offer)
    prefix = f"offer-{offer.pk}"
    book_form = BookForm(request.POST, prefix=prefix)
    if not book_form.is_valid():
        return _help_page(request, form, card, bound=(prefix, book_form), status=400)
    try:
        booking = services.book_for_holder(
            request.user,
            card,
            offer,
            children=book_form.cleaned_data["children"],
            idempotency_key=book_form.cleaned_data["key"],
        )
    except services.CardError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "Booked: %(name)s. The holder sees the booking and its code on their "
                "mobile card, or can give the card number at the door."
            )
            % {"name": booking.reservation.offer},
        )
    return redirect(reverse("cards:help") + "?" + urlencode({"number": card.number}))
