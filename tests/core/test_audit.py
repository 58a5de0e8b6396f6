"""The audit log: one accessor writes it, nobody can change it, administrators read it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.core import audit
from kohtaamo.core.models import AuditEvent, AuditLogIsAppendOnly
from tests import factories

pytestmark = pytest.mark.django_db


def test_read_records_who_read_what_when_and_from_where(rf):
    ngo = factories.organisation()
    reader = factories.member(Role.ADMINISTRATOR, organisation=ngo)
    subject = factories.member(Role.VOLUNTEER, organisation=ngo)
    request = rf.get("/fi/something/", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="TestBrowser/1.0")
    request.user = reader
    returned = audit.read(request, subject, fields=["email", "full_name"], purpose="support")
    assert returned is subject
    event = AuditEvent.objects.get(action="view")
    assert event.actor_id == reader.pk
    assert event.actor_label == reader.email
    assert event.actor_organisation_id == ngo.pk
    assert (event.target_type, event.target_id) == ("accounts.user", str(subject.pk))
    assert event.fields == ["email", "full_name"]
    assert event.purpose == "support"
    assert event.ip_address == "192.0.2.7"
    assert event.user_agent == "TestBrowser/1.0"
    assert event.path == "/fi/something/"
    assert list(audit.history(subject)) == [event]


def test_forwarded_address_is_trusted_only_behind_a_configured_proxy(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9, 10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert audit.client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert audit.client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert audit.client_ip(request) == "198.51.100.9"


def test_events_cannot_be_changed_or_deleted_through_the_orm():
    event = audit.record(audit.Action.EXPORT, target_type="accounts.user", target_id="1")
    event.purpose = "cover-up"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="cover-up")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).purpose == ""


def test_the_database_refuses_raw_updates():
    event = audit.record(audit.Action.EXPORT, target_type="accounts.user", target_id="1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET purpose = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).purpose == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row DELETE trigger is PostgreSQL-only"
)
def test_postgresql_refuses_raw_deletes():
    event = audit.record(audit.Action.EXPORT, target_type="accounts.user", target_id="1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_erasing_a_user_keeps_the_trace_of_what_they_read():
    reader = factories.user()
    audit.record(audit.Action.VIEW, target_type="referrals.referral", target_id="9", actor=reader)
    reader_id = reader.pk
    reader.delete()
    assert AuditEvent.objects.filter(actor_id=reader_id, target_id="9").exists()


def test_profile_change_is_logged(client, login):
    resident = factories.user()
    login(resident, verified=False)
    client.post(
        reverse("accounts:profile"), {"full_name": "Aino Asukas", "preferred_language": "sv"}
    )
    event = AuditEvent.objects.get(action="change")
    assert event.fields == ["full_name", "preferred_language"]
    assert event.actor_id == resident.pk


@pytest.fixture
def two_organisations():
    kuopio_ngo = factories.organisation(Organisation.Kind.ASSOCIATION, "297")
    tampere_ngo = factories.organisation(Organisation.Kind.ASSOCIATION, "837")
    kuopio_person = factories.member(Role.VOLUNTEER, organisation=kuopio_ngo)
    tampere_person = factories.member(Role.VOLUNTEER, organisation=tampere_ngo)
    audit.record(audit.Action.VIEW, kuopio_person, purpose="kuopio-read")
    audit.record(audit.Action.VIEW, tampere_person, purpose="tampere-read")
    audit.record(
        audit.Action.VIEW,
        target_type="accounts.membership",
        target_id="1",
        target_organisation_id=kuopio_ngo.pk,
        purpose="kuopio-membership",
    )
    return kuopio_ngo, tampere_ngo


def test_viewer_shows_an_administrator_only_their_own_organisations_events(
    client, login, two_organisations
):
    kuopio_ngo, _ = two_organisations
    admin = factories.member(Role.ADMINISTRATOR, organisation=kuopio_ngo)
    login(admin)
    page = client.get(reverse("audit_log")).content.decode()
    assert "kuopio-membership" in page
    assert "tampere-read" not in page


def test_viewer_shows_a_national_administrator_everything(client, login, two_organisations):
    national = factories.organisation(Organisation.Kind.NATIONAL_BODY)
    login(factories.member(Role.ADMINISTRATOR, organisation=national))
    page = client.get(reverse("audit_log")).content.decode()
    assert "kuopio-membership" in page
    assert "tampere-read" in page


def test_viewer_filters_by_action_and_record(client, login, two_organisations):
    national = factories.organisation(Organisation.Kind.NATIONAL_BODY)
    login(factories.member(Role.ADMINISTRATOR, organisation=national))
    page = client.get(
        reverse("audit_log"), {"target_type": "accounts.membership", "action": "view"}
    )
    text = page.content.decode()
    assert "kuopio-membership" in text
    assert "tampere-read" not in text


def test_viewer_reports_a_bad_date_range_next_to_the_field(client, login):
    national = factories.organisation(Organisation.Kind.NATIONAL_BODY)
    login(factories.member(Role.ADMINISTRATOR, organisation=national))
    page = client.get(reverse("audit_log"), {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert page.status_code == 200
    assert "id_date_to_error" in page.content.decode()


def test_viewer_is_closed_to_other_roles_and_to_anonymous_visitors(client, login):
    response = client.get(reverse("audit_log"))
    assert response.status_code == 302
    login(factories.member(Role.PROFESSIONAL))
    assert client.get(reverse("audit_log")).status_code == 403


def test_viewer_is_paginated(client, login):
    national = factories.organisation(Organisation.Kind.NATIONAL_BODY)
    login(factories.member(Role.ADMINISTRATOR, organisation=national))
    for number in range(60):
        audit.record(audit.Action.VIEW, target_type="accounts.user", target_id=str(number))
    first = client.get(reverse("audit_log"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("audit_log"), {"page": 2})
    assert len(second.context["page"].object_list) >= 10
    assert client.get(reverse("audit_log"), {"page": "not-a-number"}).status_code == 200
