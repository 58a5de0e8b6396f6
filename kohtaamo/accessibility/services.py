"""Accessibility feedback: stored and mailed to the administrators."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kohtaamo.core.site import site_url

from .models import Feedback

# The Act on the Provision of Digital Services (306/2019, section 15): a reply within
# 14 days.
REPLY_DAYS = 14


def recipients() -> list[str]:
    """Who reads the feedback: ACCESSIBILITY_FEEDBACK_EMAILS, else the operators in
    ADMINS, else the active superusers."""
    configured = list(settings.ACCESSIBILITY_FEEDBACK_EMAILS) or [
        address for _name, address in settings.ADMINS
    ]
    if configured:
        return configured
    users = get_user_model().objects.filter(is_superuser=True, is_active=True)
    return sorted(email for email in users.values_list("email", flat=True) if email)


def send_feedback(*, message: str, page: str, email: str, language: str) -> Feedback:
    """Store the feedback and mail it to :func:`recipients`, with the day by which the
    sender must have a reply."""
    feedback = Feedback.objects.create(
        message=message,
        page=page,
        email=email,
        language=language,
        reply_by=timezone.localdate() + timedelta(days=REPLY_DAYS),
    )
    to = recipients()
    if to:
        with translation.override(settings.LANGUAGE_CODE):
            _mail(feedback, to)
    return feedback


def _mail(feedback: Feedback, to: list[str]) -> None:
    reply_by = formats.date_format(feedback.reply_by, "DATE_FORMAT")
    link = site_url() + reverse("admin:accessibility_feedback_change", args=[feedback.pk])
    lines = [
        _("Feedback on accessibility was sent from the accessibility statement."),
        _("Reply by %(date)s (14 days, Act 306/2019).") % {"date": reply_by},
        "",
        feedback.message,
        "",
        _("Page: %(page)s") % {"page": feedback.page or "-"},
        _("Reply to: %(email)s") % {"email": feedback.email or _("no address given")},
        _("Language: %(language)s") % {"language": feedback.language},
        link,
    ]
    send_mail(
        _("Accessibility feedback: reply by %(date)s") % {"date": reply_by},
        "\n".join(lines),
        None,
        to,
        fail_silently=False,
    )
