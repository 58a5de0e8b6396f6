"""Downloading a search as a spreadsheet from the search page, in Finnish and Swedish."""

import csv
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.catalogue import content
from tests.e2e.checks import E2E, check_page

pytestmark = E2E


@pytest.fixture
def catalogue():
    content.service(
        "Laulupiiri",
        name_sv="Sångkrets",
        summary_fi="Laulamme yhdessä.",
        summary_sv="Vi sjunger tillsammans.",
        art_forms=["music"],
    )
    content.service("Teatteriryhmä", art_forms=["theatre"])


@pytest.mark.parametrize(("language", "name"), [("fi", "Laulupiiri"), ("sv", "Sångkrets")])
def test_download_the_filtered_results_as_csv_and_xlsx(page, catalogue, language, name):
    page.goto(f"/{language}/search/?art_form=music")
    expect(page.locator(".results > li.result")).to_have_count(1)
    check_page(page, language)

    links = page.locator(".export-links a")
    expect(links).to_have_count(2)
    with page.expect_download() as csv_download:
        links.nth(0).click()
    with open(csv_download.value.path(), encoding="utf-8-sig") as file:
        text = file.read()
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[0] for row in rows[1:]] == [name]

    with page.expect_download() as xlsx_download:
        links.nth(1).click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    with open(xlsx_download.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [name]
