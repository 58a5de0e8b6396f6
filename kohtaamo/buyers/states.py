"""The states of a call for offers and of an answer to it, each as one table of moves.

A buyer writes a call as a draft and opens it; providers answer while it is open. The
call closes by itself the day after its deadline (or earlier, when the buyer closes
it), or the buyer cancels it. The buyer shortlists or declines answers, and may accept
one on the shortlist. Nothing else moves a call or an answer: services look the next
state up here, and a move that is not in the table is refused.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", pgettext_lazy("call for offers", "Cancelled")


class CallMove(models.TextChoices):
    OPEN = "open", _("Open for answers")
    CLOSE = "close", _("Close now")
    CANCEL = "cancel", _("Cancel the call")


CALL_TRANSITIONS = {
    (CallStatus.DRAFT, CallMove.OPEN): CallStatus.OPEN,
    (CallStatus.DRAFT, CallMove.CANCEL): CallStatus.CANCELLED,
    (CallStatus.OPEN, CallMove.CLOSE): CallStatus.CLOSED,
    (CallStatus.OPEN, CallMove.CANCEL): CallStatus.CANCELLED,
}


class AnswerStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    DECLINED = "declined", _("Declined")
    ACCEPTED = "accepted", _("Accepted")


class AnswerMove(models.TextChoices):
    SHORTLIST = "shortlist", _("Shortlist")
    DECLINE = "decline", _("Decline")
    ACCEPT = "accept", _("Accept")


ANSWER_TRANSITIONS = {
    (AnswerStatus.SUBMITTED, AnswerMove.SHORTLIST): AnswerStatus.SHORTLISTED,
    (AnswerStatus.SUBMITTED, AnswerMove.DECLINE): AnswerStatus.DECLINED,
    (AnswerStatus.SHORTLISTED, AnswerMove.DECLINE): AnswerStatus.DECLINED,
    (AnswerStatus.SHORTLISTED, AnswerMove.ACCEPT): AnswerStatus.ACCEPTED,
    # A buyer may change their mind about a declined answer until they accept one.
    (AnswerStatus.DECLINED, AnswerMove.SHORTLIST): AnswerStatus.SHORTLISTED,
}


class TransitionNotAllowed(Exception):
    def __init__(self, status, move):
        self.status, self.move = status, move
        super().__init__(f"Cannot {move} what is {status}.")


def _next(table, states, moves, status, move):
    try:
        return table[(states(status), moves(move))]
    except (KeyError, ValueError):
        raise TransitionNotAllowed(status, move) from None


def next_call_status(status, move):
    return _next(CALL_TRANSITIONS, CallStatus, CallMove, status, move)


def next_answer_status(status, move):
    return _next(ANSWER_TRANSITIONS, AnswerStatus, AnswerMove, status, move)


def call_moves(status):
    return [move for (state, move) in CALL_TRANSITIONS if state == status]


def answer_moves(status):
    return [move for (state, move) in ANSWER_TRANSITIONS if state == status]
