"""Measurement plans: which questionnaire is due for a referral, the client's separate
consent, and answering (decision 0043).

Answering is optional. The client is asked once, in words whose version is recorded
with the answer; a "no" is kept as carefully as a "yes", blocks every questionnaire of
that referral, and changes nothing else about their service.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kohtaamo.referrals.models import Referral
from kohtaamo.referrals.states import OPEN, Status

from ..models import Response
from ..plans import MeasurementPlan, OutcomeConsent, Point
from .instruments import AnswerValue, record_response

# The words of the consent question, and their version: the version is kept with each
# yes or no, so changing the words means a new version here.
CONSENT_VERSION = "2026-12-1"
CONSENT_WORDING = {
    "version": CONSENT_VERSION,
    "question": pgettext_lazy(
        "plain",
        "May we ask you a few questions about how you feel? "
        "The answers show if culture does people good. No one sees your name with them.",
    ),
    "free": pgettext_lazy("plain", "You can say no. Your service does not change."),
}

# The follow-up: three months after the referral was accepted.
FOLLOW_UP_AFTER = timedelta(days=91)


class ConsentMissing(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            _("The client has not agreed to answer questions about their wellbeing."),
            code="no_consent",
        )


class NotDue(ValidationError):
    def __init__(self) -> None:
        super().__init__(_("This questionnaire is not open for answers now."), code="not_due")


def consent_of(referral: Referral) -> OutcomeConsent | None:
    """The client's latest yes or no, or None when they have not been asked."""
    return OutcomeConsent.objects.filter(referral=referral).order_by("-at", "-pk").first()


@transaction.atomic
def record_consent(
    referral: Referral,
    given: bool,
    *,
    entered_by: Any = None,
    now: datetime | None = None,
) -> OutcomeConsent:
    """Keep the client's yes or no, with the time and the version of the words shown."""
    return OutcomeConsent.objects.create(
        referral=referral,
        given=given,
        wording_version=CONSENT_VERSION,
        at=now or timezone.now(),
        entered_by=entered_by,
    )


def _accepted_at(referral: Referral) -> datetime | None:
    change = referral.status_changes.filter(to_status=Status.ACCEPTED).order_by("at", "pk").first()
    return change.at if change else None


def _point_reached(point: str, referral: Referral, accepted_at: datetime, now: datetime) -> bool:
    if point == Point.BASELINE:
        return referral.status in OPEN
    if point == Point.THREE_MONTHS:
        return referral.status in OPEN and now >= accepted_at + FOLLOW_UP_AFTER
    if point == Point.COMPLETION:
        return referral.status == Status.COMPLETED
    return False


def due_for_referral(referral: Referral, now: datetime | None = None) -> list[MeasurementPlan]:
    """The plans of the referral's type whose point has come and that are not answered
    yet. Nothing is due before the referral is accepted."""
    accepted_at = _accepted_at(referral)
    if accepted_at is None:
        return []
    now = now or timezone.now()
    answered = set(
        Response.objects.filter(referral=referral, plan__isnull=False).values_list(
            "plan_id", flat=True
        )
    )
    plans = MeasurementPlan.objects.filter(
        referral_type_id=referral.referral_type_id, is_active=True, instrument__is_active=True
    ).select_related("instrument")
    return [
        plan
        for plan in plans
        if plan.pk not in answered and _point_reached(plan.point, referral, accepted_at, now)
    ]


@transaction.atomic
def answer_for_referral(
    referral: Referral,
    plan: MeasurementPlan,
    answers: Mapping[str, AnswerValue],
    *,
    language: str,
    entered_by: Any = None,
) -> Response:
    """Keep the client's answers to one due questionnaire: refused without their yes,
    and once a plan is answered."""
    # One answer per plan even when the form is sent twice at once.
    Referral.objects.select_for_update().filter(pk=referral.pk).first()
    consent = consent_of(referral)
    if consent is None or not consent.given:
        raise ConsentMissing()
    if plan not in due_for_referral(referral):
        raise NotDue()
    try:
        with transaction.atomic():
            return record_response(
                plan.instrument,
                answers,
                language=language,
                entered_by=entered_by,
                referral=referral,
                plan=plan,
                point=plan.point,
            )
    except IntegrityError:
        raise NotDue() from None
