"""A referral to a named service (a hobby referral that books a free course place)."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.referrals import services
from kohtaamo.referrals.models import ReferralType
from kohtaamo.referrals.states import Status
from tests import factories
from tests.catalogue.content import service

pytestmark = pytest.mark.django_db


@pytest.fixture
def hobby_type(world):
    return ReferralType.objects.create(
        county=world.county,
        code="harrastelahete",
        name_fi="Harrastelähete",
        kind=ReferralType.Kind.PERSONAL,
        receiver_kind=ReferralType.ReceiverKind.SERVICE,
        grants_free_place=True,
        response_days=14,
        expiry_days=120,
    )


def test_the_services_organisation_receives_and_accepts_it(world, hobby_type):
    course = service("Perheiden kuvataidekurssi", organisation=world.culture_advice.organisation)
    referral = world.issued(referral_type=hobby_type, receiving_service=course)
    assert referral.receiving_service == course
    assert services.referral_for(world.advisor, referral.pk) == referral
    assert services.accept(world.advisor, referral).status == Status.ACCEPTED
    other_provider = factories.member(
        Role.CULTURE_ADVISOR, organisation=factories.organisation(Organisation.Kind.ASSOCIATION)
    )
    with pytest.raises(Http404):
        services.referral_for(other_provider, referral.pk)


def test_a_service_referral_names_its_service(world, hobby_type):
    with pytest.raises(ValidationError):
        world.draft(referral_type=hobby_type)
    with pytest.raises(ValidationError):
        world.draft(referral_type=hobby_type, receiving_unit=world.culture_advice)


def test_suggestions_interests_and_area_are_kept_for_the_client(world):
    from kohtaamo.core.models import ArtForm, Language

    suggestions = [service(), service()]
    referral = world.issued(
        suggested_services=suggestions,
        interests=ArtForm.objects.filter(code="music"),
        language=Language.objects.get(code="sv"),
        needs=["mobility"],
        preferred_municipality=factories.municipality("297"),
    )
    assert set(referral.suggested_services.all()) == set(suggestions)
    assert [a.code for a in referral.interests.all()] == ["music"]
    assert referral.language.code == "sv"
    assert referral.needs == ["mobility"]
