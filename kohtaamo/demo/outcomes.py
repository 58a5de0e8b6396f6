"""Outcome measures in the demo: North Savo's culture referral asks the ONS4 and UCLA
loneliness questions at the start and three months later, and one client who said yes
has answered the start (the demo link "demo-savo-in-contact")."""

from django.utils import timezone

from kohtaamo.outcomes import services
from kohtaamo.outcomes.models import Instrument, MeasurementPlan, Response
from kohtaamo.referrals.models import Referral, ReferralType

PLANS = (
    ("ucla3", "baseline", 1),
    ("ons4", "baseline", 2),
    ("ucla3", "three_months", 1),
    ("ons4", "three_months", 2),
)
ANSWERED = {
    "demo-savo-in-contact": {
        "ucla3": {"lack_companionship": 3, "left_out": 2, "isolated": 3, "lonely": 4},
        "ons4": {"life_satisfaction": 5, "worthwhile": 6, "happiness": 4, "anxiety": 6},
    }
}


def seed_outcomes(report):
    referral_type = ReferralType.objects.filter(county__code="13", code="kulttuurilahete").first()
    if referral_type is None:
        return
    for key, point, order in PLANS:
        instrument = Instrument.objects.get(key=key, version="1")
        plan = MeasurementPlan.objects.filter(
            referral_type=referral_type, instrument=instrument, point=point
        ).first()
        created = plan is None
        if created:
            MeasurementPlan.objects.create(
                referral_type=referral_type, instrument=instrument, point=point, order=order
            )
        report.count(MeasurementPlan, created)
    for token, answers in ANSWERED.items():
        referral = Referral.objects.filter(public_token=token).first()
        if referral is None or Response.objects.filter(referral=referral).exists():
            continue
        services.record_consent(referral, True, now=timezone.now())
        for plan in services.due_for_referral(referral):
            if plan.point == "baseline" and plan.instrument.key in answers:
                services.answer_for_referral(
                    referral, plan, answers[plan.instrument.key], language="fi"
                )
                report.count(Response, True)
