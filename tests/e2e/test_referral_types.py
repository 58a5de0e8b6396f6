"""Referral types in the browser, in Finnish and Swedish: a county coordinator opens
the county's types from the menu, gets an error next to the field for a prescription
sent to a unit, chooses the usual culture-advice unit and a shorter deadline, turns a
type off, and adds a new one. Every page passes axe."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from kohtaamo.referrals.models import ReferralType
from tests import factories
from tests.e2e.checks import E2E, check_page, path_re

pytestmark = E2E

by_language = pytest.mark.parametrize("language", ["fi", "sv"])


@by_language
def test_a_coordinator_keeps_the_countys_referral_types(page, context, sign_in, language):
    county_org = factories.organisation(
        Organisation.Kind.WELLBEING_COUNTY, name_fi="Pohjois-Savon hyvinvointialue"
    )
    city = factories.organisation(Organisation.Kind.MUNICIPALITY, name_fi="Kuopion kaupunki")
    advice = factories.unit(city, name_fi="Kulttuuriluotsit", kind=Unit.Kind.CULTURE_ADVICE)
    referral_type = factories.referral_type(county_org.county, name_sv="Kulturremiss")
    sign_in(
        context,
        factories.member(
            Role.COORDINATOR,
            organisation=county_org,
            user=factories.user(preferred_language=language),
        ),
    )
    base = f"/{language}/referrals/types/"

    page.goto(f"/{language}/")
    page.locator(f".main-nav a[href='{base}']").click()
    expect(page).to_have_url(path_re(base))
    row = page.locator(f"tr[data-type='{referral_type.code}']")
    expect(row).to_contain_text(referral_type.name_sv if language == "sv" else "Kulttuurilähete")
    check_page(page, language)

    # A prescription cannot go to a unit: the error is next to the receiver's choices.
    row.locator("a").click()
    expect(page).to_have_url(path_re(f"{base}{referral_type.pk}/"))
    check_page(page, language)
    page.locator("#id_kind input[value='prescription']").check()
    page.locator("#referral-type-form button[type=submit]").click()
    with translation.override(language):
        expected = gettext(
            "A unit cannot receive an anonymous prescription: it has no one to contact."
        )
    expect(page.locator("#id_receiver_kind_error")).to_contain_text(expected)
    expect(page.locator("#error-summary")).to_be_visible()
    check_page(page, language)

    # Put right: personal again, the usual unit, ten days to respond, and taken out of use.
    page.locator("#id_kind input[value='personal']").check()
    page.locator("#id_receiving_unit").select_option(str(advice.pk))
    page.locator("#id_response_days").fill("10")
    page.locator("#id_is_active").uncheck()
    page.locator("#referral-type-form button[type=submit]").click()
    expect(page).to_have_url(path_re(base))
    expect(page.locator(".messages")).to_be_visible()
    row = page.locator(f"tr[data-type='{referral_type.code}']")
    expect(row).to_contain_text("Kulttuuriluotsit")
    expect(row.locator("td[data-active]")).to_have_attribute("data-active", "no")
    check_page(page, language)
    referral_type.refresh_from_db()
    assert (referral_type.response_days, referral_type.is_active) == (10, False)

    # A new anonymous prescription that nobody receives.
    page.locator("a[data-action='new']").click()
    check_page(page, language)
    page.locator("#id_name_fi").fill("Kulttuuriresepti")
    page.locator("#id_name_sv").fill("Kulturrecept")
    page.locator("#id_kind input[value='prescription']").check()
    page.locator("#id_receiver_kind input[value='nobody']").check()
    page.locator("#id_expiry_days").fill("180")
    page.locator("#referral-type-form button[type=submit]").click()
    expect(page).to_have_url(path_re(base))
    expect(page.locator("tr[data-type='kulttuuriresepti']")).to_be_visible()
    added = ReferralType.objects.get(code="kulttuuriresepti")
    assert (added.county, added.receiver_kind) == (county_org.county, "nobody")
