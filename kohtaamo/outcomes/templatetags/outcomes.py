"""The hook on the client's own referral page: questions to answer, if any."""

from django import template

from .. import services

register = template.Library()


@register.inclusion_tag("outcomes/_referral_questions.html")
def referral_questions(referral):
    consent = services.consent_of(referral)
    if consent is not None and not consent.given:
        return {"show": False}
    due = services.due_for_referral(referral)
    return {"show": bool(due), "due": due, "consent": consent}
