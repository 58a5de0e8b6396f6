"""What the database itself refuses, whatever the code above it does."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kohtaamo.volunteers.models import (
    Assignment,
    HelpRequest,
    Kit,
    KitLoan,
    Programme,
    Volunteer,
)
from tests import factories

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="exclusion constraints exist on PostgreSQL; the services check the rule elsewhere",
)


@pytest.fixture
def programme():
    organisation = factories.organisation()
    return Programme.objects.create(
        organisation=organisation, slug="luotsit", name_fi="Kulttuuriluotsit"
    )


def _request(programme, start, **fields):
    return HelpRequest.objects.create(
        programme=programme,
        source="professional",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        fill_by=start - timedelta(hours=1),
        municipality=programme.organisation.municipality,
        meeting_point="Pääovi",
        client_alias="Aino",
        **fields,
    )


def test_a_phone_number_needs_the_clients_agreement(programme):
    start = timezone.now() + timedelta(days=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        _request(programme, start, client_phone="+358401234567")
    assert _request(
        programme, start, client_phone="+358401234567", client_agreed_to_share_phone=True
    )


def test_a_request_is_found_a_volunteer_before_it_starts(programme):
    start = timezone.now() + timedelta(days=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpRequest.objects.create(
            programme=programme,
            source="resident",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            fill_by=start + timedelta(minutes=1),
            municipality=programme.organisation.municipality,
            meeting_point="Ovi",
            client_alias="Aino",
        )


@postgres_only
def test_one_volunteer_cannot_hold_two_overlapping_assignments(programme):
    volunteer = Volunteer.objects.create(
        programme=programme,
        full_name="Vapaa Ehtoinen",
        email="v@example.fi",
        consent_at=timezone.now(),
    )
    start = timezone.now() + timedelta(days=2)
    first, second = _request(programme, start), _request(programme, start + timedelta(hours=1))
    Assignment.objects.create(
        request=first, volunteer=volunteer, starts_at=first.starts_at, ends_at=first.ends_at
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            request=second, volunteer=volunteer, starts_at=second.starts_at, ends_at=second.ends_at
        )
    # A released assignment no longer holds the time.
    Assignment.objects.filter(request=first).update(is_active=False)
    Assignment.objects.create(
        request=second, volunteer=volunteer, starts_at=second.starts_at, ends_at=second.ends_at
    )


@postgres_only
def test_a_kit_is_not_lent_twice_on_one_day(programme):
    kit = Kit.objects.create(
        organisation=programme.organisation, kind="memory_case", name_fi="Laukku"
    )
    unit = factories.unit(programme.organisation)
    KitLoan.objects.create(kit=kit, unit=unit, starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 8))
    with pytest.raises(IntegrityError), transaction.atomic():
        KitLoan.objects.create(
            kit=kit, unit=unit, starts_on=date(2027, 1, 8), ends_on=date(2027, 1, 9)
        )
    KitLoan.objects.create(kit=kit, unit=unit, starts_on=date(2027, 1, 9), ends_on=date(2027, 1, 9))
