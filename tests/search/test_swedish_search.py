"""Searching in Swedish: compounds split and words found by their base forms, as Finnish
words are (decision 0026)."""

import pytest

from kohtaamo.search.analysis import analyse, query_words
from tests.search.conftest import found, make_service

pytestmark = pytest.mark.django_db


def test_a_swedish_compound_is_indexed_whole_and_in_parts():
    assert {"körsång", "kör", "sång"} <= set(analyse("Körsången", "sv"))
    assert {"teater", "resa"} <= set(analyse("teaterresor", "sv"))
    # A part that is a compound itself is split too.
    assert {"körsång", "kör", "sång", "kurs"} <= set(analyse("Körsångskurs", "sv"))


def test_a_swedish_word_is_indexed_under_its_base_form():
    assert "sång" in analyse("sånger", "sv")
    assert "kör" in analyse("kören", "sv")


def test_a_swedish_compound_query_asks_for_its_parts_or_its_last_part():
    [(_word, forms)] = query_words("körsång", "sv")
    assert ("kör", "sång") in forms
    assert ("sång",) in forms
    assert ("kör",) not in forms


def test_a_compound_finds_choirs_and_singing_groups():
    choir = make_service("Kuoro", name_sv="Kör", description_sv="Vi sjunger kända sånger.")
    singing = make_service("Lauluryhmä", name_sv="Sång- och musikgrupp")
    trip = make_service("Teatterimatka", name_sv="Teaterresa")
    result = found(q="körsång", lang="sv")
    assert choir.pk in result
    assert singing.pk in result
    assert trip.pk not in result


def test_a_part_finds_the_compound():
    seniors = make_service("Kuorolaulu senioreille", name_sv="Körsång för seniorer")
    make_service("Teatterimatka", name_sv="Teaterresa")
    assert found(q="kör", lang="sv") == [seniors.pk]
    assert found(q="sång", lang="sv") == [seniors.pk]


def test_singing_for_older_people_finds_singing_not_a_theatre_trip():
    singing = make_service(
        "Laulua ikäihmisille", name_sv="Sångstund för äldre", description_sv="Vi sjunger."
    )
    trip = make_service(
        "Teatterimatka", name_sv="Teaterresa för äldre", description_sv="Musikal med sång."
    )
    assert found(q="sång för äldre", lang="sv")[0] == singing.pk
    assert trip.pk != found(q="sång för äldre", lang="sv")[0]
