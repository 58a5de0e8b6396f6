"""The states of a volunteer, a request for a companion, an offer of it and an expense
claim, each as one table of moves.

A person applies to a programme and its coordinator approves (or declines) them; an
approved volunteer can pause and come back, or leave. A request for a companion waits
(requested) until the coordinator offers it to volunteers or assigns one; the first
volunteer to accept an offer takes it (assigned), confirms when reminded (confirmed),
and after the visit it took place or the client did not come (no-show). Anyone with a
say may cancel before it happens; a request nobody took by its deadline is unfilled,
and the coordinator may open it again with a new time. Services look the next state up
here; a move that is not in a table is refused.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Callers catch TransitionNotAllowed from here, beside the tables it guards.
from kohtaamo.core.states import TransitionNotAllowed as TransitionNotAllowed
from kohtaamo.core.states import moves_from, next_state


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", pgettext_lazy("volunteer", "Active")
    PAUSED = "paused", pgettext_lazy("volunteer", "On a break")
    DECLINED = "declined", pgettext_lazy("volunteer application", "Not approved")
    LEFT = "left", pgettext_lazy("volunteer", "Left")


class VolunteerMove(models.TextChoices):
    APPROVE = "approve", _("Approve")
    DECLINE = "decline", pgettext_lazy("volunteer application", "Decline")
    PAUSE = "pause", _("Take a break")
    RESUME = "resume", _("Come back from the break")
    LEAVE = "leave", _("Leave the programme")


VOLUNTEER_TRANSITIONS = {
    (VolunteerStatus.APPLIED, VolunteerMove.APPROVE): VolunteerStatus.APPROVED,
    (VolunteerStatus.APPLIED, VolunteerMove.DECLINE): VolunteerStatus.DECLINED,
    (VolunteerStatus.APPROVED, VolunteerMove.PAUSE): VolunteerStatus.PAUSED,
    (VolunteerStatus.APPROVED, VolunteerMove.LEAVE): VolunteerStatus.LEFT,
    (VolunteerStatus.PAUSED, VolunteerMove.RESUME): VolunteerStatus.APPROVED,
    (VolunteerStatus.PAUSED, VolunteerMove.LEAVE): VolunteerStatus.LEFT,
}


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("companion request", "Waiting for a volunteer")
    OFFERED = "offered", pgettext_lazy("companion request", "Offered to volunteers")
    ASSIGNED = "assigned", pgettext_lazy("companion request", "Volunteer found")
    CONFIRMED = "confirmed", pgettext_lazy("companion request", "Confirmed")
    TOOK_PLACE = "took_place", pgettext_lazy("companion request", "Took place")
    NO_SHOW = "no_show", pgettext_lazy("companion request", "Client did not come")
    CANCELLED = "cancelled", pgettext_lazy("companion request", "Cancelled")
    UNFILLED = "unfilled", pgettext_lazy("companion request", "No volunteer found")


class RequestMove(models.TextChoices):
    OFFER = "offer", _("Offer to volunteers")
    ASSIGN = "assign", _("Assign a volunteer")
    # The last open offer was declined or withdrawn: back to the coordinator.
    WITHDRAW_OFFERS = "withdraw_offers", _("Withdraw the offers")
    CONFIRM = "confirm", pgettext_lazy("companion request", "Confirm")
    # The volunteer stepped back: the request looks for someone else.
    RELEASE = "release", _("Step back")
    LOG_VISIT = "log_visit", _("The visit took place")
    LOG_NO_SHOW = "log_no_show", _("The client did not come")
    CANCEL = "cancel", pgettext_lazy("companion request", "Cancel")
    EXPIRE = "expire", _("Mark as unfilled")
    REOPEN = "reopen", _("Open again")


# Waiting for a volunteer: what the coordinator's list of open requests shows.
OPEN_STATES = frozenset({RequestStatus.REQUESTED, RequestStatus.OFFERED})
# A volunteer holds it: these count against the volunteer's time and monthly cap.
HELD_STATES = frozenset({RequestStatus.ASSIGNED, RequestStatus.CONFIRMED})
# Finished one way or another: nothing moves it again except a reopen of an unfilled one.
CLOSED_STATES = frozenset(
    {
        RequestStatus.TOOK_PLACE,
        RequestStatus.NO_SHOW,
        RequestStatus.CANCELLED,
        RequestStatus.UNFILLED,
    }
)

REQUEST_TRANSITIONS = {
    (RequestStatus.REQUESTED, RequestMove.OFFER): RequestStatus.OFFERED,
    (RequestStatus.REQUESTED, RequestMove.ASSIGN): RequestStatus.ASSIGNED,
    (RequestStatus.REQUESTED, RequestMove.CANCEL): RequestStatus.CANCELLED,
    (RequestStatus.REQUESTED, RequestMove.EXPIRE): RequestStatus.UNFILLED,
    # More volunteers can be asked while the first ones think about it.
    (RequestStatus.OFFERED, RequestMove.OFFER): RequestStatus.OFFERED,
    (RequestStatus.OFFERED, RequestMove.ASSIGN): RequestStatus.ASSIGNED,
    (RequestStatus.OFFERED, RequestMove.WITHDRAW_OFFERS): RequestStatus.REQUESTED,
    (RequestStatus.OFFERED, RequestMove.CANCEL): RequestStatus.CANCELLED,
    (RequestStatus.OFFERED, RequestMove.EXPIRE): RequestStatus.UNFILLED,
    (RequestStatus.ASSIGNED, RequestMove.CONFIRM): RequestStatus.CONFIRMED,
    (RequestStatus.ASSIGNED, RequestMove.RELEASE): RequestStatus.REQUESTED,
    (RequestStatus.ASSIGNED, RequestMove.CANCEL): RequestStatus.CANCELLED,
    (RequestStatus.ASSIGNED, RequestMove.LOG_VISIT): RequestStatus.TOOK_PLACE,
    (RequestStatus.ASSIGNED, RequestMove.LOG_NO_SHOW): RequestStatus.NO_SHOW,
    (RequestStatus.CONFIRMED, RequestMove.RELEASE): RequestStatus.REQUESTED,
    (RequestStatus.CONFIRMED, RequestMove.CANCEL): RequestStatus.CANCELLED,
    (RequestStatus.CONFIRMED, RequestMove.LOG_VISIT): RequestStatus.TOOK_PLACE,
    (RequestStatus.CONFIRMED, RequestMove.LOG_NO_SHOW): RequestStatus.NO_SHOW,
    (RequestStatus.UNFILLED, RequestMove.REOPEN): RequestStatus.REQUESTED,
}


class CancelledBy(models.TextChoices):
    CLIENT = "client", _("The client")
    VOLUNTEER = "volunteer", _("The volunteer")
    REQUESTER = "requester", _("The one who asked for it")
    COORDINATOR = "coordinator", _("The coordinator")
    VENUE = "venue", _("The venue (the event was cancelled)")


class OfferState(models.TextChoices):
    OPEN = "open", pgettext_lazy("volunteer offer", "Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("volunteer offer", "Accepted")
    DECLINED = "declined", pgettext_lazy("volunteer offer", "Declined")
    # Someone else accepted first, or the coordinator assigned or cancelled the request.
    CLOSED = "closed", pgettext_lazy("volunteer offer", "Taken by someone else")


class OfferMove(models.TextChoices):
    ACCEPT = "accept", pgettext_lazy("volunteer offer", "Accept")
    DECLINE = "decline", pgettext_lazy("volunteer offer", "Decline")
    CLOSE = "close", pgettext_lazy("volunteer offer", "Close")


OFFER_TRANSITIONS = {
    (OfferState.OPEN, OfferMove.ACCEPT): OfferState.ACCEPTED,
    (OfferState.OPEN, OfferMove.DECLINE): OfferState.DECLINED,
    (OfferState.OPEN, OfferMove.CLOSE): OfferState.CLOSED,
}


class ExpenseState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("expense", "Waiting for approval")
    APPROVED = "approved", pgettext_lazy("expense", "Approved")
    REJECTED = "rejected", pgettext_lazy("expense", "Not approved")
    PAID = "paid", pgettext_lazy("expense", "Paid")


class ExpenseMove(models.TextChoices):
    APPROVE = "approve", pgettext_lazy("expense", "Approve")
    REJECT = "reject", pgettext_lazy("expense", "Reject")
    MARK_PAID = "mark_paid", pgettext_lazy("expense", "Mark as paid")


EXPENSE_TRANSITIONS = {
    (ExpenseState.SUBMITTED, ExpenseMove.APPROVE): ExpenseState.APPROVED,
    (ExpenseState.SUBMITTED, ExpenseMove.REJECT): ExpenseState.REJECTED,
    (ExpenseState.APPROVED, ExpenseMove.MARK_PAID): ExpenseState.PAID,
}


def next_volunteer_status(status, move):
    return next_state(VOLUNTEER_TRANSITIONS, status, move)


def next_request_status(status, move):
    return next_state(REQUEST_TRANSITIONS, status, move)


def next_offer_state(state, move):
    return next_state(OFFER_TRANSITIONS, state, move)


def next_expense_state(state, move):
    return next_state(EXPENSE_TRANSITIONS, state, move)


def volunteer_moves(status):
    return moves_from(VOLUNTEER_TRANSITIONS, status)


def request_moves(status):
    return moves_from(REQUEST_TRANSITIONS, status)


def expense_moves(state):
    return moves_from(EXPENSE_TRANSITIONS, state)
