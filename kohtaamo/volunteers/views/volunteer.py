"""The volunteer's own pages, made for a phone: offers waiting, my assignments, my
availability, trainings and hours, the visit log and expense forms, the hours
certificate and the private calendar feed.

A volunteer reaches only their own rows: every page starts from the Volunteer rows of
the signed-in account, and an assignment of someone else is "not found". What a
volunteer may read of a client, and for how long, is the services' answer
(``services.access``), which also writes each read to the audit log.
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kohtaamo.core import secret_links
from kohtaamo.core.printing import public_url, render_pdf
from kohtaamo.core.states import TransitionNotAllowed

from .. import calendar
from ..forms import (
    AvailabilityForm,
    ExpenseForm,
    VisitLogForm,
    add_errors,
    week_choices_of,
    week_slots,
)
from ..models import Assignment, Offer, Volunteer
from ..services import access, applications, expenses, lifecycle, notify, offers
from ..services.errors import AlreadyTaken, VolunteerError
from ..states import HELD_STATES, CancelledBy, OfferState, RequestStatus, VolunteerStatus

# The statuses in which a person has their own pages: a volunteer on a break still
# sees their hours and may come back.
ACTIVE = (VolunteerStatus.APPROVED, VolunteerStatus.PAUSED)


def mine(user):
    """The signed-in person's volunteer rows, or 403 for anyone who volunteers nowhere."""
    rows = access.volunteers_of(user)
    if not rows:
        raise PermissionDenied
    return rows


def _own_assignment(user, pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("request", "request__programme", "volunteer"),
        pk=pk,
        volunteer__user=user,
    )
    if not access.can_read_assignment(user, assignment, timezone.now()):
        # Past the 30 days after the visit: gone from the volunteer's view.
        raise Http404
    return assignment


def _open_offers(volunteers):
    return (
        Offer.objects.filter(volunteer__in=volunteers, state=OfferState.OPEN)
        .select_related("request", "request__programme", "request__municipality")
        .order_by("request__starts_at")
    )


def _upcoming(volunteers, now):
    return (
        Assignment.objects.filter(
            volunteer__in=volunteers,
            is_active=True,
            request__status__in=HELD_STATES,
            ends_at__gte=now,
        )
        .select_related("request", "request__programme")
        .order_by("starts_at")
    )


def _to_report(volunteers, now):
    # Held visits whose time is over: the volunteer tells how it went.
    return (
        Assignment.objects.filter(
            volunteer__in=volunteers,
            is_active=True,
            request__status__in=HELD_STATES,
            ends_at__lt=now,
        )
        .select_related("request")
        .order_by("starts_at")
    )


@require_safe
@login_required
def home(request):
    """Where a volunteer lands: offers waiting for an answer, then the next visits."""
    volunteers = mine(request.user)
    now = timezone.now()
    upcoming = list(_upcoming(volunteers, now)[:5])
    return render(
        request,
        "volunteers/me/home.html",
        {
            "volunteers": volunteers,
            "offers": list(_open_offers(volunteers)),
            "next": upcoming[0] if upcoming else None,
            "upcoming": upcoming[1:],
            "to_report": list(_to_report(volunteers, now)),
        },
    )


def _answer(request, offer):
    """Accept or decline an offer; the answer the volunteer sees comes back as a message."""
    answer = request.POST.get("answer")
    now = timezone.now()
    if offer.state != OfferState.OPEN:
        messages.info(request, _("This offer has already been answered or taken."))
        return None
    if answer == "accept":
        try:
            assignment = offers.accept(offer, now=now)
        except AlreadyTaken:
            messages.warning(
                request,
                _("Someone else took this visit a moment before you. Thank you all the same!"),
            )
            return None
        except VolunteerError as refused:
            messages.error(request, refused.message)
            return None
        messages.success(request, _("The visit is yours. Thank you!"))
        return assignment
    if answer == "decline":
        offers.decline(offer, now=now)
        messages.success(request, _("You said no to this visit. Thank you for answering."))
        return None
    raise Http404


@require_POST
@login_required
def answer_offer(request, pk):
    volunteers = mine(request.user)
    offer = get_object_or_404(
        _open_offers(volunteers).model.objects, pk=pk, volunteer__in=volunteers
    )
    assignment = _answer(request, offer)
    if assignment is not None:
        return redirect("volunteers:assignment", pk=assignment.pk)
    return redirect("volunteers:home")


def _offer_by_token(token):
    return get_object_or_404(
        Offer.objects.select_related("request", "request__programme", "request__municipality"),
        token=token,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@secret_links.from_cookie(secret_links.VOLUNTEER_OFFER, page=True)
def offer_page(request, token):
    """The page an offer's e-mail or text message opens: the link is the key, so the
    volunteer answers without signing in. It shows what the visit is, never the client."""
    offer = _offer_by_token(token)
    if request.method == "POST":
        assignment = _answer(request, offer)
        offer.refresh_from_db()
        if assignment is not None and request.user.pk == offer.volunteer.user_id:
            return redirect("volunteers:assignment", pk=assignment.pk)
        return redirect("volunteers:offer_page")
    response = render(request, "volunteers/offer.html", {"offer": offer})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@login_required
def assignments(request):
    volunteers = mine(request.user)
    now = timezone.now()
    past = [
        assignment
        for volunteer in volunteers
        for assignment in access.assignments_of(volunteer).filter(ends_at__lt=now)
        if access.can_read_assignment(request.user, assignment, now)
    ]
    past.sort(key=lambda assignment: assignment.starts_at, reverse=True)
    return render(
        request,
        "volunteers/me/assignments.html",
        {
            "upcoming": list(_upcoming(volunteers, now)),
            "past": past,
            "calendar_url": public_url(
                request, reverse("volunteers:calendar", args=[volunteers[0].calendar_token])
            ),
        },
    )


@require_safe
@login_required
def assignment(request, pk):
    mine(request.user)
    found = _own_assignment(request.user, pk)
    now = timezone.now()
    client = access.read_request_for_volunteer(request.user, found, now=now, http_request=request)
    status = found.request.status
    return render(
        request,
        "volunteers/me/assignment.html",
        {
            "assignment": found,
            "client": client,
            "can_confirm": found.is_active and status == RequestStatus.ASSIGNED,
            "can_step_back": found.is_active and status in HELD_STATES and found.starts_at > now,
            "can_report": found.is_active and status in HELD_STATES and found.starts_at <= now,
            "can_claim": not found.is_active or status == RequestStatus.TOOK_PLACE,
            "expenses": list(found.expenses.all()),
        },
    )


@require_POST
@login_required
def assignment_move(request, pk):
    mine(request.user)
    found = _own_assignment(request.user, pk)
    move = request.POST.get("move")
    now = timezone.now()
    try:
        if move == "confirm":
            lifecycle.confirm(found, by=request.user, now=now)
            messages.success(request, _("Thank you: the visit is confirmed."))
        elif move == "step_back":
            lifecycle.release(found, by=request.user, now=now)
            messages.success(
                request, _("You stepped back. The coordinator looks for someone else.")
            )
            return redirect("volunteers:home")
        else:
            raise Http404
    except (TransitionNotAllowed, VolunteerError, ValidationError):
        messages.error(request, _("This visit can no longer be changed here."))
    return redirect("volunteers:assignment", pk=found.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def visit_log(request, pk):
    mine(request.user)
    found = _own_assignment(request.user, pk)
    form = VisitLogForm(
        request.POST if request.method == "POST" else None, initial={"people": found.request.people}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        now = timezone.now()
        try:
            if data["took_place"] == "no_show":
                lifecycle.log_no_show(found, by=request.user, now=now, note=data["note"])
            else:
                lifecycle.log_visit(
                    found,
                    took_place=True,
                    minutes=data["minutes"],
                    people=data["people"] or found.request.people,
                    what_was_done=data["what_was_done"],
                    how_it_went=data["how_it_went"],
                    note=data["note"],
                    by=request.user,
                    now=now,
                )
        except TransitionNotAllowed:
            form.add_error(None, _("This visit has been reported already or was cancelled."))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you! The visit is now in your hours."))
            return redirect("volunteers:assignment", pk=found.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "volunteers/me/visit_log.html", {"assignment": found, "form": form}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def expense(request, pk):
    mine(request.user)
    found = _own_assignment(request.user, pk)
    form = ExpenseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expenses.submit_expense(
                found,
                kind=data["kind"],
                amount=data["amount"],
                kilometres=data["kilometres"],
                description=data["description"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The cost was sent to the coordinator for approval."))
            return redirect("volunteers:assignment", pk=found.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "volunteers/me/expense.html", {"assignment": found, "form": form}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def availability(request):
    volunteers = mine(request.user)
    first = volunteers[0]
    absences = list(first.absences.filter(ends_on__gte=timezone.localdate()))
    initial = {
        "weekly": week_choices_of(
            [(slot.weekday, slot.starts, slot.ends) for slot in first.weekly.all()]
        )
    }
    form = AvailabilityForm(
        request.POST if request.method == "POST" else None, initial=initial, absences=absences
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        removed = {int(pk) for pk in data["remove_absences"]}
        periods = [(a.starts_on, a.ends_on) for a in absences if a.pk not in removed]
        if data.get("starts_on"):
            periods.append((data["starts_on"], data["ends_on"]))
        try:
            with transaction.atomic():
                # One person, one week: the same pattern in each programme they help in.
                for volunteer in volunteers:
                    applications.set_availability(volunteer, week_slots(data["weekly"]), periods)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your times were saved."))
            return redirect("volunteers:availability")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "volunteers/me/availability.html",
        {"form": form, "absences": absences},
        status=status,
    )


@require_safe
@login_required
def trainings(request):
    volunteers = mine(request.user)
    today = timezone.localdate()
    rows = [(volunteer, list(volunteer.trainings.all())) for volunteer in volunteers]
    return render(request, "volunteers/me/trainings.html", {"rows": rows, "today": today})


def _hours(volunteers, *, year=None):
    """Reported visits by month: (month, visits, minutes), newest first."""
    done = Assignment.objects.filter(
        volunteer__in=volunteers, request__status=RequestStatus.TOOK_PLACE, took_place=True
    ).select_related("request", "volunteer__programme")
    if year is not None:
        done = done.filter(starts_at__year=year)
    months: dict = defaultdict(lambda: [0, 0])
    visits = []
    for row in done.order_by("starts_at"):
        month = timezone.localtime(row.starts_at).date().replace(day=1)
        months[month][0] += 1
        months[month][1] += row.minutes or 0
        visits.append(row)
    by_month = [(month, count, minutes) for month, (count, minutes) in sorted(months.items())]
    by_month.reverse()
    total = sum(minutes for _m, _c, minutes in by_month)
    return by_month, visits, total


@require_safe
@login_required
def hours(request):
    volunteers = mine(request.user)
    by_month, _visits, total = _hours(volunteers)
    years = sorted({month.year for month, _c, _m in by_month}, reverse=True)
    return render(
        request,
        "volunteers/me/hours.html",
        {
            "by_month": by_month,
            "total_minutes": total,
            "years": years,
            "visit_count": sum(count for _m, count, _mi in by_month),
        },
    )


@require_safe
@login_required
def certificate(request):
    """The hours as a PDF to show an employer or a school: visits by month, no clients."""
    volunteers = mine(request.user)
    try:
        year = int(request.GET.get("year", "")) or None
    except ValueError:
        year = None
    by_month, _visits, total = _hours(volunteers, year=year)
    html = render_to_string(
        "volunteers/me/certificate.html",
        {
            "volunteer": volunteers[0],
            "programmes": [volunteer.programme for volunteer in volunteers],
            "by_month": by_month,
            "total_minutes": total,
            "visit_count": sum(count for _m, count, _mi in by_month),
            "year": year,
            "today": date.today(),
            "site_name": settings.KOHTAAMO_SITE_NAME,
        },
        request=request,
    )
    response = HttpResponse(render_pdf(request, html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="culture-guide-hours.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def calendar_feed(request, token):
    """The private feed a calendar app subscribes to; the token in the address is the key."""
    volunteer = Volunteer.objects.filter(calendar_token=token, status__in=ACTIVE).first()
    if volunteer is None:
        raise Http404
    now = timezone.now()
    domain = request.get_host().split(":")[0] or "kohtaamo"
    entries = []
    rows = (
        Assignment.objects.filter(volunteer=volunteer, ends_at__gte=now - access.READ_AFTER)
        .select_related("request")
        .order_by("starts_at")
    )
    for row in rows:
        kind = row.request.get_help_kind_display()
        summary = f"{_('Culture guide')}: {row.request.what or kind}"
        url = public_url(request, reverse("volunteers:assignment", args=[row.pk]))
        cancelled = not row.is_active or row.request.status == RequestStatus.CANCELLED
        entries.append(
            calendar.vevent(row, summary=summary, url=url, uid_domain=domain, cancelled=cancelled)
        )
    body = calendar.calendar(entries, name=_("My culture guide visits"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def answer_link(request, token):
    """A reminder's link to confirm, step back or cancel. Mail scanners open links, so
    opening it changes nothing: the page asks for one click."""
    try:
        answer = notify.open_answer_token(token)
    except VolunteerError:
        raise Http404 from None
    help_request = answer.request
    assignment = answer.assignment
    done = False
    error = None
    if request.method == "POST":
        now = timezone.now()
        try:
            # The signed link is the volunteer's (or the client's) own key.
            if answer.action == notify.CONFIRM:
                lifecycle.confirm(assignment, by=assignment.volunteer.user, now=now)
            elif answer.action == notify.RELEASE:
                lifecycle.release(assignment, by=assignment.volunteer.user, now=now)
            else:
                lifecycle.cancel(
                    help_request,
                    by=None,
                    as_client=True,
                    cancelled_by=CancelledBy.CLIENT,
                    reason=_("Cancelled from the reminder's link"),
                    now=now,
                )
        except (TransitionNotAllowed, VolunteerError, ValidationError, PermissionDenied):
            error = _("This visit can no longer be changed with this link.")
        else:
            done = True
    response = render(
        request,
        "volunteers/answer.html",
        {
            "action": answer.action,
            "help_request": help_request,
            "assignment": assignment,
            "done": done,
            "error": error,
            "what": notify.what(help_request),
            "when": notify.when(help_request),
        },
        status=400 if error else 200,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def welcome(request, uidb64, token):
    """The link in the approval e-mail: the new volunteer sets a password and is in."""
    user = applications.welcomed_user(uidb64, token)
    if user is None:
        response = render(request, "volunteers/welcome_expired.html", status=404)
        response["Cache-Control"] = "private, no-store"
        return response
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        auth_login(request, user, backend="kohtaamo.accounts.backends.MembershipBackend")
        messages.success(request, _("Your password is set. Welcome!"))
        return redirect("volunteers:home")
    response = render(
        request,
        "volunteers/welcome.html",
        {"form": form, "person": user},
        status=400 if form.is_bound and form.errors else 200,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
