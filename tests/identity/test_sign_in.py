"""Signing in through an organisation's OpenID Connect provider, against a real provider
(django-oauth-toolkit in its own process on loopback, tests/identity/provider)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from kohtaamo.accounts.models import User
from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import AuditEvent
from kohtaamo.identity.models import IdentityProvider
from tests import factories
from tests.identity import flows
from tests.identity.provider import CLIENTS, KNOWN, MFA, STRANGER, UNVERIFIED

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return factories.organisation(kind="wellbeing_county", name_fi="Testin hyvinvointialue")


def provider_for(oidc_provider, county, client="good", **fields):
    return factories.identity_provider(
        oidc_provider.issuer, CLIENTS[client], organisations=[county], **fields
    )


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def test_a_known_staff_member_signs_in_by_verified_email_and_then_enters_the_code(
    client, oidc_provider, county
):
    provider = provider_for(oidc_provider, county)
    staff = factories.member(
        Role.PROFESSIONAL, organisation=county, user=factories.user(email=KNOWN.upper())
    )
    factories.totp_device(staff)

    response = flows.sign_in(client, provider, KNOWN, next_url="/fi/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/profile/"
    assert signed_in_user_id(client) == str(staff.pk)
    login = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert login.actor_id == staff.pk
    assert login.purpose == f"identity provider {provider.slug}"
    # The provider's login counts for nothing more here: Kohtaamo's own code follows.
    profile = client.get("/fi/accounts/profile/")
    assert profile.status_code == 302
    assert profile["Location"].startswith(reverse("accounts:verify"))


def test_the_authorisation_request_carries_state_nonce_and_a_pkce_challenge(
    client, oidc_provider, county
):
    provider = provider_for(oidc_provider, county)
    query = parse_qs(urlsplit(flows.start(client, provider, "sv")).query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == [CLIENTS["good"]["client_id"]]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32
    assert len(query["nonce"][0]) >= 32
    assert query["ui_locales"] == ["sv"]


def test_a_provider_that_asserts_multi_factor_counts_as_the_two_step_login(
    client, oidc_provider, county
):
    provider = provider_for(oidc_provider, county, two_step=IdentityProvider.TwoStep.ASSERTED)
    staff = factories.member(Role.COORDINATOR, organisation=county, user=factories.user(email=MFA))

    response = flows.sign_in(client, provider, MFA, next_url="/fi/accounts/profile/")

    assert response["Location"] == "/fi/accounts/profile/"
    assert client.get("/fi/accounts/profile/").status_code == 200
    assert signed_in_user_id(client) == str(staff.pk)

    # Once the operator stops trusting the provider's second step, the session asks for
    # Kohtaamo's code on its very next page.
    provider.two_step = IdentityProvider.TwoStep.KOHTAAMO
    provider.save()
    assert client.get("/fi/accounts/profile/")["Location"].startswith(
        reverse("accounts:setup_two_factor")
    )


def test_a_single_factor_sign_in_still_needs_kohtaamos_code(client, oidc_provider, county):
    provider = provider_for(oidc_provider, county, two_step=IdentityProvider.TwoStep.ASSERTED)
    factories.member(Role.PROFESSIONAL, organisation=county, user=factories.user(email=KNOWN))

    flows.sign_in(client, provider, KNOWN)

    assert client.get("/fi/accounts/profile/")["Location"].startswith(
        reverse("accounts:setup_two_factor")
    )


def test_an_acr_value_named_by_the_operator_counts_as_multi_factor():
    from kohtaamo.identity import services

    provider = IdentityProvider(two_step="asserted", mfa_acr_values="loa3 urn:example:mfa")
    assert services.counts_as_two_step(provider, {"acr": "urn:example:mfa"})
    assert not services.counts_as_two_step(provider, {"acr": "loa2", "amr": ["pwd", "otp"]})
    assert services.counts_as_two_step(provider, {"amr": ["pwd", "mfa"]})
    provider.two_step = "kohtaamo"
    assert not services.counts_as_two_step(provider, {"amr": ["mfa"], "acr": "loa3"})


@pytest.mark.parametrize(
    "client_name", ["wrong-audience", "expired", "wrong-issuer", "other-nonce", "tampered"]
)
def test_a_token_that_fails_a_check_signs_nobody_in(client, oidc_provider, county, client_name):
    provider = provider_for(oidc_provider, county, client=client_name)
    factories.member(Role.PROFESSIONAL, organisation=county, user=factories.user(email=KNOWN))

    # A stranger at the provider whose token, altered after signing, claims the staff
    # member's address; the other clients' tokens are about the staff member.
    person = STRANGER if client_name == "tampered" else KNOWN

    response = flows.sign_in(client, provider, person)

    assert flows.refusal(response) == "invalid"
    assert signed_in_user_id(client) is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count() == 1


def test_an_unknown_person_gets_a_clear_page_and_no_account(client, oidc_provider, county):
    provider = provider_for(oidc_provider, county)
    users_before = User.objects.count()

    response = flows.sign_in(client, provider, STRANGER, language="sv")

    assert flows.refusal(response) == "unknown"
    assert response["Location"].startswith("/sv/")
    page = client.get(response["Location"])
    assert page.status_code == 403
    assert "Kohtaamo" in page.text and "administratör" in page.text
    assert signed_in_user_id(client) is None
    assert User.objects.count() == users_before
    assert not User.objects.filter(email__iexact=STRANGER).exists()


def test_an_unverified_email_signs_nobody_in_even_when_the_account_exists(
    client, oidc_provider, county
):
    provider = provider_for(oidc_provider, county)
    factories.member(Role.PROFESSIONAL, organisation=county, user=factories.user(email=UNVERIFIED))

    response = flows.sign_in(client, provider, UNVERIFIED)

    assert flows.refusal(response) == "unverified"
    assert signed_in_user_id(client) is None
    page = client.get(response["Location"])
    assert "vahvistanut" in page.text


def test_a_provider_signs_in_only_members_of_the_organisations_it_serves(
    client, oidc_provider, county
):
    provider = provider_for(oidc_provider, county)
    elsewhere = factories.organisation()
    factories.member(Role.ADMINISTRATOR, organisation=elsewhere, user=factories.user(email=KNOWN))

    response = flows.sign_in(client, provider, KNOWN)

    assert flows.refusal(response) == "unknown"
    assert signed_in_user_id(client) is None


def test_a_platform_superuser_never_signs_in_through_a_provider(client, oidc_provider, county):
    provider = provider_for(oidc_provider, county)
    superuser = User.objects.create_superuser(email=KNOWN, password=factories.PASSWORD)
    factories.member(Role.ADMINISTRATOR, organisation=county, user=superuser)

    response = flows.sign_in(client, provider, KNOWN)

    assert flows.refusal(response) == "unknown"
    assert signed_in_user_id(client) is None


def test_a_callback_cannot_be_replayed(client, oidc_provider, county):
    provider = provider_for(oidc_provider, county)
    factories.member(Role.VOLUNTEER, organisation=county, user=factories.user(email=KNOWN))
    callback = flows.authorise(flows.start(client, provider), KNOWN)
    assert client.get(callback)["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    client.logout()

    replay = client.get(callback)

    assert flows.refusal(replay) == "expired"
    assert signed_in_user_id(client) is None


def test_an_answer_naming_another_issuer_is_refused(client, oidc_provider, county):
    provider = provider_for(oidc_provider, county)
    factories.member(Role.VOLUNTEER, organisation=county, user=factories.user(email=KNOWN))
    callback = flows.authorise(flows.start(client, provider), KNOWN)

    response = client.get(f"{callback}&iss=https://attacker.example/")

    assert flows.refusal(response) == "invalid"
    assert signed_in_user_id(client) is None


def test_a_forged_state_is_refused(client, oidc_provider, county):
    provider = provider_for(oidc_provider, county)
    factories.member(Role.VOLUNTEER, organisation=county, user=factories.user(email=KNOWN))
    callback = flows.authorise(flows.start(client, provider), KNOWN)
    forged = callback.replace("state=", "state=x")

    assert flows.refusal(client.get(forged)) == "expired"
    assert signed_in_user_id(client) is None


def test_an_account_locked_by_wrong_passwords_is_not_opened_through_the_provider(
    client, oidc_provider, county
):
    provider = provider_for(oidc_provider, county)
    staff = factories.member(
        Role.PROFESSIONAL, organisation=county, user=factories.user(email=KNOWN)
    )
    for _ in range(5):
        client.post("/fi/accounts/login/", {"username": staff.email, "password": "wrong"})

    response = flows.sign_in(client, provider, KNOWN)

    assert response.status_code == 429
    assert signed_in_user_id(client) is None


def test_failed_callbacks_from_one_address_are_throttled(client, oidc_provider, county):
    provider = provider_for(oidc_provider, county, client="expired")
    factories.member(Role.PROFESSIONAL, organisation=county, user=factories.user(email=KNOWN))
    for _ in range(4):
        assert flows.refusal(flows.sign_in(client, provider, KNOWN)) == "invalid"

    # The fifth failure from the address locks it, as five wrong passwords would.
    assert flows.sign_in(client, provider, KNOWN).status_code == 429
    # Locked is locked: a sign-in that would succeed is refused from there too.
    good = provider_for(oidc_provider, county)
    assert flows.sign_in(client, good, KNOWN).status_code == 429
    assert signed_in_user_id(client) is None


def test_cancelling_at_the_provider_signs_nobody_in(client, oidc_provider, county):
    provider = provider_for(oidc_provider, county)
    state = parse_qs(urlsplit(flows.start(client, provider)).query)["state"][0]

    response = client.get(f"/oidc/callback/?error=access_denied&state={state}")

    assert flows.refusal(response) == "cancelled"


def test_an_unreachable_provider_is_explained(client, county):
    provider = factories.identity_provider(
        "http://127.0.0.1:9/unreachable", CLIENTS["good"], organisations=[county]
    )
    response = client.get(f"/fi/accounts/provider/{provider.slug}/")
    assert flows.refusal(response) == "provider"


def test_the_login_page_offers_each_active_provider(client, oidc_provider, county):
    provider_for(oidc_provider, county, name_fi="Pirkanmaan tunnistus", slug="pirkanmaa")
    provider_for(oidc_provider, county, name_fi="Vanha tunnistus", slug="vanha", is_active=False)

    page = client.get("/fi/accounts/login/?next=/fi/accounts/profile/")

    assert 'href="/fi/accounts/provider/pirkanmaa/?next=%2Ffi%2Faccounts%2Fprofile%2F"' in page.text
    assert "Pirkanmaan tunnistus" in page.text
    assert "Vanha tunnistus" not in page.text
