"""Asking for a companion: one validated request, whoever asks."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from kohtaamo.accounts.roles import Role
from kohtaamo.referrals import services as referrals
from kohtaamo.volunteers import services
from kohtaamo.volunteers.models import RequestSource
from tests import factories
from tests.referrals.conftest import world  # noqa: F401 (a fixture)

from .conftest import NOW, START, language

pytestmark = pytest.mark.django_db


def fields(**more):
    base = {
        "starts_at": START,
        "ends_at": START + timedelta(hours=2),
        "municipality": factories.municipality("297"),
        "meeting_point": "Kuopion teatterin lipunmyynti",
        "client_alias": "Aino",
        "language": language("fi"),
    }
    return {**base, **more}


def test_a_professional_asks_and_the_coordinator_hears(
    programme, nurse, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.create_request(
            programme=programme,
            source="professional",
            by=nurse,
            requesting_unit=nurse.test_unit,
            now=NOW,
            **fields(
                client_phone="040 111 2222", client_agreed_to_share_phone=True, needs=["memory"]
            ),
        )
    assert request.client_phone == "+358401112222"
    assert request.fill_by == START - timedelta(hours=24)
    assert request.requested_by == nurse
    [message] = mail.outbox
    assert message.to == ["luotsit@kirjasto.example"]
    assert "Aino" not in message.body and "/fi/volunteers/requests/" in message.body


def test_what_a_request_must_say(programme, nurse):
    with pytest.raises(ValidationError) as error:
        services.create_request(
            programme=programme,
            source="professional",
            by=nurse,
            requesting_unit=nurse.test_unit,
            now=NOW,
            **fields(
                starts_at=NOW - timedelta(hours=1),
                municipality=factories.municipality("091"),
                meeting_point=" ",
                client_alias="",
                people=31,
                needs=["flying"],
                client_phone="040 111 2222",
                help_kind="perform",
            ),
        )
    assert set(error.value.error_dict) >= {
        "starts_at",
        "municipality",
        "meeting_point",
        "client_alias",
        "people",
        "needs",
        "client_phone",
        "help_kind",
    }
    with pytest.raises(ValidationError) as long:
        services.create_request(
            programme=programme,
            source="professional",
            by=nurse,
            requesting_unit=nurse.test_unit,
            now=NOW,
            **fields(ends_at=START + timedelta(hours=13)),
        )
    assert "ends_at" in long.value.error_dict
    with pytest.raises(ValueError):
        services.create_request(
            programme=programme,
            source="professional",
            by=nurse,
            requesting_unit=nurse.test_unit,
            now=NOW,
            **fields(reasons=["loneliness"]),
        )


def test_only_requesters_ask_for_their_unit(programme, nurse):
    provider = factories.member(Role.PROVIDER)
    with pytest.raises(PermissionDenied):
        services.create_request(
            programme=programme,
            source="professional",
            by=provider,
            requesting_unit=nurse.test_unit,
            now=NOW,
            **fields(),
        )


def test_a_resident_leaves_a_way_to_reach_them(programme):
    with pytest.raises(ValidationError):
        services.create_request(
            programme=programme, source="resident", by=None, now=NOW, **fields()
        )
    request = services.create_request(
        programme=programme,
        source="resident",
        by=None,
        now=NOW,
        **fields(contact_email="aino@example.fi"),
    )
    assert request.source == RequestSource.RESIDENT and request.requested_by is None


def test_from_a_referral_only_under_its_consent_and_without_its_reasons(
    programme,
    world,  # noqa: F811
):
    referral = world.draft()
    with pytest.raises(ValidationError) as no_consent:
        services.create_request(
            programme=programme,
            source="referral",
            by=world.nurse,
            referral=referral,
            now=NOW,
            **fields(),
        )
    assert no_consent.value.code == "consent_required"
    referrals.record_consent(world.nurse, referral, shared=["contact_details"], method="verbal")
    with pytest.raises(PermissionDenied):
        services.create_request(
            programme=programme,
            source="referral",
            by=world.stranger,
            referral=referral,
            now=NOW,
            **fields(),
        )
    request = services.create_request(
        programme=programme,
        source="referral",
        by=world.nurse,
        referral=referral,
        now=NOW,
        **fields(),
    )
    assert request.referral == referral
    assert request.requesting_unit == world.health_station
    text = " ".join(str(v) for v in vars(request).values())
    assert "loneliness" not in text and "Testi" not in text


def test_programmes_for_an_area(programme):
    kuopio = factories.municipality("297")
    assert services.programmes_for(kuopio) == [programme]
    assert services.programmes_for(kuopio, "perform") == []
    assert services.programmes_for(factories.municipality("091")) == []
