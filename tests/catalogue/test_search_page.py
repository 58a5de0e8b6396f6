"""The public search page: what a resident or a professional sees and clicks."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kohtaamo.catalogue.states import Status
from tests.catalogue import content
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db

SEARCH = "/fi/search/"


def result_names(response):
    return [item.find("h3").text for item in parse(response).find_all("li", cls="result")]


def status_text(response):
    return parse(response).find("p", role="status").text


def content_get(url, params=None):
    response = Client().get(url, params or {})
    assert response.status_code == 200
    return response


def test_empty_search_lists_published_services_only():
    content.service("Laulupiiri")
    content.service("Luonnosteltu kurssi", status=Status.DRAFT)
    content.service("Vanha kurssi", status=Status.ARCHIVED)
    response = content_get("/en/search/")
    assert result_names(response) == ["Laulupiiri"]
    assert status_text(response) == "1 service found"


def test_municipality_and_art_form_filters_narrow_the_results():
    content.service("Kuopion kuoro", municipalities=["297"], art_forms=["music"])
    content.service("Kuopion teatteri", municipalities=["297"], art_forms=["theatre"])
    content.service("Helsingin kuoro", municipalities=["091"], art_forms=["music"])

    assert sorted(result_names(content_get(SEARCH, {"municipality": "297"}))) == [
        "Kuopion kuoro",
        "Kuopion teatteri",
    ]
    assert result_names(content_get(SEARCH, {"municipality": "297", "art_form": "music"})) == [
        "Kuopion kuoro"
    ]
    # Comma-separated and repeated values both mean "any of these".
    both = content_get(f"{SEARCH}?municipality=297,091&art_form=music")
    assert sorted(result_names(both)) == ["Helsingin kuoro", "Kuopion kuoro"]


def test_step_age_free_and_card_filters():
    content.service("Lasten pajat", steps=[2], age_min=6, age_max=12, is_free=True)
    content.service("Aikuisten kurssi", steps=[2], age_min=18, card_places=True)
    content.service("Hoivakodin taide", steps=[5])

    assert result_names(content_get(SEARCH, {"step": "5"})) == ["Hoivakodin taide"]
    assert "Lasten pajat" not in result_names(content_get(SEARCH, {"age": "40"}))
    assert result_names(content_get(SEARCH, {"free": "true"})) == ["Lasten pajat"]
    assert result_names(content_get(SEARCH, {"card": "true"})) == ["Aikuisten kurssi"]


def test_ticked_filters_stay_ticked_and_the_text_stays_in_the_box():
    content.service("Kuopion kuoro", art_forms=["music"])
    page = parse(content_get(SEARCH, {"q": "kuoro", "art_form": "music", "step": "2"}))
    assert page.by_id("id_q").attrs["value"] == "kuoro"
    assert "checked" in page.by_id("id_art_form_music").attrs
    assert "checked" in page.by_id("id_step_2").attrs
    assert "checked" not in page.by_id("id_step_1").attrs


def test_facet_counts_are_shown_beside_each_option():
    for _ in range(2):
        content.service(municipalities=["297"], art_forms=["music"])
    content.service(municipalities=["091"], art_forms=["dance"])

    page = parse(content_get(SEARCH))
    kuopio = page.find("option", value="297")
    assert kuopio.text == "Kuopio (2)"
    assert page.find("option", value="091").text.endswith("(1)")
    music = page.find("label", for_="id_art_form_music")
    assert music.text.endswith("(2)")
    # A filter's own counts ignore its own choice: the other art form stays countable.
    page = parse(content_get(SEARCH, {"art_form": "music"}))
    assert page.find("label", for_="id_art_form_dance").text.endswith("(1)")
    assert page.find("option", value="091").text.endswith("(0)")


def test_result_count_is_announced_as_status():
    for _ in range(3):
        content.service()
    content.event()
    assert status_text(content_get("/en/search/")) == "3 services found"
    assert status_text(content_get("/en/search/", {"kind": "events"})) == "1 event found"
    assert status_text(content_get("/en/search/", {"age": "-1"})) == (
        "Correct the search to see results."
    )


def test_pagination_keeps_the_filters():
    for number in range(25):
        content.service(f"Musiikkipalvelu {number:02}", art_forms=["music"])
    content.service("Tanssipalvelu", art_forms=["dance"])

    first = content_get(SEARCH, {"art_form": "music"})
    assert len(result_names(first)) == 20
    next_link = parse(first).find("a", rel="next")
    query = parse_qs(urlsplit(next_link.attrs["href"]).query)
    assert query == {"art_form": ["music"], "page": ["2"]}

    second = content_get(f"{SEARCH}{next_link.attrs['href']}")
    names = result_names(second)
    assert len(names) == 5
    assert "Tanssipalvelu" not in names
    assert parse(second).find("a", rel="prev") is not None


def test_page_past_the_end_shows_the_last_page():
    for _ in range(3):
        content.service()
    response = content_get(SEARCH, {"page": "99"})
    assert len(result_names(response)) == 3
    assert len(result_names(content_get(SEARCH, {"page": "abc"}))) == 3


@pytest.mark.parametrize(
    "params,field_id",
    [
        ({"age": "-5"}, "id_age_error"),
        ({"age": "many"}, "id_age_error"),
        ({"step": "9"}, "id_step_error"),
        ({"municipality": "999"}, "id_municipality_error"),
        ({"art_form": "opera-of-nowhere"}, "id_art_form_error"),
        ({"free": "maybe"}, "id_free_error"),
        (
            {"kind": "events", "date_from": "2030-05-10", "date_to": "2030-05-01"},
            "id_date_to_error",
        ),
        ({"kind": "events", "date_from": "10.5.2030x"}, "id_date_from_error"),
    ],
)
def test_invalid_input_shows_an_error_next_to_the_field(params, field_id):
    content.service("Laulupiiri")
    response = content_get("/en/search/", params)
    page = parse(response)
    error = page.by_id(field_id)
    assert error is not None, f"no error shown at #{field_id}"
    assert error.text
    # The summary at the top links to the same place, and no results are pretended.
    assert page.find("div", cls="error-summary") is not None
    assert result_names(response) == []


def test_unknown_code_error_names_the_code():
    page = parse(content_get("/en/search/", {"municipality": "297,999"}))
    assert "999" in page.by_id("id_municipality_error").text


def test_tabs_switch_between_services_and_events_and_keep_the_filters():
    content.service("Kuoro", art_forms=["music"])
    content.event("Konsertti", art_forms=["music"])
    page = parse(content_get("/en/search/", {"art_form": "music"}))
    tabs = {link.text: link.attrs["href"] for link in page.find("nav", cls="tabs").find_all("a")}
    events_href = tabs["Events"]
    assert parse_qs(urlsplit(events_href).query) == {"art_form": ["music"], "kind": ["events"]}
    events = content_get(f"/en/search/{events_href}")
    assert result_names(events) == ["Konsertti"]
    current = parse(events).find("nav", cls="tabs").find("a", **{"aria-current": "page"})
    assert current.text == "Events"


def test_events_show_their_date_and_cancelled_ones_are_marked():
    start = timezone.now() + timedelta(days=3)
    content.event("Peruttu konsertti", start=start, is_cancelled=True)
    content.event("Konsertti", start=start + timedelta(hours=1))
    page = parse(content_get("/en/search/", {"kind": "events"}))
    items = page.find_all("li", cls="result")
    assert [item.find("h3").text for item in items] == ["Peruttu konsertti", "Konsertti"]
    assert "Cancelled" in items[0].find("p", cls="when").text
    assert "Cancelled" not in items[1].find("p", cls="when").text
    assert items[1].find("p", cls="when").text  # a date is shown


def test_past_events_are_left_out_unless_asked_for():
    content.event("Mennyt", start=timezone.now() - timedelta(days=10))
    content.event("Tuleva", start=timezone.now() + timedelta(days=10))
    assert result_names(content_get(SEARCH, {"kind": "events"})) == ["Tuleva"]
    earlier = (timezone.localdate() - timedelta(days=30)).isoformat()
    names = result_names(content_get(SEARCH, {"kind": "events", "date_from": earlier}))
    assert sorted(names) == ["Mennyt", "Tuleva"]


def test_result_shows_provider_place_price_and_card_badge():
    organisation = content.provider(name_fi="Kuopion kulttuuriyhdistys")
    content.service(
        "Laulupiiri",
        organisation=organisation,
        municipalities=["297"],
        is_free=True,
        card_places=True,
    )
    content.service("Maksullinen", municipalities=["091"], price_fi="12 € kerta")
    page = parse(content_get("/en/search/"))
    texts = {item.find("h3").text: item.text for item in page.find_all("li", cls="result")}
    assert "Kuopion kulttuuriyhdistys" in texts["Laulupiiri"]
    assert "Kuopio" in texts["Laulupiiri"]
    assert "Free" in texts["Laulupiiri"]
    assert "Culture card places" in texts["Laulupiiri"]
    assert "12 € kerta" in texts["Maksullinen"]
    assert "Culture card places" not in texts["Maksullinen"]


def test_text_in_another_language_is_marked_with_lang():
    content.service("Laulupiiri", name_sv="", summary_fi="Laulamme yhdessä.")
    content.service("", name_sv="Kör", summary_sv="Vi sjunger.")
    page = parse(content_get("/sv/search/"))
    names = {item.find("h3").text: item.find("h3") for item in page.find_all("li", cls="result")}
    assert names["Laulupiiri"].find("span", lang="fi") is not None
    assert names["Kör"].find("span", lang="fi") is None


def test_the_events_page_links_to_a_calendar_feed_with_the_filters():
    page = parse(content_get(SEARCH, {"kind": "events", "art_form": "music"}))
    link = page.find("p", cls="feed-link").find("a").attrs["href"]
    assert urlsplit(link).path == "/fi/search/events.ics"
    assert parse_qs(urlsplit(link).query) == {"art_form": ["music"]}


def test_query_count_does_not_grow_with_the_results(django_assert_max_num_queries):
    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            Client().get(SEARCH)
        return len(captured)

    place = content.place(accessibility=["lift"])
    content.service(places=[place], target_groups=["older-people"])
    few = queries_for_page()
    for _ in range(19):
        content.service(places=[content.place()], target_groups=["older-people"])
    with django_assert_max_num_queries(few):
        content_get(SEARCH)
    with django_assert_max_num_queries(40):
        content_get(SEARCH, {"kind": "events"})


def test_reference_lists_are_read_once_and_a_change_shows_at_once():
    from kohtaamo.core.models import ArtForm

    content.service("Laulupiiri")
    content_get(SEARCH)
    with CaptureQueriesContext(connection) as captured:
        content_get(SEARCH)
    tables = ("core_municipality", "core_county", "core_artform", "core_targetgroup")
    read = [q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in tables)]
    assert read == []

    music = ArtForm.objects.get(code="music")
    music.name_fi = "Musiikki ja laulu"
    music.save()
    labels = [label.text.strip() for label in parse(content_get(SEARCH)).find_all("label")]
    assert any(label.startswith("Musiikki ja laulu") for label in labels)


def test_a_very_long_query_is_searched_by_its_start_and_not_echoed_whole():
    content.service("Kuorolaulu")
    words = "kuoro" + "x" * 60_000
    response = Client().get("/fi/search/", {"q": words}, follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) == 1
    page = response.content.decode()
    assert "x" * 300 not in page
    assert ("kuoro" + "x" * 195) in page
