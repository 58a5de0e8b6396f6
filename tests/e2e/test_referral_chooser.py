"""Choosing the kind of referral, on a phone and on a desktop, in Finnish and Swedish."""

import pytest
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from kohtaamo.referrals.models import ReferralType
from tests import factories
from tests.e2e.checks import E2E, check_page

pytestmark = E2E

BOXES = """() => [...document.querySelectorAll('.type-choices > li')].map(li => {
  const box = li.getBoundingClientRect();
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom};
})"""


def overlap(a, b):
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and (a["top"] < b["bottom"] and b["top"] < a["bottom"])
    )


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_kinds_of_referral_stand_apart_and_the_page_fits_the_screen(
    page, context, sign_in, language, width
):
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY)
    health = factories.unit(county, kind=Unit.Kind.HEALTH_STATION, name_fi="Terveysasema")
    factories.unit(county, kind=Unit.Kind.CULTURE_ADVICE, name_fi="Kulttuurineuvonta")
    factories.referral_type(county.county, name_sv="Kulturremiss")
    factories.referral_type(
        county.county,
        code="resepti",
        name_fi="Kulttuuriresepti",
        name_sv="Kulturrecept",
        kind=ReferralType.Kind.PRESCRIPTION,
        receiver_kind=ReferralType.ReceiverKind.NOBODY,
        response_days=None,
    )
    sign_in(context, factories.member(Role.PROFESSIONAL, unit=health))
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"/{language}/referrals/new/")
    boxes = page.evaluate(BOXES)
    assert len(boxes) == 2
    assert not overlap(*boxes), f"the two kinds are drawn over each other: {boxes}"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), (
        "the page scrolls sideways"
    )
    expect(page.locator(".type-choices a").first).to_be_visible()
    check_page(page, language)
