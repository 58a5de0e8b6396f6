"""The client answers their own questionnaires from the referral's page.

The pages sit under the referral's secret path (``/<lang>/referrals/r/questions/``), so
the cookie the link was traded for opens them, and like the referral's page they are
never cached. The words are plain; the questions are the instrument's own.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, pgettext
from django.views.decorators.http import require_http_methods

from kohtaamo.core import secret_links
from kohtaamo.referrals.services import by_token

from .. import services
from ..forms import ConsentForm, QuestionnaireForm


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@secret_links.from_cookie(secret_links.REFERRAL)
@require_http_methods(["GET", "HEAD", "POST"])
def questions(request, token):
    referral = by_token(token)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        given = form.cleaned_data["consent"]
        services.record_consent(referral, given)
        if not given:
            messages.success(
                request,
                pgettext("plain", "Thank you. We will not ask you these questions."),
            )
            return redirect("referrals:client_page")
        return redirect("outcomes_client:questions")
    context = {
        "referral": referral,
        "consent": services.consent_of(referral),
        "due": services.due_for_referral(referral),
        "form": form,
        "wording": services.CONSENT_WORDING,
    }
    status = 400 if form.is_bound else 200
    return _private(render(request, "outcomes/questions.html", context, status=status))


@secret_links.from_cookie(secret_links.REFERRAL)
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire(request, token, plan_pk):
    referral = by_token(token)
    consent = services.consent_of(referral)
    if consent is None or not consent.given:
        # The yes comes first, on its own page.
        return redirect("outcomes_client:questions")
    plan = next((p for p in services.due_for_referral(referral) if p.pk == plan_pk), None)
    if plan is None:
        raise Http404
    form = QuestionnaireForm(plan.instrument, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.answer_for_referral(
                referral, plan, form.answers(), language=(get_language() or "fi")[:2]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, pgettext("plain", "Thank you! Your answers were saved."))
            return redirect("outcomes_client:questions")
    status = 400 if form.is_bound else 200
    context = {"referral": referral, "plan": plan, "form": form}
    return _private(render(request, "outcomes/questionnaire.html", context, status=status))
