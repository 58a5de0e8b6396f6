"""Each role's start page, in Finnish and Swedish: its parts, and a menu on one line."""

import pytest
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from tests import factories
from tests.catalogue import content
from tests.e2e.checks import E2E, check_page, path_re
from tests.e2e.flows import log_in_form

pytestmark = E2E

NAV_ROWS = """() => new Set([...document.querySelectorAll('.main-nav ul > li')]
  .map(li => Math.round(li.getBoundingClientRect().top))).size"""


def people():
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY)
    health = factories.unit(county, kind=Unit.Kind.HEALTH_STATION, name_fi="Terveysasema")
    advice = factories.unit(county, kind=Unit.Kind.CULTURE_ADVICE, name_fi="Kulttuurineuvonta")
    factories.referral_type(county.county, name_sv="Kulturremiss")
    venue = content.provider(name_fi="Kaupunginteatteri")
    return {
        "referrals-sent": factories.member(Role.PROFESSIONAL, unit=health),
        "referral-inbox": factories.member(Role.CULTURE_ADVISOR, unit=advice),
        "culture-cards": factories.member(Role.DISTRIBUTOR, unit=health),
        "door-lists": factories.member(Role.PROVIDER, organisation=venue),
        "network": factories.member(Role.COORDINATOR, organisation=county),
    }


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_each_role_lands_on_its_own_work_with_a_one_line_menu(page, context, sign_in, language):
    page.set_viewport_size({"width": 1280, "height": 900})
    for part, person in people().items():
        context.clear_cookies()
        sign_in(context, person)
        page.goto(f"/{language}/desk/")
        expect(page.locator(f"#{part}")).to_be_visible()
        check_page(page, language)
        assert page.evaluate(NAV_ROWS) == 1, f"{part}: the menu wraps at 1280 px"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_provider_signs_in_and_lands_on_the_desk(page, language):
    provider = factories.member(Role.PROVIDER)
    page.goto(f"/{language}/accounts/login/")
    log_in_form(page, provider.email, factories.PASSWORD)
    expect(page).to_have_url(path_re(f"/{language}/desk/"))
    expect(page.locator(".main-nav a[aria-current=page]")).to_have_attribute(
        "href", f"/{language}/desk/"
    )
    page.locator("#personal a[href$='/favourites/']").click()
    expect(page).to_have_url(path_re(f"/{language}/favourites/"))
