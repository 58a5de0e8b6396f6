"""The demo's outcome questions: plans on North Savo's culture referral, seeded once."""

import pytest

from kohtaamo.core.models import County
from kohtaamo.demo.outcomes import seed_outcomes
from kohtaamo.demo.report import DemoReport
from kohtaamo.outcomes.models import MeasurementPlan
from tests import factories

pytestmark = pytest.mark.django_db


def test_north_savo_asks_ons4_and_ucla3_at_the_start_and_after_three_months():
    referral_type = factories.referral_type(County.objects.get(code="13"))
    seed_outcomes(DemoReport())
    seed_outcomes(DemoReport())  # idempotent
    plans = MeasurementPlan.objects.filter(referral_type=referral_type)
    assert sorted((p.instrument.key, p.point) for p in plans) == [
        ("ons4", "baseline"),
        ("ons4", "three_months"),
        ("ucla3", "baseline"),
        ("ucla3", "three_months"),
    ]
