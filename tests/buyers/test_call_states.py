"""The state tables of calls for offers and answers: every allowed move, and every move
that is not in the table refused."""

import pytest

from kohtaamo.buyers.states import (
    ANSWER_TRANSITIONS,
    CALL_TRANSITIONS,
    AnswerMove,
    AnswerStatus,
    CallMove,
    CallStatus,
    TransitionNotAllowed,
    next_answer_status,
    next_call_status,
)

CALL_ALLOWED = {
    (CallStatus.DRAFT, CallMove.OPEN): CallStatus.OPEN,
    (CallStatus.DRAFT, CallMove.CANCEL): CallStatus.CANCELLED,
    (CallStatus.OPEN, CallMove.CLOSE): CallStatus.CLOSED,
    (CallStatus.OPEN, CallMove.CANCEL): CallStatus.CANCELLED,
}
ANSWER_ALLOWED = {
    (AnswerStatus.SUBMITTED, AnswerMove.SHORTLIST): AnswerStatus.SHORTLISTED,
    (AnswerStatus.SUBMITTED, AnswerMove.DECLINE): AnswerStatus.DECLINED,
    (AnswerStatus.SHORTLISTED, AnswerMove.DECLINE): AnswerStatus.DECLINED,
    (AnswerStatus.SHORTLISTED, AnswerMove.ACCEPT): AnswerStatus.ACCEPTED,
    (AnswerStatus.DECLINED, AnswerMove.SHORTLIST): AnswerStatus.SHORTLISTED,
}


def test_the_call_table_is_exactly_the_documented_one():
    assert CALL_TRANSITIONS == CALL_ALLOWED


def test_the_answer_table_is_exactly_the_documented_one():
    assert ANSWER_TRANSITIONS == ANSWER_ALLOWED


@pytest.mark.parametrize(("move", "expected"), list(CALL_ALLOWED.items()))
def test_allowed_call_move(move, expected):
    status, action = move
    assert next_call_status(status, action) == expected


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (status, move)
        for status in CallStatus
        for move in CallMove
        if (status, move) not in CALL_ALLOWED
    ],
)
def test_forbidden_call_move(status, move):
    with pytest.raises(TransitionNotAllowed):
        next_call_status(status, move)


@pytest.mark.parametrize(("move", "expected"), list(ANSWER_ALLOWED.items()))
def test_allowed_answer_move(move, expected):
    status, action = move
    assert next_answer_status(status, action) == expected


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (status, move)
        for status in AnswerStatus
        for move in AnswerMove
        if (status, move) not in ANSWER_ALLOWED
    ],
)
def test_forbidden_answer_move(status, move):
    with pytest.raises(TransitionNotAllowed):
        next_answer_status(status, move)


@pytest.mark.parametrize(("status", "move"), [("open", "reopen"), ("nonsense", "open"), ("", "")])
def test_unknown_states_and_moves_are_refused(status, move):
    with pytest.raises(TransitionNotAllowed):
        next_call_status(status, move)
    with pytest.raises(TransitionNotAllowed):
        next_answer_status(status, move)
