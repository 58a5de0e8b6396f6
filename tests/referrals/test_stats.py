"""Referral numbers: the funnel from the status trail, small cells, medians, grouping,
filters and who may count whose referrals."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import translation

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import Municipality
from kohtaamo.core.tables import SECONDARY_LABEL, SMALL_CELL_LABEL
from kohtaamo.referrals import services, stats
from kohtaamo.referrals.models import ContactLog, ReferralType, StatusChange
from kohtaamo.referrals.states import Status
from tests import factories

from .conftest import NOW

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _in_finnish():
    # Group labels are names in the active language: the tests read the Finnish ones.
    with translation.override("fi"):
        yield


@pytest.fixture(autouse=True)
def _no_notifications(settings):
    # Counting needs the status trail, not the e-mails a move sends.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def stamp(referral, when):
    """Date the referral's latest move to ``when``: the services stamp the present."""
    latest = StatusChange.objects.filter(referral=referral).order_by("-at", "-pk").first()
    StatusChange.objects.filter(pk=latest.pk).update(at=when)


def walk(world, referral, to, *, start=NOW, days=(1, 1, 1, 1, 1), reason="no_capacity"):
    """Take an issued referral as far as ``to`` through the services, each step
    ``days[i]`` days after the previous one."""
    advisor = world.advisor
    when = start
    steps = [
        ("accepted", lambda: services.accept(advisor, referral)),
        (
            "in_contact",
            lambda: services.record_contact(
                advisor, referral, date=date(2026, 3, 3), kind=ContactLog.Kind.MEETING
            ),
        ),
        ("activity_agreed", lambda: services.agree_activity(advisor, referral)),
        ("attending", lambda: services.mark_attending(advisor, referral)),
        ("completed", lambda: services.complete(advisor, referral)),
    ]
    if to == "declined":
        services.decline(advisor, referral, reason)
        stamp(referral, when + days[0] * DAY)
        return referral
    for index, (status, make) in enumerate(steps):
        make()
        when += days[index] * DAY
        stamp(referral, when)
        if status == to:
            break
    return referral


def many(world, count, to=None, **options):
    referrals = []
    for _ in range(count):
        referral = world.issued(now=options.get("start", NOW))
        if to:
            walk(world, referral, to, **options)
        referrals.append(referral)
    return referrals


def coordinator_of(county_organisation, role=Role.COORDINATOR):
    return factories.member(role, organisation=county_organisation)


def county_organisation_of(world):
    return world.health_station.organisation


# --- The funnel ---------------------------------------------------------------------


def test_the_funnel_counts_each_step_a_referral_reached(world):
    many(world, 5, "completed")
    many(world, 1, "attending")
    many(world, 1, "activity_agreed")
    many(world, 2, "in_contact")
    many(world, 1, "accepted")
    many(world, 2, "declined", reason="not_reachable")
    many(world, 1, "declined", reason="no_capacity")
    many(world, 1)  # issued, not yet answered

    result = stats.funnel(coordinator_of(county_organisation_of(world)))
    counts = result.total.counts
    assert counts == {
        "issued": 14,
        "accepted": 10,
        "declined": 3,
        "in_contact": 9,
        "activity": 7,
        "attending": 6,
        "completed": 5,
    }
    assert result.total.declined_by["not_reachable"] == 2
    assert result.total.declined_by["no_capacity"] == 1
    assert [bar["shown"] for bar in stats.chart_bars(result)] == [14, 10, 9, 7, 6, 5]


def test_counts_under_five_are_shown_as_less_than_five_and_zero_stays_zero(world):
    many(world, 6, "accepted")
    many(world, 3, "declined", reason="not_eligible")
    result = stats.funnel(coordinator_of(county_organisation_of(world)))
    table = stats.table(result)
    total = dict(zip(stats.column_keys(), table.rows[-1], strict=True))
    assert total["issued"] == 9
    assert total["accepted"] == 6
    assert total["declined"] == SMALL_CELL_LABEL
    assert total["declined_not_eligible"] == SMALL_CELL_LABEL
    assert total["declined_no_capacity"] == 0
    assert total["completed"] == 0
    # No raw count from one to four survives anywhere in the table.
    for row in table.rows:
        assert not any(isinstance(v, int) and 0 < v < 5 for v in row[1:]), row


def test_median_days_between_steps_and_none_below_five_referrals(world):
    for days in (1, 2, 3, 4, 10):
        referral = world.issued()
        walk(world, referral, "in_contact", days=(days, 2, 1, 1, 1))
    result = stats.funnel(coordinator_of(county_organisation_of(world)))
    medians = result.total.medians()
    assert medians["to_accepted"] == 3.0
    assert medians["to_contact"] == 2.0
    # Nobody has agreed an activity yet: no median to show.
    assert medians["to_activity"] is None

    four = stats.Group(key=None)
    four.days["to_accepted"] = [1.0, 2.0, 3.0, 4.0]
    assert four.medians()["to_accepted"] is None


def test_a_median_counts_part_days(world):
    for hours in (12, 12, 36, 36, 36):
        referral = world.issued()
        services.accept(world.advisor, referral)
        stamp(referral, NOW + timedelta(hours=hours))
    medians = stats.funnel(coordinator_of(county_organisation_of(world))).total.medians()
    assert medians["to_accepted"] == 1.5


def test_rows_per_month_in_order_and_a_month_range(world):
    many(world, 1, start=NOW + timedelta(days=31))  # April
    many(world, 2, start=NOW - timedelta(days=20))  # February
    many(world, 5, "accepted")  # March
    person = coordinator_of(county_organisation_of(world))
    result = stats.funnel(person)
    assert [group.label for group in result.groups] == ["2026-02", "2026-03", "2026-04"]
    by_month = {group.label: group.counts["issued"] for group in result.groups}
    assert by_month["2026-03"] == 5
    assert sum(by_month.values()) == 8

    march = stats.funnel(
        person, stats.Filters(month_from=date(2026, 3, 1), month_to=date(2026, 3, 1))
    )
    assert [group.label for group in march.groups] == ["2026-03"]
    assert march.total.counts == {**march.total.counts, "issued": 5, "accepted": 5}
    from_march = stats.funnel(person, stats.Filters(month_from=date(2026, 3, 1)))
    assert from_march.total.counts["issued"] == 6


def test_grouping_by_type_unit_municipality_and_filters(world):
    many(world, 5)
    prescriptions = many_prescriptions(world, 6)
    assert prescriptions
    person = coordinator_of(county_organisation_of(world))

    by_type = stats.funnel(person, grouping=stats.Grouping.TYPE)
    assert {g.label: g.counts["issued"] for g in by_type.groups} == {
        "Kulttuurilähete": 5,
        "Kulttuuriresepti": 6,
    }

    by_receiver = stats.funnel(person, grouping=stats.Grouping.RECEIVING_UNIT)
    labels = {g.key: g.counts["issued"] for g in by_receiver.groups}
    assert labels == {world.culture_advice.pk: 5, None: 6}
    assert by_receiver.groups[-1].key is None  # "no receiving unit" comes last

    by_sender = stats.funnel(person, grouping=stats.Grouping.SENDING_UNIT)
    assert [(g.key, g.counts["issued"]) for g in by_sender.groups] == [
        (world.health_station.pk, 11)
    ]

    by_municipality = stats.funnel(person, grouping=stats.Grouping.MUNICIPALITY)
    kuopio = Municipality.objects.get(code="297")
    # Neither a preferred municipality nor a municipality of the sending unit.
    assert [(g.key, g.counts["issued"]) for g in by_municipality.groups] == [(None, 11)]
    world.health_station.municipality = Municipality.objects.get(code="091")
    world.health_station.save()
    by_municipality = stats.funnel(person, grouping=stats.Grouping.MUNICIPALITY)
    assert [(g.label, g.counts["issued"]) for g in by_municipality.groups] == [("Helsinki", 11)]
    world.health_station.municipality = None
    world.health_station.save()
    world.issued(preferred_municipality=kuopio)
    by_municipality = stats.funnel(person, grouping=stats.Grouping.MUNICIPALITY)
    assert {g.key: g.counts["issued"] for g in by_municipality.groups} == {kuopio.pk: 1, None: 11}

    only_prescriptions = stats.funnel(person, stats.Filters(referral_type=world.prescription_type))
    assert only_prescriptions.total.counts["issued"] == 6
    only_kuopio = stats.funnel(person, stats.Filters(municipality=kuopio))
    assert only_kuopio.total.counts["issued"] == 1
    received = stats.funnel(person, stats.Filters(unit=world.culture_advice))
    assert received.total.counts["issued"] == 6
    assert stats.funnel(person, stats.Filters(unit=world.other_advice)).total.counts["issued"] == 0
    assert stats.funnel(person, stats.Filters(county=world.county)).total.counts["issued"] == 12


def many_prescriptions(world, count):
    return [world.issued(referral_type=world.prescription_type) for _ in range(count)]


def test_a_draft_is_not_counted(world):
    world.draft()
    many(world, 1)
    assert stats.funnel(coordinator_of(county_organisation_of(world))).total.counts["issued"] == 1


def test_the_numbers_take_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    many(world, 6, "completed")
    many_prescriptions(world, 6)
    person = coordinator_of(county_organisation_of(world))
    person.active_memberships()
    for grouping, _label in stats.Grouping.CHOICES:
        with django_assert_max_num_queries(3):
            stats.table(stats.funnel(person, grouping=grouping))


# --- Who counts whose referrals -----------------------------------------------------


@pytest.fixture
def other_county(world):
    """A referral type and a unit in Pirkanmaa (Tampere), with five issued referrals."""
    organisation = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "837")
    station = factories.unit(organisation)
    nurse = factories.member(Role.PROFESSIONAL, unit=station)
    referral_type = ReferralType.objects.create(
        county=organisation.county,
        code="harrastelahete",
        name_fi="Harrastelähete",
        kind=ReferralType.Kind.PRESCRIPTION,
        receiver_kind=ReferralType.ReceiverKind.NOBODY,
        expiry_days=60,
    )
    for _ in range(5):
        referral = services.draft_referral(
            nurse, referral_type=referral_type, issuing_unit=station, reasons=["stress"]
        )
        services.issue_referral(nurse, referral, now=NOW)
    return organisation


def issued_for(person):
    return stats.funnel(person).total.counts["issued"]


def test_county_coordinators_and_analysts_count_their_county_only(world, other_county):
    many(world, 3)
    county_org = county_organisation_of(world)
    assert issued_for(coordinator_of(county_org)) == 3
    assert issued_for(coordinator_of(county_org, Role.ANALYST)) == 3
    assert issued_for(coordinator_of(other_county)) == 5
    assert issued_for(coordinator_of(other_county, Role.ANALYST)) == 5


def test_a_national_analyst_counts_every_county(world, other_county):
    many(world, 3)
    taike = factories.organisation(Organisation.Kind.NATIONAL_BODY, name_fi="Taike")
    analyst = factories.member(Role.ANALYST, organisation=taike)
    assert stats.may_view(analyst)
    assert issued_for(analyst) == 8
    counties = stats.funnel(analyst, grouping=stats.Grouping.COUNTY).groups
    assert sorted(g.counts["issued"] for g in counties) == [3, 5]


def test_unit_staff_count_what_their_unit_sent_or_received(world, other_county):
    many(world, 3)
    many_prescriptions(world, 2)
    assert issued_for(world.nurse) == 5  # sent by the health station
    assert issued_for(world.advisor) == 3  # received by the culture-advice unit
    assert issued_for(world.other_advisor) == 0
    assert issued_for(world.stranger) == 0  # another unit of the same organisation
    # The filter offers only what the person may count.
    choices = stats.choices_for(world.advisor)
    assert set(choices["units"]) == {world.health_station, world.culture_advice}
    assert list(choices["counties"]) == [world.county]


def test_people_without_a_counting_role_see_no_numbers(world):
    many(world, 6)
    county_org = county_organisation_of(world)
    provider = factories.member(Role.PROVIDER, organisation=county_org)
    administrator = factories.member(Role.ADMINISTRATOR, organisation=county_org)
    resident = factories.user()
    for person in (provider, administrator, resident):
        assert not stats.may_view(person)
        assert issued_for(person) == 0


def test_a_coordinator_of_a_municipality_counts_its_own_units(world):
    many(world, 4)
    city = world.culture_advice.organisation
    assert city.kind == Organisation.Kind.MUNICIPALITY
    assert issued_for(factories.member(Role.COORDINATOR, organisation=city)) == 4


def test_closed_states_and_withdrawal_keep_the_referral_counted(world):
    kept = many(world, 5, "accepted")
    services.withdraw_by_client(kept[0])
    result = stats.funnel(coordinator_of(county_organisation_of(world)))
    assert result.total.counts["issued"] == 5
    assert result.total.counts["accepted"] == 5
    assert Status.WITHDRAWN in set(
        StatusChange.objects.filter(referral=kept[0]).values_list("to_status", flat=True)
    )


def test_months_are_finnish_months(world):
    # 22:30 UTC on the last of March is already April in Helsinki.
    late = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)
    world.issued(now=late)
    person = coordinator_of(county_organisation_of(world))
    assert [g.label for g in stats.funnel(person).groups] == ["2026-04"]
    april = stats.Filters(month_from=date(2026, 4, 1), month_to=date(2026, 4, 1))
    assert stats.funnel(person, april).total.counts["issued"] == 1
    march = stats.Filters(month_to=date(2026, 3, 1))
    assert stats.funnel(person, march).total.counts["issued"] == 0


def test_a_small_count_cannot_be_worked_out_from_the_total_line():
    # Kuopio 3 and Siilinjärvi 40 issued, 43 in all: with Siilinjärvi and the total
    # shown, Kuopio's 3 would be a subtraction away, so Siilinjärvi's number is hidden.
    def group(label, issued, declined_by):
        counts = dict.fromkeys(stats.COUNTS, 0)
        counts.update(issued=issued, accepted=issued, declined=sum(declined_by.values()))
        reasons = dict.fromkeys(stats.DeclineReason.values, 0)
        reasons.update(declined_by)
        return stats.Group(key=label, label=label, counts=counts, declined_by=reasons)

    kuopio = group("Kuopio", 3, {})
    siilinjarvi = group("Siilinjärvi", 40, {"no_capacity": 3, "other": 9})
    total = group("Yhteensä", 43, {"no_capacity": 3, "other": 9})
    result = stats.Funnel(
        grouping=stats.Grouping.MUNICIPALITY, groups=[kuopio, siilinjarvi], total=total
    )
    rows = [dict(zip(stats.column_keys(), row, strict=True)) for row in stats.table(result).rows]
    assert rows[0]["issued"] == SMALL_CELL_LABEL
    assert rows[1]["issued"] == SECONDARY_LABEL
    assert rows[2]["issued"] == 43
    # The declines of a row add up to its declined count: 12 shown, 3 and 9 both hidden.
    assert rows[1]["declined"] == 12
    assert rows[1]["declined_no_capacity"] == SMALL_CELL_LABEL
    assert rows[1]["declined_other"] != 9
    bars = stats.chart_bars(result)
    assert bars[0] == {
        "label": str(stats.COUNT_LABELS["issued"]),
        "value": 43,
        "shown": 43,
        "hidden": False,
    }
