"""Logging in through an organisation's identity service, in a browser, against the test
suite's real OpenID Connect provider (tests/identity/provider) on loopback."""

import pytest
from playwright.sync_api import expect

from kohtaamo.accounts.roles import Role
from kohtaamo.identity.models import IdentityProvider
from tests import factories
from tests.e2e.checks import E2E, check_page, path_re
from tests.identity.provider import CLIENTS, MFA, PASSWORD, STRANGER, running

pytestmark = E2E


@pytest.fixture(scope="module")
def oidc_provider(live_server):
    with running([f"{live_server.url}/oidc/callback/"]) as provider:
        yield provider


@pytest.fixture
def county():
    return factories.organisation(kind="wellbeing_county", name_fi="Testin hyvinvointialue")


def provider_for(oidc_provider, county, **fields):
    return factories.identity_provider(
        oidc_provider.issuer,
        CLIENTS["good"],
        organisations=[county],
        name_fi="Testimaakunnan tunnistus",
        name_sv="Testlandskapets identifiering",
        **fields,
    )


def log_in_at_provider(page, email):
    expect(page.locator("h1")).to_have_text("County identity service")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()


@pytest.mark.parametrize(
    ("language", "button"),
    [
        ("fi", "Kirjaudu palvelulla Testimaakunnan tunnistus"),
        ("sv", "Logga in med Testlandskapets identifiering"),
    ],
)
def test_login_page_offers_the_provider_and_it_signs_a_staff_member_in(
    page, oidc_provider, county, language, button
):
    provider_for(oidc_provider, county, two_step=IdentityProvider.TwoStep.ASSERTED)
    staff = factories.member(Role.COORDINATOR, organisation=county, user=factories.user(email=MFA))

    page.goto(f"/{language}/accounts/profile/")
    expect(page).to_have_url(path_re(f"/{language}/accounts/login/"))
    link = page.get_by_role("link", name=button)
    expect(link).to_be_visible()
    check_page(page, language)

    link.click()
    log_in_at_provider(page, MFA)

    # The provider reported a multi-factor sign-in: no code step, straight to the page.
    expect(page).to_have_url(path_re(f"/{language}/accounts/profile/"))
    expect(page.locator("#roles-title")).to_be_visible()
    assert staff.email in page.content()


def test_an_unknown_person_is_told_why_in_swedish(page, oidc_provider, county):
    provider_for(oidc_provider, county)

    page.goto("/sv/accounts/login/")
    page.get_by_role("link", name="Logga in med Testlandskapets identifiering").click()
    log_in_at_provider(page, STRANGER)

    expect(page).to_have_url(path_re("/sv/accounts/provider/refused/"))
    expect(page.locator("h1")).to_have_text("Inget Kohtaamo-konto")
    expect(page.locator("main .refusal")).to_contain_text("administratör")
    check_page(page, "sv")
    expect(page.locator(".main-nav a[href$='/accounts/login/']")).to_be_visible()
