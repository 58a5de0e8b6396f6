"""Help around the search results: the filter a word names, and a way on when nothing
matched (a spelling suggestion, a filter to remove, the other tab, the culture advisor)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from tests.catalogue import content
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


def page(url, params):
    response = Client().get(url, params)
    assert response.status_code == 200
    return parse(response)


def links(html, cls):
    box = html.find(cls=cls)
    return [(a.text.strip(), a.attrs["href"]) for a in box.find_all("a")] if box else []


def query_of(href):
    return parse_qs(urlsplit(href).query)


@pytest.mark.parametrize(
    ("language", "label"), [("fi", "Näytä vain Kuopio?"), ("sv", "Visa bara Kuopio?")]
)
def test_a_municipality_in_the_words_is_offered_as_a_filter(language, label):
    content.service("Kuorolaulu", municipalities=["297"])
    html = page(f"/{language}/search/", {"q": "kuorolaulu Kuopio"})
    [(text, href)] = [link for link in links(html, "filter-offers") if "Kuopio" in link[0]]
    assert text == label
    assert query_of(href) == {"q": ["kuorolaulu"], "municipality": ["297"]}
    # Offered, not applied: the results are still those of the words alone.
    assert len(html.find_all("li", cls="result")) == 1


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_nothing_found_offers_a_spelling_that_finds_something_and_an_advisor(language):
    content.service("Kuorolaulu", municipalities=["297"])
    html = page(f"/{language}/search/", {"q": "kuorlauluu", "art_form": "music"})
    assert not html.find_all("li", cls="result")
    hrefs = [href for _, href in links(html, "no-results")]
    # The spelling the catalogue knows, keeping the filters.
    assert {"q": ["kuorolaulu"], "art_form": ["music"]} in [query_of(href) for href in hrefs]
    # The advisor, always.
    assert any(href.endswith("/referrals/ask/") for href in hrefs)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_nothing_found_names_the_filter_to_remove_and_the_other_tab(language):
    content.service("Kuorolaulu", municipalities=["297"])
    content.event("Lounaskonsertti", municipality="297")
    html = page(f"/{language}/search/", {"q": "kuorolaulu", "municipality": "091"})
    found = links(html, "no-results")
    removal = [href for _, href in found if query_of(href) == {"q": ["kuorolaulu"]}]
    assert removal, found
    events = page(f"/{language}/search/", {"q": "lounaskonsertti"})
    other = [href for _, href in links(events, "no-results") if "kind=events" in href]
    assert other


def test_the_filter_button_counts_the_chosen_filters():
    html = page("/fi/search/", {"municipality": ["297", "091"], "free": "true"})
    assert html.find(id="filter-toggle").text.strip() == "Rajaa (3)"
    assert html.find(cls="skip-link", href="#results-title") is not None
