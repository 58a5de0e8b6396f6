"""The demo referrals: the counties' four kinds of referral, referrals in several states
for the demo nurse and culture advisor, and nothing new on a second run."""

import pytest
from django.db import transaction
from django.test import override_settings

from kohtaamo import demo
from kohtaamo.accounts.models import User
from kohtaamo.referrals import services
from kohtaamo.referrals.models import Referral, ReferralType
from kohtaamo.referrals.states import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            first = demo.seed()
            second = demo.seed()
        yield first, second
        transaction.set_rollback(True)


def test_seeding_twice_creates_nothing_new(seeded):
    first, second = seeded
    for model in (ReferralType, Referral):
        assert first.created(model) > 0, model
        assert second.created(model) == 0, model


def test_the_four_kinds_of_referral_are_in_the_demo_counties(seeded):
    codes = set(ReferralType.objects.values_list("county__code", "code"))
    assert {
        ("13", "kulttuurilahete"),
        ("06", "kulttuuriresepti"),
        ("08", "harrastelahete"),
        ("08", "hyvinvointilahete"),
    } <= codes
    hobby = ReferralType.objects.get(code="harrastelahete")
    assert hobby.grants_free_place and not hobby.is_personal
    savo = ReferralType.objects.get(county__code="13", code="kulttuurilahete")
    assert savo.self_referral
    # Sent to a unit: the form offers North Savo's culture advice without a search.
    assert savo.receiving_unit.organisation.county.code == "13"


def test_the_nurse_and_the_advisor_have_referrals_in_several_states(seeded):
    nurse = User.objects.get(email=demo.demo_email("professional"))
    advisor = User.objects.get(email=demo.demo_email("advisor"))
    sent = {referral.status for referral in services.sent_by_units_of(nurse)}
    assert {Status.DRAFT, Status.ISSUED, Status.ACCEPTED, Status.IN_CONTACT} <= sent
    assert {Status.ACTIVITY_AGREED, Status.COMPLETED, Status.DECLINED} <= sent
    queue = services.received_by_units_of(advisor)
    assert queue.filter(status=Status.ISSUED).exists()
    assert not queue.filter(status=Status.DRAFT).exists()
    completed = queue.get(status=Status.COMPLETED)
    assert [c.to_status for c in completed.status_changes.all()][-1] == Status.COMPLETED
    assert completed.consents.exists()
