"""The distributor's pages: issue a card and print it, renew, replace and cancel, and
the unit's own cards.

A card of another distributor is "not found" (404): these pages never tell whether a
number exists elsewhere. The holder's name is asked only on the print form and goes
straight into the PDF.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kohtaamo.core import audit
from kohtaamo.core.gates import gate

from .. import numbers, printing, services
from ..forms import CardSearchForm, IssueForm, PrintForm
from ..states import CardStatus, TransitionNotAllowed

PAGE_SIZE = 25
CARD_FIELDS = ["number", "home_municipality", "birth_year", "valid_until", "status"]


distributor_view = gate("cards.view_card")


def _own_card(request, pk):
    return get_object_or_404(services.cards_of(request.user), pk=pk)


@require_safe
@distributor_view
def index(request):
    form = CardSearchForm(request.GET or None)
    cards = services.cards_of(request.user)
    query = ""
    if form.is_bound and form.is_valid() and form.cleaned_data["number"]:
        number = form.cleaned_data["number"]
        cards = cards.filter(number__startswith=number)
        query = urlencode({"number": number})
    elif form.is_bound and not form.is_valid():
        cards = cards.none()
    page = Paginator(cards, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cards/index.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_issue": services.distributors_for(request.user).exists(),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@distributor_view
def issue(request):
    distributors = list(services.distributors_for(request.user))
    if not distributors:
        return render(request, "cards/not_enrolled.html", status=403)
    chosen = distributors[0]
    if request.method == "POST" and len(distributors) > 1:
        wanted = request.POST.get("distributor", "")
        chosen = next((d for d in distributors if str(d.pk) == wanted), chosen)
    municipalities = services.member_municipalities(chosen.programme)
    form = IssueForm(
        request.POST if request.method == "POST" else None,
        distributors=services.distributors_for(request.user),
        municipalities=municipalities,
        initial={"distributor": chosen.pk},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            card = services.issue_card(
                request.user,
                data["distributor"],
                data["home_municipality"],
                data["born"],
                gender=data["gender"],
                language=data["language"],
            )
        except services.NotEligible as refusal:
            field = {"too_young": "born", "birth_year": "born"}.get(
                refusal.code, "home_municipality"
            )
            form.add_error(field, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Card %(number)s was issued. Print it for the holder and give them "
                    "the mobile card."
                )
                % {"number": numbers.printed(card.number)},
            )
            return redirect("cards:detail", card.pk)
    return render(request, "cards/issue.html", {"form": form, "distributors": distributors})


def _detail_context(request, card, print_form=None):
    usable = services.refusal(card) is None
    return {
        "card": card,
        "printed_number": numbers.printed(card.number),
        "refusal": services.refusal(card),
        "print_form": print_form or PrintForm(),
        "card_qr": printing.card_qr(card),
        "mobile_url": printing.mobile_url(request, card) if usable else "",
        "mobile_qr": printing.mobile_qr(request, card) if usable else "",
        "is_active": card.status == CardStatus.ACTIVE,
        "successor": card.replaced_by,
        "predecessor": getattr(card, "replaces", None),
    }


@never_cache
@require_safe
@distributor_view
def detail(request, pk):
    card = audit.read(request, _own_card(request, pk), fields=CARD_FIELDS, purpose="card page")
    return render(request, "cards/detail.html", _detail_context(request, card))


@never_cache
@require_POST
@distributor_view
def print_card(request, pk):
    card = _own_card(request, pk)
    form = PrintForm(request.POST)
    if services.refusal(card) is not None:
        messages.error(request, _("Only a valid card can be printed."))
        return redirect("cards:detail", card.pk)
    if not form.is_valid():
        return render(
            request, "cards/detail.html", _detail_context(request, card, form), status=400
        )
    # Logged without the name: the audit log says a card was printed, not for whom.
    audit.record(audit.Action.EXPORT, card, request=request, purpose="print culture card")
    response = HttpResponse(
        printing.pdf(request, card, form.cleaned_data["holder_name"]),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{printing.pdf_filename(card)}"'
    return response


def _card_action(request, pk, action, done):
    card = _own_card(request, pk)
    if not request.user.has_perm("cards.change_card", card):
        raise PermissionDenied
    try:
        result = action(request.user, card)
    except (services.CardError, TransitionNotAllowed) as refusal:
        messages.error(
            request, getattr(refusal, "message", "") or _("This card cannot be changed.")
        )
        return redirect("cards:detail", card.pk)
    messages.success(request, done(result))
    return redirect("cards:detail", result.pk)


@require_POST
@distributor_view
def renew(request, pk):
    return _card_action(
        request,
        pk,
        services.renew_card,
        lambda card: (
            _("The card was renewed. It is valid until %(day)s.")
            % {"day": date_format(card.valid_until, "SHORT_DATE_FORMAT")}
        ),
    )


@require_POST
@distributor_view
def replace(request, pk):
    return _card_action(
        request,
        pk,
        services.replace_card,
        lambda card: (
            _(
                "A new card %(number)s replaces the old one, which no longer works. "
                "Print the new card and give the holder the new mobile card."
            )
            % {"number": numbers.printed(card.number)}
        ),
    )


@require_POST
@distributor_view
def cancel(request, pk):
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the card is cancelled."))
        return redirect("cards:detail", pk)
    return _card_action(
        request, pk, services.cancel_card, lambda card: _("The card was cancelled.")
    )
