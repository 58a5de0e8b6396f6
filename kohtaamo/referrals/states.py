"""The states of a culture referral, as one table of allowed moves and who makes them.

A professional writes a draft and issues it. The receiving unit (a culture-advice or
link-work unit, or the organisation behind a named service) accepts or declines it,
records the first contact, agrees an activity with the client, records that the client
attends, and completes the loop. Around that path:

* the client may withdraw from any open state (their personal data are erased with it);
* the receiver may pass a referral on to another unit, and the issuer may send a
  returned or declined referral elsewhere ("rerouted": the new unit must react next);
* the system returns a referral to the sender when the receiver has not reacted by the
  response deadline, and expires one that has not become an activity by its expiry.

Services look every move up here; a move that is not in the table, or made by a side
the table does not name, is refused.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Callers catch TransitionNotAllowed from here, beside the table it guards.
from kohtaamo.core.states import TransitionNotAllowed as TransitionNotAllowed
from kohtaamo.core.states import moves_by, next_state_by


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", pgettext_lazy("referral", "Issued")
    ACCEPTED = "accepted", pgettext_lazy("referral", "Accepted")
    DECLINED = "declined", pgettext_lazy("referral", "Declined")
    IN_CONTACT = "in_contact", _("In contact")
    ACTIVITY_AGREED = "activity_agreed", _("Activity agreed")
    ATTENDING = "attending", _("Attending")
    COMPLETED = "completed", pgettext_lazy("referral", "Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the client")
    EXPIRED = "expired", pgettext_lazy("referral", "Expired")
    RETURNED = "returned", _("Returned to the sender")
    REROUTED = "rerouted", _("Sent to another unit")


class Move(models.TextChoices):
    ISSUE = "issue", _("Issue")
    ACCEPT = "accept", pgettext_lazy("referral", "Accept")
    DECLINE = "decline", pgettext_lazy("referral", "Decline")
    CONTACT = "contact", _("Record the first contact")
    AGREE_ACTIVITY = "agree_activity", _("Agree an activity")
    MARK_ATTENDING = "mark_attending", _("Mark as attending")
    COMPLETE = "complete", _("Complete")
    WITHDRAW = "withdraw", _("Withdraw")
    REROUTE = "reroute", _("Send to another unit")
    RETURN = "return", _("Return to the sender")
    EXPIRE = "expire", _("Expire")


class Step(models.TextChoices):
    """What a side does from the referral's page: a move of the table below, or one of
    two steps that change no state (recording a booking, or the client's consent)."""

    ISSUE = "issue"
    ACCEPT = "accept"
    DECLINE = "decline"
    CONTACT = "contact"
    AGREE = "agree"
    BOOK = "book"
    ATTENDING = "attending"
    COMPLETE = "complete"
    REROUTE = "reroute"
    CONSENT = "consent"


class Side(models.TextChoices):
    """Who acts: the sending unit, the receiving unit, the client, or a scheduled task."""

    ISSUER = "issuer", _("Sender")
    RECEIVER = "receiver", _("Receiver")
    CLIENT = "client", _("Client")
    SYSTEM = "system", _("Automatic")


S, M = Status, Move
ISSUER, RECEIVER, CLIENT, SYSTEM = Side.ISSUER, Side.RECEIVER, Side.CLIENT, Side.SYSTEM

# Waiting for the receiving unit to react (the response deadline runs).
AWAITING_RESPONSE = frozenset({S.ISSUED, S.REROUTED})
# The client may still withdraw: everything issued and not yet closed.
OPEN = frozenset(
    {S.ISSUED, S.REROUTED, S.RETURNED, S.ACCEPTED, S.IN_CONTACT, S.ACTIVITY_AGREED, S.ATTENDING}
)
# Accepted and being worked on by the receiving unit: contacts and meetings are logged.
WORKING = frozenset({S.ACCEPTED, S.IN_CONTACT, S.ACTIVITY_AGREED, S.ATTENDING})
# Not yet turned into an activity: the referral's expiry still applies.
EXPIRABLE = frozenset({S.ISSUED, S.REROUTED, S.RETURNED, S.ACCEPTED, S.IN_CONTACT})
# The loop has ended; personal data are erased a retention period after this.
CLOSED = frozenset({S.DECLINED, S.COMPLETED, S.WITHDRAWN, S.EXPIRED})
# An activity is agreed: the receiver may record that they booked it.
BOOKABLE = frozenset({S.ACTIVITY_AGREED, S.ATTENDING})

# (from state, move) -> (to state, the sides that may make the move)
TRANSITIONS = {
    (S.DRAFT, M.ISSUE): (S.ISSUED, {ISSUER}),
    (S.ISSUED, M.ACCEPT): (S.ACCEPTED, {RECEIVER}),
    (S.REROUTED, M.ACCEPT): (S.ACCEPTED, {RECEIVER}),
    (S.ISSUED, M.DECLINE): (S.DECLINED, {RECEIVER}),
    (S.REROUTED, M.DECLINE): (S.DECLINED, {RECEIVER}),
    (S.ACCEPTED, M.CONTACT): (S.IN_CONTACT, {RECEIVER}),
    (S.IN_CONTACT, M.AGREE_ACTIVITY): (S.ACTIVITY_AGREED, {RECEIVER}),
    (S.ACTIVITY_AGREED, M.MARK_ATTENDING): (S.ATTENDING, {RECEIVER}),
    (S.ATTENDING, M.COMPLETE): (S.COMPLETED, {RECEIVER}),
    # The receiver passes on what it cannot take ("referred elsewhere"); the sender
    # finds another unit for what came back or was declined.
    (S.ISSUED, M.REROUTE): (S.REROUTED, {RECEIVER}),
    (S.REROUTED, M.REROUTE): (S.REROUTED, {RECEIVER}),
    (S.ACCEPTED, M.REROUTE): (S.REROUTED, {RECEIVER}),
    (S.RETURNED, M.REROUTE): (S.REROUTED, {ISSUER}),
    (S.DECLINED, M.REROUTE): (S.REROUTED, {ISSUER}),
    (S.ISSUED, M.RETURN): (S.RETURNED, {SYSTEM}),
    (S.REROUTED, M.RETURN): (S.RETURNED, {SYSTEM}),
    **{(state, M.WITHDRAW): (S.WITHDRAWN, {CLIENT}) for state in OPEN},
    **{(state, M.EXPIRE): (S.EXPIRED, {SYSTEM}) for state in EXPIRABLE},
}


def next_status(status, move, side):
    """The state ``move`` leads to from ``status`` when ``side`` makes it."""
    return next_state_by(TRANSITIONS, status, move, side)


def allowed_moves(status, side):
    """The moves ``side`` may make from ``status``, in the table's order."""
    return moves_by(TRANSITIONS, status, side)


# The side that takes each step from the page; a reroute is either side's, as the
# table allows.
STEP_SIDE = {
    Step.ISSUE: ISSUER,
    Step.CONSENT: ISSUER,
    Step.ACCEPT: RECEIVER,
    Step.DECLINE: RECEIVER,
    Step.CONTACT: RECEIVER,
    Step.AGREE: RECEIVER,
    Step.BOOK: RECEIVER,
    Step.ATTENDING: RECEIVER,
    Step.COMPLETE: RECEIVER,
    Step.REROUTE: None,
}
