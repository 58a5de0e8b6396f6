"""Operators set providers up in the admin; organisation administrators cannot."""

import pytest

from kohtaamo.accounts.models import User
from kohtaamo.accounts.roles import Role
from kohtaamo.identity.models import IdentityProvider
from tests import factories
from tests.identity.provider import CLIENTS

pytestmark = pytest.mark.django_db

ADD = "/fi/admin/identity/identityprovider/add/"


def form(issuer, organisation, **changes):
    data = {
        "name_fi": "Pirkanmaan tunnistus",
        "name_sv": "",
        "name_en": "",
        "slug": "pirkanmaa",
        "is_active": "on",
        "issuer": issuer,
        "client_id": CLIENTS["good"]["client_id"],
        "client_secret": CLIENTS["good"]["client_secret"],
        "signing_algorithm": "RS256",
        "organisations": [organisation.pk],
        "two_step": "asserted",
        "mfa_acr_values": "loa3",
    }
    data.update(changes)
    return data


@pytest.fixture
def operator(login):
    superuser = User.objects.create_superuser(email="operator@example.fi", password="x" * 16)
    return login(superuser)


def test_an_operator_adds_a_provider_and_its_settings_are_read_at_once(operator, oidc_provider):
    county = factories.organisation(kind="wellbeing_county")

    wrong = operator.post(ADD, form(oidc_provider.issuer + "/typo", county))
    assert wrong.status_code == 200
    assert "/typo/.well-known/openid-configuration" in wrong.text
    assert not IdentityProvider.objects.exists()

    saved = operator.post(ADD, form(oidc_provider.issuer, county))
    assert saved.status_code == 302
    provider = IdentityProvider.objects.get()
    assert provider.client_secret == CLIENTS["good"]["client_secret"]
    assert list(provider.organisations.all()) == [county]


def test_the_secret_is_never_shown_and_kept_when_left_empty(operator, oidc_provider):
    county = factories.organisation(kind="wellbeing_county")
    provider = factories.identity_provider(oidc_provider.issuer, CLIENTS["good"], [county])
    change = f"/fi/admin/identity/identityprovider/{provider.pk}/change/"

    page = operator.get(change)
    assert CLIENTS["good"]["client_secret"] not in page.text

    data = form(oidc_provider.issuer, county, slug=provider.slug, client_secret="")
    assert operator.post(change, data).status_code == 302
    provider.refresh_from_db()
    assert provider.client_secret == CLIENTS["good"]["client_secret"]
    assert provider.two_step == "asserted"


def test_an_organisation_administrator_cannot_manage_providers(login):
    administrator = factories.member(Role.ADMINISTRATOR)
    client = login(administrator)
    assert client.get("/fi/admin/").status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.get("/fi/admin/identity/identityprovider/").status_code == 403
