"""Pages for the end of a series: evaluations, the plan to go on, the follow-ups, the
summary and the care professionals' learning certificate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kohtaamo.core import printing
from kohtaamo.core.gates import gate

from .forms import EvaluationForm, FollowUpForm, PlanForm
from .models import FACES, FOLLOW_UP_MONTHS, ArtSession
from .services import access, ending, learning_hours
from .services.measures import MoodCheck, art_minutes, mood_checks, staff_hours
from .states import EVALUABLE, Side, Status, TransitionNotAllowed
from .views import FACE_SIGNS_AND_LABELS, add_errors


@require_http_methods(["GET", "POST"])
@gate(access.VIEW)
def evaluation(request, pk):
    engagement = access.engagement_for(request.user, pk)
    roles = ending.evaluation_roles(request.user, engagement)
    if not roles:
        raise PermissionDenied
    form = EvaluationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ending.write_evaluation(
                request.user,
                engagement,
                data["role"],
                data["goals_met"],
                data["what_worked"],
                data["what_to_change"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you: the evaluation is saved."))
            return redirect("arts_in_care:summary", pk)
    return render(request, "arts_in_care/evaluation.html", {"form": form, "engagement": engagement})


@require_http_methods(["GET", "POST"])
@gate(access.VIEW)
def plan(request, pk):
    engagement = access.engagement_for(request.user, pk)
    if Side.UNIT not in access.sides(request.user, engagement) or (
        engagement.status not in EVALUABLE
    ):
        raise PermissionDenied
    existing = getattr(engagement, "plan", None)
    initial = (
        {"methods": existing.methods, "who": existing.who, "how_often": existing.how_often}
        if existing
        else None
    )
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ending.write_plan(request.user, engagement, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The plan to continue is saved."))
            return redirect("arts_in_care:summary", pk)
    return render(request, "arts_in_care/plan.html", {"form": form, "engagement": engagement})


@require_http_methods(["GET", "POST"])
@gate(access.VIEW)
def follow_up(request, pk, months):
    engagement = access.engagement_for(request.user, pk)
    if months not in FOLLOW_UP_MONTHS:
        raise Http404
    if Side.UNIT not in access.sides(request.user, engagement) or (
        engagement.status != Status.COMPLETED
    ):
        raise PermissionDenied
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ending.answer_follow_up(
                request.user,
                engagement,
                months,
                form.cleaned_data["still_happening"],
                form.cleaned_data["notes"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except TransitionNotAllowed:
            raise PermissionDenied from None
        else:
            messages.success(request, _("Thank you: the follow-up is saved."))
            return redirect("arts_in_care:summary", pk)
    return render(
        request,
        "arts_in_care/follow_up.html",
        {
            "form": form,
            "engagement": engagement,
            "months": months,
            "due": ending.follow_up_due(engagement, months),
        },
    )


def _mood_rows(mood: MoodCheck):
    return [
        {"face": face, "sign": sign, "label": label, "before": before, "after": after}
        for face, (sign, label), before, after in zip(
            FACES, FACE_SIGNS_AND_LABELS, mood.before, mood.after, strict=True
        )
    ]


@require_safe
@gate(access.VIEW)
def summary(request, pk):
    engagement = access.engagement_for(request.user, pk)
    this = access.visible_engagements(request.user).filter(pk=pk)
    mood = mood_checks(this)
    sides = access.sides(request.user, engagement)
    follow_ups = {item.months: item for item in engagement.follow_ups.all()}
    return render(
        request,
        "arts_in_care/summary.html",
        {
            "engagement": engagement,
            "held": ArtSession.objects.filter(engagement=engagement, took_place=True).count(),
            "totals": art_minutes(this),
            "mood": mood,
            "mood_rows": _mood_rows(mood),
            "staff_hours": staff_hours(engagement),
            "learning_hours": learning_hours(engagement),
            "evaluations": list(engagement.evaluations.all()),
            "plan": getattr(engagement, "plan", None),
            "follow_ups": [
                {
                    "months": months,
                    "answer": follow_ups.get(months),
                    "due": ending.follow_up_due(engagement, months),
                }
                for months in FOLLOW_UP_MONTHS
            ],
            "evaluation_roles": ending.evaluation_roles(request.user, engagement),
            "unit_side": Side.UNIT in sides,
            "evaluable": engagement.status in EVALUABLE,
            "completed": engagement.status == Status.COMPLETED,
        },
    )


def _certificate_context(engagement):
    return {
        "engagement": engagement,
        "names": engagement.care_worker_names(),
        "hours": learning_hours(engagement),
        "co_led": engagement.sessions.filter(took_place=True, care_worker_led=True).count(),
        "printed_on": timezone.localdate(),
    }


@require_safe
@gate(access.VIEW)
def certificate(request, pk):
    engagement = access.engagement_for(request.user, pk)
    return render(request, "arts_in_care/certificate.html", _certificate_context(engagement))


@require_safe
@gate(access.VIEW)
def certificate_pdf(request, pk):
    engagement = access.engagement_for(request.user, pk)
    html = render_to_string(
        "arts_in_care/certificate.html",
        {**_certificate_context(engagement), "for_pdf": True},
        request=request,
    )
    response = HttpResponse(printing.render_pdf(request, html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{engagement.pk}.pdf"'
    return response
