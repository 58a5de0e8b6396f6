"""What every state table in Kohtaamo shares.

Each workflow (catalogue publication, calls for offers, culture cards, referrals ...)
writes its allowed moves as one dict ``{(from_state, move): to_state}`` keyed by its
own TextChoices. These helpers look a move up and refuse anything not in the table,
so no workflow spreads status checks across its views.
"""


class TransitionNotAllowed(Exception):
    def __init__(self, state, move, side=None):
        self.state, self.move, self.side = state, move, side
        who = f" by the {side}" if side else ""
        super().__init__(f"Cannot {move} from {state}{who}.")

    @property
    def status(self):
        return self.state


def next_state(table, state, move):
    """Where ``move`` leads from ``state`` in ``table``; raises TransitionNotAllowed."""
    state_type, move_type = (type(part) for part in next(iter(table)))
    try:
        return table[(state_type(state), move_type(move))]
    except (KeyError, ValueError):
        raise TransitionNotAllowed(state, move) from None


def moves_from(table, state):
    return [move for (from_state, move) in table if from_state == state]


# Tables whose moves belong to sides (a referral's issuer and receiver, an engagement's
# unit and artist) map ``(from_state, move)`` to ``(to_state, sides that may make it)``.


def next_state_by(table, state, move, side):
    """Where ``move`` leads from ``state`` when ``side`` makes it; raises
    TransitionNotAllowed when the move is not in ``table`` or not ``side``'s to make."""
    state_type, move_type = (type(part) for part in next(iter(table)))
    try:
        to_state, sides = table[(state_type(state), move_type(move))]
    except (KeyError, ValueError):
        raise TransitionNotAllowed(state, move) from None
    if side not in sides:
        raise TransitionNotAllowed(state, move, side)
    return to_state


def moves_by(table, state, side):
    """The moves ``side`` may make from ``state``, in the table's order."""
    return [
        move
        for (from_state, move), (_to, sides) in table.items()
        if from_state == state and side in sides
    ]
