"""The state diagrams in the docs are the state tables the services enforce."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from kohtaamo.core.diagrams import mermaid, state_tables

DOC = Path(__file__).resolve().parents[2] / "docs" / "state-diagrams.md"


def test_every_workflow_has_a_diagram_in_the_docs_drawn_from_its_table():
    out = StringIO()
    call_command("state_diagrams", stdout=out)
    assert DOC.read_text(encoding="utf-8") == out.getvalue(), (
        "docs/state-diagrams.md is out of date: run "
        "`manage.py state_diagrams > docs/state-diagrams.md`"
    )
    titles = {title for title, _table in state_tables()}
    assert {"referrals.TRANSITIONS", "cards.RESERVATION_TRANSITIONS"} <= titles


def test_a_diagram_names_who_may_make_a_move():
    table = {("draft", "issue"): ("issued", {"issuer"}), ("issued", "accept"): "accepted"}
    assert mermaid(table).splitlines() == [
        "stateDiagram-v2",
        "    draft --> issued: issue (issuer)",
        "    issued --> accepted: accept",
    ]
