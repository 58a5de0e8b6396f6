"""Printing an import run's report on the command line."""

from kohtaamo.interop.models import ImportRun, translate_message

ORDER = ("created", "updated", "unchanged", "skipped", "failed", "conflicts")


def write_report(command, run):
    if run.state == ImportRun.State.FAILED:
        command.stderr.write(f"Import #{run.pk} read nothing: {run.error_text()}")
        return
    counts = ", ".join(f"{run.count(name)} {name}" for name in ORDER)
    command.stdout.write(f"Import #{run.pk} from {run.origin}: {counts}.")
    for problem in run.problems:
        kind = f"{problem['kind']} " if problem.get("kind") else ""
        identifier = problem.get("id") or "-"
        command.stdout.write(
            f"  {problem['outcome']}: {kind}{identifier}: {translate_message(problem)}"
        )
    if run.count("unlisted"):
        command.stdout.write(f"  ... and {run.count('unlisted')} more not listed.")
