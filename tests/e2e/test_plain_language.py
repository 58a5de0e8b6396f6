"""Plain language in the browser, in Finnish and Swedish, with no axe violations: the
client's referral page, the ask-an-advisor form and the holder's mobile card switch to
their plain version on the page, and the choice stays on the next pages and when the
link is opened again (kohtaamo.core.plain)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from kohtaamo.cards import services as cards
from kohtaamo.referrals import services as referrals
from tests import factories
from tests.e2e import test_cards
from tests.e2e.checks import E2E, check_page

pytestmark = E2E
programme_and_people = test_cards.programme_and_people

SWITCH = {"fi": "Selkokieli", "sv": "Lättläst"}
STANDARD = {"fi": "Yleiskieli", "sv": "Standardspråk"}
REFERRAL = {
    "fi": ("Sinun lähetteesi", "Lähetteesi on lähetetty. Kulttuurineuvoja lukee sen pian."),
    "sv": ("Din remiss", "Din remiss har skickats. En kulturrådgivare läser den snart."),
}
WITHDRAW = {"fi": "Peru lähete", "sv": "Ta tillbaka remissen"}
ASK = {
    "fi": ("Pyydä apua kulttuurineuvojalta", "Missä kunnassa asut?"),
    "sv": ("Be en kulturrådgivare om hjälp", "I vilken kommun bor du?"),
}
CARD = {
    "fi": ("Sinun Kaikukorttisi", "Varaa ilmainen paikka", "Montako lasta tulee mukaan?"),
    "sv": ("Ditt Kaikukortti", "Boka en gratis plats", "Hur många barn kommer med dig?"),
}


@pytest.fixture
def issued_referral():
    county_org = factories.organisation(Organisation.Kind.WELLBEING_COUNTY)
    health = factories.unit(
        county_org, kind=Unit.Kind.HEALTH_STATION, name_fi="Männistön terveysasema"
    )
    advice = factories.unit(
        county_org,
        kind=Unit.Kind.CULTURE_ADVICE,
        name_fi="Kulttuurineuvonta",
        name_sv="Kulturrådgivning",
    )
    referral_type = factories.referral_type(
        county_org.county, name_sv="Kulturremiss", self_referral=True
    )
    nurse = factories.member(Role.PROFESSIONAL, unit=health)
    referral = referrals.draft_referral(
        nurse,
        client={
            "full_name": "Testi Asiakas",
            "birth_date": date(1952, 5, 17),
            "phone": "+358 40 000 0000",
            "email": "asiakas@example.fi",
            "contact_preference": "phone",
        },
        referral_type=referral_type,
        issuing_unit=health,
        receiving_unit=advice,
        reasons=["loneliness"],
    )
    referrals.record_consent(nurse, referral, shared=["contact_details"], method="verbal")
    return referrals.issue_referral(nurse, referral)


def switch_on(page, language):
    page.locator(".plain-switch").get_by_role("link", name=SWITCH[language]).click()
    expect(page.locator("#plain-on")).to_have_attribute("aria-current", "true")


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_client_page_and_the_ask_form_in_plain_language(new_context, issued_referral, language):
    page = new_context().new_page()
    page.goto(f"/{language}/referrals/r/{issued_referral.public_token}/")
    heading, status = REFERRAL[language]
    expect(page.locator("#status-explained")).to_have_count(0)
    switch_on(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#status-explained")).to_have_text(status)
    expect(page.locator("#withdraw-title")).to_have_text(WITHDRAW[language])
    check_page(page, language)

    # The year of birth opens the details; the answer stays plain.
    page.locator("#id_birth_year").fill("1952")
    page.locator("#unlock-form button[type=submit]").click()
    expect(page.locator("#client-name")).to_have_text("Testi Asiakas")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    # The link opened again, later, in the same browser.
    page.goto(f"/{language}/referrals/r/{issued_referral.public_token}/")
    expect(page.locator("#status-explained")).to_have_text(status)

    # The footer's link to the ask form: plain there too.
    page.locator("footer a[href$='/referrals/ask/']").click()
    title, label = ASK[language]
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("label[for=id_municipality]")).to_contain_text(label)
    page.locator("#ask-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_page(page, language)

    # And back to the standard text.
    page.locator(".plain-switch").get_by_role("link", name=STANDARD[language]).click()
    expect(page.locator("#plain-off")).to_have_attribute("aria-current", "true")
    expect(page.locator("label[for=id_municipality]")).not_to_contain_text(label)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_mobile_card_in_plain_language(new_context, programme_and_people, language):
    social_worker, _usher, offer = programme_and_people
    distributor = cards.distributors_for(social_worker).get()
    card = cards.issue_card(social_worker, distributor, factories.municipality("297"), 1985)
    holder = new_context(**test_cards.PHONE).new_page()
    holder.goto(f"/{language}/card/{card.mobile_token}/")
    heading, offers, children = CARD[language]
    switch_on(holder, language)
    expect(holder.get_by_role("heading", level=1)).to_have_text(heading)
    expect(holder.locator("#offers-title")).to_have_text(offers)
    check_page(holder, language)

    holder.locator(f"#offer-{offer.pk} a").first.click()
    expect(holder.locator("#plain-on")).to_have_attribute("aria-current", "true")
    expect(holder.locator("label[for$=children]")).to_contain_text(children)
    check_page(holder, language)
    holder.locator("main form button[type=submit]").click()
    expect(holder.locator("#bookings .booking")).to_have_count(1)
    expect(holder.get_by_role("heading", level=1)).to_have_text(heading)
