"""The public pages: the programmes that take volunteers, and the application form."""

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from kohtaamo.core import ratelimit
from kohtaamo.core.addresses import client_address

from ..forms import ApplicationForm, add_errors
from ..models import HelpKind, Programme
from ..services import applications


def _open_programmes():
    return Programme.objects.filter(is_active=True).prefetch_related("municipalities")


@require_safe
def index(request):
    return render(request, "volunteers/index.html", {"programmes": _open_programmes()})


@require_safe
def programme(request, slug):
    found = get_object_or_404(_open_programmes(), slug=slug)
    kinds = [label for value, label in HelpKind.choices if value in found.help_kinds]
    return render(request, "volunteers/programme.html", {"programme": found, "kinds": kinds})


def _allowed(request, form):
    # The same limit as the public "ask for a culture advisor" form, counted apart.
    limit, window = ratelimit.parse_rate(settings.SELF_REFERRAL_RATE)
    counted = ratelimit.hit(f"volunteer-apply:{client_address(request)}", limit, window)
    if counted.allowed:
        return True
    minutes = max(1, math.ceil(counted.retry_after / 60))
    form.rate_limited = True
    form.add_error(
        None,
        ngettext(
            "Many applications have been sent from your network in a short time. Your "
            "answers are kept below: please send the form again in %(minutes)s minute.",
            "Many applications have been sent from your network in a short time. Your "
            "answers are kept below: please send the form again in %(minutes)s minutes.",
            minutes,
        )
        % {"minutes": minutes},
    )
    return False


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request, slug):
    found = get_object_or_404(_open_programmes(), slug=slug)
    if not found.accepts_applications:
        return render(request, "volunteers/closed.html", {"programme": found})
    form = ApplicationForm(request.POST if request.method == "POST" else None, programme=found)
    if request.method == "POST" and form.is_valid() and _allowed(request, form):
        data = form.cleaned_data
        try:
            applications.apply(
                found,
                data=applications.ApplicationData(
                    full_name=data["full_name"],
                    consent=data["consent"],
                    email=data["email"],
                    phone=data["phone"],
                    languages=list(data["languages"]),
                    municipalities=list(data["municipalities"]),
                    interests=list(data["interests"]),
                    mobility=data["mobility"],
                    assistance=data["assistance"],
                    help_kinds=data["help_kinds"],
                    monthly_cap=data["monthly_cap"],
                    motivation=data["motivation"],
                    weekly=form.weekly_slots(),
                ),
                now=timezone.now(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("volunteers:applied", slug=found.slug)
    status = 200
    if form.is_bound and form.errors:
        status = 429 if getattr(form, "rate_limited", False) else 400
    return render(
        request,
        "volunteers/apply.html",
        {"programme": found, "form": form, "title": _("Apply to be a culture guide")},
        status=status,
    )


@require_safe
def applied(request, slug):
    found = get_object_or_404(_open_programmes(), slug=slug)
    return render(request, "volunteers/applied.html", {"programme": found})
