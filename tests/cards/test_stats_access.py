"""Who sees which culture card numbers, and the statistics page with its exports."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.cards import services, stats
from kohtaamo.cards.models import Programme, ProgrammeMunicipality
from kohtaamo.core.models import Municipality
from kohtaamo.core.tables import CSV_TYPE, SMALL_CELL_LABEL, XLSX_TYPE
from tests import factories
from tests.catalogue import content
from tests.catalogue.html import parse

from .conftest import NOW
from .test_stats import AT_THE_DOOR, book_and_come, totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def used_card(card, concert_offer, usher):
    """A Kuopio holder came to the concert with two children."""
    book_and_come(card, concert_offer, usher, children=2)
    return card


@pytest.fixture
def other_county(db):
    """North Ostrobothnia, with its own programme, distributor, card and venue."""
    county_org = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "564")
    coordinator = factories.member(Role.COORDINATOR, organisation=county_org)
    programme = Programme.objects.create(county=county_org.county, organisation=county_org)
    ProgrammeMunicipality.objects.create(
        programme=programme,
        municipality=factories.municipality("564"),
        starts_on=datetime.date(2025, 1, 1),
    )
    unit = factories.unit(county_org)
    distributor = services.enrol_distributor(
        coordinator, programme, county_org, unit, starts_on=datetime.date(2025, 1, 1)
    )
    worker = factories.member(Role.DISTRIBUTOR, unit=unit)
    card = services.issue_card(worker, distributor, factories.municipality("564"), 1970, now=NOW)
    venue = content.provider(municipality_code="564", name_fi="Oulun museo")
    usher = factories.member(Role.PROVIDER, organisation=venue)
    event = content.event(organisation=venue, start=NOW + datetime.timedelta(days=5), hours=2)
    offer = services.publish_offer(usher, kind="event", places_offered=7, event=event)
    services.check_in(offer, by=usher, card_number=card.number, now=AT_THE_DOOR)
    return {"coordinator": coordinator, "worker": worker, "usher": usher, "county": county_org}


# --------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "perm"),
    [
        (Role.COORDINATOR, "cards.view_programme_statistics"),
        (Role.ANALYST, "cards.view_programme_statistics"),
        (Role.DISTRIBUTOR, "cards.view_distributor_statistics"),
        (Role.PROVIDER, "cards.view_venue_statistics"),
    ],
)
def test_each_statistics_permission_has_its_role(role, perm):
    person = factories.member(role)
    assert person.has_perm(perm)
    assert stats.may_view(person)


@pytest.mark.parametrize(
    "role", [Role.PROFESSIONAL, Role.CULTURE_ADVISOR, Role.VOLUNTEER, Role.ADMINISTRATOR]
)
def test_other_roles_see_no_card_statistics(role):
    person = factories.member(role)
    assert not stats.may_view(person)
    reach = stats.reach_for(person)
    assert not reach.sees_anything
    assert reach.cards is None and reach.offers is None


def test_a_county_coordinator_sees_their_county_only(used_card, coordinator, other_county):
    counted = totals(coordinator)
    assert counted["valid_cards"] == 1
    assert (counted["adult_uses"], counted["child_uses"]) == (1, 2)
    assert counted["places_offered"] == 10
    theirs = totals(other_county["coordinator"])
    assert theirs["valid_cards"] == 1
    assert (theirs["adult_uses"], theirs["child_uses"]) == (1, 0)
    assert theirs["places_offered"] == 7


def test_a_county_analyst_sees_the_county_and_a_national_analyst_everything(
    used_card, county_org, other_county
):
    county_analyst = factories.member(Role.ANALYST, organisation=county_org)
    assert totals(county_analyst)["valid_cards"] == 1
    national = factories.organisation(Organisation.Kind.NATIONAL_BODY)
    national_analyst = factories.member(Role.ANALYST, organisation=national)
    everywhere = totals(national_analyst)
    assert everywhere["valid_cards"] == 2
    assert everywhere["adult_uses"] == 2
    assert everywhere["places_offered"] == 17


def test_a_city_running_the_programme_sees_the_programme(used_card, programme):
    city = factories.organisation(Organisation.Kind.MUNICIPALITY, "297")
    programme.organisation = city
    programme.save()
    city_coordinator = factories.member(Role.COORDINATOR, organisation=city)
    counted = totals(city_coordinator)
    assert counted["valid_cards"] == 1
    assert counted["places_offered"] == 10


def test_a_venue_sees_its_own_places_and_door_but_no_cards(used_card, usher, other_county):
    reach = stats.reach_for(usher)
    assert "valid_cards" not in reach.metrics()
    counted = totals(usher)
    assert (counted["adult_uses"], counted["child_uses"]) == (1, 2)
    assert counted["places_offered"] == 10
    assert "valid_cards" not in counted
    other_venue = factories.member(Role.PROVIDER, organisation=content.provider())
    assert totals(other_venue).get("adult_uses", 0) == 0


def test_a_distributor_sees_its_own_cards_but_no_places(
    used_card, social_worker, issue, other_county
):
    issue()
    reach = stats.reach_for(social_worker)
    assert "places_offered" not in reach.metrics()
    counted = totals(social_worker)
    assert counted["valid_cards"] == 2
    assert (counted["adult_uses"], counted["child_uses"]) == (1, 2)
    assert "places_offered" not in counted
    assert totals(other_county["worker"])["valid_cards"] == 1
    assert totals(other_county["worker"])["child_uses"] == 0


def test_a_distributor_unit_does_not_see_another_unit_of_its_organisation(
    used_card, county_org, programme, coordinator
):
    other_unit = factories.unit(county_org)
    services.enrol_distributor(
        coordinator, programme, county_org, other_unit, starts_on=datetime.date(2025, 1, 1)
    )
    colleague = factories.member(Role.DISTRIBUTOR, unit=other_unit)
    assert totals(colleague).get("valid_cards", 0) == 0


# --------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------

URL = "/fi/cards/statistics/"
MARCH_QUERY = {"first_month": "2026-03", "last_month": "2026-03"}


def test_page_is_refused_to_people_without_a_statistics_role(login):
    client = login(factories.member(Role.PROFESSIONAL))
    assert client.get(URL).status_code == 403


def test_page_shows_the_table_with_small_cells_hidden(login, used_card, coordinator):
    assert reverse("card_stats:statistics").endswith("/cards/statistics/")
    response = login(coordinator).get(URL, MARCH_QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="card-statistics"' in html
    assert f'<td data-metric="adult_uses">{SMALL_CELL_LABEL}</td>' in html.replace("&lt;", "<")
    assert '<td data-metric="places_offered">10</td>' in html
    assert "Kuopio" in html


def test_bad_months_get_an_error_beside_the_field(login, coordinator):
    client = login(coordinator)
    response = client.get(URL, {"first_month": "2026-05", "last_month": "2026-03"})
    assert response.status_code == 200
    with translation.override("fi"):
        expected = gettext("The last month is before the first month.")
    assert 'id="id_last_month_error"' in response.content.decode()
    assert expected in response.content.decode()
    response = client.get(URL, {"first_month": "2020-01", "last_month": "2026-03"})
    assert 'id="id_last_month_error"' in response.content.decode()
    response = client.get(URL, {"first_month": "maaliskuu"})
    assert 'id="id_first_month_error"' in response.content.decode()
    response = client.get(URL, {"grouping": "shoe size", "venue": "x"})
    assert response.status_code == 200
    assert 'id="id_grouping_error"' in response.content.decode()


def test_a_venue_cannot_pick_another_venue(login, used_card, usher):
    stranger = content.provider(name_fi="Vieras teatteri")
    response = login(usher).get(URL, {**MARCH_QUERY, "venue": stranger.pk})
    assert 'id="id_venue_error"' in response.content.decode()


def _rows_by_first_cell(rows):
    return {row[0]: row for row in rows}


def test_csv_export_has_the_same_suppressed_numbers(login, issue, make_offer, usher, coordinator):
    concert = make_offer(places=30)
    for index in range(5):
        book_and_come(issue(), concert, usher, children=1 if index < 2 else 0, key=f"k{index}")
    response = login(coordinator).get(URL, {**MARCH_QUERY, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == CSV_TYPE
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    with translation.override("fi"):
        headers = [str(stats.METRIC_LABELS[m]) for m in stats.METRICS]
    assert rows[0][1:] == headers
    kuopio = _rows_by_first_cell(rows)["Kuopio"]
    cells = dict(zip(rows[0], kuopio, strict=True))
    assert cells[headers[2]] == "5"  # five adults
    assert cells[headers[3]] == SMALL_CELL_LABEL  # two children
    assert cells[headers[4]] == "30"


def test_xlsx_export_reads_back_with_numbers_as_numbers(
    login, issue, make_offer, usher, coordinator
):
    concert = make_offer(places=30)
    for index in range(6):
        book_and_come(issue(), concert, usher, key=f"k{index}")
    query = {**MARCH_QUERY, "grouping": "venue", "export": "xlsx"}
    response = login(coordinator).get(URL, query)
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    with translation.override("fi"):
        assert rows[0][0] == gettext("Venue")
        adults = rows[0].index(str(stats.METRIC_LABELS["adult_uses"]))
        valid = rows[0].index(str(stats.METRIC_LABELS["valid_cards"]))
    venue_row = _rows_by_first_cell(rows)[str(concert.organisation)]
    assert venue_row[adults] == 6
    # No card numbers per venue: an empty cell, not a zero.
    assert venue_row[valid] in (None, "")


def test_on_first_load_the_chart_shows_the_measure_the_choice_shows(login, used_card, usher):
    # A venue sees no cards: the first measure in its list is not the default one.
    html = parse(login(usher).get(URL).content.decode())
    chosen = [o for o in html.by_id("id_chart").find_all("option") if "selected" in o.attrs]
    assert len(chosen) == 1
    assert html.find("figcaption").text == chosen[0].text


def test_a_county_coordinator_is_offered_only_their_own_areas(
    login, used_card, coordinator, other_county
):
    html = parse(login(coordinator).get(URL).content.decode())
    counties = [o.attrs["value"] for o in html.by_id("id_county").find_all("option")]
    assert counties == ["", str(coordinator_county(coordinator))]
    municipalities = Municipality.objects.filter(
        pk__in=[o.attrs["value"] for o in html.by_id("id_municipality").find_all("option")[1:]]
    )
    assert municipalities.exists()
    assert {m.county_id for m in municipalities} == {coordinator_county(coordinator)}
    assert html.by_id("id_county_helptext") is not None


def coordinator_county(user):
    return user.memberships.get().organisation.county_id


def test_month_fields_are_text_with_a_pattern_and_take_the_finnish_way(login, coordinator):
    client = login(coordinator)
    html = parse(client.get(URL).content.decode())
    field = html.by_id("id_first_month")
    assert field.attrs.get("type") == "text" and field.attrs.get("pattern")
    response = client.get(URL, {"first_month": "3.2026", "last_month": "04/2026"})
    assert 'id="id_first_month_error"' not in response.content.decode()
    assert "2026-03 – 2026-04" in response.content.decode()
