"""State diagrams drawn from the state tables themselves.

Every workflow writes its allowed moves as one table in its app's ``states`` module
(``{(from_state, move): to_state}``, or ``(to_state, sides)`` where it also says who may
make the move). The diagrams in ``docs/state-diagrams.md`` are drawn from those tables,
so the picture a newcomer reads cannot drift from the rules the services enforce.
"""

from importlib import import_module

from django.apps import apps


def state_tables():
    """``(title, table)`` for every ``*TRANSITIONS`` table of every installed app."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kohtaamo."):
            continue
        try:
            module = import_module(f"{config.name}.states")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if name.endswith("TRANSITIONS") and isinstance(value, dict) and value:
                found.append((f"{config.label}.{name}", value))
    return found


def _target(value):
    """The state a move leads to, and who may make it (empty if the table says not)."""
    if isinstance(value, tuple):
        state, sides = value
        return state, sorted(str(side) for side in sides)
    return value, []


def mermaid(table):
    """A Mermaid ``stateDiagram-v2`` of one table, its lines in a stable order."""
    lines = ["stateDiagram-v2"]
    for (from_state, move), value in sorted(table.items(), key=lambda item: str(item[0])):
        to_state, sides = _target(value)
        label = str(move) + (f" ({', '.join(sides)})" if sides else "")
        lines.append(f"    {from_state} --> {to_state}: {label}")
    return "\n".join(lines)


def document():
    """The whole of ``docs/state-diagrams.md``."""
    parts = [
        "# State diagrams",
        "",
        "Drawn from the state tables by `manage.py state_diagrams > docs/state-diagrams.md`;",
        "a test fails when this file and the tables disagree. Each arrow is a move the",
        "services allow; where a table names who may make the move, it is in brackets.",
    ]
    for title, table in state_tables():
        parts += ["", f"## `{title}`", "", "```mermaid", mermaid(table), "```"]
    return "\n".join(parts) + "\n"
