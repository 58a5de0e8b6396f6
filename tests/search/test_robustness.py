"""Whatever a user sends, search answers (maybe with nothing) and never fails."""

import datetime

import pytest

from kohtaamo.search.query import FACETS, SearchParams, search
from tests.search.conftest import found, make_event, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return [make_service("Kuopion museo", art_forms=["music"]), make_event("Konsertti")]


@pytest.mark.parametrize("q", ["xqzzkvw", "zzzz qqqq", "museo xqzzkvw"])
def test_nonsense_words_find_nothing(catalogue, q):
    result = search("service", SearchParams(q=q))
    assert (result.ids, result.count) == ([], 0)
    assert set(result.facets) == set(FACETS)


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "!!!???",
        '"',
        "NEAR(museo)",
        "museo OR",
        "AND",
        "' | & ! :* (",
        "museo:A",
        "*",
        "a" * 500,
        "museo " * 100,
        "\x00museo",
        "ääöö" * 120,
    ],
)
def test_any_text_is_answered(catalogue, q):
    for kind in ("service", "event"):
        result = search(kind, SearchParams(q=q))
        assert result.count >= len(result.ids)


def test_punctuation_only_is_read_as_no_words(catalogue):
    assert found(q="!!!") == found()


def test_query_syntax_characters_are_plain_text(catalogue):
    assert found(q='"museo"') == [catalogue[0].pk]
    assert found(q="museo:*") == [catalogue[0].pk]


@pytest.mark.parametrize(
    "params",
    [
        {"municipality": ["999"]},
        {"county": ["xx"]},
        {"step": [9]},
        {"art_form": ["no-such-form"]},
        {"target_group": ["' OR 1=1 --"]},
        {"language": ["zz"]},
        {"accessibility": ["x" * 300]},
    ],
)
def test_unknown_codes_find_nothing(catalogue, params):
    assert found(**params) == []


@pytest.mark.parametrize(
    "params",
    [
        {"age": "abc"},
        {"age": 10**30},
        {"age": -5},
        {"step": ["x", None]},
        {"free": "maybe"},
        {"date_from": "not a date"},
        {"date_to": datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)},
        {"lang": "xx"},
        {"lang": None},
        {"municipality": "297"},
        {"art_form": [None, 5, "music"]},
    ],
)
def test_odd_values_do_not_fail(catalogue, params):
    for kind in ("service", "event"):
        search(kind, SearchParams(**params))


@pytest.mark.parametrize(
    ("offset", "limit"),
    [(10**12, 20), (-5, 20), (0, -1), (0, 10**9), ("x", "y")],
)
def test_odd_pages_do_not_fail(catalogue, offset, limit):
    result = search("service", SearchParams(), offset=offset, limit=limit)
    assert result.count == 1


def test_huge_offset_gives_an_empty_page(catalogue):
    result = search("service", SearchParams(), offset=10**12)
    assert result.ids == []
    assert result.count == 1
