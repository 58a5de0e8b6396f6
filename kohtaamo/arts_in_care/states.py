"""The states of an engagement (an artist's series inside a care unit), as one table.

One side proposes an engagement (the care unit, or the artist), and the other side
agrees to it: a proposal nobody else has said yes to is not an agreement. The series
starts with its first session (or when either side says so), closes when the sessions
are over, and is completed by the care unit once its "continue on our own" plan is
written. Until it closes, either side may cancel. Nothing else moves
an engagement: services look the next state up here, and a move not in the table, or
made by a side the table does not name, is refused.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Callers catch TransitionNotAllowed from here, beside the table it guards.
from kohtaamo.core.states import TransitionNotAllowed as TransitionNotAllowed
from kohtaamo.core.states import moves_by, next_state_by


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGREED = "agreed", pgettext_lazy("engagement", "Agreed")
    RUNNING = "running", _("Running")
    CLOSING = "closing", _("Closing")
    COMPLETED = "completed", pgettext_lazy("engagement", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("engagement", "Cancelled")


class Move(models.TextChoices):
    AGREE = "agree", _("Agree to the engagement")
    START = "start", _("Start the series")
    CLOSE = "close", _("Close the series")
    COMPLETE = "complete", _("Mark as completed")
    CANCEL = "cancel", _("Cancel the engagement")


class Side(models.TextChoices):
    """Who acts: the care unit (or its county), or the artist."""

    UNIT = "unit", _("Care unit")
    ARTIST = "artist", _("Artist")


S, M = Status, Move
UNIT, ARTIST = Side.UNIT, Side.ARTIST
BOTH = frozenset({UNIT, ARTIST})

# (from state, move) -> (to state, the sides that may make the move)
TRANSITIONS = {
    # Only the side that did not propose may agree (services.engagements checks who
    # proposed: the table cannot know it).
    (S.PLANNED, M.AGREE): (S.AGREED, BOTH),
    (S.AGREED, M.START): (S.RUNNING, BOTH),
    (S.RUNNING, M.CLOSE): (S.CLOSING, BOTH),
    # The unit completes: the evaluation and the plan to go on are the unit's to confirm.
    (S.CLOSING, M.COMPLETE): (S.COMPLETED, frozenset({UNIT})),
    (S.PLANNED, M.CANCEL): (S.CANCELLED, BOTH),
    (S.AGREED, M.CANCEL): (S.CANCELLED, BOTH),
    (S.RUNNING, M.CANCEL): (S.CANCELLED, BOTH),
}

# Sessions may be scheduled ahead while the series is not yet over ...
SCHEDULABLE = frozenset({S.PLANNED, S.AGREED, S.RUNNING})
# ... and logged once it is agreed; late logs of the last sessions while closing.
LOGGABLE = frozenset({S.AGREED, S.RUNNING, S.CLOSING})
# Only a proposal may still be changed; an agreement is changed by a new one.
EDITABLE = frozenset({S.PLANNED})
# Either side writes its end evaluation once the series is closing or over.
EVALUABLE = frozenset({S.CLOSING, S.COMPLETED})
# Running or done: what the county inventory counts as activity in care.
ACTIVE = frozenset({S.AGREED, S.RUNNING, S.CLOSING})
FINISHED = frozenset({S.COMPLETED, S.CANCELLED})


def next_status(status, move, side):
    """The state ``move`` leads to from ``status`` when ``side`` makes it."""
    return next_state_by(TRANSITIONS, status, move, side)


def allowed_moves(status, side):
    """The moves ``side`` may make from ``status``, in the table's order."""
    return moves_by(TRANSITIONS, status, side)


def other_side(side):
    return ARTIST if Side(side) == UNIT else UNIT
