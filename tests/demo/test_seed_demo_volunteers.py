"""The demo's volunteer culture guides: two programmes, about thirty volunteers, requests
in every state (one from a referral, one from a card booking), kits with loans, and the
demo logins of a volunteer and a volunteer coordinator."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from kohtaamo import demo
from kohtaamo.accounts.roles import Role
from kohtaamo.cards.models import Reservation
from kohtaamo.referrals.models import Need
from kohtaamo.volunteers.models import (
    Assignment,
    HelpRequest,
    KitLoan,
    Offer,
    Programme,
    RequestSource,
    Training,
    Volunteer,
)
from kohtaamo.volunteers.states import OfferState, RequestStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            first = demo.seed()
            again = demo.seed()
        yield first, again
        transaction.set_rollback(True)


def test_two_programmes_and_about_thirty_volunteers(seeded):
    kuopio = Programme.objects.get(slug="kuopio-kulttuuriluotsit")
    pori = Programme.objects.get(slug="pori-kulttuurikaverit")
    assert kuopio.unit.name_fi == "Kuopion kaupunginkirjasto"
    assert kuopio.organisation.county.code == "13"
    assert pori.organisation.name_fi == "Satakunnan Kulttuurikaverit ry"
    assert {m.code for m in pori.municipalities.all()} == {"609", "886"}
    assert 25 <= Volunteer.objects.count() <= 35
    assert Volunteer.objects.filter(languages__code="sv").count() >= 3
    assert Volunteer.objects.filter(languages__code="ru").filter(languages__code="en").exists()
    assert all(v.weekly.exists() for v in Volunteer.objects.all())
    soon = timezone.localdate() + datetime.timedelta(days=30)
    assert (
        Training.objects.filter(expires_on__gte=timezone.localdate(), expires_on__lte=soon).count()
        >= 3
    )
    assert Volunteer.objects.filter(record_checked_on__isnull=False).count() >= 3


def test_requests_in_every_state_one_from_a_referral_and_one_from_a_booking(seeded):
    assert set(HelpRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    from_referral = HelpRequest.objects.get(source=RequestSource.REFERRAL)
    assert Need.COMPANION in from_referral.referral.needs
    # The client's first name only; nothing of the referral's reasons.
    assert from_referral.client_alias == "Lempi"
    from_booking = HelpRequest.objects.get(source=RequestSource.CARD_BOOKING)
    assert from_booking.reservation.companion
    assert Reservation.objects.filter(companion=True).exists()
    took_place = Assignment.objects.filter(request__status=RequestStatus.TOOK_PLACE)
    assert took_place.exists() and all(a.minutes and a.reported_at for a in took_place)
    assert KitLoan.objects.filter(kit__kind="memory_case").exists()
    assert KitLoan.objects.filter(kit__kind="museum_kit").exists()


def test_the_demo_volunteer_has_an_offer_and_a_visit_coming(seeded):
    volunteer = Volunteer.objects.get(user__email=demo.demo_email("volunteer"))
    assert volunteer.programme.slug == "kuopio-kulttuuriluotsit"
    assert Offer.objects.filter(volunteer=volunteer, state=OfferState.OPEN).exists()
    assert Assignment.objects.filter(
        volunteer=volunteer, is_active=True, starts_at__gt=timezone.now()
    ).exists()
    coordinator = volunteer.programme.unit.memberships.get(role=Role.VOLUNTEER_COORDINATOR).user
    assert coordinator.email == demo.demo_email("volunteers")


def test_seeding_again_creates_nothing_new(seeded):
    first, again = seeded
    for model in (Programme, Volunteer, HelpRequest, KitLoan):
        assert first.created(model) > 0
        assert again.created(model) == 0, model
