"""Print a scenario's results (``bench/results/<name>.json``) as Markdown tables, for
``docs/benchmarks.md``: ``.venv/bin/python bench/report.py foundation``."""

import json
import sys
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def markdown(document):
    machine = document["machine"]
    postgres = machine["postgres"]
    lines = [
        f"Run of {document['started_at']}, scale {document['scale']}, "
        f"{document['duration_s']} s; {machine['cpu_count']} × {machine['cpu_model']}, "
        f"{machine['memory_gib']} GiB, Python {machine['python']}, Django {machine['django']}, "
        f"PostgreSQL {postgres['server_version']} (shared_buffers {postgres['shared_buffers']}, "
        f"synchronous_commit {postgres['synchronous_commit']}); load average "
        f"{machine['load_average_at_start'][0]} at the start, "
        f"{machine['load_average_at_end'][0]} at the end.",
        "",
        "| measurement | n | p50 ms | p95 ms | p99 ms | mean ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, stats in document.get("measurements", {}).items():
        lines.append(
            f"| {name} | {stats['count']} | {stats['p50_ms']:.2f} | {stats['p95_ms']:.2f} "
            f"| {stats['p99_ms']:.2f} | {stats['mean_ms']:.2f} |"
        )
    throughput = document.get("throughput", {})
    if throughput:
        lines += ["", "| throughput | per second | note |", "|---|---:|---|"]
        for name, stats in throughput.items():
            rate = stats.get("per_second")
            note = stats.get("note", "")
            if "audit_record_share" in stats:
                note = f"audit.record reaches {stats['audit_record_share']:.0%} of this"
            rate_text = f"{rate:,.0f}" if rate is not None else "–"
            lines.append(f"| {name} | {rate_text} | {note} |")
    explain = document.get("explain", {})
    if explain:
        lines += [
            "",
            "| query (EXPLAIN ANALYZE) | visible events | execution ms | scans | rows read |",
            "|---|---:|---:|---|---:|",
        ]
        for name, plan in explain.items():
            lines.append(
                f"| {name} | {plan['events_visible']:,} | {plan['execution_ms']:.2f} "
                f"| {', '.join(plan['scans'])} | {plan['rows_scanned']:,} |"
            )
    return "\n".join(lines)


def main(argv):
    for name in argv or sorted(path.stem for path in RESULTS_DIR.glob("*.json")):
        document = json.loads((RESULTS_DIR / f"{name}.json").read_text())
        print(f"### {name}\n\n{markdown(document)}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
