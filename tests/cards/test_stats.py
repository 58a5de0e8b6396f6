"""What the culture card statistics count: cards, uses, places and no-shows."""

import datetime

import pytest

from kohtaamo.cards import services, stats
from kohtaamo.cards.models import CardOffer
from kohtaamo.core.tables import SECONDARY_LABEL, SMALL_CELL_LABEL
from tests import factories
from tests.catalogue import content

from .conftest import NOW

pytestmark = pytest.mark.django_db

MARCH = stats.Period.months_between(datetime.date(2026, 3, 1), datetime.date(2026, 3, 1))
AT_THE_DOOR = NOW + datetime.timedelta(days=5, minutes=-10)
AFTER_THE_CONCERT = NOW + datetime.timedelta(days=5, hours=3)


def totals(user, period=MARCH, **filters):
    counted = stats.counts(stats.Filters(period=period, **filters), stats.reach_for(user))
    return counted.get(0, {})


def book_and_come(card, offer, usher, children=0, key="k"):
    booking = services.reserve(card, offer, children=children, idempotency_key=key, now=NOW)
    services.check_in(offer, by=usher, token=booking.reservation.token, now=AT_THE_DOOR)
    return booking


def test_a_holder_and_two_children_let_in_count_one_adult_and_two_child_uses(
    card, concert_offer, usher, coordinator
):
    book_and_come(card, concert_offer, usher, children=2)
    counted = totals(coordinator)
    assert counted["adult_uses"] == 1
    assert counted["child_uses"] == 2
    assert counted["valid_cards"] == 1
    assert counted["activated_cards"] == 1
    assert counted["places_offered"] == 10
    assert counted["places_used"] == 3
    assert counted.get("no_shows", 0) == 0


def test_a_card_that_was_never_used_is_valid_but_not_activated(issue, coordinator):
    issue()
    issue()
    counted = totals(coordinator)
    assert counted["valid_cards"] == 2
    assert counted["activated_cards"] == 0


def test_a_booking_not_used_by_the_end_of_the_event_is_a_no_show(
    card, concert_offer, coordinator, usher
):
    services.reserve(card, concert_offer, children=1, idempotency_key="k", now=NOW)
    assert services.mark_no_shows(AFTER_THE_CONCERT) == 1
    counted = totals(coordinator)
    assert counted["no_shows"] == 1
    assert counted.get("adult_uses", 0) == 0
    assert counted.get("places_used", 0) == 0
    # Booking is using the card: it counts as activated.
    assert counted["activated_cards"] == 1


def test_months_count_a_card_in_every_month_it_is_valid(issue, coordinator):
    issue(now=NOW)  # 10 March 2026, valid through 9 March 2027
    period = stats.Period.months_between(datetime.date(2026, 1, 1), datetime.date(2027, 4, 1))
    by_month = stats.counts(
        stats.Filters(period=period, grouping=stats.Grouping.MONTH),
        stats.reach_for(coordinator),
        grouping=stats.Grouping.MONTH,
    )
    valid = {month.strftime("%Y-%m"): by_month[month]["valid_cards"] for month in by_month}
    assert valid["2026-02"] == 0
    assert valid["2026-03"] == 1
    assert valid["2026-12"] == 1
    assert valid["2027-03"] == 1
    assert valid["2027-04"] == 0
    assert len(valid) == 16


def test_a_replaced_card_is_one_card_and_a_cancelled_one_stops_counting(
    issue, social_worker, coordinator
):
    lost = issue()
    services.replace_card(social_worker, lost, now=NOW + datetime.timedelta(days=2))
    assert totals(coordinator)["valid_cards"] == 1
    cancelled = issue()
    services.cancel_card(social_worker, cancelled, now=NOW + datetime.timedelta(days=40))
    assert totals(coordinator)["valid_cards"] == 2
    may = stats.Period.months_between(datetime.date(2026, 5, 1), datetime.date(2026, 5, 1))
    assert totals(coordinator, period=may)["valid_cards"] == 1


def test_uses_belong_to_the_month_they_happened(card, concert_offer, usher, coordinator):
    book_and_come(card, concert_offer, usher)
    april = stats.Period.months_between(datetime.date(2026, 4, 1), datetime.date(2026, 4, 1))
    assert totals(coordinator, period=april).get("adult_uses", 0) == 0
    assert totals(coordinator)["adult_uses"] == 1


def test_standing_offers_count_uses_but_no_places(card, make_offer, usher, coordinator):
    museum = make_offer(places=20, kind=CardOffer.Kind.STANDING)
    services.check_in(museum, by=usher, card_number=card.number, now=AT_THE_DOOR)
    counted = totals(coordinator)
    assert counted["adult_uses"] == 1
    assert counted.get("places_offered", 0) == 0


def test_grouping_by_municipality_county_and_venue(issue, make_offer, usher, coordinator, venue):
    big_concert = make_offer(places=20)
    for index in range(6):
        book_and_come(issue(), big_concert, usher, children=1, key=f"k{index}")
    filters = stats.Filters(period=MARCH, grouping=stats.Grouping.MUNICIPALITY)
    numbers = stats.statistics(filters, stats.reach_for(coordinator))
    assert [label for label, _ in numbers.rows] == ["Kuopio"]
    assert numbers.rows[0][1]["adult_uses"] == 6
    assert numbers.rows[0][1]["valid_cards"] == 6

    by_venue = stats.statistics(
        stats.Filters(period=MARCH, grouping=stats.Grouping.VENUE), stats.reach_for(coordinator)
    )
    label, values = by_venue.rows[0]
    assert label == str(venue)
    assert values["places_used"] == 12
    # A card is held in a municipality, not at a venue: no card numbers per venue.
    assert values["valid_cards"] is None
    assert by_venue.table().rows[0][1] is None


def test_filters_narrow_to_a_municipality_and_a_venue(issue, concert_offer, usher, coordinator):
    book_and_come(issue(), concert_offer, usher)
    assert totals(coordinator, municipality=factories.municipality("297"))["adult_uses"] == 1
    assert totals(coordinator, municipality=factories.municipality("091")).get("adult_uses", 0) == 0
    other_venue = content.provider(name_fi="Toinen teatteri")
    assert totals(coordinator, venue=other_venue).get("adult_uses", 0) == 0
    assert totals(coordinator, venue=concert_offer.organisation)["adult_uses"] == 1


# --------------------------------------------------------------------------------------
# Small cells
# --------------------------------------------------------------------------------------


def test_counts_under_five_are_shown_as_less_than_five_and_zero_stays_zero(
    issue, concert_offer, usher, coordinator
):
    for index in range(3):
        book_and_come(issue(), concert_offer, usher, children=2, key=f"k{index}")
    numbers = stats.statistics(stats.Filters(period=MARCH), stats.reach_for(coordinator))
    table = numbers.table()
    cells = dict(zip(table.headers, table.rows[0], strict=True))
    labels = stats.METRIC_LABELS
    assert cells[labels["adult_uses"]] == SMALL_CELL_LABEL  # 3
    assert cells[labels["child_uses"]] == 6
    assert cells[labels["places_offered"]] == 10
    assert cells[labels["no_shows"]] == 0
    total = dict(zip(table.headers, table.rows[-1], strict=True))
    assert total[labels["valid_cards"]] == SMALL_CELL_LABEL
    # The chart draws a small cell without its number.
    bars = numbers.bars("adult_uses")
    assert bars == [{"label": "Kuopio", "value": 0, "shown": SMALL_CELL_LABEL, "hidden": True}]


def test_a_small_count_cannot_be_worked_out_from_the_total_line():
    # Two municipalities, 3 and 25 adult uses, 28 in all: the 25 is hidden as well.
    numbers = stats.Statistics(
        filters=stats.Filters(period=MARCH, grouping=stats.Grouping.MUNICIPALITY),
        metrics=["adult_uses", "child_uses"],
        rows=[
            ("Kuopio", {"adult_uses": 3, "child_uses": 10}),
            ("Iisalmi", {"adult_uses": 25, "child_uses": 12}),
        ],
        total={"adult_uses": 28, "child_uses": 22},
    )
    rows = numbers.table().rows
    assert [row[1] for row in rows] == [SMALL_CELL_LABEL, SECONDARY_LABEL, 28]
    assert [row[2] for row in rows] == [10, 12, 22]
    bars = numbers.bars("adult_uses")
    assert [(bar["value"], bar["hidden"]) for bar in bars] == [(0, True), (0, True)]
