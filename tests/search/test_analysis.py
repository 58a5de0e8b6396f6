"""Text analysis on its own: what a word becomes in the index and in a query."""

import pytest

from kohtaamo.search.analysis import (
    analyse,
    deletion_variants,
    edit_distance_at_most_one,
    query_words,
)


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("museoihin", "museo"),
        ("konsertteihin", "konsertti"),
        ("ikäihmisille", "ikäihminen"),
        ("taidepajat", "taidepaja"),
        ("Kuopiossa", "kuopio"),
    ],
)
def test_finnish_words_are_indexed_under_their_base_form(word, base):
    assert base in analyse(word, "fi")


def test_finnish_compounds_are_indexed_whole_and_in_parts():
    lexemes = analyse("Kulttuurilähetteet", "fi")
    assert {"kulttuurilähete", "kulttuuri", "lähete"} <= set(lexemes)
    assert {"taidepaja", "taide", "paja"} <= set(analyse("taidepajat", "fi"))


def test_words_no_analyser_knows_keep_their_own_form():
    assert analyse("Zyxwv", "fi") == ["zyxwv"]


def test_swedish_inflections_share_a_stem_with_the_base_form():
    assert set(analyse("museerna", "sv")) & set(analyse("museum", "sv"))
    assert set(analyse("konserterna", "sv")) & set(analyse("konsert", "sv"))


def test_english_plural_shares_a_stem_with_the_singular():
    assert set(analyse("concerts", "en")) & set(analyse("concert", "en"))


def test_a_finnish_compound_query_does_not_ask_for_one_part_alone():
    [(_word, forms)] = query_words("kulttuurilähete", "fi")
    assert ("kulttuuri",) not in forms
    assert ("kulttuurilähete",) in forms
    assert ("kulttuuri", "lähete") in forms


def test_query_drops_stop_words_unless_nothing_else_is_left():
    assert [word for word, _ in query_words("museo ja teatteri")] == ["museo", "teatteri"]
    assert [word for word, _ in query_words("ja")] == ["ja"]


@pytest.mark.parametrize("q", ["", "   ", "!!!???", "—", None])
def test_query_without_words_is_empty(q):
    assert query_words(q) == []


@pytest.mark.parametrize(
    ("typed", "meant", "near"),
    [
        ("konsetti", "konsertti", True),  # a letter left out
        ("konserttti", "konsertti", True),  # a letter too many
        ("konsertto", "konsertti", True),  # a wrong letter
        ("konsetrti", "konsertti", True),  # two letters swapped
        ("knosetrti", "konsertti", False),  # two swaps
        ("konsert", "konsertti", False),  # two letters left out
    ],
)
def test_one_typo_is_near(typed, meant, near):
    assert edit_distance_at_most_one(typed, meant) is near
    assert edit_distance_at_most_one(meant, typed) is near
    if near:
        assert deletion_variants(typed) & deletion_variants(meant)
