"""Arts inside care in the browser, in Finnish and Swedish, every page checked with axe:
a care-unit lead proposes a 15-session pair series and the artist agrees, the artist
logs a session on a phone with a tap-by-tap mood check, the care worker's learning
hours show on the engagement, and the county's coordinator finds it in the inventory."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from kohtaamo.arts_in_care.models import ArtSession, Engagement
from kohtaamo.arts_in_care.states import Status
from kohtaamo.catalogue.models import ProviderProfile
from tests import factories
from tests.e2e.checks import E2E, check_page

pytestmark = E2E

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def parties():
    county = factories.organisation(
        Organisation.Kind.WELLBEING_COUNTY, "297", name_fi="Pohjois-Savon hyvinvointialue"
    )
    unit = factories.unit(
        county,
        name_fi="Ikääntyneiden palvelut",
        name_sv="Tjänster för äldre",
        kind=Unit.Kind.OLDER_PEOPLE,
    )
    artist_org = factories.organisation(
        Organisation.Kind.ARTIST, "297", name_fi="Taidetyöpaja Testi"
    )
    ProviderProfile.objects.create(organisation=artist_org)
    return {
        "unit": unit,
        "artist_org": artist_org,
        "lead": factories.member(Role.PROFESSIONAL, unit=unit),
        "artist": factories.member(Role.PROVIDER, organisation=artist_org),
        "coordinator": factories.member(Role.COORDINATOR, organisation=county),
    }


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_pair_series_from_proposal_to_the_county_inventory(
    new_context, sign_in, parties, language
):
    today = timezone.localdate()
    lead_context = new_context()
    sign_in(lead_context, parties["lead"])
    lead = lead_context.new_page()

    # The unit lead proposes a 15-session series.
    lead.goto(f"/{language}/arts-in-care/new/")
    check_page(lead, language)
    lead.locator("[name=care_unit]").select_option(str(parties["unit"].pk))
    lead.locator("[name=artist]").select_option(str(parties["artist_org"].pk))
    lead.locator("[name=name]").fill("Laulupaja päiväryhmässä")
    lead.locator("[name=setting]").select_option("day_group")
    lead.locator("[name=starts_on]").fill((today - timedelta(days=7)).isoformat())
    lead.locator("[name=ends_on]").fill((today + timedelta(days=120)).isoformat())
    lead.locator("[name=planned_sessions]").fill("15")
    lead.locator("[name=care_workers]").fill("Anni Kivelä")
    lead.locator("input[name=goals][value=interaction]").check()
    lead.locator("input[name=goals][value=staff_skills]").check()
    lead.locator("form.provider-form button[type=submit]").click()
    engagement = Engagement.objects.get()
    expect(lead.locator("h1")).to_have_text("Laulupaja päiväryhmässä")
    check_page(lead, language)
    assert engagement.planned_sessions == 15 and engagement.status == Status.PLANNED

    # The artist agrees.
    artist_context = new_context(**PHONE)
    sign_in(artist_context, parties["artist"])
    artist = artist_context.new_page()
    artist.goto(f"/{language}/arts-in-care/{engagement.pk}/")
    check_page(artist, language)
    artist.locator("button[value='artist:agree']").click()
    expect(artist.locator(".badge")).to_have_text(
        "Sovittu" if language == "fi" else "Överenskommet"
    )
    engagement.refresh_from_db()
    assert engagement.status == Status.AGREED

    # On the phone, the artist logs today's session: 6 taps before, 6 after.
    artist.goto(f"/{language}/arts-in-care/{engagement.pk}/log/")
    check_page(artist, language)
    artist.locator("[name=participants]").fill("6")
    artist.locator("[name=minutes]").fill("60")
    artist.locator("[name=activity]").fill("Laulettiin ja muisteltiin")
    before = artist.locator("[data-mood=before] .mood-tap")
    after = artist.locator("[data-mood=after] .mood-tap")
    for face, taps in ((2, 2), (3, 4)):
        for _tap in range(taps):
            before.nth(face - 1).tap()
    for face, taps in ((4, 3), (5, 3)):
        for _tap in range(taps):
            after.nth(face - 1).tap()
    expect(artist.locator("[name=mood_before_3]")).to_have_value("4")
    artist.locator("[name=staff_present]").fill("2")
    artist.locator("[name=care_worker_led]").check()
    artist.locator("form.session-log button[type=submit]").click()
    expect(artist.locator("h1")).to_have_text("Laulupaja päiväryhmässä")
    session = ArtSession.objects.get()
    assert session.mood("before") == (0, 2, 4, 0, 0)
    assert session.mood("after") == (0, 0, 0, 3, 3)

    # The care worker's learning hours show on the engagement.
    lead.goto(f"/{language}/arts-in-care/{engagement.pk}/")
    hours = lead.locator(
        "dt", has_text="Hoitajien oppimistunnit" if language == "fi" else "Vårdarnas lärandetimmar"
    )
    expect(hours.locator("xpath=following-sibling::dd[1]")).to_have_text("1,0")
    check_page(lead, language)

    # The series closes and the unit lead writes the end evaluation.
    lead.locator("button[value='unit:close']").click()
    expect(lead.locator(".badge")).to_have_text("Päättymässä" if language == "fi" else "Avslutas")
    lead.goto(f"/{language}/arts-in-care/{engagement.pk}/evaluation/")
    check_page(lead, language)
    lead.locator("[name=role]").select_option("unit_lead")
    lead.locator("input[name=goals_met][value='4']").check()
    lead.locator("[name=what_worked]").fill("Hoitajat ohjaavat laulun jo itse")
    lead.locator("main form button[type=submit]").click()
    expect(lead.locator("main")).to_contain_text("Hoitajat ohjaavat laulun jo itse")
    check_page(lead, language)

    # The county's coordinator finds it in the inventory.
    coordinator_context = new_context()
    sign_in(coordinator_context, parties["coordinator"])
    coordinator = coordinator_context.new_page()
    coordinator.goto(f"/{language}/arts-in-care/")
    expect(coordinator.locator("#inventory")).to_contain_text("Laulupaja päiväryhmässä")
    check_page(coordinator, language)
