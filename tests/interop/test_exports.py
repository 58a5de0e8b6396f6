"""Search results as CSV and XLSX, read back the way a spreadsheet program reads them."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from kohtaamo.catalogue.states import Status
from tests.catalogue import content, html

pytestmark = pytest.mark.django_db


def read_csv(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell if cell is not None else "" for cell in row] for row in sheet.values]


def expected(language, *msgids):
    with translation.override(language):
        return [gettext(msgid) for msgid in msgids]


@pytest.fixture
def services():
    choir = content.service(
        "Laulupiiri",
        name_sv="Sångkrets",
        summary_fi="Laulamme yhdessä.",
        summary_sv="Vi sjunger tillsammans.",
        art_forms=["music"],
        is_free=True,
        card_places=True,
    )
    dance = content.service("Tanssiryhmä", art_forms=["dance"], price_fi="=SUM(A1:A9)")
    content.service("Luonnos", art_forms=["music"], status=Status.DRAFT)
    return choir, dance


def test_services_csv_has_the_visible_columns_in_finnish(services):
    choir, _ = services
    rows = read_csv(Client().get("/fi/search/export.csv"))
    header = rows[0]
    assert header[:5] == expected("fi", "Name", "Summary", "Provider", "Where", "Price")
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Laulupiiri", "Tanssiryhmä"}  # no draft
    assert by_name["Laulupiiri"][1] == "Laulamme yhdessä."
    assert by_name["Laulupiiri"][3] == "Kuopio"
    assert by_name["Laulupiiri"][4] == expected("fi", "Free")[0]
    assert by_name["Laulupiiri"][-1] == f"http://testserver/fi/services/{choir.pk}/"
    # A provider's text never becomes a formula.
    assert by_name["Tanssiryhmä"][4] == "'=SUM(A1:A9)"


def test_export_keeps_the_filters_and_the_language(services):
    choir, _ = services
    rows = read_xlsx(Client().get("/sv/search/export.xlsx", {"art_form": "music"}))
    assert rows[0][:2] == expected("sv", "Name", "Summary")
    assert [row[0] for row in rows[1:]] == ["Sångkrets"]
    assert rows[1][1] == "Vi sjunger tillsammans."
    assert rows[1][-1] == f"http://testserver/sv/services/{choir.pk}/"
    assert rows[1][-2] == expected("sv", "Yes")[0]


def test_free_text_search_is_exported():
    content.service("Museokierros", summary_fi="Opastettu kierros museossa.")
    content.service("Kuoro")
    rows = read_csv(Client().get("/fi/search/export.csv", {"q": "museoihin"}))
    assert [row[0] for row in rows[1:]] == ["Museokierros"]


def test_events_export():
    soon = timezone.now() + timedelta(days=2)
    concert = content.event("Konsertti", start=soon, card_places=3, capacity=50)
    content.event("Peruttu", start=soon + timedelta(hours=3), is_cancelled=True)
    content.event("Mennyt", start=timezone.now() - timedelta(days=3))
    rows = read_xlsx(Client().get("/en/search/export.xlsx", {"kind": "events"}))
    assert rows[0][:3] == expected("en", "Name", "When", "Cancelled")
    assert [row[0] for row in rows[1:]] == ["Konsertti", "Peruttu"]
    assert rows[1][2] == expected("en", "No")[0] and rows[2][2] == expected("en", "Yes")[0]
    assert rows[1][7] == 3
    assert rows[1][-1] == f"http://testserver/en/events/{concert.pk}/"
    csv_rows = read_csv(Client().get("/en/search/export.csv", {"kind": "events"}))
    assert [row[0] for row in csv_rows] == [row[0] for row in rows]


def test_bad_parameters_answer_400_with_the_reason():
    response = Client().get("/fi/search/export.csv", {"municipality": "999"})
    assert response.status_code == 400
    assert "municipality" in response.content.decode() and "999" in response.content.decode()


def test_search_page_links_to_the_exports_with_the_same_filters(services):
    page = Client().get("/fi/search/", {"art_form": "music", "page": "1"})
    box = html.parse(page).find("p", cls="export-links")
    links = {a.attrs["href"] for a in box.find_all("a")}
    assert links == {
        "/fi/search/export.csv?art_form=music",
        "/fi/search/export.xlsx?art_form=music",
    }
    for href in links:
        assert Client().get(href).status_code == 200
