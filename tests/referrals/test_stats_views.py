"""The referral numbers page and its exports: who gets it, filters with errors next to
the field, and the same suppressed numbers in the page, the CSV file and the XLSX file."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.core.tables import SMALL_CELL_LABEL
from kohtaamo.referrals import stats
from tests import factories

from .test_stats import coordinator_of, many, many_prescriptions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_notifications(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def url(name="numbers", language="fi"):
    with translation.override(language):
        return reverse(f"referral_stats:{name}")


@pytest.fixture
def coordinator(world):
    many(world, 6, "accepted")
    many(world, 2, "declined", reason="no_capacity")
    many_prescriptions(world, 3)
    return coordinator_of(world.health_station.organisation)


def test_a_coordinator_sees_the_chart_and_the_table_with_small_cells_hidden(
    world, coordinator, login
):
    response = login(coordinator).get(url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="bar-chart"' in page
    assert 'id="funnel-table"' in page
    for part in ("counts", "declined", "medians"):
        assert f'id="{part}-table"' in page
    # The page's three parts hold the cells of the one table the downloads hold.
    sections = response.context["sections"]
    keys = stats.column_keys()
    for section in sections:
        full_rows = response.context["table"].rows
        for row, full in zip([*section["rows"], section["total"]], full_rows, strict=True):
            assert row[0] == full[0]
            assert set(row[1:]) <= set(full[1:])
    assert sum(len(section["headers"]) - 1 for section in sections) == len(keys) - 1
    result = response.context["table"]
    total = dict(zip(stats.column_keys(), response.context["total_row"], strict=True))
    assert total["issued"] == 11
    assert total["accepted"] == 6
    assert total["declined"] == SMALL_CELL_LABEL
    assert result.rows[-1] == response.context["total_row"]
    # The chart's numbers are in the table beside it.
    shown = [bar["shown"] for bar in response.context["bars"]]
    assert shown == [11, 6, 0, 0, 0, 0]
    assert page.count('data-value="11"') == 1
    assert 'data-value="&lt;5"' not in page  # six accepted, nothing small in the chart
    with translation.override("fi"):
        assert gettext("Referral numbers") in page


def test_the_numbers_page_in_swedish(world, coordinator, login):
    response = login(coordinator).get(url(language="sv"))
    assert response.status_code == 200
    assert response.content.decode().count("<h1>") == 1


def test_the_csv_file_holds_the_same_suppressed_numbers(world, coordinator, login):
    client = login(coordinator)
    page = client.get(url(), {"grouping": "referral_type"})
    response = client.get(url("csv"), {"grouping": "referral_type"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 2 + 1  # headings, two types, the total
    assert rows[0] == [str(h) for h in page.context["table"].headers]
    expected = [
        [str(v) if v is not None else "" for v in row] for row in page.context["table"].rows
    ]
    assert rows[1:] == expected
    by_type = {row[0]: dict(zip(stats.column_keys(), row, strict=True)) for row in rows[1:]}
    assert by_type["Kulttuurilähete"]["issued"] == "8"
    assert by_type["Kulttuurilähete"]["declined"] == SMALL_CELL_LABEL
    assert by_type["Kulttuuriresepti"]["issued"] == SMALL_CELL_LABEL
    assert by_type["Kulttuuriresepti"]["accepted"] == "0"


def test_the_spreadsheet_holds_the_same_suppressed_numbers(world, coordinator, login):
    response = login(coordinator).get(url("xlsx"), {"grouping": "month"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    keys = stats.column_keys()
    total = dict(zip(keys, rows[-1], strict=True))
    month = dict(zip(keys, rows[1], strict=True))
    assert month["group"] == "2026-03"
    assert month["issued"] == 11 and total["issued"] == 11
    assert total["accepted"] == 6
    assert total["declined"] == SMALL_CELL_LABEL
    assert total["declined_no_capacity"] == SMALL_CELL_LABEL
    assert total["to_accepted"] is not None  # six accepted: the median is shown
    assert total["to_contact"] is None
    counts = [key for key in keys if key in stats.COUNTS or key.startswith("declined_")]
    for row in rows[1:]:
        cells = dict(zip(keys, row, strict=True))
        assert not any(isinstance(cells[k], int) and 0 < cells[k] < 5 for k in counts), row


def test_filters_narrow_the_numbers_and_offer_only_what_one_may_count(world, coordinator, login):
    client = login(coordinator)
    response = client.get(url(), {"referral_type": world.prescription_type.pk})
    total = dict(zip(stats.column_keys(), response.context["total_row"], strict=True))
    assert total["issued"] == SMALL_CELL_LABEL
    # A unit in another county is not a choice: the error is next to the field.
    elsewhere = factories.unit(factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "837"))
    response = client.get(url(), {"unit": elsewhere.pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_unit_error"' in page
    select = re.search(r'<select[^>]*id="id_unit"[^>]*>', page).group(0)
    assert "id_unit_error" in select and 'aria-invalid="true"' in select
    assert "table" not in response.context


def test_a_bad_month_range_is_an_error_next_to_the_field(world, coordinator, login):
    client = login(coordinator)
    response = client.get(url(), {"month_from": "2026-05", "month_to": "2026-03"})
    assert response.status_code == 400
    with translation.override("fi"):
        assert gettext("The last month is before the first month.") in response.content.decode()
    response = client.get(url(), {"month_from": "May 2026"})
    assert response.status_code == 400
    assert 'id="id_month_from_error"' in response.content.decode()
    assert client.get(url("csv"), {"month_from": "nonsense"}).status_code == 400
    assert client.get(url("xlsx"), {"grouping": "everything"}).status_code == 400


def test_unit_staff_get_their_own_units_numbers(world, coordinator, login):
    response = login(world.advisor).get(url())
    total = dict(zip(stats.column_keys(), response.context["total_row"], strict=True))
    assert total["issued"] == 8  # what came to the culture-advice unit, not the prescriptions


def test_who_may_not_open_the_numbers(world, coordinator, client, login):
    assert client.get(url()).status_code == 302  # to the login page
    provider = factories.member(Role.PROVIDER, organisation=world.health_station.organisation)
    assert login(provider).get(url()).status_code == 403
    assert login(provider).get(url("csv")).status_code == 403
    resident = factories.user()
    assert login(resident, verified=False).get(url("xlsx")).status_code == 403


def test_a_coordinator_who_has_not_entered_the_code_is_sent_to_the_code_step(
    world, coordinator, login
):
    response = login(coordinator, verified=False).get(url())
    assert response.status_code == 302
    assert "next=" in response["Location"] and "numbers" in response["Location"]


def test_the_menu_links_to_the_numbers_for_those_who_may_see_them(world, coordinator, login):
    page = login(coordinator).get(reverse("home")).content.decode()
    assert url() in page


def test_with_nothing_to_count_the_page_says_so(world, login):
    taike = factories.organisation(Organisation.Kind.NATIONAL_BODY, name_fi="Taike")
    analyst = factories.member(Role.ANALYST, organisation=taike)
    response = login(analyst).get(url(language="sv"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="counts-table"' not in page and "numbers.csv" not in page
    with translation.override("sv"):
        assert gettext("No referrals were issued with these choices.") in page


def test_month_fields_work_without_a_month_picker(world, coordinator, login):
    client = login(coordinator)
    page = client.get(url()).content.decode()
    field = re.search(r'<input[^>]*id="id_month_from"[^>]*>', page).group(0)
    assert 'type="text"' in field and "pattern=" in field
    # The Finnish way of writing a month is understood as well as the ISO one.
    response = client.get(url(), {"month_from": "3.2026", "month_to": "2026-04"})
    assert response.status_code == 200
    assert 'id="id_month_from_error"' not in response.content.decode()
    # The choices are what the coordinator may count, and the page says so.
    assert 'id="id_county_helptext"' in page
