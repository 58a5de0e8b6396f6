"""The audit log: its viewer (with and without candidate indexes) and writing to it
(``audit.record`` from several processes, and pgbench as a baseline).
"""

import os
from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import lib
from bench.lib import sanity, summarize
from kohtaamo.accounts.audit_log import visible_audit_events
from kohtaamo.core.models import AuditEvent

from .data import AUDIT_TABLE, load_users
from .sampling import PAGE, SAMPLES, WARMUP, WHAT_IF_SAMPLES, time_each

AUDIT_PERSONAS = ("association_admin", "municipality_admin", "county_admin")


def reach(network, user_id):
    """Organisation ids a user's administrator membership reaches (independently)."""
    _, organisation_id, _, _ = network.memberships_by_user[user_id][0]
    kind, county_id, _ = network.organisations[organisation_id]
    if kind == "wellbeing_county":
        return set(network.organisations_by_county[county_id])
    return {organisation_id}


def expected_audit_count(pairs, organisation_ids):
    return sum(
        count
        for (target_org, actor_org), count in pairs.items()
        if target_org in organisation_ids or actor_org in organisation_ids
    )


def audit_target(network, user_id):
    """A unit of the persona's own organisation (or, where it has none, the persona's own
    account): the record filter of the viewer."""
    organisation_id = network.memberships_by_user[user_id][0][1]
    units = network.units_by_organisation.get(organisation_id)
    if not units:
        return ("accounts.user", str(user_id))
    return ("accounts.unit", str(min(units)))


def measure_audit_viewer(network, personas, pairs, result, prefix):
    for persona in AUDIT_PERSONAS:
        users = load_users(personas[persona])
        measure_audit_viewer_for(network, persona, users, pairs, result, prefix)


def audit_page(user):
    return list(visible_audit_events(user)[:PAGE])


def audit_count(user):
    return visible_audit_events(user).count()


def measure_audit_viewer_for(network, persona, users, pairs, result, prefix):
    reaches = {user.pk: reach(network, user.pk) for user in users}
    expected = {user.pk: expected_audit_count(pairs, reaches[user.pk]) for user in users}
    targets = {user.pk: audit_target(network, user.pk) for user in users}
    expected_target = {}
    for user in users:
        target_type, target_id = targets[user.pk]
        about = AuditEvent.objects.filter(target_type=target_type, target_id=target_id)
        expected_target[user.pk] = sum(
            1
            for target_org, actor_org in about.values_list(
                "target_organisation_id", "actor_organisation_id"
            )
            if target_org in reaches[user.pk] or actor_org in reaches[user.pk]
        )

    def record_page(user):
        target_type, target_id = targets[user.pk]
        events = visible_audit_events(user).filter(target_type=target_type, target_id=target_id)
        return list(events[:PAGE])

    def check_page(events, user):
        want = min(PAGE, expected[user.pk])
        sanity(len(events) == want, f"{persona} sees {len(events)} events, want {want}")
        times = [event.occurred_at for event in events]
        sanity(times == sorted(times, reverse=True), f"{persona}: not newest first")
        sanity(
            all(
                e.target_organisation_id in reaches[user.pk]
                or e.actor_organisation_id in reaches[user.pk]
                for e in events
            ),
            f"{persona} sees an event outside their organisations",
        )

    def check_count(total, user):
        sanity(total == expected[user.pk], f"{persona} counts {total}, want {expected[user.pk]}")

    def check_record(events, user):
        want = min(PAGE, expected_target[user.pk])
        sanity(len(events) == want, f"{persona} record filter: {len(events)}, want {want}")

    # EXPLAIN the queries of the person who sees the median number of events.
    median_user = sorted(users, key=lambda u: expected[u.pk])[len(users) // 2]
    for name, fn, check in (
        ("page", audit_page, check_page),
        ("count", audit_count, check_count),
        ("record_filter_page", record_page, check_record),
    ):
        key = f"{prefix}audit_viewer.{persona}.{name}"
        timings = time_each(
            users,
            fn,
            check,
            warmup=3 if name == "count" else WARMUP,
            samples=WHAT_IF_SAMPLES if prefix else SAMPLES,
        )
        result["measurements"][key] = summarize(
            timings,
            people=len(users),
            organisations_reached_mean=round(sum(len(r) for r in reaches.values()) / len(users)),
            events_visible_mean=round(sum(expected.values()) / len(expected)),
        )
        with CaptureQueriesContext(connection) as queries:
            fn(median_user)
        sql = next(q["sql"] for q in reversed(queries.captured_queries) if AUDIT_TABLE in q["sql"])
        result["explain"][key] = {
            "events_visible": expected[median_user.pk],
            "organisations_reached": len(reaches[median_user.pk]),
            **lib.explain(sql, AUDIT_TABLE),
        }


THROUGHPUT_SECONDS = 15  # 5 below scale 1.0, for quick trial runs


def throughput_seconds(context):
    return THROUGHPUT_SECONDS if context.scale >= 1 else 5


PGBENCH_TABLE = "bench_audit_scratch"


def pgbench_script():
    """The INSERT Django sends for ``audit.record`` (captured from the ORM, literals
    inlined as psycopg's client-side binding does), aimed at a scratch table with the same
    columns, defaults and indexes; actor and target vary per transaction."""
    return (
        "\\set actor random(1, 150000)\n"
        "\\set target random(1, 25000)\n"
        f'INSERT INTO "{PGBENCH_TABLE}" ("occurred_at", "actor_id", "actor_label", '
        '"actor_organisation_id", "action", "target_type", "target_id", '
        '"target_organisation_id", "fields", "purpose", "ip_address", "user_agent", "path") '
        "VALUES (now(), :actor, 'henkilo000001@bench.kohtaamo.invalid', 1234, 'view', "
        "'accounts.unit', :target, 1234, '[\"name\", \"phone\"]'::jsonb, 'benchmark', NULL, "
        "'', '') RETURNING \"id\";\n"
    )


def measure_writes(context, network, rng, result):
    """``audit.record`` from 1 and 2 processes, each right after (so under the same load
    on the machine) pgbench doing the same INSERT with as many clients."""
    actor_ids = rng.sample(list(network.memberships_by_user), min(500, len(network.emails)))
    unit_ids = rng.sample(list(network.units), min(500, len(network.units)))
    seconds = throughput_seconds(context)
    have_pgbench = lib.pgbench_path() is not None
    if have_pgbench:
        with connection.cursor() as cursor:
            cursor.execute(
                f'CREATE TABLE "{PGBENCH_TABLE}" (LIKE {AUDIT_TABLE} INCLUDING DEFAULTS '
                "INCLUDING IDENTITY INCLUDING INDEXES INCLUDING CONSTRAINTS)"
            )
    before = AuditEvent.objects.filter(purpose="benchmark").count()
    recorded = 0
    pgbench_transactions = 0
    for processes in (1, 2):
        load = round(os.getloadavg()[0], 2)
        outcomes = lib.run_processes(
            lib.audit_record_worker,
            processes,
            (context.database_url, actor_ids, unit_ids, seconds),
            timeout=seconds + 180,
        )
        inserts = sum(outcome["count"] for outcome in outcomes)
        recorded += inserts + 50 * processes  # each worker warms up with 50
        elapsed = max(outcome["seconds"] for outcome in outcomes)
        ours = round(inserts / elapsed, 1)
        result["throughput"][f"audit_record.{processes}_process"] = {
            "processes": processes,
            "seconds": round(elapsed, 2),
            "inserts": inserts,
            "per_second": ours,
            "load_average_1min_before": load,
        }
        latencies = [ms for outcome in outcomes for ms in outcome["ms"]]
        result["measurements"][f"audit_record.{processes}_process.latency"] = summarize(latencies)

        key = f"pgbench_insert.{processes}_client"
        if not have_pgbench:
            result["throughput"][key] = {
                "per_second": None,
                "note": "pgbench not found: on Debian 12 it comes with the server package "
                "postgresql-15 (apt-get install postgresql-15, or the postgresql-contrib "
                "metapackage that depends on it)",
            }
            continue
        load = round(os.getloadavg()[0], 2)
        baseline = lib.run_pgbench(
            context.database_url, pgbench_script(), clients=processes, seconds=seconds
        )
        if "error" in baseline:
            result["throughput"][key] = {"per_second": None, "note": baseline["error"]}
            continue
        pgbench_transactions += baseline["transactions"] or 0
        baseline["load_average_1min_before"] = load
        baseline["audit_record_share"] = round(ours / baseline["per_second"], 3)
        baseline["script"] = pgbench_script()
        result["throughput"][key] = baseline

    after = AuditEvent.objects.filter(purpose="benchmark").count()
    sanity(after - before == recorded, f"audit.record wrote {after - before}, want {recorded}")
    if have_pgbench:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT count(*) FROM "{PGBENCH_TABLE}"')  # noqa: S608
            rows = cursor.fetchone()[0]
            cursor.execute(f'DROP TABLE "{PGBENCH_TABLE}"')
        # A transaction in flight when the time ran out may commit without being counted.
        sanity(
            0 <= rows - pgbench_transactions <= 3,
            f"pgbench inserted {rows} rows, reported {pgbench_transactions}",
        )
    # The viewer measured again later must expect these rows as well.
    new = AuditEvent.objects.filter(purpose="benchmark").values_list(
        "target_organisation_id", "actor_organisation_id"
    )
    return Counter(new)
