"""Publication states of catalogue content, as one table of allowed moves.

A provider writes a draft, publishes it, takes it back to draft or archives it. A county
coordinator may take published content off the public catalogue with a reason the
provider sees ("moderate"): that move lands in draft, and only the provider's next
publish clears the reason.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Callers catch TransitionNotAllowed from here, beside the table it guards.
from kohtaamo.core.states import TransitionNotAllowed as TransitionNotAllowed
from kohtaamo.core.states import moves_from, next_state


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Move(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    UNPUBLISH = "unpublish", _("Return to draft")
    ARCHIVE = "archive", _("Archive")
    RESTORE = "restore", _("Restore from archive")
    MODERATE = "moderate", _("Remove from the public catalogue")


# (from state, move) -> to state
TRANSITIONS = {
    (Status.DRAFT, Move.PUBLISH): Status.PUBLISHED,
    (Status.DRAFT, Move.ARCHIVE): Status.ARCHIVED,
    (Status.PUBLISHED, Move.UNPUBLISH): Status.DRAFT,
    (Status.PUBLISHED, Move.ARCHIVE): Status.ARCHIVED,
    (Status.PUBLISHED, Move.MODERATE): Status.DRAFT,
    (Status.ARCHIVED, Move.RESTORE): Status.DRAFT,
}

# Which permission each move needs (see kohtaamo/accounts/permissions.py).
MOVE_PERMISSION = {
    Move.PUBLISH: "change",
    Move.UNPUBLISH: "change",
    Move.ARCHIVE: "change",
    Move.RESTORE: "change",
    Move.MODERATE: "moderate",
}


def next_status(status, move):
    return next_state(TRANSITIONS, status, move)


def allowed_moves(status):
    return moves_from(TRANSITIONS, status)
