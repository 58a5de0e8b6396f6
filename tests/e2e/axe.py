"""axe-core in the page under test, limited to the WCAG 2.1 A and AA rules.

axe-core comes bundled with axe-playwright-python, so nothing is fetched at test time.
"""

from pathlib import Path

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page, *, disable=()):
    """Run axe on the whole page and return its violations (a list of dicts).

    ``disable`` switches rules off by id. Only for a documented problem in a page we do
    not render ourselves (Django's admin) that a template override cannot fix.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    options = {
        "runOnly": {"type": "tag", "values": WCAG_21_AA},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disable},
    }
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)


def report(found):
    """The violations as a readable list: rule, impact, what to do, where."""
    lines = []
    for violation in found:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " >> ".join(
                " ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_accessible(page, *, disable=()):
    found = violations(page, disable=disable)
    assert not found, (
        f"axe found {len(found)} WCAG 2.1 A/AA violation(s) on {page.url}:\n{report(found)}"
    )
