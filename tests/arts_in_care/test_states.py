"""The engagement's state table, move by move and side by side."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kohtaamo.arts_in_care.states import (
    TRANSITIONS,
    Move,
    Side,
    Status,
    TransitionNotAllowed,
    allowed_moves,
    next_status,
)

STATUSES = st.sampled_from(list(Status))
MOVES = st.sampled_from(list(Move))
SIDES = st.sampled_from(list(Side))


def test_the_happy_path_runs_from_planned_to_completed():
    status = Status.PLANNED
    for move, side in [
        (Move.AGREE, Side.ARTIST),
        (Move.START, Side.ARTIST),
        (Move.CLOSE, Side.UNIT),
        (Move.COMPLETE, Side.UNIT),
    ]:
        status = next_status(status, move, side)
    assert status == Status.COMPLETED


def test_only_the_unit_completes_a_series():
    with pytest.raises(TransitionNotAllowed):
        next_status(Status.CLOSING, Move.COMPLETE, Side.ARTIST)


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.CANCELLED, Status.CLOSING])
def test_a_closing_or_finished_engagement_cannot_be_cancelled(status):
    for side in Side:
        with pytest.raises(TransitionNotAllowed):
            next_status(status, Move.CANCEL, side)


@given(status=STATUSES, move=MOVES, side=SIDES)
def test_every_move_is_in_the_table_or_refused(status, move, side):
    entry = TRANSITIONS.get((status, move))
    if entry is None or side not in entry[1]:
        with pytest.raises(TransitionNotAllowed):
            next_status(status, move, side)
    else:
        assert next_status(status, move, side) == entry[0]


@given(status=STATUSES, side=SIDES)
def test_the_buttons_offered_are_exactly_the_moves_allowed(status, side):
    for move in Move:
        allowed = move in allowed_moves(status, side)
        try:
            next_status(status, move, side)
        except TransitionNotAllowed:
            assert not allowed
        else:
            assert allowed


def test_finished_states_have_no_way_out():
    for status in (Status.COMPLETED, Status.CANCELLED):
        for side in Side:
            assert allowed_moves(status, side) == []
