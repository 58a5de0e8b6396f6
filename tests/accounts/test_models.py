import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from kohtaamo.accounts.models import Membership, Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.accounts.validators import validate_business_id
from tests import factories


@pytest.mark.parametrize("value", ["0737546-2", "1572860-0", "2617416-4"])
def test_valid_business_ids(value):
    validate_business_id(value)


@pytest.mark.parametrize("value", ["0737546-3", "1234567", "12345678-9", "abcdefg-h", "0737546 2"])
def test_invalid_business_ids(value):
    with pytest.raises(ValidationError):
        validate_business_id(value)


@pytest.mark.django_db
def test_organisation_takes_its_county_from_its_home_municipality():
    ngo = factories.organisation(Organisation.Kind.ASSOCIATION, "609")  # Pori
    assert ngo.county.code == "06"


@pytest.mark.django_db
def test_a_role_is_held_once_per_unit():
    org = factories.organisation()
    unit = factories.unit(org)
    person = factories.member(Role.PROFESSIONAL, unit=unit)
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=person, organisation=org, unit=unit, role=Role.PROFESSIONAL)


@pytest.mark.django_db
def test_membership_unit_must_belong_to_the_organisation():
    org = factories.organisation()
    other_unit = factories.unit(factories.organisation())
    membership = Membership(
        user=factories.user(), organisation=org, unit=other_unit, role=Role.PROFESSIONAL
    )
    with pytest.raises(ValidationError):
        membership.full_clean()


@pytest.mark.django_db
def test_email_login_is_case_insensitive():
    from django.contrib.auth import authenticate

    factories.user(email="anna@example.fi")
    from django.test import RequestFactory

    request = RequestFactory().post("/", REMOTE_ADDR="10.1.1.1")
    assert (
        authenticate(request, username="ANNA@example.fi", password=factories.PASSWORD) is not None
    )
