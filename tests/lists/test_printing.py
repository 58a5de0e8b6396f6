"""The list as the client gets it: the print page and the PDF, in the client's language,
with a QR code and a written-out address for every item."""

import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from kohtaamo.catalogue.states import Status
from kohtaamo.lists.models import ListItem, PersonalList
from tests.catalogue import content
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")


def next_march(day, hour):
    now = datetime.now(HELSINKI)
    return datetime(now.year + 1, 3, day, hour, 0, tzinfo=HELSINKI)


@pytest.fixture
def choir():
    place = content.place(
        name_fi="Kulttuuritalo Kaiku",
        name_sv="Kulturhuset Eko",
        street_address_fi="Kirkkokatu 5",
        street_address_sv="Kyrkogatan 5",
    )
    service = content.service(
        "Kuorolaulu",
        name_sv="Körsång",
        summary_fi="Laulamme yhdessä.",
        summary_sv="Vi sjunger tillsammans.",
        schedule_fi="Tiistaisin klo 18",
        schedule_sv="Tisdagar kl. 18",
        how_to_join_sv="Kom direkt, ingen anmälan.",
        contact_phone="040 123 4567",
        contact_email="kuoro@example.fi",
        booking_url="https://example.fi/kuoro",
        is_free=True,
        card_places=True,
        places=[place],
    )
    content.event(service=service, start=next_march(10, 18), place=place)
    content.event(service=service, start=next_march(17, 18), place=place)
    return service


@pytest.fixture
def concert():
    return content.event(
        "Iltakonsertti",
        name_sv="Kvällskonsert",
        summary_sv="Musik för alla.",
        start=next_march(20, 19),
        price_fi="12 €",
        price_sv="12 €",
        card_places=5,
        place=content.place(name_fi="Konserttisali"),
    )


@pytest.fixture
def swedish_list(pro, choir, concert):
    person, _client = pro
    personal_list = PersonalList.objects.create(
        owner=person, language="sv", note="Välkommen! Ring gärna före."
    )
    ListItem.objects.create(personal_list=personal_list, service=choir, position=0)
    ListItem.objects.create(personal_list=personal_list, event=concert, position=1)
    return personal_list


def test_the_print_page_is_in_the_clients_language_under_any_url_prefix(pro, swedish_list):
    _person, client = pro
    response = client.get(f"/fi/lists/{swedish_list.pk}/print/")
    assert response.status_code == 200
    page = parse(response)
    assert page.find("html").attrs["lang"] == "sv"
    assert len(page.find_all("h1")) == 1

    items = page.find("ol", cls="items").find_all("li", cls="item")
    assert [item.find("h2").text for item in items] == ["1. Körsång", "2. Kvällskonsert"]
    text = page.find("main").text
    assert "Kuorolaulu" not in text
    for swedish in ("När", "Var", "Pris", "Gratis", "Vi sjunger tillsammans.", "Tisdagar kl. 18"):
        assert swedish in text, swedish
    # Dates are written the Swedish way.
    assert "mars" in text and "maaliskuuta" not in text
    assert "Välkommen! Ring gärna före." in text

    # The professional's own controls stay in the professional's language.
    toolbar = page.find("header", cls="toolbar")
    assert toolbar.attrs["lang"] == "fi"
    assert not page.find("nav", cls="main-nav")


def test_each_item_shows_when_where_price_card_places_and_how_to_join(pro, swedish_list):
    _person, client = pro
    page = parse(client.get(f"/en/lists/{swedish_list.pk}/print/"))
    choir, concert = page.find("ol", cls="items").find_all("li", cls="item")

    choir_text = choir.text
    assert "Kulturhuset Eko" in choir_text and "Kyrkogatan 5, 70100" in choir_text
    assert "10 mars" in choir_text and "17 mars" in choir_text
    assert "Kom direkt, ingen anmälan." in choir_text
    assert "040 123 4567" in choir_text and "kuoro@example.fi" in choir_text
    assert "https://example.fi/kuoro" in choir_text

    concert_text = concert.text
    assert "20 mars" in concert_text and "19:00" in concert_text
    assert "12 €" in concert_text
    assert "5" in concert_text and "Konserttisali" in concert_text


def test_each_item_has_a_qr_code_and_the_written_address_of_its_public_page(
    pro, swedish_list, choir, concert, settings
):
    _person, client = pro
    page = parse(client.get(f"/fi/lists/{swedish_list.pk}/print/"))
    expected = [
        f"http://testserver/sv/services/{choir.pk}/",
        f"http://testserver/sv/events/{concert.pk}/",
    ]
    figures = page.find_all("figure", cls="qr")
    assert [figure.find("desc").text for figure in figures] == expected
    assert [figure.find("figcaption").find("a").text for figure in figures] == expected
    for figure in figures:
        svg = figure.find("svg")
        assert svg.attrs["role"] == "img" and svg.find("title").text

    settings.KOHTAAMO_PUBLIC_URL = "https://kohtaamo.example.fi"
    page = parse(client.get(f"/fi/lists/{swedish_list.pk}/print/"))
    assert page.find("figure", cls="qr").find("desc").text == (
        f"https://kohtaamo.example.fi/sv/services/{choir.pk}/"
    )


def test_the_qr_code_holds_the_address(pro, swedish_list, choir):
    """Decode the printed code: read its modules back from the SVG path and compare them
    with a code made for the address (no scanner is available here)."""
    import segno

    _person, client = pro
    page = client.get(f"/fi/lists/{swedish_list.pk}/print/").text
    url = f"http://testserver/sv/services/{choir.pk}/"
    printed = re.search(r'<svg [^>]*class="segno".*?</svg>', page, re.S).group(0)
    expected = segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True)
    path = re.compile(r'd="([^"]+)"')
    assert path.search(printed).group(1) == path.search(expected).group(1)


def test_the_pdf_is_a_real_pdf_with_the_items_the_note_and_the_addresses(pro, swedish_list, choir):
    _person, client = pro
    response = client.get(f"/fi/lists/{swedish_list.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="kohtaamo-list-\d{4}-\d{2}-\d{2}\.pdf"',
        response["Content-Disposition"],
    )
    assert response.content.startswith(b"%PDF-")

    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for expected in ("Körsång", "Kvällskonsert", "Välkommen! Ring gärna före.", "Pris"):
        assert expected in flat, expected
    assert f"/sv/services/{choir.pk}/" in flat.replace(" ", "")
    assert "Kuorolaulu" not in flat
    # A4 portrait.
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_content_that_left_the_catalogue_is_not_printed(pro, swedish_list, choir):
    _person, client = pro
    choir.status = Status.ARCHIVED
    choir.save()
    page = parse(client.get(f"/en/lists/{swedish_list.pk}/print/"))
    assert [h2.text for h2 in page.find("ol", cls="items").find_all("h2")] == ["1. Kvällskonsert"]


def test_an_empty_list_sends_the_professional_back_with_a_message(pro):
    person, client = pro
    personal_list = PersonalList.objects.create(owner=person)
    for suffix in ("print/", "pdf/"):
        response = client.get(f"/en/lists/{personal_list.pk}/{suffix}")
        assert response.status_code == 302
        assert response["Location"] == f"/en/lists/{personal_list.pk}/"
    assert "nothing to print" in client.get(f"/en/lists/{personal_list.pk}/").text


def test_the_print_page_needs_few_queries_however_long_the_list(pro, django_assert_max_num_queries):
    person, client = pro
    personal_list = PersonalList.objects.create(owner=person)
    for position in range(12):
        service = content.service(places=[content.place()])
        content.event(service=service, start=next_march(1, 10) + timedelta(days=position))
        ListItem.objects.create(personal_list=personal_list, service=service, position=position)
        event = content.event(place=content.place())
        ListItem.objects.create(personal_list=personal_list, event=event, position=100 + position)
    with django_assert_max_num_queries(14):
        assert client.get(f"/en/lists/{personal_list.pk}/print/").status_code == 200
