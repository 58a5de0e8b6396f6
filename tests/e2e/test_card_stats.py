"""Culture card statistics in the browser, in Finnish and Swedish: a county coordinator
chooses the month and a grouping; a holder who came to a concert with two children
adds one adult and two child uses; small cells are shown as <5; the page passes axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.cards import services
from kohtaamo.cards.models import Programme, ProgrammeMunicipality
from kohtaamo.core.tables import SMALL_CELL_LABEL
from tests import factories
from tests.catalogue import content
from tests.e2e.checks import E2E, check_page

pytestmark = E2E

by_language = pytest.mark.parametrize("language", ["fi", "sv"])


def card_programme():
    """Kuopio in the North Savo programme, a social work unit that issues cards and a
    concert hall with 40 free places at tonight's concert."""
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "297")
    coordinator = factories.member(Role.COORDINATOR, organisation=county)
    programme = Programme.objects.create(county=county.county, organisation=county)
    ProgrammeMunicipality.objects.create(
        programme=programme,
        municipality=factories.municipality("297"),
        starts_on=datetime.date(2025, 1, 1),
    )
    unit = factories.unit(county, name_fi="Aikuissosiaalityö")
    distributor = services.enrol_distributor(
        coordinator, programme, county, unit, starts_on=datetime.date(2025, 1, 1)
    )
    social_worker = factories.member(Role.DISTRIBUTOR, unit=unit)
    venue = content.provider(name_fi="Konserttitalo")
    usher = factories.member(Role.PROVIDER, organisation=venue)
    concert = content.event(
        organisation=venue, start=timezone.now() + datetime.timedelta(hours=2), hours=2
    )
    offer = services.publish_offer(usher, kind="event", places_offered=40, event=concert)

    def holder_comes(children, key):
        card = services.issue_card(social_worker, distributor, factories.municipality("297"), 1975)
        booking = services.reserve(card, offer, children=children, idempotency_key=key)
        services.check_in(offer, by=usher, token=booking.reservation.token)

    return coordinator, holder_comes


def cell(page, metric, row="tfoot tr"):
    return page.locator(f"#card-statistics {row} td[data-metric={metric}]")


@by_language
def test_coordinator_sees_one_adult_and_two_child_uses_added(page, context, sign_in, language):
    coordinator, holder_comes = card_programme()
    # Five holders came earlier, each with a child: enough to show the numbers.
    for index in range(5):
        holder_comes(children=1, key=f"earlier-{index}")
    sign_in(context, coordinator)
    this_month = timezone.localdate().strftime("%Y-%m")

    page.goto(f"/{language}/cards/statistics/")
    # On first load the chart shows the measure its choice shows.
    chosen = page.locator("#id_chart option:checked").inner_text()
    expect(page.locator("figcaption").first).to_have_text(chosen)
    # Only the coordinator's own county is offered, and the page says why.
    expect(page.locator("#id_county option")).to_have_count(2)
    expect(page.locator("#id_county_helptext")).to_be_visible()
    check_page(page, language)
    # Month fields are text: the Finnish way (3.2026) and the ISO way (2026-03) both work.
    today = timezone.localdate()
    expect(page.locator("#id_first_month")).to_have_attribute("type", "text")
    page.locator("#id_first_month").fill(f"{today.month}.{today.year}")
    page.locator("#id_last_month").fill(this_month)
    page.locator("#id_grouping").select_option("municipality")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("#card-statistics")).to_be_visible()
    expect(cell(page, "adult_uses")).to_have_text("5")
    expect(cell(page, "child_uses")).to_have_text("5")
    expect(cell(page, "no_shows")).to_have_text("0")
    kuopio = page.locator("#card-statistics tbody tr", has_text="Kuopio")
    expect(kuopio.locator("td[data-metric=valid_cards]")).to_have_text("5")
    check_page(page, language)

    # The story: a holder books the concert for themselves and two children and the
    # venue lets them in with the booking's code.
    holder_comes(children=2, key="tonight")
    page.reload()
    expect(cell(page, "adult_uses")).to_have_text("6")
    expect(cell(page, "child_uses")).to_have_text("7")
    expect(cell(page, "valid_cards")).to_have_text("6")
    expect(cell(page, "places_used")).to_have_text("13")
    # The chart beside the table draws the same numbers.
    expect(page.locator(".bar-chart text", has_text="6")).to_have_count(1)

    # Grouped by venue, cards do not apply and the chart shows children's uses.
    page.locator("#id_grouping").select_option("venue")
    page.locator("#id_chart").select_option("child_uses")
    page.locator("form.filters button[type=submit]").click()
    hall = page.locator("#card-statistics tbody tr", has_text="Konserttitalo")
    expect(hall.locator("td[data-metric=child_uses]")).to_have_text("7")
    expect(hall.locator("td[data-metric=valid_cards]")).to_have_text("–")
    check_page(page, language)


@by_language
def test_small_numbers_are_shown_as_less_than_five(page, context, sign_in, language):
    coordinator, holder_comes = card_programme()
    holder_comes(children=2, key="only-one")
    sign_in(context, coordinator)
    page.goto(f"/{language}/cards/statistics/")
    expect(cell(page, "adult_uses")).to_have_text(SMALL_CELL_LABEL)
    expect(cell(page, "child_uses")).to_have_text(SMALL_CELL_LABEL)
    expect(cell(page, "places_offered")).to_have_text("40")
    expect(page.locator(".bar-chart .bar-suppressed")).to_have_count(1)

    # A wrong month range is explained beside the field.
    page.locator("#id_first_month").fill("2026-05")
    page.locator("#id_last_month").fill("2026-01")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("#id_last_month_error")).to_be_visible()
    expect(page.locator("#card-statistics")).to_have_count(0)
    check_page(page, language)
