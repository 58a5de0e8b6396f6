"""Proposing and agreeing an engagement, and who reaches it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kohtaamo.arts_in_care.services import access, ending, engagements
from kohtaamo.arts_in_care.states import Move, Side, Status, TransitionNotAllowed

from .conftest import TODAY, agreed, proposed, terms

pytestmark = pytest.mark.django_db


def test_a_unit_lead_proposes_and_the_artist_agrees(places, people):
    engagement = proposed(places, people)
    assert engagement.status == Status.PLANNED
    assert engagement.county == places["county_org"].county
    assert engagement.step.number == 4
    engagement = engagements.move(people["artist"], engagement, Move.AGREE)
    assert engagement.status == Status.AGREED
    assert engagement.agreed_at is not None


def test_nobody_agrees_to_their_own_proposal(places, people):
    engagement = proposed(places, people)
    with pytest.raises(TransitionNotAllowed):
        engagements.move(people["lead"], engagement, Move.AGREE)


def test_an_artist_proposes_to_a_care_unit_and_the_unit_agrees(places, people):
    engagement = engagements.propose_engagement(
        people["artist"],
        side=Side.ARTIST,
        care_unit=places["unit"],
        artist=places["artist"],
        terms=terms(),
    )
    with pytest.raises(TransitionNotAllowed):
        engagements.move(people["artist"], engagement, Move.AGREE)
    assert engagements.move(people["lead"], engagement, Move.AGREE).status == Status.AGREED


def test_an_artist_cannot_propose_in_another_artists_name(places, people):
    with pytest.raises(PermissionDenied):
        engagements.propose_engagement(
            people["other_artist"],
            side=Side.ARTIST,
            care_unit=places["unit"],
            artist=places["artist"],
            terms=terms(),
        )


def test_a_professional_cannot_propose_for_another_unit(places, people):
    with pytest.raises(PermissionDenied):
        engagements.propose_engagement(
            people["other_lead"],
            side=Side.UNIT,
            care_unit=places["unit"],
            artist=places["artist"],
            terms=terms(),
        )


def test_the_county_coordinator_may_propose_for_any_unit_of_the_county(places, people):
    engagement = engagements.propose_engagement(
        people["coordinator"],
        side=Side.UNIT,
        care_unit=places["unit"],
        artist=places["artist"],
        terms=terms(),
    )
    assert engagement.proposed_by == Side.UNIT


def test_a_period_that_ends_before_it_starts_is_refused(places, people):
    with pytest.raises(ValidationError) as error:
        proposed(places, people, ends_on=TODAY - timedelta(days=60))
    assert "ends_on" in error.value.message_dict


def test_changing_a_proposal_hands_the_agreement_to_the_other_side(places, people):
    engagement = proposed(places, people)
    changed = engagements.change_proposal(people["artist"], engagement, terms(planned_sessions=25))
    assert changed.planned_sessions == 25
    assert changed.proposed_by == Side.ARTIST
    assert engagements.move(people["lead"], changed, Move.AGREE).status == Status.AGREED


def test_an_agreed_engagement_is_no_longer_changed(places, people):
    engagement = agreed(places, people)
    with pytest.raises(TransitionNotAllowed):
        engagements.change_proposal(people["lead"], engagement, terms(planned_sessions=25))


def test_the_artist_cannot_complete_but_the_unit_can(places, people):
    engagement = agreed(places, people)
    engagement = engagements.move(people["artist"], engagement, Move.START)
    engagement = engagements.move(people["artist"], engagement, Move.CLOSE)
    with pytest.raises(TransitionNotAllowed):
        engagements.move(people["artist"], engagement, Move.COMPLETE)
    with pytest.raises(ValidationError):  # not before the plan to continue
        engagements.move(people["lead"], engagement, Move.COMPLETE)
    ending.write_plan(
        people["lead"], engagement, methods="Laulu", who="Anni", how_often="Joka tiistai"
    )
    assert engagements.move(people["lead"], engagement, Move.COMPLETE).status == Status.COMPLETED


def test_outsiders_make_no_move(places, people, engagement):
    for who in ("other_lead", "other_artist", "pirkanmaa_coordinator", "resident"):
        with pytest.raises(PermissionDenied):
            engagements.move(people[who], engagement, Move.CANCEL)


def test_the_signed_agreement_is_recorded_but_never_in_the_future(places, people, engagement):
    with pytest.raises(ValidationError):
        engagements.record_signed(
            people["artist"], engagement, TODAY + timedelta(days=1), today=TODAY
        )
    signed = engagements.record_signed(people["artist"], engagement, TODAY, today=TODAY)
    assert signed.signed_on == TODAY
    assert signed.signed_recorded_by == people["artist"]


def test_a_proposal_is_not_yet_signed(places, people):
    with pytest.raises(TransitionNotAllowed):
        engagements.record_signed(people["lead"], proposed(places, people), TODAY, today=TODAY)


# Who sees what.


def test_each_sees_only_their_own_engagements(places, people, engagement):
    other = engagements.propose_engagement(
        people["other_lead"],
        side=Side.UNIT,
        care_unit=places["other_unit"],
        artist=places["other_artist"],
        terms=terms(name="Maalausta osastolla"),
    )
    seen = {who: set(access.visible_engagements(people[who])) for who in people}
    assert seen["lead"] == {engagement}
    assert seen["artist"] == {engagement}
    assert seen["other_lead"] == {other}
    assert seen["other_artist"] == {other}
    assert seen["coordinator"] == {engagement, other}
    assert seen["pirkanmaa_coordinator"] == set()
    assert seen["resident"] == set()
    with pytest.raises(Http404):
        access.engagement_for(people["other_artist"], engagement.pk)


def test_sides_are_the_roles_on_the_engagement(people, engagement):
    assert access.sides(people["lead"], engagement) == {Side.UNIT}
    assert access.sides(people["coordinator"], engagement) == {Side.UNIT}
    assert access.sides(people["artist"], engagement) == {Side.ARTIST}
    assert access.sides(people["other_artist"], engagement) == set()


WHO = st.sampled_from(
    ["lead", "other_lead", "artist", "other_artist", "coordinator", "pirkanmaa_coordinator"]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(who=WHO, move=st.sampled_from(list(Move)))
def test_a_move_succeeds_exactly_when_the_table_and_the_role_allow_it(
    places, people, engagement, who, move
):
    """State table by role: the offered moves are the ones the service makes."""
    person = people[who]
    offered = {possible for _side, possible in engagements.available_moves(person, engagement)}
    held = access.sides(person, engagement)
    try:
        moved = engagements.move(person, engagement, move, side=sorted(held)[0] if held else None)
    except (PermissionDenied, TransitionNotAllowed):
        assert move not in offered or len(held) > 1
    else:
        assert move in offered
        engagement.status = Status.AGREED
        moved.status = Status.AGREED
        moved.save(update_fields=["status"])
