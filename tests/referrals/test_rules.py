"""Consent, duplicates, withdrawal, deadlines, retention and who sees what."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kohtaamo.core.models import AuditEvent
from kohtaamo.referrals import services
from kohtaamo.referrals.models import ContactLog, Referral, ReferralClient, StatusChange
from kohtaamo.referrals.states import Status

from .conftest import CLIENT, NOW, reload

pytestmark = pytest.mark.django_db


# --- Consent ----------------------------------------------------------------------


def test_a_personal_referral_cannot_be_sent_without_consent(world):
    referral = world.draft()
    with pytest.raises(ValidationError) as refused:
        services.issue_referral(world.nurse, referral, now=NOW)
    assert refused.value.code == "consent_required"
    assert reload(referral).status == Status.DRAFT
    services.record_consent(world.nurse, referral, shared=["contact_details"], method="electronic")
    assert services.issue_referral(world.nurse, referral, now=NOW).status == Status.ISSUED


def test_an_anonymous_prescription_needs_no_consent_and_carries_no_person(world):
    prescription = world.issued(referral_type=world.prescription_type)
    assert prescription.status == Status.ISSUED
    assert not ReferralClient.objects.filter(referral=prescription).exists()
    assert prescription.response_due_at is None
    assert prescription.expires_at == NOW + timedelta(days=90)
    with pytest.raises(ValidationError):
        services.draft_referral(
            world.nurse,
            referral_type=world.prescription_type,
            issuing_unit=world.health_station,
            client=CLIENT,
        )


def test_a_personal_referral_needs_a_named_client_and_known_codes(world):
    with pytest.raises(ValidationError):
        world.draft(client=None)
    with pytest.raises(ValidationError):
        world.draft(reasons=["boredom"])


def test_consent_for_another_unit_does_not_cover_the_receiver(world):
    referral = world.draft()
    services.record_consent(
        world.nurse,
        referral,
        shared=["contact_details"],
        method="verbal",
        with_unit=world.other_advice,
    )
    with pytest.raises(ValidationError):
        services.issue_referral(world.nurse, referral)


def test_only_the_issuing_units_professional_writes_a_referral(world):
    with pytest.raises(PermissionDenied):
        services.draft_referral(
            world.stranger,
            referral_type=world.referral_type,
            issuing_unit=world.health_station,
            receiving_unit=world.culture_advice,
            client=CLIENT,
        )


# --- Duplicates -------------------------------------------------------------------


def test_same_name_and_birth_date_in_the_county_are_offered_not_merged(world):
    earlier = world.issued()
    other_person = world.issued(client={**CLIENT, "birth_date": date(1960, 1, 1)})
    found = services.find_possible_duplicates(
        world.request(world.advisor), world.county, "  testi   ASIAKAS ", CLIENT["birth_date"]
    )
    assert found == [earlier]
    assert other_person not in found
    assert Referral.objects.count() == 2  # nothing merged
    assert AuditEvent.objects.filter(
        action="view", target_type="referrals.referralclient", target_id=str(earlier.client.pk)
    ).exists()


def test_duplicate_check_never_reveals_another_units_clients(world):
    world.issued()
    found = services.find_possible_duplicates(
        world.request(world.stranger), world.county, CLIENT["full_name"], CLIENT["birth_date"]
    )
    assert found == []


# --- Withdrawal -------------------------------------------------------------------


def test_withdrawal_erases_the_client_and_keeps_the_referral_countable(world):
    referral = world.issued()
    services.accept(world.advisor, referral, note="Called on Monday")
    services.record_contact(
        world.advisor, referral, date=date(2026, 3, 3), kind="meeting", outcome="Likes singing"
    )
    services.withdraw_by_client(referral)
    referral = reload(referral)
    assert referral.status == Status.WITHDRAWN
    assert not ReferralClient.objects.filter(referral=referral).exists()
    assert referral.personal_data_erased_at is not None
    assert ContactLog.objects.get(referral=referral).outcome == ""
    assert set(
        StatusChange.objects.filter(referral=referral).values_list("receiver_note", flat=True)
    ) == {""}
    # Still counted: issued, accepted, then withdrawn, in this county and unit.
    assert (
        Referral.objects.filter(county=world.county, issuing_unit=world.health_station).count() == 1
    )
    assert list(
        StatusChange.objects.filter(referral=referral).values_list("to_status", flat=True)
    ) == [Status.ISSUED, Status.ACCEPTED, Status.IN_CONTACT, Status.WITHDRAWN]
    assert AuditEvent.objects.filter(action="erase", target_id=str(referral.pk)).exists()
    assert services.client_details(world.request(world.nurse), referral, "view") is None


def test_withdrawal_needs_the_right_link(world):
    referral = world.issued()
    with pytest.raises(Http404):
        services.withdraw_by_client(services.by_token("not-the-token"))
    with pytest.raises(Http404):
        services.withdraw_by_client(services.by_token(""))
    assert reload(referral).status == Status.ISSUED
    assert len(referral.public_token) >= 43


# --- Deadlines --------------------------------------------------------------------


def test_unanswered_referral_returns_to_the_sender_after_the_response_deadline(world):
    referral = world.issued(now=NOW)
    assert services.process_deadlines(NOW + timedelta(days=13, hours=23)) == {
        "expired": 0,
        "returned": 0,
    }
    assert services.process_deadlines(NOW + timedelta(days=14)) == {"expired": 0, "returned": 1}
    referral = reload(referral)
    assert referral.status == Status.RETURNED
    stamp = StatusChange.objects.filter(referral=referral).last()
    assert (stamp.side, stamp.actor) == ("system", None)
    # The sender may now send it to another unit.
    services.record_consent(
        world.nurse,
        referral,
        shared=["contact_details"],
        method="verbal",
        with_unit=world.other_advice,
    )
    assert services.reroute(world.nurse, referral, world.other_advice).status == Status.REROUTED


def test_the_receiver_is_nudged_only_in_the_last_days_before_the_deadline(world):
    waiting = world.issued(now=NOW)
    answered = world.issued(now=NOW)
    services.accept(world.advisor, answered)
    assert list(services.awaiting_response_soon(NOW + timedelta(days=10))) == []
    assert list(services.awaiting_response_soon(NOW + timedelta(days=11))) == [waiting]
    assert list(services.awaiting_response_soon(NOW + timedelta(days=14))) == []


def test_an_accepted_referral_is_not_returned(world):
    referral = world.issued(now=NOW)
    services.accept(world.advisor, referral)
    assert services.process_deadlines(NOW + timedelta(days=30))["returned"] == 0
    assert reload(referral).status == Status.ACCEPTED


def test_referral_not_turned_into_an_activity_expires(world):
    waiting = world.issued(now=NOW)
    services.accept(world.advisor, waiting)
    agreed = world.issued(now=NOW)
    services.accept(world.advisor, agreed)
    services.record_contact(world.advisor, agreed, date=date(2026, 3, 3), kind="meeting")
    services.agree_activity(world.advisor, agreed)
    prescription = world.issued(referral_type=world.prescription_type, now=NOW)
    result = services.process_deadlines(NOW + timedelta(days=90))
    assert result == {"expired": 2, "returned": 0}
    assert reload(waiting).status == Status.EXPIRED
    assert reload(prescription).status == Status.EXPIRED
    assert reload(agreed).status == Status.ACTIVITY_AGREED
    assert reload(waiting).closed_at == NOW + timedelta(days=90)


# --- Retention --------------------------------------------------------------------


def test_personal_data_are_erased_after_the_configured_time_and_not_before(world, settings):
    settings.REFERRAL_RETENTION_DAYS = 30
    referral = world.issued(now=NOW)
    services.decline(world.advisor, referral, "not_eligible")
    closed_at = reload(referral).closed_at
    open_one = world.issued(now=NOW)
    assert services.erase_closed_personal_data(closed_at + timedelta(days=29)) == 0
    assert ReferralClient.objects.filter(referral=referral).exists()
    assert services.erase_closed_personal_data(closed_at + timedelta(days=30)) == 1
    assert not ReferralClient.objects.filter(referral=referral).exists()
    assert ReferralClient.objects.filter(referral=open_one).exists()
    referral = reload(referral)
    assert referral.status == Status.DECLINED
    assert (
        StatusChange.objects.get(referral=referral, to_status=Status.DECLINED).reason
        == "not_eligible"
    )
    assert services.erase_closed_personal_data(closed_at + timedelta(days=400)) == 0


def test_default_retention_is_twelve_months(world):
    referral = world.issued(now=NOW)
    services.decline(world.advisor, referral, "no_capacity")
    closed_at = reload(referral).closed_at
    assert services.erase_closed_personal_data(closed_at + timedelta(days=364)) == 0
    assert services.erase_closed_personal_data(closed_at + timedelta(days=365)) == 1


# --- Access -----------------------------------------------------------------------


def test_only_the_sending_and_receiving_units_see_a_referral(world):
    referral = world.issued()
    assert services.referral_for(world.nurse, referral.pk) == referral
    assert services.referral_for(world.advisor, referral.pk) == referral
    for outsider in (world.stranger, world.other_advisor):
        with pytest.raises(Http404):
            services.referral_for(outsider, referral.pk)
        assert list(services.visible_referrals(outsider)) == []
        with pytest.raises(PermissionDenied):
            services.client_details(world.request(outsider), referral, "queue")
    assert list(services.visible_referrals(world.nurse)) == [referral]
    assert list(services.visible_referrals(world.advisor)) == [referral]


def test_the_receiver_does_not_see_a_draft(world):
    draft = world.draft()
    assert list(services.visible_referrals(world.advisor)) == []
    with pytest.raises(Http404):
        services.referral_for(world.advisor, draft.pk)


def test_the_sender_follows_the_status_but_not_the_receivers_work(world):
    referral = world.issued()
    services.accept(world.advisor, referral, note="Client prefers mornings")
    services.record_contact(
        world.advisor, referral, date=date(2026, 3, 3), kind="meeting", outcome="First meeting"
    )
    for_sender = services.status_history(world.nurse, referral)
    assert [c.to_status for c in for_sender] == [Status.ISSUED, Status.ACCEPTED, Status.IN_CONTACT]
    assert all(change.receiver_note == "" for change in for_sender)
    with pytest.raises(PermissionDenied):
        services.contact_log(world.nurse, referral)
    for_receiver = services.status_history(world.advisor, referral)
    assert for_receiver[1].receiver_note == "Client prefers mornings"
    assert [c.outcome for c in services.contact_log(world.advisor, referral)] == ["First meeting"]
    with pytest.raises(PermissionDenied):
        services.status_history(world.stranger, referral)


def test_every_read_of_the_clients_data_is_in_the_audit_log(world):
    referral = world.issued()
    for person, purpose in ((world.advisor, "incoming queue"), (world.nurse, "own referral")):
        client = services.client_details(world.request(person), referral, purpose)
        assert client.full_name == CLIENT["full_name"]
    reads = AuditEvent.objects.filter(
        action="view", target_type="referrals.referralclient", target_id=str(referral.client.pk)
    ).order_by("pk")
    assert [(e.actor_id, e.purpose) for e in reads] == [
        (world.advisor.pk, "incoming queue"),
        (world.nurse.pk, "own referral"),
    ]
    assert "birth_date" in reads[0].fields
    assert reads[0].target_organisation_id == world.health_station.organisation_id


# --- Configuration ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "receiver_kind", "response_days"),
    [
        ("prescription", "unit", 14),  # nobody to call
        ("personal", "unit", None),  # a receiver without a deadline
        ("personal", "nobody", 14),  # a deadline without a receiver
    ],
)
def test_the_database_refuses_an_incoherent_type(world, kind, receiver_kind, response_days):
    from django.db import IntegrityError, transaction

    from kohtaamo.referrals.models import ReferralType

    with pytest.raises(IntegrityError), transaction.atomic():
        ReferralType.objects.create(
            county=world.county,
            code="broken",
            name_fi="Rikki",
            kind=kind,
            receiver_kind=receiver_kind,
            response_days=response_days,
            expiry_days=30,
        )
