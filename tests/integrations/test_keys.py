"""API keys: shown once, stored as a hash, acting as a professional of their unit,
revoked at once; webhook addresses and events checked; the administration pages for
an organisation's administrator."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.urls import reverse

from kohtaamo.accounts.models import Organisation, User
from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import AuditEvent
from kohtaamo.integrations import services
from kohtaamo.integrations.models import ApiKey, WebhookEndpoint
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def station():
    organisation = factories.organisation(Organisation.Kind.WELLBEING_COUNTY)
    return factories.unit(organisation)


def test_a_key_is_shown_once_and_only_its_hash_is_kept(station):
    key, raw = services.create_api_key(
        organisation=station.organisation, unit=station, name="Potilastietojärjestelmä"
    )
    assert re.fullmatch(r"kht_[0-9a-f]{8}_[A-Za-z0-9_-]{40,}", raw)
    secret = raw.split("_", 2)[2]
    stored = ApiKey.objects.filter(pk=key.pk).values().get()
    assert secret not in str(stored)
    assert stored["secret_hash"] != secret and len(stored["secret_hash"]) == 64
    assert services.authenticate_key(raw) == key
    assert services.authenticate_key(raw + "x") is None
    assert AuditEvent.objects.filter(action="create", target_type="integrations.apikey").exists()


def test_a_key_acts_as_a_professional_of_its_unit_and_cannot_sign_in(station, rf):
    key, raw = services.create_api_key(organisation=station.organisation, unit=station, name="X")
    user = key.user
    assert not user.has_usable_password()
    assert user.email.endswith(".invalid")
    membership = user.memberships.get()
    assert (membership.role, membership.unit) == (Role.PROFESSIONAL, station)
    assert user.has_perm("referrals.add_referral", station)
    other = factories.unit(station.organisation)
    assert not user.has_perm("referrals.add_referral", other)
    for password in ("", raw, raw.split("_", 2)[2]):
        assert authenticate(rf.post("/"), username=user.email, password=password) is None


def test_revoking_stops_the_key_and_its_account(station):
    key, raw = services.create_api_key(organisation=station.organisation, name="X")
    services.revoke_api_key(key)
    assert key.revoked_at is not None
    assert services.authenticate_key(raw) is None
    assert not User.objects.get(pk=key.user_id).is_active
    assert not key.user.memberships.filter(is_active=True).exists()


def test_webhook_addresses_must_be_https_except_to_a_development_receiver(station, dns, settings):
    def check(url, events=()):
        WebhookEndpoint(
            organisation=station.organisation, url=url, events=list(events)
        ).full_clean()

    dns.name("asiakastieto.example.fi", ["93.184.216.34"])
    dns.name("example.fi", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
    check("https://asiakastieto.example.fi/kohtaamo")
    check("https://example.fi/hook", ["referral.accepted", "referral.completed"])
    for bad in ("http://example.fi/hook", "ftp://example.fi/", "https:///nohost"):
        with pytest.raises(ValidationError):
            check(bad)
    for loopback in ("http://127.0.0.1:8080/hook", "http://localhost/hook"):
        with pytest.raises(ValidationError):
            check(loopback)
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    check("http://127.0.0.1:8080/hook")
    check("http://localhost/hook")
    with pytest.raises(ValidationError) as refused:
        check("https://example.fi/hook", ["referral.draft"])
    assert "events" in refused.value.message_dict
    hook = WebhookEndpoint.objects.create(organisation=station.organisation, url="https://x.fi/")
    assert hook.secret.startswith("whsec_") and len(hook.secret) > 40


# --- The administration pages ------------------------------------------------------


@pytest.fixture
def administrator(station):
    return factories.member(Role.ADMINISTRATOR, organisation=station.organisation)


def test_an_administrator_makes_a_key_and_sees_it_once(station, administrator, login):
    client = login(administrator)
    add = reverse("admin:integrations_apikey_add")
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {"organisation": station.organisation.pk, "unit": station.pk, "name": "Potilastieto"},
        follow=True,
    )
    assert response.status_code == 200
    key = ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    raw = re.search(r"kht_[0-9a-f]{8}_\S+", " ".join(shown)).group(0)
    assert services.authenticate_key(raw) == key
    assert key.created_by == administrator
    # Once: the key's own page does not show it again.
    page = client.get(reverse("admin:integrations_apikey_change", args=[key.pk]))
    assert raw not in page.content.decode()

    response = client.post(
        reverse("admin:integrations_apikey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
        follow=True,
    )
    assert response.status_code == 200
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_an_administrator_sees_and_chooses_only_their_own_organisation(
    station, administrator, login
):
    elsewhere = factories.organisation(Organisation.Kind.MUNICIPALITY, "837")
    services.create_api_key(organisation=elsewhere, name="Muu järjestelmä")
    mine, _raw = services.create_api_key(organisation=station.organisation, name="Oma")
    client = login(administrator)
    listing = client.get(reverse("admin:integrations_apikey_changelist")).content.decode()
    assert "Oma" in listing and "Muu järjestelmä" not in listing
    response = client.post(
        reverse("admin:integrations_apikey_add"),
        {"organisation": elsewhere.pk, "name": "Luvaton"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not ApiKey.objects.filter(name="Luvaton").exists()
    assert mine


def test_others_cannot_open_the_keys(station, login):
    professional = factories.member(Role.PROFESSIONAL, unit=station)
    response = login(professional).get(reverse("admin:integrations_apikey_changelist"))
    assert response.status_code in (302, 403)


def test_an_administrator_registers_a_webhook_for_chosen_events(station, administrator, login, dns):
    dns.name("asiakastieto.example.fi", ["93.184.216.34"])
    client = login(administrator)
    add = reverse("admin:integrations_webhookendpoint_add")
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "organisation": station.organisation.pk,
            "url": "http://example.fi/hook",
            "events": ["referral.accepted", "referral.declined"],
            "secret": "whsec_given",
            "is_active": "on",
        },
    )
    assert response.status_code == 200  # http:// to another machine: the form again
    assert not WebhookEndpoint.objects.exists()
    response = client.post(
        add,
        {
            "organisation": station.organisation.pk,
            "url": "https://asiakastieto.example.fi/hook",
            "events": ["referral.accepted", "referral.declined"],
            "secret": "whsec_given",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    hook = WebhookEndpoint.objects.get()
    assert hook.events == ["referral.accepted", "referral.declined"]
    assert hook.wants("referral.accepted") and not hook.wants("referral.completed")
    deliveries = reverse("admin:integrations_webhookdelivery_changelist")
    assert client.get(deliveries).status_code == 200
