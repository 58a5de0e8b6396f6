"""Referral numbers in the browser, in Finnish and Swedish: a county coordinator opens
the numbers from the menu, sees the funnel as a chart with its table, groups the rows
by type, gets an error next to the field for a backwards month range, and downloads the
CSV file with the same suppressed numbers. Referrals are made through the services."""

import csv
import io
from datetime import date

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from kohtaamo.core.tables import SMALL_CELL_LABEL
from kohtaamo.referrals import services
from kohtaamo.referrals.models import ContactLog, ReferralType
from tests import factories
from tests.e2e.checks import E2E, check_page, path_re

pytestmark = E2E

by_language = pytest.mark.parametrize("language", ["fi", "sv"])


@pytest.fixture(autouse=True)
def _no_notifications(settings):
    # The numbers come from the status trail; the e-mails a move sends are not the subject.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def county_with_referrals():
    """North Savo: a health station sends seven culture referrals and three anonymous
    prescriptions; the culture advisor accepts five and declines two."""
    county_org = factories.organisation(
        Organisation.Kind.WELLBEING_COUNTY, name_fi="Pohjois-Savon hyvinvointialue"
    )
    city = factories.organisation(Organisation.Kind.MUNICIPALITY, name_fi="Kuopion kaupunki")
    station = factories.unit(county_org, name_fi="Terveysasema", kind=Unit.Kind.HEALTH_STATION)
    advice = factories.unit(city, name_fi="Kulttuuriluotsit", kind=Unit.Kind.CULTURE_ADVICE)
    nurse = factories.member(Role.PROFESSIONAL, unit=station)
    advisor = factories.member(Role.CULTURE_ADVISOR, unit=advice)
    personal = factories.referral_type(county_org.county, name_sv="Kulturremiss")
    prescription = ReferralType.objects.create(
        county=county_org.county,
        code="kulttuuriresepti",
        name_fi="Kulttuuriresepti",
        name_sv="Kulturrecept",
        kind=ReferralType.Kind.PRESCRIPTION,
        receiver_kind=ReferralType.ReceiverKind.NOBODY,
        expiry_days=90,
    )
    for number in range(7):
        referral = services.draft_referral(
            nurse,
            referral_type=personal,
            issuing_unit=station,
            receiving_unit=advice,
            reasons=["loneliness"],
            client={"full_name": f"Asiakas {number}", "contact_preference": "phone"},
        )
        services.record_consent(nurse, referral, shared=["contact_details"], method="verbal")
        services.issue_referral(nurse, referral)
        if number < 5:
            services.accept(advisor, referral)
            services.record_contact(
                advisor, referral, date=date.today(), kind=ContactLog.Kind.MEETING
            )
        else:
            services.decline(advisor, referral, "no_capacity")
    for _ in range(3):
        referral = services.draft_referral(
            nurse, referral_type=prescription, issuing_unit=station, reasons=["stress"]
        )
        services.issue_referral(nurse, referral)
    return county_org


def cells(table_locator):
    return [
        [cell.inner_text().strip() for cell in row.locator("th, td").all()]
        for row in table_locator.locator("tbody tr, tfoot tr").all()
    ]


@by_language
def test_a_coordinator_reads_and_downloads_the_referral_numbers(page, context, sign_in, language):
    county_org = county_with_referrals()
    coordinator = sign_in(
        context,
        factories.member(
            Role.COORDINATOR,
            organisation=county_org,
            user=factories.user(preferred_language=language),
        ),
    )
    assert coordinator

    page.goto(f"/{language}/")
    page.locator(f".main-nav a[href='/{language}/referrals/numbers/']").click()
    expect(page).to_have_url(path_re(f"/{language}/referrals/numbers/"))
    expect(page.locator(".bar-chart svg")).to_be_visible()
    # The chart's numbers in the table beside it: issued, accepted, reached the client...
    funnel = cells(page.locator("#funnel-table"))
    assert [row[1] for row in funnel] == ["10", "5", "5", "0", "0", "0"]
    total = cells(page.locator("#counts-table"))[-1]
    assert total[1:4] == ["10", "5", SMALL_CELL_LABEL]
    check_page(page, language)

    # One row per referral type: the three prescriptions show as <5.
    page.locator("#id_grouping").select_option("referral_type")
    page.locator("#numbers-filters button[type=submit]").click()
    rows = cells(page.locator("#counts-table"))
    by_type = {row[0]: row for row in rows}
    prescription_name = "Kulttuuriresepti" if language == "fi" else "Kulturrecept"
    assert by_type[prescription_name][1] == SMALL_CELL_LABEL
    personal_name = "Kulttuurilähete" if language == "fi" else "Kulturremiss"
    assert by_type[personal_name][1:4] == ["7", "5", SMALL_CELL_LABEL]
    check_page(page, language)

    # The CSV file has the same numbers as the table on the page.
    with page.expect_download() as download_info:
        page.locator("main a[href*='numbers.csv']").click()
    content = download_info.value.path().read_text(encoding="utf-8-sig")
    downloaded = list(csv.reader(io.StringIO(content)))
    assert [row[:4] for row in downloaded[1:]] == [row[:4] for row in rows]

    # A backwards month range: the error is next to the field, and nothing is counted.
    page.locator("#id_month_from").fill("2026-05")
    page.locator("#id_month_to").fill("2026-03")
    page.locator("#numbers-filters button[type=submit]").click()
    expect(page.locator("#id_month_to_error")).to_be_visible()
    with translation.override(language):
        expected = gettext("The last month is before the first month.")
    expect(page.locator("#id_month_to_error")).to_contain_text(expected)
    expect(page.locator("#id_month_to")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#counts-table")).to_have_count(0)
    check_page(page, language)


@by_language
def test_a_culture_advisor_sees_their_own_units_numbers(page, context, sign_in, language):
    county_org = county_with_referrals()
    advisor = Unit.objects.get(name_fi="Kulttuuriluotsit").memberships.get().user
    assert county_org
    sign_in(context, advisor)
    page.goto(f"/{language}/referrals/numbers/")
    funnel = cells(page.locator("#funnel-table"))
    assert funnel[0][1] == "7"  # the prescriptions went to nobody, not to this unit
    check_page(page, language)
