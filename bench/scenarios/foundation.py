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
"""

import datetime
import json
import os
from collections import Counter, defaultdict

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import lib
from bench.lib import log, measure, sanity, summarize
from kohtaamo.accounts.audit_log import visible_audit_events
from kohtaamo.accounts.models import Unit, User
from kohtaamo.accounts.permissions import has_permission
from kohtaamo.accounts.roles import WIDE_REACH_ROLES, Role
from kohtaamo.core.models import AuditEvent

ORDER = 0
DESCRIPTION = "permissions, visible(), audit-log viewer and audit.record at national scale"

AUDIT_EVENTS = 2_000_000
SAMPLES = 300
WARMUP = 20
# A measurement stops after this many seconds once it has MIN_SAMPLES (slow queries).
MAX_SECONDS = 30
MIN_SAMPLES = 200
# The what-if measurements with candidate indexes take fewer samples.
WHAT_IF_SAMPLES = 100
THROUGHPUT_SECONDS = 15  # 5 below scale 1.0, for quick trial runs
PERSONAS_PER_KIND = 20
PAGE = 50
AUDIT_TABLE = "core_auditevent"
AUDIT_COLUMNS = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "actor_organisation_id",
    "action",
    "target_type",
    "target_id",
    "target_organisation_id",
    "fields",
    "purpose",
    "ip_address",
    "user_agent",
    "path",
)
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


# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------

HOUR_WEIGHTS = (1, 1, 1, 1, 1, 2, 4, 10, 22, 26, 26, 22, 20, 24, 24, 20, 12, 6, 4, 3, 3, 2, 2, 1)
ACTIONS = (("view", 75), ("change", 12), ("create", 8), ("export", 3), ("delete", 2))
PURPOSES = ("", "client record", "referral queue", "card issue", "follow-up", "report")
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
)
FIELDS = (
    json.dumps(["full_name", "phone"]),
    json.dumps(["consent", "full_name", "notes"]),
    json.dumps([]),
    json.dumps(["email"]),
)


def build_audit_events(context, network, total):
    """A year of audit events, in time order, through COPY. Returns how many events
    have each (target organisation, actor organisation) pair, for expected counts."""
    rng = context.rng("audit")
    end = timezone.now().replace(microsecond=0)
    start = end - datetime.timedelta(days=365)
    days = [rng.randrange(365) for _ in range(total)]
    hours = rng.choices(range(24), HOUR_WEIGHTS, k=total)
    offsets = sorted(
        day * 86400 + hour * 3600 + rng.random() * 3600
        for day, hour in zip(days, hours, strict=True)
    )
    del days, hours
    actors = rng.choices(network.memberships, k=total)
    members = defaultdict(list)
    for user_id, organisation_id, _, _ in network.memberships:
        members[organisation_id].append(user_id)
    actor_organisation = {}
    action_names = [name for name, _ in ACTIONS]
    action_weights = [weight for _, weight in ACTIONS]
    referrals = context.scaled(400_000)
    cards = context.scaled(20_000)
    pairs = Counter()

    def rows():
        for offset, (user_id, organisation_id, _, _) in zip(offsets, actors, strict=True):
            if user_id not in actor_organisation:
                actor_organisation[user_id] = network.single_organisation(user_id)
            actor_org = actor_organisation[user_id]
            roll = rng.random()
            action = rng.choices(action_names, action_weights)[0]
            if roll < 0.17:
                action = "login" if rng.random() < 0.8 else "logout"
                target_type, target_id, target_org = "accounts.user", user_id, None
            elif roll < 0.55:
                target_type, target_id = "referrals.referral", rng.randrange(1, referrals)
                target_org = organisation_id
                county_id = network.organisations[organisation_id][1]
                if rng.random() < 0.1 and county_id is not None:
                    # Referred on to another organisation of the county.
                    target_org = rng.choice(network.organisations_by_county[county_id])
            elif roll < 0.70:
                target_type, target_id = "cards.card", rng.randrange(1, cards)
                target_org = organisation_id
            elif roll < 0.82:
                # A person's record: users belong to no organisation in the audit log.
                target_type, target_id = "accounts.user", rng.choice(members[organisation_id])
                target_org = None
            elif roll < 0.92 and network.units_by_organisation.get(organisation_id):
                target_type = "accounts.unit"
                target_id = rng.choice(network.units_by_organisation[organisation_id])
                target_org = organisation_id
            else:
                target_type, target_id = "accounts.membership", rng.randrange(1, 200_000)
                target_org = organisation_id
            pairs[(target_org, actor_org)] += 1
            segment = target_type.split(".")[1]
            yield (
                start + datetime.timedelta(seconds=offset),
                user_id,
                network.emails[user_id],
                actor_org,
                action,
                target_type,
                str(target_id),
                target_org,
                rng.choice(FIELDS) if action not in ("login", "logout") else "[]",
                "" if action in ("login", "logout") else rng.choice(PURPOSES),
                f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                rng.choice(USER_AGENTS),
                f"/{segment}s/{target_id}/",
            )

    with lib.indexes_dropped(AUDIT_TABLE) as dropped:
        lib.copy_rows(
            AUDIT_TABLE,
            AUDIT_COLUMNS,
            rows(),
            progress=lambda done: log(f"  {done:,} audit events"),
        )
        log(f"  building the indexes again: {', '.join(dropped)}")
    return pairs


def table_sizes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class "
            "WHERE relname IN ('core_auditevent', 'accounts_user', 'accounts_membership', "
            "'accounts_unit', 'accounts_organisation') ORDER BY relname"
        )
        return dict(cursor.fetchall())


# --------------------------------------------------------------------------------------
# Who is asking
# --------------------------------------------------------------------------------------


def choose_personas(network, rng):
    """User ids of each kind of person measured, several of each so that no single
    organisation's size decides a number."""
    kind_of = {pk: row[0] for pk, row in network.organisations.items()}
    groups = defaultdict(list)
    for user_id, rows in network.memberships_by_user.items():
        roles = {row[3] for row in rows}
        levels = {row[2] is None for row in rows}
        kinds = {kind_of[row[1]] for row in rows}
        if len(rows) != 1 and not (levels == {False} and roles == {Role.PROFESSIONAL}):
            continue
        organisation_id = rows[0][1]
        if levels == {False} and roles == {Role.PROFESSIONAL} and kinds == {"wellbeing_county"}:
            groups["unit_professional"].append(user_id)
        elif len(rows) == 1 and levels == {True}:
            role = rows[0][3]
            kind = kind_of[organisation_id]
            if role == Role.ADMINISTRATOR and kind == "municipality":
                groups["municipality_admin"].append(user_id)
            elif role == Role.ADMINISTRATOR and kind == "association":
                if network.units_by_organisation.get(organisation_id):
                    groups["association_admin"].append(user_id)
            elif role == Role.ADMINISTRATOR and kind == "wellbeing_county":
                groups["county_admin"].append(user_id)
            elif role == Role.COORDINATOR and kind == "wellbeing_county":
                groups["county_coordinator"].append(user_id)
            elif role == Role.ANALYST and kind == "national_body":
                groups["national_analyst"].append(user_id)
    chosen = {}
    for name, user_ids in groups.items():
        user_ids.sort()
        if name in ("county_admin", "county_coordinator"):
            # One per county, so that every county's size is in the sample.
            by_county = {}
            for user_id in user_ids:
                county = network.organisations[network.memberships_by_user[user_id][0][1]][1]
                by_county.setdefault(county, user_id)
            chosen[name] = sorted(by_county.values())
        else:
            chosen[name] = rng.sample(user_ids, min(PERSONAS_PER_KIND, len(user_ids)))
    missing = {
        "unit_professional",
        "municipality_admin",
        "association_admin",
        "county_admin",
        "county_coordinator",
        "national_analyst",
    } - set(chosen)
    sanity(not missing, f"no synthetic people for {missing}")
    return chosen


def load_users(user_ids):
    """Users with their memberships cached, as a request sees them after the first check."""
    users = User.objects.in_bulk(user_ids)
    for user in users.values():
        user.active_memberships()
    return [users[user_id] for user_id in user_ids]


# --------------------------------------------------------------------------------------
# has_permission
# --------------------------------------------------------------------------------------


def expected_view_unit(network, user_id, unit_id):
    """Independent statement of the rule for accounts.view_unit on a unit."""
    unit_organisation = network.units[unit_id][0]
    unit_county = network.organisations[unit_organisation][1]
    for _, organisation_id, membership_unit, role in network.memberships_by_user[user_id]:
        if role == Role.VOLUNTEER:
            continue
        kind, county_id, _ = network.organisations[organisation_id]
        if role in WIDE_REACH_ROLES and kind == "national_body":
            return True
        if (
            role in WIDE_REACH_ROLES
            and kind == "wellbeing_county"
            and membership_unit is None
            and county_id == unit_county
        ):
            return True
        if organisation_id == unit_organisation and membership_unit in (None, unit_id):
            return True
    return False


def measure_has_permission(network, rng, result):
    user_ids = list(network.memberships_by_user)
    all_units = list(network.units)
    count = WARMUP + SAMPLES * 2
    pairs = []
    for _ in range(count):
        user_id = rng.choice(user_ids)
        own = network.memberships_by_user[user_id]
        own_units = network.units_by_organisation.get(rng.choice(own)[1])
        if rng.random() < 0.5 and own_units:
            # Half of the questions are about the person's own organisation.
            membership_unit = rng.choice(own)[2]
            unit_id = membership_unit if membership_unit else rng.choice(own_units)
        else:
            unit_id = rng.choice(all_units)
        pairs.append((user_id, unit_id))
    units = Unit.objects.select_related("organisation").in_bulk({u for _, u in pairs})
    expected = {pair: expected_view_unit(network, *pair) for pair in pairs}

    def check(allowed, user, unit):
        want = expected[(user.pk, unit.pk)]
        sanity(allowed == want, f"has_permission({user.pk}, unit {unit.pk}) = {allowed}")

    def ask(user, unit):
        return has_permission(user, "accounts.view_unit", unit)

    def fresh(index):
        user_id, unit_id = pairs[index]
        return User.objects.get(pk=user_id), units[unit_id]

    timings = measure(ask, samples=count - WARMUP, warmup=WARMUP, prepare=fresh, check=check)
    allowed_share = sum(expected.values()) / len(expected)
    result["measurements"]["has_permission.fresh_user"] = summarize(
        timings, note="includes the one query loading the user's memberships"
    )

    cached_users = {}

    def cached(index):
        user_id, unit_id = pairs[index]
        if user_id not in cached_users:
            cached_users[user_id] = User.objects.get(pk=user_id)
            cached_users[user_id].active_memberships()
        return cached_users[user_id], units[unit_id]

    timings = measure(ask, samples=count - WARMUP, warmup=WARMUP, prepare=cached, check=check)
    result["measurements"]["has_permission.cached_memberships"] = summarize(
        timings, note="memberships already loaded on the user object"
    )
    result["data"]["has_permission_pairs_allowed_share"] = round(allowed_share, 3)


# --------------------------------------------------------------------------------------
# visible()
# --------------------------------------------------------------------------------------


def expected_visible_units(network, user_id):
    rows = network.memberships_by_user[user_id]
    _, organisation_id, unit_id, role = rows[0]
    kind, county_id, _ = network.organisations[organisation_id]
    if role in WIDE_REACH_ROLES and kind == "national_body":
        return len(network.units)
    if role in WIDE_REACH_ROLES and kind == "wellbeing_county" and unit_id is None:
        return sum(
            len(network.units_by_organisation.get(org, ()))
            for org in network.organisations_by_county[county_id]
        )
    if unit_id is None:
        return len(network.units_by_organisation.get(organisation_id, ()))
    return len({row[2] for row in rows})


VISIBLE_PERSONAS = ("unit_professional", "municipality_admin", "county_coordinator")


def time_each(users, fn, check, *, warmup=WARMUP, samples=SAMPLES):
    """Time ``fn(user)`` over the people in turn (a sample each), checking each answer."""
    return measure(
        fn,
        samples=samples,
        warmup=warmup,
        prepare=lambda index: (users[index % len(users)],),
        check=check,
        max_seconds=MAX_SECONDS,
        min_samples=min(MIN_SAMPLES, samples),
    )


def visible_units(user):
    return Unit.objects.reachable_by(user, "accounts.view_unit")


def measure_visible(network, personas, result):
    for persona in (*VISIBLE_PERSONAS, "national_analyst"):
        measure_visible_for(network, persona, load_users(personas[persona]), result)


def measure_visible_for(network, persona, users, result):
    expected = {user.pk: expected_visible_units(network, user.pk) for user in users}

    def check_page(rows, user):
        want = min(PAGE, expected[user.pk])
        sanity(len(rows) == want, f"{persona} page has {len(rows)} units, want {want}")

    def check_count(total, user):
        sanity(total == expected[user.pk], f"{persona} sees {total}, want {expected[user.pk]}")

    for name, fn, check in (
        ("page", lambda user: list(visible_units(user)[:PAGE]), check_page),
        ("count", lambda user: visible_units(user).count(), check_count),
    ):
        result["measurements"][f"visible_units.{persona}.{name}"] = summarize(
            time_each(users, fn, check),
            people=len(users),
            rows_visible_mean=round(sum(expected.values()) / len(expected)),
        )


# --------------------------------------------------------------------------------------
# The audit-log viewer
# --------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------
# Writing the audit log
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# What the numbers say
# --------------------------------------------------------------------------------------


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
