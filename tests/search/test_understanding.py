"""Words about the audience, the place and the art form are read as classifications, and
readers of Swedish and English see results named in their language first (decision
0027)."""

import pytest

from kohtaamo.search.vocabulary import recognise
from tests.search.conftest import found, make_place, make_service

pytestmark = pytest.mark.django_db


def _recognised(q, lang="fi"):
    return {(item.facet, code) for item in recognise(q, lang) for code in item.codes}


def test_place_audience_and_art_form_words_are_recognised_in_three_languages():
    assert {
        ("art_form", "dance"),
        ("target_group", "young-people"),
        ("municipality", "297"),
    } <= _recognised("tanssi nuorille Kuopio")
    assert ("target_group", "older-people") in _recognised("sång för seniorer", "sv")
    assert ("target_group", "older-people") in _recognised("dance for seniors", "en")
    assert ("target_group", "children-and-families") in _recognised("lapsiperheille")
    assert ("target_group", "families") in _recognised("families", "en")
    assert _recognised("kurssi") == set()


def test_a_course_for_young_people_comes_before_one_held_at_a_youth_venue():
    youth = make_service(
        "Katutanssi",
        description_fi="Hip hop -tunnit.",
        target_groups=["young-people"],
        art_forms=["dance"],
    )
    venue = make_place("Nuorten taidetalo")
    seniors = make_service(
        "Tanssikurssi 60+",
        description_fi="Tanssia yli 60-vuotiaille.",
        target_groups=["older-people"],
        art_forms=["dance"],
        places=[venue],
    )
    result = found(q="tanssi nuorille Kuopio")
    assert result[0] == youth.pk
    assert seniors.pk in result


def test_dance_for_seniors_puts_the_seniors_dance_before_a_childrens_centre():
    seniors = make_service(
        "Tanssiiltapäivä",
        name_en="Dance afternoon",
        target_groups=["older-people"],
        art_forms=["dance"],
    )
    centre = make_service(
        "Lasten kulttuurikeskus",
        name_en="Children's culture centre",
        description_en="Dance and theatre for children; seniors come as grandparents.",
        target_groups=["children"],
    )
    result = found(q="dance for seniors", lang="en")
    assert result[:2] == [seniors.pk, centre.pk]


def test_readers_see_results_named_in_their_language_first_among_equals():
    swedish = make_service("Konsertti", name_sv="Konsert")
    finnish = make_service("Konsertti kirkossa")
    assert found(q="konsertti", lang="sv") == [swedish.pk, finnish.pk]
    assert found(q="konsertti", lang="en") == [finnish.pk, swedish.pk]
    assert found(q="konsertti", lang="fi") == [finnish.pk, swedish.pk]
