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

# Callers catch TransitionNotAllowed from here, beside the table it guards.
from kohtaamo.core.states import TransitionNotAllowed as TransitionNotAllowed
from kohtaamo.core.states import moves_from, next_state


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


def next_call_status(status, move):
    return next_state(CALL_TRANSITIONS, status, move)


def next_answer_status(status, move):
    return next_state(ANSWER_TRANSITIONS, status, move)


def call_moves(status):
    return moves_from(CALL_TRANSITIONS, status)


def answer_moves(status):
    return moves_from(ANSWER_TRANSITIONS, status)
