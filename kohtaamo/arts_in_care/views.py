"""Pages of arts in care: engagements, their sessions and their agreement.

Views parse the request, call one service and render; the services decide who may do
what. Someone else's engagement is "not found" (404), never "forbidden".
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kohtaamo.core import printing
from kohtaamo.core.gates import gate
from kohtaamo.core.tables import csv_response, xlsx_response

from . import ical
from .forms import (
    FACE_LABELS,
    FACE_SIGNS,
    EngagementForm,
    MoveForm,
    ScheduleForm,
    SessionLogForm,
    SignedForm,
)
from .models import ArtSession, Goal
from .services import access, engagements, inventory, learning_hours
from .services import sessions as session_services
from .services.measures import art_minutes, staff_hours
from .states import EDITABLE, LOGGABLE, SCHEDULABLE, Move, Status, TransitionNotAllowed

EXPORTS = {"csv": csv_response, "xlsx": xlsx_response}
FACE_SIGNS_AND_LABELS = [(FACE_SIGNS[face], FACE_LABELS[face]) for face in sorted(FACE_SIGNS)]


def add_errors(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, problems)
            continue
        # The mood checks are five inputs each: their error stands beside the faces.
        if hasattr(form, "group_errors"):
            form.group_errors[field] = problems
        form.add_error(None, problems)


def _inventory_context(request):
    numbers = inventory.inventory(request.user)
    bars = [
        {"label": label, "value": count, "shown": count} for label, count in numbers.by_art_form
    ]
    table = numbers.table()
    return {
        "numbers": numbers,
        "table": table,
        "rows": list(zip(numbers.engagements, table.rows, strict=True)),
        "bars": bars,
        "max_value": max((bar["value"] for bar in bars), default=0),
        "chart_title": _("Engagements by art form"),
    }


@require_safe
@gate(access.VIEW)
def engagement_list(request):
    if request.user.has_perm(access.INVENTORY):
        # The county's coordinator lands on the whole county's inventory.
        return render(request, "arts_in_care/inventory.html", _inventory_context(request))
    rows = access.visible_engagements(request.user).order_by("status", "-starts_on", "-id")
    by_status = {status: [] for status in Status}
    for engagement in rows:
        by_status[Status(engagement.status)].append(engagement)
    return render(
        request,
        "arts_in_care/engagement_list.html",
        {
            "groups": [(status, items) for status, items in by_status.items() if items],
            "can_propose": bool(engagements.proposing_sides(request.user)),
        },
    )


@require_safe
@gate(access.INVENTORY)
def inventory_export(request, extension):
    table = inventory.inventory(request.user).table()
    name = f"{_('arts inside care')} {timezone.localdate():%Y-%m-%d}"
    return EXPORTS[extension](table, name)


def _form_for_new(request, data=None):
    sides = engagements.proposing_sides(request.user)
    if not sides:
        raise PermissionDenied
    wanted = (data or {}).get("side") or request.GET.get("side") or sides[0]
    side = wanted if wanted in sides else sides[0]
    return EngagementForm(
        data,
        sides=sides,
        units=engagements.care_units_for(request.user, side),
        artists=engagements.artists_for(request.user, side),
        initial={"side": side},
    )


@require_http_methods(["GET", "POST"])
@gate(access.ADD)
def engagement_create(request):
    form = _form_for_new(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            engagement = engagements.propose_engagement(
                request.user,
                side=data["side"],
                care_unit=data["care_unit"],
                artist=data["artist"],
                terms=form.terms(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Proposal saved. The other side agrees to it next."))
            return redirect("arts_in_care:engagement", engagement.pk)
    return render(request, "arts_in_care/engagement_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@gate(access.VIEW)
def engagement_edit(request, pk):
    engagement = access.engagement_for(request.user, pk)
    if not access.sides(request.user, engagement) or engagement.status not in EDITABLE:
        raise PermissionDenied
    if request.method == "POST":
        form = EngagementForm(request.POST, fixed_parties=True)
        if form.is_valid():
            try:
                engagements.change_proposal(request.user, engagement, form.terms())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Changes saved. The other side agrees to them next."))
                return redirect("arts_in_care:engagement", engagement.pk)
    else:
        form = EngagementForm(initial=EngagementForm.initial_from(engagement), fixed_parties=True)
    return render(
        request, "arts_in_care/engagement_form.html", {"form": form, "engagement": engagement}
    )


@require_safe
@gate(access.VIEW)
def engagement_detail(request, pk):
    engagement = access.engagement_for(request.user, pk)
    sides = access.sides(request.user, engagement)
    today = timezone.localdate()
    sessions = list(engagement.sessions.all())
    held = [s for s in sessions if s.took_place]
    return render(
        request,
        "arts_in_care/engagement_detail.html",
        {
            "engagement": engagement,
            "sides": sides,
            "moves": engagements.available_moves(request.user, engagement),
            "goals": [Goal(goal).label for goal in engagement.goals],
            "art_forms": list(engagement.art_forms.all()),
            "target_groups": list(engagement.target_groups.all()),
            "sessions": sessions,
            "held_count": len(held),
            "to_log": [s for s in sessions if s.took_place is None and s.date <= today],
            "totals": art_minutes(access.visible_engagements(request.user).filter(pk=pk)),
            "learning_hours": learning_hours(engagement),
            "staff_hours": staff_hours(engagement),
            "can_edit": bool(sides) and engagement.status in EDITABLE,
            "can_log": bool(sides) and engagement.status in LOGGABLE,
            "can_schedule": bool(sides) and engagement.status in SCHEDULABLE,
            "can_sign": bool(sides) and engagement.status not in (Status.PLANNED, Status.CANCELLED),
            "signed_form": SignedForm(initial={"signed_on": today}),
        },
    )


@require_POST
@gate(access.VIEW)
def engagement_move(request, pk):
    engagement = access.engagement_for(request.user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That step is not possible now."))
        return redirect("arts_in_care:engagement", pk)
    try:
        engagements.move(
            request.user, engagement, form.cleaned_data["move"], form.cleaned_data["side"]
        )
    except (TransitionNotAllowed, PermissionDenied):
        messages.error(request, _("That step is not possible now."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Saved: %(step)s.") % {"step": Move(form.cleaned_data["move"]).label}
        )
    return redirect("arts_in_care:engagement", pk)


@require_POST
@gate(access.VIEW)
def engagement_signed(request, pk):
    engagement = access.engagement_for(request.user, pk)
    form = SignedForm(request.POST)
    if form.is_valid():
        try:
            engagements.record_signed(request.user, engagement, form.cleaned_data["signed_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except (TransitionNotAllowed, PermissionDenied):
            messages.error(request, _("That step is not possible now."))
        else:
            messages.success(request, _("The signed agreement is recorded."))
    else:
        messages.error(request, _("Enter the day the agreement was signed."))
    return redirect("arts_in_care:engagement", pk)


def _agreement_context(request, engagement):
    return {
        "engagement": engagement,
        "goals": [Goal(goal).label for goal in engagement.goals],
        "art_forms": list(engagement.art_forms.all()),
        "target_groups": list(engagement.target_groups.all()),
        "printed_on": timezone.localdate(),
    }


@require_safe
@gate(access.VIEW)
def agreement(request, pk):
    engagement = access.engagement_for(request.user, pk)
    return render(request, "arts_in_care/agreement.html", _agreement_context(request, engagement))


@require_safe
@gate(access.VIEW)
def agreement_pdf(request, pk):
    engagement = access.engagement_for(request.user, pk)
    html = render_to_string(
        "arts_in_care/agreement.html",
        {**_agreement_context(request, engagement), "for_pdf": True},
        request=request,
    )
    response = HttpResponse(printing.render_pdf(request, html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agreement-{engagement.pk}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@gate(access.VIEW)
def schedule(request, pk):
    engagement = access.engagement_for(request.user, pk)
    if not access.sides(request.user, engagement):
        raise PermissionDenied
    form = ScheduleForm(
        request.POST or None,
        initial={
            "first_day": max(engagement.starts_on, timezone.localdate()),
            "count": engagement.planned_sessions,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = session_services.schedule_sessions(
                request.user,
                engagement,
                data["first_day"],
                data["count"],
                every_days=data["every_days"],
                starts_at=data["starts_at"],
                planned_minutes=data["planned_minutes"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except TransitionNotAllowed:
            form.add_error(None, _("Sessions can no longer be scheduled."))
        else:
            messages.success(request, _("%(count)s sessions scheduled.") % {"count": len(created)})
            return redirect("arts_in_care:engagement", pk)
    return render(request, "arts_in_care/schedule.html", {"form": form, "engagement": engagement})


@require_http_methods(["GET", "POST"])
@gate(access.VIEW)
def log_session(request, pk, session_pk=None):
    engagement = access.engagement_for(request.user, pk)
    if not access.sides(request.user, engagement):
        raise PermissionDenied
    session = None
    if session_pk is not None:
        session = get_object_or_404(ArtSession, pk=session_pk, engagement=engagement)
    form = SessionLogForm(
        request.POST or None,
        fixed_day=session is not None,
        initial=_log_initial(session, engagement),
    )
    if request.method == "POST" and form.is_valid():
        day: date | None = session.date if session else form.cleaned_data["date"]
        try:
            session_services.log_session(
                request.user, engagement, form.session_log(), day=day, session=session
            )
        except ValidationError as error:
            add_errors(form, error)
        except TransitionNotAllowed:
            form.add_error(None, _("Sessions can no longer be logged."))
        else:
            messages.success(request, _("Session logged. Thank you!"))
            return redirect("arts_in_care:engagement", pk)
    return render(
        request,
        "arts_in_care/session_log.html",
        {"form": form, "engagement": engagement, "session": session},
    )


def _log_initial(session, engagement):
    if session is None:
        return {"date": min(timezone.localdate(), engagement.ends_on), "took_place": "yes"}
    initial = {"took_place": "yes", "minutes": session.planned_minutes}
    if session.is_logged:
        initial.update(
            took_place="yes" if session.took_place else "no",
            participants=session.participants,
            minutes=session.minutes,
            activity=session.activity,
            staff_present=session.staff_present,
            care_worker_led=session.care_worker_led,
            notes=session.notes,
        )
        for moment in ("before", "after"):
            for face, count in enumerate(session.mood(moment), start=1):
                initial[f"mood_{moment}_{face}"] = count
    return initial


@require_safe
@gate(access.VIEW)
def calendar(request, pk):
    engagement = access.engagement_for(request.user, pk)
    body = ical.engagement_calendar(engagement, request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sessions-{engagement.pk}.ics"'
    return response


@require_safe
@gate(access.VIEW)
def my_calendar(request):
    body = ical.person_calendar(request.user, request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="arts-in-care.ics"'
    return response
