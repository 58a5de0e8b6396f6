"""The foundation at national scale: permissions, visible lists, the audit log.

Builds the national network (every municipality and county, ~6,000 organisations,
~25,000 units, ~150,000 people with ~180,000 memberships) and ~2,000,000 audit events over
a year, then times what every request pays for:

* ``has_permission`` for random (user, unit) pairs, with the membership query (a fresh
  user object, as each request has) and with the memberships already cached;
* ``Unit.objects.reachable_by(user, "accounts.view_unit")``: first page
  of 50 and ``count()`` for four kinds of people;
* the audit-log viewer's query (``visible_audit_events``): newest 50, the count, and the
  filter by record, for organisation and county administrators, with EXPLAIN ANALYZE;
* ``audit.record`` throughput from one and from two processes, beside a pgbench baseline
  doing the same single-row INSERT;
* the audit-viewer queries again with candidate indexes on the organisation columns
  (in the benchmark database only), to show what such an index would buy.

The package: :mod:`.data` writes the audit events and picks the people,
:mod:`.permissions` times ``has_permission`` and ``reachable_by``, :mod:`.audit_log` the
audit-log viewer and writing; :mod:`.sampling` says how long each is timed.
"""

from collections import Counter

from django.db import connection

from bench import lib
from bench.lib import log

from .audit_log import measure_audit_viewer, measure_writes
from .data import AUDIT_TABLE, build_audit_events, choose_personas, table_sizes
from .permissions import measure_has_permission, measure_visible

ORDER = 0
DESCRIPTION = "permissions, visible(), audit-log viewer and audit.record at national scale"


AUDIT_EVENTS = 2_000_000


CANDIDATE_INDEXES = (
    "CREATE INDEX bench_audit_target_org ON core_auditevent "
    "(target_organisation_id, occurred_at DESC, id DESC)",
    "CREATE INDEX bench_audit_actor_org ON core_auditevent "
    "(actor_organisation_id, occurred_at DESC, id DESC)",
)


def run(context):
    network = context.network()
    rng = context.rng("foundation")
    result = {"data": {}, "measurements": {}, "throughput": {}, "explain": {}, "findings": []}

    log(f"audit events ({context.scaled(AUDIT_EVENTS)})")
    with lib.Stopwatch() as watch:
        expected_pairs = build_audit_events(context, network, context.scaled(AUDIT_EVENTS))
    with lib.Stopwatch() as vacuum:
        lib.vacuum_analyze(AUDIT_TABLE)
    result["data"] = network.sizes()
    result["data"]["audit_events"] = sum(expected_pairs.values())
    result["data"]["build_seconds"] = {
        **network.timings,
        "audit_events_s": watch.seconds,
        "audit_vacuum_analyze_s": vacuum.seconds,
    }
    result["data"]["table_sizes"] = table_sizes()
    personas = choose_personas(network, rng)

    log("has_permission")
    measure_has_permission(network, rng, result)
    log("visible()")
    measure_visible(network, personas, result)
    log("audit viewer")
    measure_audit_viewer(network, personas, expected_pairs, result, "")
    log("audit.record throughput, pgbench baseline")
    lib.checkpoint()
    recorded_pairs = measure_writes(context, network, rng, result)
    log("audit viewer with candidate indexes")
    with lib.Stopwatch() as indexing:
        with connection.cursor() as cursor:
            for statement in CANDIDATE_INDEXES:
                cursor.execute(statement)
        lib.vacuum_analyze(AUDIT_TABLE)
    expected_pairs = Counter(expected_pairs)
    expected_pairs.update(recorded_pairs)
    measure_audit_viewer(network, personas, expected_pairs, result, "with_indexes.")
    result["what_if_indexes"] = {
        "statements": list(CANDIDATE_INDEXES),
        "build_seconds": indexing.seconds,
        "note": "Created in the benchmark database only, after the measurements above; "
        "measurements named 'with_indexes.*' ran with them.",
    }
    result["findings"] = findings(result)
    return result


def findings(result):
    notes = []
    for key, plan in result["explain"].items():
        if key.startswith("with_indexes."):
            continue
        if plan["seq_scan"] or plan["rows_scanned"] > 100_000:
            after = result["explain"].get(f"with_indexes.{key}")
            before_ms = result["measurements"][key]["p50_ms"]
            after_ms = result["measurements"].get(f"with_indexes.{key}", {}).get("p50_ms")
            text = (
                f"{key}: reads {plan['rows_scanned']:,} audit rows "
                f"({', '.join(plan['scans'])}) for {plan['events_visible']:,} visible events; "
                f"p50 {before_ms} ms"
            )
            if after is not None:
                text += (
                    f" -> {after_ms} ms with indexes on (target_organisation_id, occurred_at, id) "
                    f"and (actor_organisation_id, occurred_at, id) "
                    f"(reads {after['rows_scanned']:,} rows)"
                )
                if after["shared_read_blocks"] and after["shared_read_blocks"] > 10_000:
                    text += (
                        f"; still {after['shared_read_blocks']:,} blocks read: the events are "
                        "spread over the whole table, so an exact count stays slow"
                    )
            notes.append(text)
    return notes
