"""Logging a session: the rules a person logging on a phone would notice."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kohtaamo.arts_in_care.models import ArtSession
from kohtaamo.arts_in_care.services import ending, engagements
from kohtaamo.arts_in_care.services.sessions import (
    SessionLog,
    log_problems,
    log_session,
    schedule_sessions,
    sessions_to_log,
)
from kohtaamo.arts_in_care.states import Move, Status, TransitionNotAllowed

from .conftest import TODAY, proposed

pytestmark = pytest.mark.django_db

A_GOOD_LOG = SessionLog(
    took_place=True,
    participants=8,
    minutes=60,
    activity="Laulettiin vanhoja iskelmiä",
    staff_present=2,
    care_worker_led=True,
    mood_before=(0, 2, 3, 2, 1),
    mood_after=(0, 0, 2, 3, 3),
)


def test_the_artist_logs_a_session_and_the_series_starts(people, engagement):
    session = log_session(people["artist"], engagement, A_GOOD_LOG, day=TODAY, today=TODAY)
    assert session.participants == 8
    assert session.mood("after") == (0, 0, 2, 3, 3)
    assert session.logged_by == people["artist"]
    engagement.refresh_from_db()
    assert engagement.status == Status.RUNNING


def test_the_care_worker_logs_too(people, engagement):
    assert log_session(people["lead"], engagement, A_GOOD_LOG, day=TODAY, today=TODAY).pk


def test_no_logging_into_the_future(people, engagement):
    with pytest.raises(ValidationError) as error:
        log_session(
            people["artist"], engagement, A_GOOD_LOG, day=TODAY + timedelta(days=1), today=TODAY
        )
    assert "date" in error.value.message_dict


def test_no_logging_outside_the_period(people, engagement):
    with pytest.raises(ValidationError):
        log_session(
            people["artist"],
            engagement,
            A_GOOD_LOG,
            day=engagement.starts_on - timedelta(days=1),
            today=TODAY,
        )


def test_a_proposal_has_no_sessions_logged(places, people):
    with pytest.raises(TransitionNotAllowed):
        log_session(people["artist"], proposed(places, people), A_GOOD_LOG, day=TODAY, today=TODAY)


def test_another_artist_cannot_log(people, engagement):
    with pytest.raises(PermissionDenied):
        log_session(people["other_artist"], engagement, A_GOOD_LOG, day=TODAY, today=TODAY)


def test_a_session_that_did_not_take_place_counts_nothing(people, engagement):
    session = log_session(
        people["lead"],
        engagement,
        SessionLog(took_place=False, notes="Flunssaa"),
        day=TODAY,
        today=TODAY,
    )
    assert session.minutes is None and session.participants is None
    engagement.refresh_from_db()
    assert engagement.status == Status.AGREED


def test_scheduled_sessions_are_logged_in_place(people, engagement):
    scheduled = schedule_sessions(
        people["artist"], engagement, TODAY - timedelta(days=14), 4, every_days=7
    )
    assert [s.date for s in scheduled][-1] == TODAY + timedelta(days=7)
    due = list(sessions_to_log(engagement, today=TODAY))
    assert len(due) == 3
    log_session(people["artist"], engagement, A_GOOD_LOG, session=due[0], today=TODAY)
    assert sessions_to_log(engagement, today=TODAY).count() == 2
    assert ArtSession.objects.filter(engagement=engagement).count() == 4


def test_a_schedule_cannot_run_past_the_period(people, engagement):
    with pytest.raises(ValidationError):
        schedule_sessions(people["artist"], engagement, engagement.ends_on, 2)


def test_logging_goes_on_while_the_series_closes(people, engagement):
    engagement = engagements.move(people["artist"], engagement, Move.START)
    engagement = engagements.move(people["artist"], engagement, Move.CLOSE)
    assert log_session(people["artist"], engagement, A_GOOD_LOG, day=TODAY, today=TODAY).pk
    ending.write_plan(
        people["lead"], engagement, methods="Laulu", who="Anni", how_often="Viikoittain"
    )
    engagement = engagements.move(people["lead"], engagement, Move.COMPLETE)
    with pytest.raises(TransitionNotAllowed):
        log_session(people["artist"], engagement, A_GOOD_LOG, day=TODAY, today=TODAY)


TAPS = st.tuples(*[st.integers(0, 60)] * 5)


@given(
    participants=st.one_of(st.none(), st.integers(-5, 260)),
    minutes=st.one_of(st.none(), st.integers(-5, 700)),
    before=TAPS,
    after=TAPS,
)
def test_a_log_is_valid_exactly_within_the_limits(participants, minutes, before, after):
    problems = log_problems(
        SessionLog(
            took_place=True,
            participants=participants,
            minutes=minutes,
            mood_before=before,
            mood_after=after,
        )
    )
    participants_ok = participants is not None and 0 <= participants <= 200
    minutes_ok = minutes is not None and 1 <= minutes <= 600
    taps_ok = participants is None or (sum(before) <= participants and sum(after) <= participants)
    assert ("participants" not in problems) == participants_ok
    assert ("minutes" not in problems) == minutes_ok
    assert (not ({"mood_before", "mood_after"} & problems.keys())) == taps_ok


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(day_offset=st.integers(-60, 150))
def test_the_day_is_inside_the_period_and_not_in_the_future(people, engagement, day_offset):
    day = TODAY + timedelta(days=day_offset)
    allowed = engagement.starts_on <= day <= min(engagement.ends_on, TODAY)
    try:
        with transaction.atomic():
            log_session(people["artist"], engagement, A_GOOD_LOG, day=day, today=TODAY)
            transaction.set_rollback(True)
    except ValidationError:
        assert not allowed
    else:
        assert allowed


@pytest.mark.parametrize(
    "fields",
    [
        {"took_place": True, "participants": 5, "minutes": 0},
        {"took_place": True, "participants": 5, "minutes": 601},
        {"took_place": True, "participants": 201, "minutes": 60},
        {"took_place": True, "participants": 2, "minutes": 60, "mood_before_3": 3},
        {"took_place": True, "participants": None, "minutes": 60},
        {"took_place": False, "participants": 3, "minutes": None},
    ],
)
def test_the_database_refuses_what_the_service_refuses(engagement, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ArtSession.objects.create(engagement=engagement, date=TODAY, **fields)


def test_the_database_refuses_a_period_in_the_wrong_order(engagement):
    engagement.ends_on = engagement.starts_on - timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        engagement.save()


def test_the_database_refuses_no_planned_sessions(engagement):
    engagement.planned_sessions = 0
    with pytest.raises(IntegrityError), transaction.atomic():
        engagement.save()
