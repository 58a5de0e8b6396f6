"""Filters narrow, choices within one filter widen, and facet counts follow the filters."""

import datetime
import importlib

import pytest
from django.utils import timezone

from kohtaamo.search import paging, query
from kohtaamo.search import params as search_params
from kohtaamo.search.models import AGE_BANDS
from kohtaamo.search.query import SearchParams, search
from tests.search.conftest import found, make_event, make_place, make_service

pytestmark = pytest.mark.django_db


def counts(result, facet):
    return {value.code: value.count for value in result.facets[facet]}


@pytest.mark.parametrize(
    ("params", "wanted", "other"),
    [
        ({"municipality": ["297"]}, {"municipalities": ["297"]}, {"municipalities": ["837"]}),
        ({"county": ["13"]}, {"municipalities": ["297"]}, {"municipalities": ["837"]}),
        ({"step": [2]}, {"steps": [2]}, {"steps": [1]}),
        ({"art_form": ["music"]}, {"art_forms": ["music"]}, {"art_forms": ["dance"]}),
        (
            {"target_group": ["older-people"]},
            {"target_groups": ["older-people"]},
            {"target_groups": ["children"]},
        ),
        ({"language": ["sv"]}, {"languages": ["sv"]}, {"languages": ["fi"]}),
        (
            {"accessibility": ["induction-loop"]},
            {"accessibility": ["induction-loop"]},
            {"accessibility": ["lift"]},
        ),
        ({"age": 70}, {"age_min": 65}, {"age_min": 7, "age_max": 12}),
        ({"age": 10}, {"age_min": 7}, {"age_max": 6}),
        ({"free": True}, {"is_free": True}, {"is_free": False}),
        ({"free": False}, {"is_free": False}, {"is_free": True}),
        ({"card": True}, {"card_places": True}, {"card_places": False}),
    ],
)
def test_each_service_filter_narrows(params, wanted, other):
    wanted_fields = {**wanted}
    other_fields = {**other}
    municipalities = wanted_fields.pop("municipalities", ["297"])
    match = make_service("Kurssi", municipalities=municipalities, **wanted_fields)
    make_service(
        "Kurssi", municipalities=other_fields.pop("municipalities", ["297"]), **other_fields
    )
    assert found(**params) == [match.pk]


AGE_RANGES = [
    (None, None),
    (0, 6),
    (5, 8),
    (7, 12),
    (12, 13),
    (13, 17),
    (17, 18),
    (18, 29),
    (29, 30),
    (30, 64),
    (64, 65),
    (None, 12),
    (65, None),
    (74, 75),
    (75, None),
    (100, None),
]


def test_the_age_filter_finds_every_range_that_includes_the_age():
    # On PostgreSQL the indexes narrow an age to its band first (AGE_BANDS): ranges
    # that end or begin at a band's edge must still be found on both sides of it.
    made = {
        make_service("Kurssi", age_min=low, age_max=high, card_places=True).pk: (low, high)
        for low, high in AGE_RANGES
    }
    for age in [*range(0, 91), 120, 200]:
        wanted = sorted(
            pk
            for pk, (low, high) in made.items()
            if (low is None or low <= age) and (high is None or high >= age)
        )
        assert sorted(found(age=age)) == wanted, age
        assert sorted(found(q="kurssi", age=age, card=True)) == wanted, age


def test_the_age_bands_are_the_ones_the_indexes_were_built_with():
    frozen = importlib.import_module("kohtaamo.search.migrations.0006_name_and_age_band_indexes")
    assert frozen.BANDS == AGE_BANDS


def test_a_service_is_in_the_municipality_of_its_place():
    hall = make_place("Tammerkosken sali", municipality="837")
    at_place = make_service("Konsertti", municipalities=["297"], places=[hall])
    assert found(municipality=["837"]) == [at_place.pk]
    assert found(county=["08"]) == [at_place.pk]
    assert found(municipality=["297"]) == [at_place.pk]


@pytest.mark.parametrize(
    ("params", "wanted", "other"),
    [
        ({"municipality": ["837"]}, {"municipality": "837"}, {"municipality": "297"}),
        ({"card": True}, {"card_places": 5}, {"card_places": 0}),
        ({"card": False}, {"card_places": 0}, {"card_places": 3}),
        ({"step": [5]}, {"steps": [5]}, {"steps": [4]}),
    ],
)
def test_each_event_filter_narrows(params, wanted, other):
    match = make_event("Ilta", **wanted)
    make_event("Ilta", **other)
    assert found("event", **params) == [match.pk]


def test_event_date_filters():
    today = timezone.localdate()
    past = make_event("Näyttely", days=-10)
    running = make_event(
        "Näyttely",
        start=timezone.now() - datetime.timedelta(days=5),
        end=timezone.now() + datetime.timedelta(days=20),
    )
    soon = make_event("Näyttely", days=3)
    later = make_event("Näyttely", days=40)
    assert set(found("event", date_from=today)) == {running.pk, soon.pk, later.pk}
    assert set(found("event", date_to=today + datetime.timedelta(days=5))) == {
        past.pk,
        running.pk,
        soon.pk,
    }
    window = found(
        "event",
        date_from=today + datetime.timedelta(days=1),
        date_to=today + datetime.timedelta(days=10),
    )
    assert set(window) == {running.pk, soon.pk}


def test_choices_within_a_filter_widen_and_filters_together_narrow():
    kuopio_music = make_service("A", municipalities=["297"], art_forms=["music"])
    tampere_music = make_service("B", municipalities=["837"], art_forms=["music"])
    kuopio_dance = make_service("C", municipalities=["297"], art_forms=["dance"])
    make_service("D", municipalities=["091"], art_forms=["music"])
    # Newest first.
    assert found(municipality=["297", "837"], art_form=["music"]) == [
        tampere_music.pk,
        kuopio_music.pk,
    ]
    assert found(municipality=["297"], art_form=["music", "dance"]) == [
        kuopio_dance.pk,
        kuopio_music.pk,
    ]
    assert found(municipality=["297"], art_form=["theatre"]) == []


def test_facet_counts_are_disjunctive():
    make_service("A", municipalities=["297"], art_forms=["music"], is_free=True)
    make_service("B", municipalities=["297"], art_forms=["dance"])
    make_service("C", municipalities=["837"], art_forms=["music"])
    make_service("D", municipalities=["837"], art_forms=["music"], is_free=True)
    result = search("service", SearchParams(municipality=["297"]))
    assert result.count == 2
    # Choosing Kuopio still shows how many there are in Tampere ...
    assert counts(result, "municipality") == {"297": 2, "837": 2}
    # ... while the other facets count within Kuopio only.
    assert counts(result, "art_form") == {"music": 1, "dance": 1}
    assert counts(result, "county") == {"13": 2}
    assert counts(result, "free") == {"true": 1, "false": 1}

    both = search("service", SearchParams(municipality=["297"], art_form=["music"]))
    assert both.count == 1
    assert counts(both, "municipality") == {"297": 1, "837": 2}
    assert counts(both, "art_form") == {"music": 1, "dance": 1}
    assert both.count_is_exact and both.facets_are_exact


def test_facets_follow_the_text_query():
    make_service("Konsertti", municipalities=["297"])
    make_service("Konsertti", municipalities=["837"])
    make_service("Tanssi", municipalities=["837"])
    result = search("service", SearchParams(q="konsertti", municipality=["837"]))
    assert counts(result, "municipality") == {"297": 1, "837": 1}
    assert set(result.facets) == set(query.FACETS)


def test_large_results_are_estimated_and_say_so(monkeypatch):
    monkeypatch.setattr(search_params, "EXACT_LIMIT", 5)
    monkeypatch.setattr(search_params, "READ_LIMIT", 5)
    for number in range(12):
        make_service(f"Kurssi {number}", municipalities=["297"])
    result = search("service", SearchParams(), limit=3)
    assert len(result.ids) == 3
    assert result.count_is_exact is False
    assert result.count > 5
    assert result.facets_are_exact is False
    small = search("service", SearchParams(q="kurssi", municipality=["091"]))
    assert (small.count, small.count_is_exact) == (0, True)


def _forcing_the_plan(monkeypatch, walk):
    """A large result's page is planned rank by rank; make every rank walk (or read)."""
    monkeypatch.setattr(search_params, "EXACT_LIMIT", 5)
    monkeypatch.setattr(search_params, "READ_LIMIT", 5)
    planned = paging.reading_plan
    monkeypatch.setattr(
        paging, "reading_plan", lambda *args: [(rank, walk) for rank, _ in planned(*args)]
    )


@pytest.mark.parametrize("walk", [True, False], ids=["walking", "reading"])
def test_pages_of_a_large_result_keep_the_rank_order_whichever_way_read(monkeypatch, walk):
    _forcing_the_plan(monkeypatch, walk)
    in_name = [make_service(f"Kurssi {number}") for number in range(4)]
    in_text = [make_service(f"Ryhmä {number}", description_fi="kurssi") for number in range(4)]
    pages = [
        search("service", SearchParams(q="kurssi"), offset=offset, limit=3) for offset in (0, 3, 6)
    ]
    assert pages[0].count_is_exact is False
    assert [pk for page in pages for pk in page.ids] == [
        *(service.pk for service in reversed(in_name)),
        *(service.pk for service in reversed(in_text)),
    ]


@pytest.mark.parametrize("walk", [True, False], ids=["walking", "reading"])
def test_pages_of_a_large_result_for_an_age_hold_only_that_age(monkeypatch, walk):
    _forcing_the_plan(monkeypatch, walk)
    youth = {"age_min": 13, "age_max": 29}
    older = {"age_min": 65}
    in_name = [make_service(f"Kurssi {n}", **(youth if n % 2 else older)) for n in range(6)]
    in_text = [
        make_service(f"Ryhmä {n}", description_fi="kurssi", **(older if n % 2 else youth))
        for n in range(6)
    ]
    pages = [
        search("service", SearchParams(q="kurssi", age=16), offset=offset, limit=2)
        for offset in (0, 2, 4)
    ]
    assert pages[0].count_is_exact is False
    assert [pk for page in pages for pk in page.ids] == [
        *(service.pk for service in reversed(in_name) if service.age_min == 13),
        *(service.pk for service in reversed(in_text) if service.age_min == 13),
    ]


@pytest.mark.parametrize("walk", [True, False], ids=["walking", "reading"])
def test_pages_of_many_events_are_upcoming_soonest_then_begun_latest(monkeypatch, walk):
    _forcing_the_plan(monkeypatch, walk)
    days = (9, -1, 3, -20, 1, 30, -5)
    made = {day: make_event("Runoilta", days=day) for day in days}
    pages = [search("event", SearchParams(), offset=offset, limit=3) for offset in (0, 3, 6)]
    assert [pk for page in pages for pk in page.ids] == [
        made[day].pk for day in (1, 3, 9, 30, -1, -5, -20)
    ]


def test_paging_walks_through_every_match_once():
    made = {make_service(f"Kurssi {number:02d}").pk for number in range(25)}
    seen = []
    for offset in range(0, 30, 10):
        seen += search("service", SearchParams(q="kurssi"), offset=offset, limit=10).ids
    assert len(seen) == 25
    assert set(seen) == made


def test_number_of_queries_does_not_grow_with_the_data(django_assert_max_num_queries):
    for number in range(30):
        make_service(f"Kurssi {number}", municipalities=["297", "837"], art_forms=["music"])
    # On PostgreSQL a facet's exact count runs with a time budget: a savepoint and two
    # SETs around it, still a fixed number.
    with django_assert_max_num_queries(20):
        search("service", SearchParams(q="kursseille", municipality=["297"], art_form=["music"]))
