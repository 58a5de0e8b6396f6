"""The staff's referral pages: the professional who sends, and the unit that receives.

Only the sending and the receiving unit reach a referral; any other is "not found"
(404). The gate lets in whoever works with referrals at all; which side a person acts
for, and what they may do, the services decide (a side that may see a referral but
not make a move gets 403). Every read of the client's data goes through the services,
which write the audit log.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kohtaamo.catalogue import display
from kohtaamo.core import audit
from kohtaamo.core.gates import gate
from kohtaamo.search.query import SearchParams, search

from .. import printing, services, states
from ..forms import (
    AgreeForm,
    CompleteForm,
    ConsentForm,
    ContactForm,
    DeclineForm,
    NoteForm,
    ReferralForm,
    RerouteForm,
    is_catalogue_id,
)
from ..models import ReferralType
from ..states import STEP_SIDE, Side, Status, Step, TransitionNotAllowed, allowed_moves
from . import companion
from .shared import attach_errors, pdf_response

PAGE_SIZE = 25
SEARCH_RESULTS = 8

referral_staff = gate(services.VIEW)


# --- Lists ------------------------------------------------------------------------


@require_safe
@referral_staff
def index(request):
    """The sender's own referrals with their status."""
    units = services.issuing_units(request.user)
    referrals = services.sent_by_units_of(request.user)
    incoming = services.received_by_units_of(request.user)
    if not units or (
        not referrals.exists() and incoming.exists() and services.only_receives(units)
    ):
        return redirect("referrals:queue")
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/index.html",
        {
            "page": page,
            "can_write": bool(units),
            "has_queue": services.only_receives(units) or incoming.exists(),
        },
    )


@require_safe
@referral_staff
def queue(request):
    """The receiving unit's queue: waiting for an answer, being worked on, closed."""
    incoming = services.received_by_units_of(request.user)
    return render(
        request,
        "referrals/queue.html",
        {
            "waiting": list(incoming.filter(status__in=states.AWAITING_RESPONSE)),
            "working": list(incoming.filter(status__in=states.WORKING)),
            "closed": list(
                incoming.exclude(status__in=[*states.AWAITING_RESPONSE, *states.WORKING])[:50]
            ),
            "feedback": services.feedback_summary(incoming),
            "now": timezone.now(),
        },
    )


# --- Writing ----------------------------------------------------------------------


def _issuing_unit(request):
    units = services.issuing_units(request.user)
    if not units:
        raise PermissionDenied
    wanted = request.POST.get("unit") or request.GET.get("unit")
    for unit in units:
        if str(unit.pk) == wanted:
            return unit, units
    return units[0], units


@require_safe
@referral_staff
def new(request):
    unit, units = _issuing_unit(request)
    return render(
        request,
        "referrals/new.html",
        {"unit": unit, "units": units, "types": services.referral_types_for(unit)},
    )


def _catalogue_search(q, county, language):
    """Published services and coming events in the county matching ``q``."""
    if not q.strip():
        return [], []
    common = {"q": q, "county": [county.code], "lang": language}
    service_ids = search("service", SearchParams(**common), limit=SEARCH_RESULTS, facets=False).ids
    event_ids = search(
        "event",
        SearchParams(**common, date_from=timezone.localdate()),
        limit=SEARCH_RESULTS,
        facets=False,
    ).ids
    return (
        display.in_order(display.services_for_display(display.public_services()), service_ids),
        display.in_order(display.events_for_display(display.public_events()), event_ids),
    )


def _chosen_ids(data, name):
    return [int(value) for value in data.getlist(name) if is_catalogue_id(value)][:50]


def _as_initial(data):
    return {key: data.getlist(key) if len(data.getlist(key)) > 1 else data.get(key) for key in data}


@require_http_methods(["GET", "HEAD", "POST"])
@referral_staff
def write(request, type_pk):
    """The referral form: receiver, consent first, the client, reasons and interests,
    and suggestions searched from the catalogue within the form."""
    unit, _units = _issuing_unit(request)
    referral_type = get_object_or_404(services.referral_types_for(unit), pk=type_pk)
    return _form_page(request, unit, referral_type)


@require_http_methods(["GET", "HEAD", "POST"])
@referral_staff
def edit(request, pk):
    """The same form for a draft not yet sent."""
    draft = services.referral_for(request.user, pk)
    services.require_side(request.user, draft, Side.ISSUER)
    if draft.status != Status.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("referrals:detail", pk)
    return _form_page(request, draft.issuing_unit, draft.referral_type, draft)


def _draft_initial(request, draft):
    initial = {
        "receiving_unit": draft.receiving_unit_id,
        "receiving_service": draft.receiving_service_id,
        "reasons": draft.reasons,
        "reason_note": draft.reason_note,
        "interests": list(draft.interests.values_list("pk", flat=True)),
        "language": draft.language_id,
        "needs": draft.needs,
        "needs_note": draft.needs_note,
        "preferred_municipality": draft.preferred_municipality_id,
    }
    client = services.client_details(request, draft, purpose="edit draft referral")
    if client is not None:
        initial.update({field: getattr(client, field) for field in services.CLIENT_FIELDS})
    return initial


def _form_page(request, unit, referral_type, draft=None):
    action = request.POST.get("action", "")
    options = {
        "referral_type": referral_type,
        "units": services.receiving_units(referral_type.county),
        "issuing": action == "issue",
    }
    if action == "search":
        # A search keeps what was typed but judges nothing yet: no errors to read.
        form = ReferralForm(initial=_as_initial(request.POST), **options)
    elif request.method == "POST":
        form = ReferralForm(request.POST, **options)
    else:
        initial = _draft_initial(request, draft) if draft else None
        form = ReferralForm(initial=initial, **options)
    duplicates = []
    if action in ("draft", "issue") and form.is_valid():
        data = form.cleaned_data
        if referral_type.is_personal and data.get("birth_date") and not data["confirm_new_client"]:
            duplicates = [
                earlier
                for earlier in services.find_possible_duplicates(
                    request, referral_type.county, data["full_name"], data["birth_date"]
                )
                if draft is None or earlier.pk != draft.pk
            ]
        if not duplicates:
            try:
                if draft is None:
                    referral = services.write_referral(
                        request.user, unit, referral_type, data, issue=action == "issue"
                    )
                else:
                    referral = services.update_draft(
                        request.user, draft, data, issue=action == "issue"
                    )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                if referral.status == Status.ISSUED:
                    messages.success(request, _("The referral was sent."))
                else:
                    messages.success(request, _("The referral was saved as a draft."))
                return redirect("referrals:detail", referral.pk)
    language = display.current_language()
    q = request.POST.get("q", "")[:200]
    found_services, found_events = _catalogue_search(q, referral_type.county, language)
    if request.method == "POST" or draft is None:
        service_ids = _chosen_ids(request.POST, "suggested_services")
        event_ids = _chosen_ids(request.POST, "suggested_events")
    else:
        service_ids = list(draft.suggested_services.values_list("pk", flat=True))
        event_ids = list(draft.suggested_events.values_list("pk", flat=True))
    chosen_services = display.in_order(display.public_services(), service_ids)
    chosen_events = display.in_order(display.public_events(), event_ids)
    chosen = {("service", s.pk) for s in chosen_services} | {("event", e.pk) for e in chosen_events}
    return render(
        request,
        "referrals/write.html",
        {
            "form": form,
            "unit": unit,
            "referral_type": referral_type,
            "draft": draft,
            "form_url": (
                reverse("referrals:edit", args=[draft.pk])
                if draft
                else reverse("referrals:write", args=[referral_type.pk])
            ),
            "duplicates": duplicates,
            "q": q,
            "searched": bool(q.strip()) and action == "search",
            "chosen_services": chosen_services,
            "chosen_events": chosen_events,
            "found_services": [s for s in found_services if ("service", s.pk) not in chosen],
            "found_events": [e for e in found_events if ("event", e.pk) not in chosen],
            "prescription_types": services.referral_types_for(unit).filter(
                kind=ReferralType.Kind.PRESCRIPTION
            ),
        },
        status=400 if form.is_bound and form.errors and action != "search" else 200,
    )


# --- One referral -----------------------------------------------------------------


def _agree_options(referral, found_services=(), found_events=()):
    options = []
    for service in [*referral.suggested_services.all(), *found_services]:
        options.append((f"service-{service.pk}", display.text(service, "name").value))
    for event in [*referral.suggested_events.all(), *found_events]:
        label = display.text(event, "name").value
        when = formats.date_format(timezone.localtime(event.start), "SHORT_DATETIME_FORMAT")
        options.append((f"event-{event.pk}", f"{label} ({when})"))
    return list(dict.fromkeys(options))


def _detail_context(request, referral, bound=None):
    bound = bound or {}
    held = services.sides(request.user, referral)
    receiver = Side.RECEIVER in held
    issuer = Side.ISSUER in held
    context = {
        "referral": referral,
        "issuer": issuer,
        "receiver": receiver,
        "client": services.client_details(request, referral, purpose="referral page"),
        "history": services.status_history(request.user, referral),
        "consents": list(referral.consents.select_related("receiving_unit", "receiving_service")),
        "suggested_services": list(referral.suggested_services.all()),
        "suggested_events": list(referral.suggested_events.all()),
        "is_open": referral.status not in states.CLOSED,
    }
    moves = set()
    if receiver:
        moves |= set(allowed_moves(referral.status, Side.RECEIVER))
        context["contacts"] = services.contact_log(request.user, referral)
        q = request.GET.get("q", "")[:200]
        found_services, found_events = _catalogue_search(
            q, referral.county, display.current_language()
        )
        context["q"] = q
        options = _agree_options(referral, found_services, found_events)
        context["agree_form"] = bound.get("agree") or AgreeForm(options=options)
        context["contact_form"] = bound.get("contact") or ContactForm(
            initial={"date": timezone.localdate()}
        )
        context["decline_form"] = bound.get("decline") or DeclineForm()
        context["note_form"] = NoteForm()
        context["complete_form"] = bound.get("complete") or CompleteForm()
        context["can_contact"] = referral.status in states.WORKING
        agreed = referral.agreed_event or referral.agreed_service
        context["agreed"] = agreed
        context["can_book"] = agreed is not None and referral.status in states.BOOKABLE
    if issuer:
        moves |= set(allowed_moves(referral.status, Side.ISSUER))
        if referral.status == Status.DRAFT and referral.referral_type.is_personal:
            context["needs_consent"] = not referral.consents.exists()
            context["consent_form"] = bound.get("consent") or ConsentForm(
                initial={"given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
            )
    context["moves"] = moves
    context.update(companion.panel(request.user, referral, held))
    if states.Move.REROUTE in moves:
        context["reroute_form"] = bound.get("reroute") or RerouteForm(
            units=services.receiving_units(referral.county, exclude=referral.receiving_unit),
            personal=referral.referral_type.is_personal,
        )
    return context


def _show(request, referral, bound=None, status=200):
    return render(
        request, "referrals/detail.html", _detail_context(request, referral, bound), status=status
    )


@require_safe
@referral_staff
def detail(request, pk):
    return _show(request, services.referral_for(request.user, pk))


# --- One step of the loop ---------------------------------------------------------


def _note(request):
    return request.POST.get("note", "")[:500]


def _reroute_form(request, referral):
    return RerouteForm(
        request.POST,
        units=services.receiving_units(referral.county, exclude=referral.receiving_unit),
        personal=referral.referral_type.is_personal,
    )


def _agree_form(request, referral):
    q = request.POST.get("q", "")[:200]
    found = _catalogue_search(q, referral.county, display.current_language())
    return AgreeForm(request.POST, options=_agree_options(referral, *found))


def _agree(user, referral, data, form):
    service, event = form.chosen()
    services.agree_activity(user, referral, note=data["note"], service=service, event=event)


@dataclass(frozen=True)
class StepPage:
    """How the detail page takes one step: its form (None: no form), the service that
    takes it (``user, referral, cleaned data, form``), and what the page says after."""

    done: str | Promise  # lazy translation
    take: Callable
    form: Callable[..., forms.Form] | None = None


STEPS = {
    Step.ACCEPT: StepPage(
        gettext_lazy("The referral was accepted."),
        lambda user, referral, data, form: services.accept(user, referral, note=data["note"]),
        lambda request, referral: NoteForm(request.POST),
    ),
    Step.DECLINE: StepPage(
        gettext_lazy("The referral was declined."),
        lambda user, referral, data, form: services.decline(
            user, referral, data["reason"], note=data["note"]
        ),
        lambda request, referral: DeclineForm(request.POST),
    ),
    Step.CONTACT: StepPage(
        gettext_lazy("The contact was recorded."),
        lambda user, referral, data, form: services.record_contact(user, referral, **data),
        lambda request, referral: ContactForm(request.POST),
    ),
    Step.AGREE: StepPage(gettext_lazy("The agreed activity was recorded."), _agree, _agree_form),
    Step.BOOK: StepPage(
        gettext_lazy("The booking was recorded."),
        lambda user, referral, data, form: services.record_booking(user, referral),
    ),
    Step.ATTENDING: StepPage(
        gettext_lazy("The client was marked as attending."),
        lambda user, referral, data, form: services.mark_attending(
            user, referral, note=data["note"]
        ),
    ),
    Step.COMPLETE: StepPage(
        gettext_lazy("The referral was completed."),
        lambda user, referral, data, form: services.complete(user, referral, note=data["note"]),
        lambda request, referral: CompleteForm(request.POST),
    ),
    Step.REROUTE: StepPage(
        gettext_lazy("The referral was sent to another unit."),
        lambda user, referral, data, form: services.reroute_with_consent(
            user,
            referral,
            data["unit"],
            method=data.get("consent_method"),
            note=data["note"],
        ),
        _reroute_form,
    ),
    Step.CONSENT: StepPage(
        gettext_lazy("The client's consent was recorded."),
        lambda user, referral, data, form: services.record_consent(
            user,
            referral,
            shared=data["shared"],
            method=data["method"],
            given_at=data["given_at"],
        ),
        lambda request, referral: ConsentForm(request.POST),
    ),
    Step.ISSUE: StepPage(
        gettext_lazy("The referral was sent."),
        lambda user, referral, data, form: services.issue_referral(user, referral),
    ),
}


@require_POST
@referral_staff
def act(request, pk, move):
    """One step of the loop from the detail page (``move`` is a :class:`Step`)."""
    if move not in STEPS:
        raise Http404
    step = STEPS[move]
    referral = services.referral_for(request.user, pk)
    if STEP_SIDE[move] is not None:
        services.require_side(request.user, referral, STEP_SIDE[move])
    form = step.form(request, referral) if step.form else None
    try:
        if form is None:
            step.take(request.user, referral, {"note": _note(request)}, None)
        elif form.is_valid():
            step.take(request.user, referral, form.cleaned_data, form)
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("referrals:detail", referral.pk)
        attach_errors(form, error)
    except TransitionNotAllowed:
        messages.error(request, _("That step is not possible in this referral's present state."))
        return redirect("referrals:detail", referral.pk)
    if form is not None and form.errors:
        referral = services.referral_for(request.user, pk)
        return _show(request, referral, bound={move: form}, status=400)
    messages.success(request, step.done)
    return redirect("referrals:detail", referral.pk)


@require_POST
@referral_staff
def delete(request, pk):
    referral = services.referral_for(request.user, pk)
    try:
        services.delete_draft(request.user, referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("referrals:detail", pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("referrals:index")


def _printable(request, pk, action, purpose):
    referral = services.referral_for(request.user, pk)
    if not services.sides(request.user, referral):
        raise PermissionDenied
    if referral.status == Status.DRAFT:
        messages.error(request, _("Send the referral before printing it for the client."))
        return referral, redirect("referrals:detail", pk)
    # The printout carries the client's own link, the key to their personal data.
    audit.record(action, referral, request=request, fields=["public_token"], purpose=purpose)
    return referral, None


@require_safe
@referral_staff
def print_page(request, pk):
    referral, refused = _printable(request, pk, audit.Action.VIEW, "printed for the client")
    if refused:
        return refused
    html = printing.render_page(
        request,
        referral,
        back_url=reverse("referrals:detail", args=[pk]),
        pdf_url=reverse("referrals:pdf", args=[pk]),
        interface_language=display.current_language(),
    )
    return HttpResponse(html)


@require_safe
@referral_staff
def pdf(request, pk):
    referral, refused = _printable(request, pk, audit.Action.EXPORT, "PDF for the client")
    return refused or pdf_response(request, referral)
