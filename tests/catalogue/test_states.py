"""The publication state table and who may move content along it."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.catalogue.models import Service
from kohtaamo.catalogue.services import change_status
from kohtaamo.catalogue.states import TRANSITIONS, Move, Status, TransitionNotAllowed, next_status
from kohtaamo.core.models import Municipality, WellbeingStep
from tests import factories

ALLOWED = {
    (Status.DRAFT, Move.PUBLISH): Status.PUBLISHED,
    (Status.DRAFT, Move.ARCHIVE): Status.ARCHIVED,
    (Status.PUBLISHED, Move.UNPUBLISH): Status.DRAFT,
    (Status.PUBLISHED, Move.ARCHIVE): Status.ARCHIVED,
    (Status.PUBLISHED, Move.MODERATE): Status.DRAFT,
    (Status.ARCHIVED, Move.RESTORE): Status.DRAFT,
}


def test_the_table_is_exactly_the_documented_one():
    assert TRANSITIONS == ALLOWED


@pytest.mark.parametrize("status,move", list(itertools.product(Status, Move)))
def test_every_pair_is_either_allowed_or_refused(status, move):
    if (status, move) in ALLOWED:
        assert next_status(status, move) == ALLOWED[(status, move)]
    else:
        with pytest.raises(TransitionNotAllowed):
            next_status(status, move)


@pytest.fixture
def service(db):
    provider_org = factories.organisation(Organisation.Kind.ASSOCIATION, "297")
    service = Service.objects.create(
        organisation=provider_org,
        name_fi="Laulupiiri",
        summary_fi="Laulamme yhdessä.",
        is_free=True,
    )
    service.steps.add(WellbeingStep.objects.get(number=2))
    service.municipalities.add(Municipality.objects.get(code="297"))
    return service


def test_provider_publishes_its_own_service(service):
    provider = factories.member(Role.PROVIDER, organisation=service.organisation)
    change_status(provider, service, Move.PUBLISH)
    assert service.status == Status.PUBLISHED
    assert service.published_at is not None


def test_provider_of_another_organisation_cannot_publish(service):
    stranger = factories.member(Role.PROVIDER)
    with pytest.raises(PermissionDenied):
        change_status(stranger, service, Move.PUBLISH)
    service.refresh_from_db()
    assert service.status == Status.DRAFT


def test_incomplete_service_cannot_be_published(service):
    service.summary_fi = ""
    service.save()
    provider = factories.member(Role.PROVIDER, organisation=service.organisation)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            change_status(provider, service, Move.PUBLISH)
        assert "summary" in str(error.value)
    service.refresh_from_db()
    assert service.status == Status.DRAFT


def test_county_coordinator_removes_with_a_reason_the_provider_sees(service):
    provider = factories.member(Role.PROVIDER, organisation=service.organisation)
    change_status(provider, service, Move.PUBLISH)
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "297")
    coordinator = factories.member(Role.COORDINATOR, organisation=county)
    with pytest.raises(ValidationError):
        change_status(coordinator, service, Move.MODERATE, reason="  ")
    change_status(coordinator, service, Move.MODERATE, reason="Vanhentunut yhteystieto")
    assert service.status == Status.DRAFT
    assert service.moderation_reason == "Vanhentunut yhteystieto"
    assert service.moderated_by == coordinator
    change_status(provider, service, Move.PUBLISH)
    assert service.moderation_reason == ""


def test_coordinator_of_another_county_cannot_moderate(service):
    provider = factories.member(Role.PROVIDER, organisation=service.organisation)
    change_status(provider, service, Move.PUBLISH)
    pirkanmaa = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "837")
    coordinator = factories.member(Role.COORDINATOR, organisation=pirkanmaa)
    with pytest.raises(PermissionDenied):
        change_status(coordinator, service, Move.MODERATE, reason="x")


def test_provider_cannot_moderate_and_coordinator_cannot_publish(service):
    provider = factories.member(Role.PROVIDER, organisation=service.organisation)
    change_status(provider, service, Move.PUBLISH)
    with pytest.raises(PermissionDenied):
        change_status(provider, service, Move.MODERATE, reason="x")
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "297")
    coordinator = factories.member(Role.COORDINATOR, organisation=county)
    change_status(coordinator, service, Move.MODERATE, reason="x")
    with pytest.raises(PermissionDenied):
        change_status(coordinator, service, Move.PUBLISH)
