"""Who can take a request: availability, language, area, help, trainings, checks and
caps, each a named rule; the best first."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kohtaamo.volunteers import services
from kohtaamo.volunteers.models import (
    Absence,
    Assignment,
    HelpRequest,
    Offer,
    Programme,
    Training,
    Volunteer,
    WeeklyAvailability,
)
from kohtaamo.volunteers.states import OfferState, RequestStatus, VolunteerStatus
from tests import factories

from .conftest import HELSINKI, NOW, START, WEDNESDAY, art_form, language

pytestmark = pytest.mark.django_db


def names(found):
    return [c.volunteer.full_name for c in found]


def test_a_free_trained_volunteer_who_speaks_the_language_is_a_candidate(
    make_volunteer, make_request
):
    volunteer = make_volunteer(full_name="Aada")
    request = make_request(language=language("fi"))
    [candidate] = services.candidates(request, now=NOW)
    assert candidate.volunteer == volunteer
    assert services.why_not(volunteer, request, now=NOW) == []
    assert any("Finnish" in reason or "suomi" in reason for reason in candidate.reasons)


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"status": VolunteerStatus.PAUSED}, "not_approved"),
        ({"weekly": ((WEDNESDAY, time(15), time(18)),)}, "not_available"),
        ({"weekly": ((WEDNESDAY + 1, time(12), time(18)),)}, "not_available"),
        ({"languages": ("sv",)}, "language"),
        ({"municipalities": ("749",)}, "area"),
        ({"trainings": ()}, "basic_training"),
        ({"trainings": (("basic", date(2025, 1, 1), date(2027, 3, 9)),)}, "basic_training"),
        ({"monthly_cap": 1, "help_kinds": ["group_visit"]}, "help_kind"),
    ],
)
def test_each_rule_leaves_a_volunteer_out_and_says_why(make_volunteer, make_request, fields, rule):
    volunteer = make_volunteer(**fields)
    request = make_request(language=language("fi"))
    assert services.candidates(request, now=NOW) == []
    assert rule in services.why_not(volunteer, request, now=NOW)
    assert services.explain([rule])[0]


def test_a_volunteer_away_that_week_is_left_out(make_volunteer, make_request):
    volunteer = make_volunteer()
    Absence.objects.create(
        volunteer=volunteer, starts_on=date(2027, 3, 8), ends_on=date(2027, 3, 10)
    )
    request = make_request()
    assert services.candidates(request, now=NOW) == []
    assert services.why_not(volunteer, request, now=NOW) == ["away"]


def test_the_week_is_read_in_helsinki_time_in_summer_too(make_volunteer, make_request):
    # 14.00 in Helsinki on a summer Wednesday is 11.00 UTC: the pattern is local time.
    volunteer = make_volunteer(weekly=((WEDNESDAY, time(14), time(16)),))
    summer = datetime(2027, 7, 7, 14, 0, tzinfo=HELSINKI)
    request = make_request(start=summer)
    assert names(services.candidates(request, now=NOW)) == [volunteer.full_name]
    early = make_request(start=summer - timedelta(hours=1))
    assert "not_available" in services.why_not(volunteer, early, now=NOW)


def test_help_needed_and_first_aid(make_volunteer, make_request):
    pusher = make_volunteer(
        assistance=["wheelchair"],
        trainings=(("basic", date(2026, 1, 1), None), ("first_aid", date(2025, 5, 1), None)),
    )
    untrained = make_volunteer(assistance=["wheelchair"])
    walker = make_volunteer()
    request = make_request(needs=["wheelchair"])
    assert names(services.candidates(request, now=NOW)) == [pusher.full_name]
    assert services.why_not(untrained, request, now=NOW) == ["first_aid"]
    assert set(services.why_not(walker, request, now=NOW)) == {"assistance", "first_aid"}


def test_minors_need_a_record_check_within_five_years(make_volunteer, make_request):
    checked = make_volunteer(record_checked_on=date(2022, 3, 11))
    too_old = make_volunteer(record_checked_on=date(2022, 3, 9))
    never = make_volunteer()
    request = make_request(involves_minors=True)
    assert names(services.candidates(request, now=NOW)) == [checked.full_name]
    assert services.why_not(too_old, request, now=NOW) == ["record_check"]
    assert services.why_not(never, request, now=NOW) == ["record_check"]


def test_a_held_overlapping_assignment_and_the_monthly_cap(
    make_volunteer, make_request, coordinator
):
    busy = make_volunteer(full_name="Busy")
    capped = make_volunteer(full_name="Capped", monthly_cap=1)
    free = make_volunteer(full_name="Free")
    request = make_request()
    overlapping = make_request(start=START + timedelta(hours=1))
    services.assign(overlapping, busy, by=coordinator, now=NOW)
    earlier_in_march = make_request(start=datetime(2027, 3, 3, 14, 0, tzinfo=HELSINKI))
    services.assign(earlier_in_march, capped, by=coordinator, now=NOW)
    # A February assignment does not count against March.
    february = make_request(
        start=datetime(2027, 2, 24, 14, 0, tzinfo=HELSINKI),
        fill_by=datetime(2027, 2, 20, tzinfo=HELSINKI),
    )
    Assignment.objects.create(
        request=february, volunteer=free, starts_at=february.starts_at, ends_at=february.ends_at
    )
    HelpRequest.objects.filter(pk=february.pk).update(status=RequestStatus.TOOK_PLACE)

    assert names(services.candidates(request, now=NOW)) == ["Free"]
    assert services.why_not(busy, request, now=NOW) == ["busy"]
    assert services.why_not(capped, request, now=NOW) == ["cap"]
    assert "already_assigned" in services.why_not(busy, overlapping, now=NOW)


def test_interests_first_then_fewest_recent_assignments(make_volunteer, make_request, coordinator):
    music = art_form(0)
    fan = make_volunteer(full_name="Fan", monthly_cap=10)
    fan.interests.set([music])
    make_volunteer(full_name="Rested")
    tired = make_volunteer(full_name="Tired", monthly_cap=10)
    for day in (1, 2):
        past = make_request(
            start=datetime(2027, 2, day, 14, 0, tzinfo=HELSINKI),
            fill_by=datetime(2027, 1, 20, tzinfo=HELSINKI),
        )
        Assignment.objects.create(
            request=past, volunteer=tired, starts_at=past.starts_at, ends_at=past.ends_at
        )
        HelpRequest.objects.filter(pk=past.pk).update(status=RequestStatus.TOOK_PLACE)
    request = make_request(art_forms=[music])

    found = services.candidates(request, now=NOW)
    assert names(found) == ["Fan", "Rested", "Tired"]
    assert [c.recent_count for c in found] == [0, 0, 2]
    assert found[0].interests_matched == 1
    assert names(services.candidates(request, now=NOW, limit=2)) == ["Fan", "Rested"]


def test_candidates_take_a_fixed_number_of_queries(make_volunteer, make_request):
    request = make_request(
        language=language("fi"), needs=["wheelchair"], involves_minors=True, art_forms=[art_form()]
    )

    def eligible():
        volunteer = make_volunteer(
            assistance=["wheelchair"],
            record_checked_on=date(2026, 1, 1),
            trainings=(("basic", date(2026, 1, 1), None), ("first_aid", date(2026, 1, 1), None)),
        )
        volunteer.interests.set([art_form()])

    for _ in range(3):
        eligible()
    with CaptureQueriesContext(connection) as few:
        assert len(services.candidates(request, now=NOW)) == 3
    for _ in range(20):
        eligible()
    with CaptureQueriesContext(connection) as many:
        assert len(services.candidates(request, now=NOW)) == 23
    assert len(many) == len(few) <= 5


# -- the two implementations against each other -----------------------------------------

KINDS = ["accompany", "group_visit", "culture_walk"]
NEEDS = ["wheelchair", "walking_support", "memory"]
TRAINING = st.sampled_from(["none", "valid", "expired", "future", "expires_on_the_day"])

volunteer_specs = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["approved", "approved", "approved", "paused", "applied"]),
        "other_programme": st.sampled_from([False, False, False, True]),
        "languages": st.sets(st.sampled_from(["fi", "sv", "en"]), max_size=2),
        "areas": st.sets(st.sampled_from(["297", "749"]), min_size=0, max_size=2),
        "weekly": st.lists(
            st.tuples(st.integers(1, 3), st.integers(8, 16), st.integers(1, 8)), max_size=3
        ),
        "away": st.none() | st.tuples(st.integers(-3, 3), st.integers(0, 3)),
        "basic": TRAINING,
        "first_aid": TRAINING,
        "record": st.sampled_from(["none", "recent", "old", "exactly_five_years"]),
        "cap": st.integers(1, 3),
        "kinds": st.lists(st.sampled_from(KINDS), max_size=2, unique=True),
        "assistance": st.lists(st.sampled_from(NEEDS), max_size=3, unique=True),
        # Existing assignments: (days from the request, hour, status, still active).
        "held": st.lists(
            st.tuples(
                st.integers(-25, 25),
                st.integers(8, 18),
                st.sampled_from(["assigned", "confirmed", "took_place", "cancelled"]),
                st.booleans(),
            ),
            max_size=3,
            unique_by=lambda h: h[0],
        ),
        "declined": st.booleans(),
    }
)
request_specs = st.fixed_dictionaries(
    {
        "hour": st.integers(9, 18),
        "hours": st.integers(1, 4),
        "month_day": st.sampled_from([1, 10, 17, 31]),
        "language": st.sampled_from([None, "fi", "sv"]),
        "area": st.sampled_from(["297", "749"]),
        "kind": st.sampled_from(KINDS),
        "needs": st.lists(st.sampled_from(NEEDS), max_size=2, unique=True),
        "minors": st.booleans(),
    }
)


def _training_dates(state, day):
    return {
        "valid": (day - timedelta(days=100), None),
        "expired": (day - timedelta(days=800), day - timedelta(days=1)),
        "future": (day + timedelta(days=1), None),
        "expires_on_the_day": (day - timedelta(days=300), day),
    }.get(state)


def _build(programme, other, spec, request, number):
    day = request.starts_at.astimezone(HELSINKI).date()
    volunteer = Volunteer.objects.create(
        programme=other if spec["other_programme"] else programme,
        status=spec["status"],
        full_name=f"V{number}",
        email=f"v{number}@example.fi",
        consent_at=NOW,
        monthly_cap=spec["cap"],
        help_kinds=spec["kinds"],
        assistance=spec["assistance"],
        record_checked_on={
            "none": None,
            "recent": day - timedelta(days=400),
            "old": day - timedelta(days=5 * 366 + 2),
            "exactly_five_years": day.replace(year=day.year - 5),
        }[spec["record"]],
    )
    volunteer.languages.set([language(code) for code in spec["languages"]])
    volunteer.municipalities.set([factories.municipality(code) for code in spec["areas"]])
    for weekday, hour, length in spec["weekly"]:
        WeeklyAvailability.objects.create(
            volunteer=volunteer,
            weekday=weekday,
            starts=time(hour),
            ends=time(min(hour + length, 23)),
        )
    if spec["away"] is not None:
        offset, length = spec["away"]
        Absence.objects.create(
            volunteer=volunteer,
            starts_on=day + timedelta(days=offset),
            ends_on=day + timedelta(days=offset + length),
        )
    for kind in ("basic", "first_aid"):
        dates = _training_dates(spec[kind], day)
        if dates:
            Training.objects.create(
                volunteer=volunteer, kind=kind, completed_on=dates[0], expires_on=dates[1]
            )
    for offset, hour, status, active in spec["held"]:
        start = datetime.combine(day + timedelta(days=offset), time(hour), HELSINKI)
        other_request = HelpRequest.objects.create(
            programme=programme,
            source="professional",
            status=status,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            fill_by=start - timedelta(days=1),
            municipality=request.municipality,
            meeting_point="Ovi",
            client_alias="B",
            cancelled_by="client" if status == "cancelled" else "",
        )
        Assignment.objects.create(
            request=other_request,
            volunteer=volunteer,
            starts_at=other_request.starts_at,
            ends_at=other_request.ends_at,
            is_active=active and status != "cancelled",
        )
    if spec["declined"]:
        Offer.objects.create(request=request, volunteer=volunteer, state=OfferState.DECLINED)
    return volunteer


class Rollback(Exception):
    pass


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request_spec=request_specs, specs=st.lists(volunteer_specs, min_size=1, max_size=6))
def test_candidates_and_why_not_agree(programme, request_spec, specs):
    """Every candidate passes every rule; every approved volunteer left out fails at
    least one named rule."""
    try:
        with transaction.atomic():
            programme.municipalities.add(factories.municipality("749"))
            other = Programme.objects.create(
                organisation=programme.organisation, slug="toinen", name_fi="Toinen"
            )
            start = datetime(2027, 3, request_spec["month_day"], request_spec["hour"], 0)
            start = start.replace(tzinfo=HELSINKI)
            request = HelpRequest.objects.create(
                programme=programme,
                source="professional",
                starts_at=start,
                ends_at=start + timedelta(hours=request_spec["hours"]),
                fill_by=start - timedelta(days=1),
                municipality=factories.municipality(request_spec["area"]),
                meeting_point="Ovi",
                client_alias="A",
                language=language(request_spec["language"]) if request_spec["language"] else None,
                help_kind=request_spec["kind"],
                needs=request_spec["needs"],
                involves_minors=request_spec["minors"],
            )
            volunteers = [
                _build(programme, other, spec, request, i) for i, spec in enumerate(specs)
            ]
            found = services.candidates(request, now=NOW)
            chosen = {c.volunteer.pk for c in found}
            for volunteer in Volunteer.objects.filter(
                pk__in=[v.pk for v in volunteers]
            ).prefetch_related(
                "weekly",
                "absences",
                "assignments__request",
                "offers",
                "languages",
                "municipalities",
                "trainings",
            ):
                rules = services.why_not(volunteer, request, now=NOW)
                assert set(rules) <= set(services.RULE_LABELS)
                if volunteer.pk in chosen:
                    assert rules == [], (volunteer.full_name, rules)
                else:
                    assert rules, volunteer.full_name
            raise Rollback
    except Rollback:
        pass
