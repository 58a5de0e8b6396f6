"""Searching in Finnish, Swedish and English: what a resident or a professional types."""

import pytest

from tests import factories
from tests.search.conftest import found, make_event, make_place, make_service

pytestmark = pytest.mark.django_db


def test_inflected_word_finds_the_base_form():
    museum = make_service("Kuopion museo", summary_fi="Näyttelyt ja opastukset")
    make_service("Tanssikurssi")
    assert found(q="museoihin") == [museum.pk]


def test_inflected_plural_finds_events():
    concert = make_event("Konsertti kirkossa")
    make_event("Lukupiiri")
    assert found("event", q="konsertteihin") == [concert.pk]


def test_inflected_query_finds_differently_inflected_text():
    choir = make_service("Lauluryhmä", description_fi="Yhteislaulua ikäihmisten kanssa.")
    assert found(q="ikäihmisille") == [choir.pk]


def test_compound_is_found_by_its_part_and_by_itself():
    referral = make_service("Kulttuurilähete Pohjois-Savossa")
    culture_only = make_service("Kulttuuria kaikille")
    assert found(q="lähete") == [referral.pk]
    assert found(q="kulttuurilähete") == [referral.pk]
    assert culture_only.pk in found(q="kulttuuri")


def test_singular_finds_plural_compound():
    workshops = make_service("Taidepajat nuorille")
    assert found(q="taidepaja") == [workshops.pk]
    assert found(q="taidepajoihin") == [workshops.pk]


def test_swedish_inflected_word_finds_swedish_content():
    museum = make_service("", name_sv="Museum för alla")
    assert found(q="museerna", lang="sv") == [museum.pk]


def test_english_plural_finds_english_content():
    concert = make_event("", name_en="Lunchtime concert")
    assert found("event", q="concerts", lang="en") == [concert.pk]


def test_finnish_content_is_found_whatever_the_readers_language():
    museum = make_service("Kuopion museo")
    assert found(q="museoihin", lang="sv") == [museum.pk]
    assert found(q="museoihin", lang="en") == [museum.pk]


@pytest.mark.parametrize(
    "typed",
    ["konsetti", "konserttti", "konsertto", "konsetrti"],
    ids=["deletion", "insertion", "substitution", "transposition"],
)
def test_one_typo_in_a_long_word_still_finds(typed):
    concert = make_service("Konsertti palvelutalossa")
    assert found(q=typed) == [concert.pk]


def test_a_typo_in_a_four_letter_word_does_not_find():
    make_service("Paja nuorille")
    assert found(q="paxa") == []


def test_two_typos_do_not_find():
    make_service("Konsertti palvelutalossa")
    assert found(q="knosetrti") == []


def test_every_word_must_match():
    both = make_service("Tanssi ja musiikki")
    make_service("Tanssi")
    assert found(q="tanssi musiikki") == [both.pk]


def test_name_match_ranks_above_description_match():
    in_description = make_service("Aamupäivän kierros", description_fi="Käymme museossa.")
    in_name = make_service("Museon opastus")
    assert found(q="museo") == [in_name.pk, in_description.pk]


def test_services_with_equal_rank_are_newest_first():
    oldest = make_service("Akvarellimaalaus", summary_fi="kurssi")
    middle = make_service("Öljyvärimaalaus", summary_fi="kurssi")
    newest = make_service("Ääni ja kuva", summary_fi="kurssi")
    assert found(q="kurssi") == [newest.pk, middle.pk, oldest.pk]
    assert found() == [newest.pk, middle.pk, oldest.pk]


def test_events_with_equal_rank_are_in_order_of_nearest_date_upcoming_first():
    later = make_event("Runoilta", days=10)
    soon = make_event("Runoilta", days=2)
    past = make_event("Runoilta", days=-1)
    long_ago = make_event("Runoilta", days=-30)
    assert found("event", q="runoilta") == [soon.pk, later.pk, past.pk, long_ago.pk]
    assert found("event") == [soon.pk, later.pk, past.pk, long_ago.pk]


def test_event_is_found_by_its_services_texts_when_it_has_none():
    clowns = make_service("Sairaalaklovnit")
    visit = make_event("", service=clowns)
    assert found("event", q="klovni") == [visit.pk]


def test_place_and_provider_names_are_searchable():
    library = make_place("Pääkirjasto")
    organisation = factories.organisation(name_fi="Sanataideyhdistys Runous")
    reading = make_service("Lukupiiri", places=[library], organisation=organisation)
    assert found(q="pääkirjastossa") == [reading.pk]
    assert found(q="sanataideyhdistys") == [reading.pk]
