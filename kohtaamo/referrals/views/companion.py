"""A volunteer companion for a referral's client: the professional who ticked "needs a
companion" (or the culture advisor working on it) asks a volunteer programme for one,
and the referral page then follows the request.

The request is made by the volunteers services under the referral's consent
(:func:`kohtaamo.volunteers.services.create_request` checks it and the person's side).
What goes along is what the form shows: the first name, the meeting point, the coded
needs and, only with the client's agreement, the phone; never the referral's reasons.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kohtaamo.core.gates import gate
from kohtaamo.volunteers import services as volunteers
from kohtaamo.volunteers.models import HelpKind, HelpRequest, Programme, RequestSource
from kohtaamo.volunteers.states import CLOSED_STATES, RequestStatus

from .. import services, states
from ..forms.companion import CompanionRequestForm, initial_for
from ..models import Need
from ..states import Side
from .shared import attach_errors

referral_staff = gate(services.VIEW)

# Waiting, found, confirmed, took place ... as the referral page names a request's state.
WAITING = {RequestStatus.REQUESTED, RequestStatus.OFFERED}


def _programmes(referral):
    return Programme.objects.filter(
        Q(municipalities__county=referral.county), is_active=True
    ).distinct()


def requests_of(referral):
    return list(
        HelpRequest.objects.filter(referral=referral)
        .select_related("programme")
        .prefetch_related("assignments")
        .order_by("-created_at")
    )


def state_label(request):
    """A request's state for the referral page: waiting, volunteer found, confirmed..."""
    status = RequestStatus.REQUESTED if request.status in WAITING else request.status
    return RequestStatus(status).label


def panel(user, referral, held):
    """The referral page's companion section: its requests and whether to ask for one."""
    found = requests_of(referral)
    for request in found:
        request.state_label = state_label(request)
    needs_one = Need.COMPANION in (referral.needs or [])
    open_request = any(r.status not in CLOSED_STATES for r in found)
    can_ask = (
        bool(held)
        and referral.status not in states.CLOSED
        and referral.status != states.Status.DRAFT
        and referral.personal_data_erased_at is None
        and referral.consents.exists()
        and not open_request
        and _programmes(referral).exists()
    )
    return {
        "companion_requests": found,
        "companion_needed": needs_one,
        "can_ask_companion": can_ask and (needs_one or bool(found)),
    }


def _form(request, referral, client, data=None):
    return CompanionRequestForm(
        data,
        programmes=_programmes(referral),
        has_phone=bool(client is not None and client.phone),
        initial=initial_for(referral, client),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@referral_staff
def ask(request, pk):
    referral = services.referral_for(request.user, pk)
    held = services.sides(request.user, referral)
    if not held or not (Side.ISSUER in held or Side.RECEIVER in held):
        raise PermissionDenied
    if not panel(request.user, referral, held)["can_ask_companion"]:
        messages.error(request, _("A volunteer companion cannot be asked for this referral now."))
        return redirect(reverse("referrals:detail", args=[referral.pk]) + "#companion-title")
    client = services.client_details(request, referral, purpose="companion request")
    form = _form(request, referral, client, request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                _create(request.user, referral, client, form.cleaned_data)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The volunteer programme was asked for a companion. This page "
                        "shows when a volunteer is found."
                    ),
                )
                return redirect(
                    reverse("referrals:detail", args=[referral.pk]) + "#companion-title"
                )
        status = 400
    return render(
        request,
        "referrals/companion.html",
        {"referral": referral, "form": form},
        status=status,
    )


def _create(user, referral, client, data):
    share_phone = bool(data.get("share_phone")) and client is not None and bool(client.phone)
    return volunteers.create_request(
        programme=data["programme"],
        source=RequestSource.REFERRAL,
        by=user,
        referral=referral,
        help_kind=HelpKind.ACCOMPANY,
        event=referral.agreed_event,
        what=data["what"],
        art_forms=list(referral.interests.all()),
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        municipality=data["municipality"],
        meeting_point=data["meeting_point"],
        people=data["people"],
        language=data["language"],
        needs=data["needs"],
        needs_note=data["needs_note"],
        client_alias=data["client_alias"],
        client_phone=client.phone if share_phone else "",
        client_agreed_to_share_phone=share_phone,
    )
