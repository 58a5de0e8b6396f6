"""The volunteer coordinator's pages: the dashboard, applications, volunteers, requests
with their ranked candidates, expenses and kits.

Each page reads only the coordinator's own programmes (``reachable_by`` with the
permission the page needs); a row of another programme is "not found". The moves
themselves (approve, offer, assign, cancel, approve an expense, lend a kit) are the
services', which refuse what the state tables do not allow.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kohtaamo.core import audit
from kohtaamo.core.gates import gate
from kohtaamo.core.states import TransitionNotAllowed
from kohtaamo.core.tables import csv_response, xlsx_response

from .. import profile, stats
from ..forms import (
    WEEKDAYS,
    ApplicationDecisionForm,
    AssignForm,
    CancelForm,
    ExpenseDecisionForm,
    KitLoanForm,
    OfferForm,
    TrainingForm,
    VolunteerRecordForm,
    add_errors,
)
from ..models import Expense, HelpRequest, Kit, Programme, Volunteer
from ..services import applications, expenses, kits, lifecycle, matching, offers
from ..services.errors import AlreadyTaken, KitTaken, VolunteerError
from ..states import (
    CLOSED_STATES,
    OPEN_STATES,
    ExpenseMove,
    ExpenseState,
    VolunteerMove,
    VolunteerStatus,
)

VIEW = "volunteers.view_volunteer"
ASSIGN = "volunteers.assign_helprequest"
EXPENSES = "volunteers.change_expense"
KITS = "volunteers.view_kit"
# How many candidates the request page shows, and offers to at most at once.
SHOWN_CANDIDATES = 10
LOAN_WEEKS = 6


def programmes_of(user):
    return Programme.objects.reachable_by(user, VIEW).filter(is_active=True)


def _volunteers(user):
    return Volunteer.objects.reachable_by(user, VIEW).select_related("programme")


def _requests(user):
    return HelpRequest.objects.reachable_by(user, ASSIGN).filter(programme__in=programmes_of(user))


@require_safe
@gate(VIEW)
def dashboard(request):
    now = timezone.now()
    programmes = list(programmes_of(request.user))
    # One board per programme: most coordinators run one.
    boards = [(programme, stats.dashboard(programme, now=now)) for programme in programmes]
    open_requests = (
        _requests(request.user)
        .filter(status__in=OPEN_STATES)
        .select_related("municipality", "programme")
        .order_by("fill_by", "starts_at")
    )
    return render(
        request,
        "volunteers/coordinator/dashboard.html",
        {
            "programmes": programmes,
            "boards": boards,
            "open_requests": list(open_requests[:20]),
            "soon": now + timedelta(hours=48),
            "now": now,
            "applications": _volunteers(request.user)
            .filter(status=VolunteerStatus.APPLIED)
            .count(),
            "expenses_waiting": Expense.objects.filter(
                assignment__volunteer__in=_volunteers(request.user),
                state=ExpenseState.SUBMITTED,
            ).count(),
        },
    )


@require_safe
@gate(VIEW)
def applications_list(request):
    waiting = (
        _volunteers(request.user)
        .filter(status=VolunteerStatus.APPLIED)
        .prefetch_related("languages", "municipalities", "interests")
        .order_by("applied_at")
    )
    return render(request, "volunteers/coordinator/applications.html", {"waiting": waiting})


@require_POST
@gate("volunteers.change_volunteer")
def decide(request, pk):
    volunteer = get_object_or_404(
        Volunteer.objects.reachable_by(request.user, "volunteers.change_volunteer"), pk=pk
    )
    form = ApplicationDecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose approve or decline."))
    move = VolunteerMove(form.cleaned_data["move"])
    try:
        applications.decide(volunteer, move, by=request.user, now=timezone.now())
    except TransitionNotAllowed:
        messages.error(request, _("This application has already been decided."))
    else:
        if move == VolunteerMove.APPROVE:
            messages.success(
                request,
                _("%(name)s was approved and gets an e-mail to set a password.")
                % {"name": volunteer.full_name},
            )
        else:
            messages.success(
                request,
                _("The application of %(name)s was declined.") % {"name": volunteer.full_name},
            )
    return redirect("volunteers:applications")


@require_safe
@gate(VIEW)
def volunteers_list(request):
    rows = (
        _volunteers(request.user)
        .exclude(status__in=[VolunteerStatus.APPLIED, VolunteerStatus.DECLINED])
        .annotate(
            held=Count(
                "assignments",
                filter=Q(assignments__is_active=True, assignments__ends_at__gte=timezone.now()),
            )
        )
        .order_by("full_name")
    )
    return render(request, "volunteers/coordinator/volunteers.html", {"rows": rows})


@require_http_methods(["GET", "HEAD", "POST"])
@gate(VIEW)
def volunteer_profile(request, pk):
    volunteer = get_object_or_404(_volunteers(request.user), pk=pk)
    audit.read(request, volunteer, fields=["full_name", "email", "phone"], purpose="profile")
    record_form = VolunteerRecordForm(
        initial={
            "record_checked_on": volunteer.record_checked_on,
            "agreement_signed_on": volunteer.agreement_signed_on,
        }
    )
    training_form = TrainingForm()
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("volunteers.change_volunteer", volunteer):
            raise Http404
        if "save_record" in request.POST:
            record_form = VolunteerRecordForm(request.POST)
            if record_form.is_valid():
                data = record_form.cleaned_data
                try:
                    with transaction.atomic():
                        if data["record_checked_on"] and (
                            data["record_checked_on"] != volunteer.record_checked_on
                        ):
                            applications.record_check(
                                volunteer, checked_on=data["record_checked_on"], by=request.user
                            )
                        profile.record_agreement(
                            volunteer, signed_on=data["agreement_signed_on"], by=request.user
                        )
                except ValidationError as error:
                    add_errors(record_form, error)
                else:
                    messages.success(request, _("The checks were saved."))
                    return redirect("volunteers:volunteer", pk=volunteer.pk)
        elif "add_training" in request.POST:
            training_form = TrainingForm(request.POST)
            if training_form.is_valid():
                try:
                    applications.add_training(volunteer, **training_form.cleaned_data)
                except ValidationError as error:
                    add_errors(training_form, error)
                else:
                    messages.success(request, _("The training was added."))
                    return redirect("volunteers:volunteer", pk=volunteer.pk)
        status = 400
    return render(
        request,
        "volunteers/coordinator/volunteer.html",
        {
            "volunteer": volunteer,
            "record_form": record_form,
            "training_form": training_form,
            "trainings": list(volunteer.trainings.all()),
            "weekly": [
                f"{WEEKDAYS[slot.weekday]} {slot.starts:%H.%M}–{slot.ends:%H.%M}"
                for slot in volunteer.weekly.all()
            ],
            "absences": list(volunteer.absences.filter(ends_on__gte=timezone.localdate())),
            "recent": list(
                volunteer.assignments.select_related("request").order_by("-starts_at")[:10]
            ),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_safe
@gate(ASSIGN)
def requests_list(request):
    show = request.GET.get("show", "open")
    rows = _requests(request.user).select_related("programme", "municipality")
    if show == "closed":
        rows = rows.filter(status__in=CLOSED_STATES).order_by("-starts_at")
    elif show == "held":
        rows = rows.exclude(status__in=CLOSED_STATES | OPEN_STATES).order_by("starts_at")
    else:
        show = "open"
        rows = rows.filter(status__in=OPEN_STATES).order_by("fill_by", "starts_at")
    return render(
        request,
        "volunteers/coordinator/requests.html",
        {"rows": rows[:200], "show": show, "now": timezone.now()},
    )


def _request_context(request, help_request, **forms):
    now = timezone.now()
    candidates = []
    others = []
    if help_request.status in OPEN_STATES:
        candidates = matching.candidates(help_request, now=now, limit=SHOWN_CANDIDATES)
        ranked = {candidate.volunteer.pk for candidate in candidates}
        for volunteer in (
            Volunteer.objects.filter(
                programme=help_request.programme, status=VolunteerStatus.APPROVED
            )
            .exclude(pk__in=ranked)
            .order_by("full_name")[:30]
        ):
            reasons = matching.explain(matching.why_not(volunteer, help_request, now=now))
            if reasons:
                others.append((volunteer, reasons))
    offered = {offer.volunteer_id: offer for offer in help_request.offers.all()}
    return {
        "help_request": help_request,
        "candidates": candidates,
        "offered": offered,
        "others": others,
        "offers": list(help_request.offers.select_related("volunteer")),
        "assignments": list(help_request.assignments.select_related("volunteer")),
        "offer_form": forms.get("offer_form") or OfferForm(candidates=candidates),
        "assign_form": forms.get("assign_form") or AssignForm(candidates=candidates),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "can_cancel": help_request.status not in CLOSED_STATES,
        "now": now,
    }


@require_safe
@gate(ASSIGN)
def request_detail(request, pk):
    help_request = get_object_or_404(
        _requests(request.user).select_related("programme", "municipality", "language"), pk=pk
    )
    audit.read(
        request,
        help_request,
        fields=["client_alias", "client_phone", "needs"],
        purpose="companion request",
    )
    return render(
        request,
        "volunteers/coordinator/request.html",
        _request_context(request, help_request),
    )


@require_POST
@gate(ASSIGN)
def request_move(request, pk):
    help_request = get_object_or_404(_requests(request.user), pk=pk)
    now = timezone.now()
    action = request.POST.get("action")
    forms = {}
    try:
        if action == "offer":
            candidates = matching.candidates(help_request, now=now, limit=SHOWN_CANDIDATES)
            form = OfferForm(request.POST, candidates=candidates)
            forms["offer_form"] = form
            if form.is_valid():
                chosen = {int(pk) for pk in form.cleaned_data["volunteers"]}
                picked = [c.volunteer for c in candidates if c.volunteer.pk in chosen]
                sent = offers.offer(help_request, picked, by=request.user, now=now)
                messages.success(
                    request,
                    ngettext(
                        "The request was offered to %(count)s volunteer.",
                        "The request was offered to %(count)s volunteers.",
                        len(sent),
                    )
                    % {"count": len(sent)},
                )
                return redirect("volunteers:request", pk=help_request.pk)
        elif action == "assign":
            candidates = matching.candidates(help_request, now=now, limit=SHOWN_CANDIDATES)
            form = AssignForm(request.POST, candidates=candidates)
            forms["assign_form"] = form
            if form.is_valid():
                volunteer = next(
                    c.volunteer
                    for c in candidates
                    if c.volunteer.pk == int(form.cleaned_data["volunteer"])
                )
                lifecycle.assign(help_request, volunteer, by=request.user, now=now)
                messages.success(
                    request, _("%(name)s was assigned.") % {"name": volunteer.full_name}
                )
                return redirect("volunteers:request", pk=help_request.pk)
        elif action == "cancel":
            form = CancelForm(request.POST)
            forms["cancel_form"] = form
            if form.is_valid():
                lifecycle.cancel(
                    help_request,
                    by=request.user,
                    cancelled_by=form.cleaned_data["cancelled_by"],
                    reason=form.cleaned_data["reason"],
                    now=now,
                )
                messages.success(request, _("The request was cancelled and the people in it told."))
                return redirect("volunteers:request", pk=help_request.pk)
        else:
            return HttpResponseBadRequest(_("Choose what to do with the request."))
    except (TransitionNotAllowed, ValidationError, VolunteerError) as refused:
        message = getattr(refused, "message", None) or _(
            "The request has moved on meanwhile: look at it again."
        )
        messages.error(request, message)
        return redirect("volunteers:request", pk=help_request.pk)
    except AlreadyTaken:
        messages.error(request, _("A volunteer took the request meanwhile."))
        return redirect("volunteers:request", pk=help_request.pk)
    context = _request_context(request, help_request, **forms)
    context["failed"] = action
    return render(request, "volunteers/coordinator/request.html", context, status=400)


def _expenses(user):
    return (
        Expense.objects.filter(assignment__volunteer__in=_volunteers(user))
        .select_related(
            "assignment__volunteer", "assignment__request", "assignment__volunteer__programme"
        )
        .order_by("-submitted_at")
    )


def _expense_filter(request, rows):
    state = request.GET.get("state", ExpenseState.SUBMITTED)
    if state in ExpenseState.values:
        rows = rows.filter(state=state)
    else:
        state = "all"
    return rows, state


@require_http_methods(["GET", "HEAD", "POST"])
@gate(EXPENSES)
def expenses_list(request):
    if request.method == "POST":
        form = ExpenseDecisionForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Choose a cost and what to do with it."))
        found = get_object_or_404(_expenses(request.user), pk=form.cleaned_data["expense"])
        try:
            expenses.decide_expense(
                found, ExpenseMove(form.cleaned_data["move"]), by=request.user, now=timezone.now()
            )
        except TransitionNotAllowed:
            messages.error(request, _("This cost has already been handled."))
        else:
            messages.success(request, _("The cost was updated."))
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    rows, state = _expense_filter(request, _expenses(request.user))
    return render(
        request,
        "volunteers/coordinator/expenses.html",
        {
            "rows": rows[:300],
            "state": state,
            "states": ExpenseState.choices,
            "query": request.GET.urlencode(),
        },
    )


def _expense_table(request):
    rows, _state = _expense_filter(request, _expenses(request.user))
    return expenses.expenses_table(rows)


@require_safe
@gate(EXPENSES)
def expenses_csv(request):
    return csv_response(_expense_table(request), _("volunteer expenses"))


@require_safe
@gate(EXPENSES)
def expenses_xlsx(request):
    return xlsx_response(_expense_table(request), _("volunteer expenses"))


def _kits(user):
    return Kit.objects.reachable_by(user, KITS).order_by("name_fi")


@require_http_methods(["GET", "HEAD", "POST"])
@gate(KITS)
def kits_register(request):
    kit_rows = list(_kits(request.user))
    volunteers = list(
        _volunteers(request.user).filter(status=VolunteerStatus.APPROVED).order_by("full_name")
    )
    form = KitLoanForm(
        request.POST if request.method == "POST" else None, kits=kit_rows, volunteers=volunteers
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            kit = next(k for k in kit_rows if k.pk == int(data["kit"]))
            volunteer = next(v for v in volunteers if v.pk == int(data["volunteer"]))
            try:
                kits.lend(
                    kit,
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    volunteer=volunteer,
                    note=data["note"],
                    by=request.user,
                    now=timezone.now(),
                )
            except KitTaken as taken:
                form.add_error("starts_on", taken.message)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The loan was saved."))
                return redirect("volunteers:kits")
        status = 400
    today = timezone.localdate()
    loans = kits.calendar(_kits(request.user), today, today + timedelta(days=365))
    return render(
        request,
        "volunteers/coordinator/kits.html",
        {"kits": kit_rows, "loans": list(loans), "form": form, "today": today},
        status=status,
    )


@require_safe
@gate(KITS)
def kits_calendar(request):
    """The loans of the coming weeks, one row per kit and one column per week."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    weeks = [monday + timedelta(weeks=n) for n in range(LOAN_WEEKS)]
    last = weeks[-1] + timedelta(days=6)
    kit_rows = list(_kits(request.user))
    loans = kits.calendar(_kits(request.user), monday, last)
    by_kit: dict = {kit.pk: [] for kit in kit_rows}
    for loan in loans:
        by_kit[loan.kit_id].append(loan)
    grid = []
    for kit in kit_rows:
        cells = []
        for week in weeks:
            end = week + timedelta(days=6)
            cells.append(
                [loan for loan in by_kit[kit.pk] if loan.starts_on <= end and loan.ends_on >= week]
            )
        grid.append((kit, cells))
    return render(
        request,
        "volunteers/coordinator/kit_calendar.html",
        {"weeks": weeks, "grid": grid},
    )
