"""What logged sessions add up to: art minutes, the mood check and learning hours."""

from decimal import Decimal

import pytest

from kohtaamo.arts_in_care.models import Engagement
from kohtaamo.arts_in_care.services import access, art_minutes, learning_hours, mood_checks
from kohtaamo.arts_in_care.services.measures import session_measures, staff_hours
from kohtaamo.arts_in_care.services.sessions import SessionLog, log_session

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _log(person, engagement, days_ago, **fields):
    from datetime import timedelta

    values = {"took_place": True, "participants": 6, "minutes": 45, "staff_present": 2}
    values.update(fields)
    return log_session(
        person,
        engagement,
        SessionLog(**values),
        day=TODAY - timedelta(days=days_ago),
        today=TODAY,
    )


def test_certificate_hours_count_only_sessions_a_care_worker_co_led(people, engagement):
    _log(people["artist"], engagement, 3, minutes=90, care_worker_led=True)
    _log(people["artist"], engagement, 2, minutes=60, care_worker_led=False)
    _log(people["lead"], engagement, 1, minutes=45, care_worker_led=True)
    _log(
        people["lead"],
        engagement,
        0,
        took_place=False,
        participants=None,
        minutes=None,
        staff_present=0,
        care_worker_led=True,
    )
    assert learning_hours(engagement) == Decimal("2.3")  # 135 minutes
    assert staff_hours(engagement) == Decimal("6.5")  # (90 + 60 + 45) times 2


def test_art_minutes_add_up_participants_times_minutes(people, engagement):
    _log(people["artist"], engagement, 2, participants=8, minutes=60)
    _log(people["artist"], engagement, 1, participants=5, minutes=30)
    _log(
        people["artist"],
        engagement,
        0,
        took_place=False,
        participants=None,
        minutes=None,
        staff_present=0,
    )
    totals = art_minutes(Engagement.objects.all())
    assert totals.sessions == 2
    assert totals.minutes == 90
    assert totals.participant_sessions == 13
    assert totals.participant_minutes == 8 * 60 + 5 * 30
    measures = list(session_measures(Engagement.objects.all()))
    assert [m.participant_minutes for m in measures] == [480, 150]
    assert {m.county_id for m in measures} == {engagement.county_id}


def test_the_mood_check_sums_taps_per_face(people, engagement):
    _log(
        people["artist"],
        engagement,
        1,
        participants=4,
        mood_before=(1, 1, 2, 0, 0),
        mood_after=(0, 0, 1, 2, 1),
    )
    _log(
        people["artist"],
        engagement,
        0,
        participants=2,
        mood_before=(0, 0, 2, 0, 0),
        mood_after=(0, 0, 0, 0, 2),
    )
    mood = mood_checks(Engagement.objects.all())
    assert mood.before == (1, 1, 4, 0, 0)
    assert mood.after == (0, 0, 1, 2, 3)
    assert mood.change == pytest.approx(4.33333 - 2.5, abs=0.001)


def test_the_measures_follow_the_readers_reach(people, engagement):
    _log(people["artist"], engagement, 0)
    assert art_minutes(access.visible_engagements(people["other_artist"])).sessions == 0
    assert art_minutes(access.visible_engagements(people["coordinator"])).sessions == 1
