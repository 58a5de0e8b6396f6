"""The public's referral pages: the client who opens their own referral with its link,
and the resident who asks for a culture advisor.

The client has no account: the link's long random code is the key, resolved once per
request (:func:`~kohtaamo.referrals.services.by_token`, which never opens a draft), and
the services take the referral it found. These pages are never cached and never passed
on to other sites.
"""

import json
import math
import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kohtaamo.catalogue import display
from kohtaamo.core import plain, ratelimit, secret_links
from kohtaamo.core.addresses import client_address
from kohtaamo.core.models import Municipality
from kohtaamo.volunteers import services as volunteers
from kohtaamo.volunteers.models import HelpRequest

from .. import printing, services
from ..forms import FeedbackForm, SelfReferralForm, UnlockForm, WithdrawForm
from ..models import Feedback
from ..states import CLOSED, TransitionNotAllowed
from .shared import attach_errors, pdf_response


def _private(response):
    # The client's link is the key to their page: never cached, never passed on to
    # other sites ("same-origin"; "no-referrer" would make the browser send
    # "Origin: null" with the page's own forms, which CSRF protection refuses).
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- The client's own page --------------------------------------------------------


def _client_page(request):
    return plain.template(request, "referrals/client.html")


# How long a year of birth, once given, keeps the personal data open in this browser.
UNLOCKED_SECONDS = 30 * 60
UNLOCKED = "referrals-unlocked"


def _unlocked(request, referral):
    opened = request.session.get(UNLOCKED, {}).get(str(referral.pk))
    return opened is not None and time.time() - opened < UNLOCKED_SECONDS


def _client_context(request, referral, **extra):
    unlocked = _unlocked(request, referral)
    words = {"plain": plain.is_on(request)}
    return {
        "referral": referral,
        # The paper link alone shows no personal data: see services.unlock_personal_data.
        "client": services.client_own_details(request, referral) if unlocked else None,
        "unlocked": unlocked,
        "can_unlock": not unlocked and services.can_unlock(referral),
        "unlock_form": UnlockForm(**words),
        "history": list(referral.status_changes.all()),
        "suggestions": printing.suggestions(request, referral, display.current_language()),
        "feedback": Feedback.objects.filter(referral=referral).first(),
        "feedback_form": FeedbackForm(**words),
        "withdraw_form": WithdrawForm(**words),
        "is_open": referral.status not in CLOSED,
        "companion_visits": volunteers.client_visits(HelpRequest.objects.filter(referral=referral)),
        **extra,
    }


@secret_links.from_cookie(secret_links.REFERRAL, page=True)
@require_safe
def client(request, token):
    referral = services.by_token(token)
    return _private(render(request, _client_page(request), _client_context(request, referral)))


@secret_links.from_cookie(secret_links.REFERRAL)
@require_safe
def client_pdf(request, token):
    return _private(pdf_response(request, services.by_token(token)))


def _client_post(request, token, form_class, name, act):
    """A form posted from the client's page (unlock, feedback, withdraw): ``act(referral,
    form)`` answers a valid one, or returns ``None`` to show the page again with the
    form's errors, as for an invalid one."""
    referral = services.by_token(token)
    form = form_class(request.POST, plain=plain.is_on(request))
    if form.is_valid():
        answer = act(referral, form)
        if answer is not None:
            return answer
    context = _client_context(request, referral, **{name: form})
    return _private(render(request, _client_page(request), context, status=400))


@secret_links.from_cookie(secret_links.REFERRAL)
@require_POST
def client_unlock(request, token):
    def unlock(referral, form):
        try:
            services.unlock_personal_data(
                referral, form.cleaned_data["birth_year"], client_address(request)
            )
        except ValidationError as error:
            attach_errors(form, error)
            return None
        opened = request.session.get(UNLOCKED, {})
        opened[str(referral.pk)] = time.time()
        request.session[UNLOCKED] = opened
        return redirect(reverse("referrals:client_page") + "#about-title")

    return _client_post(request, token, UnlockForm, "unlock_form", unlock)


@secret_links.from_cookie(secret_links.REFERRAL)
@require_safe
def client_json(request, token):
    referral = services.by_token(token)
    if not _unlocked(request, referral):
        messages.error(
            request,
            plain.choose(
                request,
                _("Write your year of birth first to download your data."),
                pgettext(
                    "plain", "Write the year you were born first. Then you can save your details."
                ),
            ),
        )
        return redirect("referrals:client_page")
    data = services.client_export(request, referral)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="kohtaamo-referral-{referral.pk}.json"'
    return _private(response)


@secret_links.from_cookie(secret_links.REFERRAL)
@require_POST
def client_feedback(request, token):
    def give(referral, form):
        services.give_feedback(referral, form.cleaned_data["rating"], form.cleaned_data["comment"])
        messages.success(
            request,
            plain.choose(
                request,
                _("Thank you for your feedback."),
                pgettext("plain", "Thank you! We got your answer."),
            ),
        )
        return redirect("referrals:client_page")

    return _client_post(request, token, FeedbackForm, "feedback_form", give)


@secret_links.from_cookie(secret_links.REFERRAL)
@require_POST
def client_rate_companion(request, token, help_request):
    """The client rates the visit with the volunteer asked for from their referral."""
    referral = services.by_token(token)
    found = HelpRequest.objects.filter(pk=help_request, referral=referral)
    visit = next(iter(volunteers.rateable(found)), None)
    if visit is None:
        raise Http404
    try:
        volunteers.rate_visit(visit, _rating(request), request.POST.get("comment", ""))
    except ValidationError:
        messages.error(request, _("Choose a number from 1 to 5."))
    else:
        messages.success(request, _("Thank you for rating the visit."))
    return redirect(reverse("referrals:client_page") + "#companion-visits-title")


def _rating(request):
    value = request.POST.get("rating", "")
    return int(value) if value.isdigit() and len(value) == 1 else 0


@secret_links.from_cookie(secret_links.REFERRAL)
@require_POST
def client_withdraw(request, token):
    def withdraw(referral, form):
        try:
            services.withdraw_by_client(referral)
        except TransitionNotAllowed:
            messages.error(
                request,
                plain.choose(
                    request,
                    _("This referral has already closed."),
                    pgettext("plain", "This referral has already ended."),
                ),
            )
        else:
            messages.success(
                request,
                plain.choose(
                    request,
                    _("Your referral was withdrawn and your personal data were erased."),
                    pgettext("plain", "You cancelled the referral. We deleted your details."),
                ),
            )
        return redirect("referrals:client_page")

    return _client_post(request, token, WithdrawForm, "withdraw_form", withdraw)


# --- Asking for a culture advisor -------------------------------------------------


def _self_referral_municipalities():
    counties = services.self_referral_types().values("county")
    return Municipality.objects.filter(county__in=counties).order_by("name_fi")


@require_http_methods(["GET", "HEAD", "POST"])
def ask(request):
    municipalities = _self_referral_municipalities()
    form = SelfReferralForm(
        request.POST if request.method == "POST" else None,
        municipalities=municipalities,
        plain=plain.is_on(request),
    )
    if form.is_bound and form.is_valid() and _ask_allowed(request, form):
        data = form.cleaned_data
        try:
            referral = services.request_culture_advice(
                request,
                municipality=data["municipality"],
                client={
                    "full_name": data["full_name"],
                    "phone": data["phone"],
                    "email": data["email"],
                    "contact_preference": data["contact_preference"],
                },
                shared=data["shared"],
                interests=data["interests"],
                language=data["language"],
                needs=data["needs"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            url = reverse("referrals:client", args=[referral.public_token])
            response = render(
                request,
                plain.template(request, "referrals/ask_done.html"),
                {"referral": referral, "url": request.build_absolute_uri(url)},
            )
            return _private(response)
    status = 200
    if form.is_bound and form.errors:
        status = 429 if getattr(form, "rate_limited", False) else 400
    context = {"form": form, "available": municipalities.exists()}
    return render(request, plain.template(request, "referrals/ask.html"), context, status=status)


def _ask_allowed(request, form):
    """Counts a complete request from the caller's address; past SELF_REFERRAL_RATE the
    form is shown again, filled in, with a message to send it later (no captcha, which
    would shut out people using screen readers)."""
    limit, window = ratelimit.parse_rate(settings.SELF_REFERRAL_RATE)
    counted = ratelimit.hit(f"ask:{client_address(request)}", limit, window)
    if counted.allowed:
        return True
    minutes = max(1, math.ceil(counted.retry_after / 60))
    form.rate_limited = True
    form.add_error(
        None,
        ngettext(
            "Many requests have been sent from your network in a short time. Your answers "
            "are kept below: please send the form again in %(minutes)s minute.",
            "Many requests have been sent from your network in a short time. Your answers "
            "are kept below: please send the form again in %(minutes)s minutes.",
            minutes,
        )
        % {"minutes": minutes},
    )
    return False
