"""The accessibility statement (Act 306/2019) with its feedback form."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from kohtaamo.core import ratelimit
from kohtaamo.core.addresses import client_address

from . import services, statement
from .forms import FeedbackForm


def statement_page(request):
    language = (request.LANGUAGE_CODE or "fi")[:2]
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            if _allowed(request):
                feedback = services.send_feedback(**form.cleaned_data, language=language)
                return render(request, "accessibility/sent.html", {"feedback": feedback})
            # No captcha, which would shut out the screen-reader users the form is for.
            form.add_error(
                None,
                _(
                    "You have sent several messages in the last hour. Please try again "
                    "later, or write to the supervising authority below."
                ),
            )
            status = 429
    context = {
        "form": form,
        "reply_days": services.REPLY_DAYS,
        **statement.facts(language),
    }
    return render(request, "accessibility/statement.html", context, status=status)


def _allowed(request):
    limit, window = ratelimit.parse_rate(settings.ACCESSIBILITY_FEEDBACK_RATE)
    return ratelimit.hit(f"accessibility:{client_address(request)}", limit, window).allowed
