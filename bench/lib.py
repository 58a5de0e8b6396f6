"""Shared helpers for the benchmark scenarios.

* :class:`Context`: what a scenario gets (scale, seeded random numbers, the database,
  data built by an earlier scenario of the same run).
* Timing: :func:`measure` (warm-up, samples, an untimed sanity check per sample) and
  :func:`summarize` (p50/p95/p99/mean in milliseconds).
* Data: :func:`build_network` makes the synthetic national network of organisations,
  units, people and memberships with ``bulk_create``; :func:`copy_rows` streams rows into a
  table with PostgreSQL's COPY for the big tables.
* PostgreSQL: :func:`explain` (EXPLAIN ANALYZE summary), :func:`run_pgbench`,
  :func:`machine_info`, creating and dropping the run's database.

Django is set up by ``bench/run.py`` before any scenario runs; the Django imports in the
functions below are local so that this module can be imported before that.
"""

import json
import math
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432"


# --------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------


def setup_django(url):
    """Point Django at the run's database (also in each worker process)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    # Debug mode keeps every query in memory; benchmarks run as production does.
    os.environ["DEBUG"] = "0"
    # Production keeps database connections open between requests (settings: 60 s);
    # without it every API request in a benchmark would pay for a new server process.
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    import django

    django.setup()


@dataclass
class Context:
    """What a scenario's ``run(context)`` gets."""

    scale: float
    seed: int
    database_url: str
    database_name: str
    shared: dict = field(default_factory=dict)

    def rng(self, name):
        """A random number generator of its own for ``name``, the same on every run."""
        return random.Random(f"{self.seed}:{name}")

    def scaled(self, count, minimum=1):
        return max(minimum, round(count * self.scale))

    def network(self):
        """The national network (built once per run, by whichever scenario asks first)."""
        if "network" not in self.shared:
            self.shared["network"] = build_network(self)
        return self.shared["network"]


def log(message):
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Stopwatch:
    """``with Stopwatch() as watch: ...``; then ``watch.seconds``."""

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = round(time.perf_counter() - self.started, 2)
        return False


# --------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------


def percentile(sorted_values, fraction):
    """Linear interpolation between closest ranks (numpy's default)."""
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * fraction
    low = math.floor(position)
    high = math.ceil(position)
    if low == high:
        return sorted_values[low]
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def summarize(samples_ms, **extra):
    """p50/p95/p99/mean/min/max (milliseconds) and count of a list of timings."""
    values = sorted(samples_ms)
    result = {
        "count": len(values),
        "p50_ms": _round(percentile(values, 0.50)),
        "p95_ms": _round(percentile(values, 0.95)),
        "p99_ms": _round(percentile(values, 0.99)),
        "mean_ms": _round(sum(values) / len(values)) if values else None,
        "min_ms": _round(values[0]) if values else None,
        "max_ms": _round(values[-1]) if values else None,
    }
    result.update(extra)
    return result


def _round(value):
    return None if value is None else round(value, 3)


class SanityError(AssertionError):
    """The measured code returned a wrong answer: its timing would mean nothing."""


def sanity(condition, message):
    if not condition:
        raise SanityError(message)


def measure(fn, *, samples, warmup=20, prepare=None, check=None, max_seconds=None, min_samples=100):
    """Time ``fn`` ``samples`` times after ``warmup`` untimed calls; milliseconds.

    ``prepare(i)`` (untimed) returns the arguments of call ``i``; ``check(result, *args)``
    (untimed) raises :class:`SanityError` when a call returned a wrong answer. With
    ``max_seconds``, sampling stops early once that much time has gone on measured calls
    and at least ``min_samples`` were taken.
    """
    timings = []
    measuring_since = None
    for index in range(warmup + samples):
        args = prepare(index) if prepare else ()
        started = time.perf_counter()
        result = fn(*args)
        elapsed = time.perf_counter() - started
        if check is not None:
            check(result, *args)
        if index < warmup:
            continue
        if measuring_since is None:
            measuring_since = time.perf_counter()
        timings.append(elapsed * 1000)
        if (
            max_seconds is not None
            and len(timings) >= min_samples
            and time.perf_counter() - measuring_since > max_seconds
        ):
            break
    return timings


# --------------------------------------------------------------------------------------
# Bulk data
# --------------------------------------------------------------------------------------


def apportion(total, weights):
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * weight / weight_sum for weight in weights]
    counts = [math.floor(quota) for quota in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: quotas[i] - counts[i], reverse=True)
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def copy_rows(table, columns, rows, *, chunk=200_000, progress=None):
    """Stream ``rows`` (an iterable of tuples) into ``table`` with COPY; returns the count."""
    from django.db import connection

    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    total = 0
    connection.ensure_connection()
    rows = iter(rows)
    while True:
        written = 0
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
                if written >= chunk:
                    break
        total += written
        if progress and written:
            progress(total)
        if written < chunk:
            return total


@contextmanager
def indexes_dropped(table):
    """Drop ``table``'s plain indexes (not those behind a primary key or unique
    constraint) for a bulk load, and build them again, with the same definitions, after."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [table],
        )
        definitions = cursor.fetchall()
        for name, _ in definitions:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield [name for name, _ in definitions]
    finally:
        with connection.cursor() as cursor:
            for _, definition in definitions:
                cursor.execute(definition)


def checkpoint():
    """Flush dirty pages now, so that a write measurement does not pay for the load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def vacuum_analyze(*tables):
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {table}")


# Organisations at scale 1.0: (kind, organisations, units). County, municipality and
# national-body organisations are one per reference-data row or a fixed few; their unit
# counts scale like everything else.
ORGANISATION_MIX = (
    ("wellbeing_county", None, 9_000),
    ("municipality", None, 6_500),
    ("national_body", 6, 20),
    ("association", 2_900, 6_000),
    ("artist", 1_500, 300),
    ("company", 700, 1_000),
    ("parish", 300, 900),
    ("education", 262, 1_300),
)
TARGET_USERS = 150_000
TARGET_MEMBERSHIPS = 180_000

UNIT_KINDS = {
    "wellbeing_county": (
        ("health_station", 30),
        ("social_work", 15),
        ("mental_health", 12),
        ("older_people", 15),
        ("family", 12),
        ("disability", 6),
        ("culture_advice", 4),
        ("youth", 6),
    ),
    "municipality": (
        ("library", 30),
        ("culture_services", 25),
        ("museum", 12),
        ("youth", 18),
        ("culture_advice", 5),
        ("other", 10),
    ),
    "association": (
        ("other", 45),
        ("culture_services", 30),
        ("culture_advice", 5),
        ("youth", 10),
        ("older_people", 10),
    ),
    "artist": (("culture_services", 1),),
    "company": (("culture_services", 50), ("museum", 10), ("other", 40)),
    "parish": (("family", 30), ("youth", 30), ("older_people", 30), ("other", 10)),
    "education": (("other", 60), ("youth", 40)),
    "national_body": (("other", 1),),
}
# How many people a unit of an organisation of this kind has, relative to others.
UNIT_STAFF_FACTOR = {
    "wellbeing_county": 4.0,
    "municipality": 1.5,
    "association": 1.6,
    "parish": 1.0,
    "education": 1.0,
    "company": 0.8,
    "artist": 0.5,
    "national_body": 0.5,
}
# Roles of the people in a unit, by unit kind (association units have volunteers).
CARE_ROLES = (("professional", 90), ("distributor", 10))
UNIT_ROLES = {
    "health_station": CARE_ROLES,
    "social_work": CARE_ROLES,
    "mental_health": CARE_ROLES,
    "older_people": CARE_ROLES,
    "family": CARE_ROLES,
    "disability": CARE_ROLES,
    "culture_advice": (("culture_advisor", 80), ("distributor", 10), ("professional", 10)),
    "library": (("provider", 70), ("distributor", 15), ("culture_advisor", 15)),
    "culture_services": (("provider", 70), ("distributor", 15), ("culture_advisor", 15)),
    "museum": (("provider", 70), ("distributor", 15), ("culture_advisor", 15)),
    "youth": (("professional", 50), ("provider", 40), ("distributor", 10)),
    "other": (("provider", 60), ("professional", 40)),
}
ASSOCIATION_ROLES = (("volunteer", 50), ("provider", 35), ("distributor", 15))
# Organisation-level people beyond each organisation's administrator(s), at scale 1.0.
COUNTY_STAFF = (("coordinator", 15), ("analyst", 4), ("administrator", 6))
NATIONAL_STAFF = (("analyst", 8), ("administrator", 2), ("coordinator", 2))
NATIONAL_BODIES = (
    "Taiteen edistämiskeskus",
    "Terveyden ja hyvinvoinnin laitos",
    "Opetus- ja kulttuuriministeriö",
    "Sosiaali- ja terveysministeriö",
    "Kulttuurihyvinvoinnin valtakunnallinen verkosto",
    "Kaikukortin valtakunnallinen koordinaatio",
)
ORGANISATION_NAME = {
    "association": "Kulttuuriyhdistys",
    "artist": "Taiteilija",
    "company": "Kulttuuripalvelut Oy",
    "parish": "Seurakunta",
    "education": "Opisto",
}
UNIT_NAME = {
    "health_station": "terveysasema",
    "social_work": "sosiaalityö",
    "mental_health": "mielenterveys- ja päihdepalvelut",
    "older_people": "ikääntyneiden palvelut",
    "family": "perhepalvelut",
    "disability": "vammaispalvelut",
    "culture_advice": "kulttuurineuvonta",
    "culture_services": "kulttuuripalvelut",
    "library": "kirjasto",
    "museum": "museo",
    "youth": "nuorisopalvelut",
    "other": "toimipiste",
}
# Space-separated; split where used.
FIRST_NAMES = (
    "Aino Anna Eino Elina Emma Helmi Ilkka Jari Johanna Juha Kaisa Kalle Laura Leena "
    "Liisa Marja Matti Mikko Minna Noora Olli Pekka Riikka Sari Tuomas Ville Anders "
    "Ebba Linnea Mohamed Amina Olga Sergei"
)
LAST_NAMES = (
    "Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen "
    "Järvinen Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen "
    "Salonen Turunen Lindholm Ali Ivanova"
)


def _pick(rng, weighted):
    names = [name for name, _ in weighted]
    weights = [weight for _, weight in weighted]
    return rng.choices(names, weights)[0]


@dataclass
class Network:
    """The synthetic network as plain data, for choosing samples and expected answers.

    ``organisations``: id -> (kind, county_id, municipality_id); ``units``: id ->
    (organisation_id, kind); ``memberships``: (user_id, organisation_id, unit_id, role);
    ``emails``: user id -> e-mail.
    """

    counties: dict
    county_organisation: dict
    organisations: dict
    units: dict
    units_by_organisation: dict
    organisations_by_county: dict
    memberships: list
    memberships_by_user: dict
    emails: dict
    timings: dict

    def sizes(self):
        kinds = defaultdict(int)
        for kind, _, _ in self.organisations.values():
            kinds[kind] += 1
        roles = defaultdict(int)
        levels = {"unit": 0, "organisation": 0}
        for _, _, unit_id, role in self.memberships:
            roles[role] += 1
            levels["organisation" if unit_id is None else "unit"] += 1
        from kohtaamo.core.models import Municipality

        return {
            "counties": len(self.counties),
            "municipalities": Municipality.objects.count(),
            "organisations": len(self.organisations),
            "organisations_by_kind": dict(sorted(kinds.items())),
            "units": len(self.units),
            "users": len(self.emails),
            "memberships": len(self.memberships),
            "memberships_by_role": dict(sorted(roles.items())),
            "memberships_by_level": levels,
            "users_with_several_memberships": sum(
                1 for rows in self.memberships_by_user.values() if len(rows) > 1
            ),
        }

    def single_organisation(self, user_id):
        """The organisation id ``audit`` records for this actor (one organisation only)."""
        ids = {row[1] for row in self.memberships_by_user.get(user_id, ())}
        return next(iter(ids)) if len(ids) == 1 else None


def build_network(context):
    """Organisations, units, users and memberships across every county (bulk_create)."""
    from kohtaamo.accounts.models import Membership, Organisation, Unit, User
    from kohtaamo.core.models import County, Municipality

    rng = context.rng("network")
    timings = {}
    counties = {county.pk: county for county in County.objects.all()}
    municipalities = list(Municipality.objects.order_by("code"))
    # Municipality sizes follow a long tail: a few cities, many small towns.
    municipality_weight = {m.pk: rng.paretovariate(1.1) for m in municipalities}
    municipality_by_id = {m.pk: m for m in municipalities}
    municipalities_by_county = defaultdict(list)
    for municipality in municipalities:
        municipalities_by_county[municipality.county_id].append(municipality)

    log("organisations")
    with Stopwatch() as watch:
        planned = []  # (Organisation, size weight)
        for county in counties.values():
            weight = sum(municipality_weight[m.pk] for m in municipalities_by_county[county.pk])
            organisation = Organisation(
                name_fi=county.name_fi,
                name_sv=county.name_sv,
                name_en=county.name_en,
                kind="wellbeing_county",
                county_id=county.pk,
            )
            planned.append((organisation, weight))
        for municipality in municipalities:
            organisation = Organisation(
                name_fi=f"{municipality.name_fi}n kunta",
                kind="municipality",
                municipality_id=municipality.pk,
                county_id=municipality.county_id,
            )
            planned.append((organisation, municipality_weight[municipality.pk]))
        for kind, organisation_count, _ in ORGANISATION_MIX:
            if organisation_count is None:
                continue
            count = context.scaled(organisation_count)
            if kind == "national_body":
                count = organisation_count
            homes = rng.choices(
                municipalities, [municipality_weight[m.pk] for m in municipalities], k=count
            )
            for index, home in enumerate(homes, start=1):
                name = (
                    NATIONAL_BODIES[index - 1]
                    if kind == "national_body"
                    else f"{ORGANISATION_NAME[kind]} {home.name_fi} {index}"
                )
                organisation = Organisation(
                    name_fi=name,
                    kind=kind,
                    municipality_id=home.pk,
                    county_id=None if kind == "national_body" else home.county_id,
                )
                planned.append((organisation, rng.lognormvariate(0, 1)))
        Organisation.objects.bulk_create([org for org, _ in planned], batch_size=2000)
    timings["organisations_s"] = watch.seconds

    organisations = {org.pk: (org.kind, org.county_id, org.municipality_id) for org, _ in planned}
    county_organisation = {
        org.county_id: org.pk for org, _ in planned if org.kind == "wellbeing_county"
    }
    organisations_by_county = defaultdict(list)
    for org, _ in planned:
        if org.county_id is not None:
            organisations_by_county[org.county_id].append(org.pk)

    log("units")
    with Stopwatch() as watch:
        units = []
        for kind, _, unit_total in ORGANISATION_MIX:
            of_kind = [(org, weight) for org, weight in planned if org.kind == kind]
            counts = apportion(context.scaled(unit_total, 0), [w for _, w in of_kind])
            for (org, _), count in zip(of_kind, counts, strict=True):
                local = municipalities_by_county.get(org.county_id) or municipalities
                for index in range(1, count + 1):
                    unit_kind = _pick(rng, UNIT_KINDS[kind])
                    if kind == "wellbeing_county":
                        place = rng.choices(local, [municipality_weight[m.pk] for m in local])[0]
                    else:
                        place = municipality_by_id[org.municipality_id]
                    units.append(
                        Unit(
                            organisation_id=org.pk,
                            name_fi=f"{place.name_fi} {UNIT_NAME[unit_kind]} {index}",
                            kind=unit_kind,
                            municipality_id=place.pk,
                        )
                    )
        Unit.objects.bulk_create(units, batch_size=5000)
    timings["units_s"] = watch.seconds
    unit_rows = {unit.pk: (unit.organisation_id, unit.kind) for unit in units}
    units_by_organisation = defaultdict(list)
    for unit in units:
        units_by_organisation[unit.organisation_id].append(unit.pk)

    # Who: organisation-level people first, then everyone else in the units.
    plan = []  # per user: list of (organisation_id, unit_id, role)
    for org, _ in planned:
        unit_count = len(units_by_organisation[org.pk])
        administrators = 1 + (unit_count >= 10) + (unit_count >= 100)
        for _ in range(administrators):
            if org.kind == "artist":
                # An artist administers their own business and offers its services.
                plan.append([(org.pk, None, "administrator"), (org.pk, None, "provider")])
            else:
                plan.append([(org.pk, None, "administrator")])
        extra = ()
        if org.kind == "wellbeing_county":
            extra = COUNTY_STAFF
        elif org.kind == "national_body":
            extra = NATIONAL_STAFF
        elif org.kind == "municipality":
            extra = (("coordinator", 1),)
        for role, count in extra:
            for _ in range(context.scaled(count)):
                plan.append([(org.pk, None, role)])
    unit_ids = list(unit_rows)
    unit_weights = [
        UNIT_STAFF_FACTOR[organisations[unit_rows[uid][0]][0]] * rng.lognormvariate(0, 0.6)
        for uid in unit_ids
    ]
    in_units = max(0, context.scaled(TARGET_USERS) - len(plan))
    for unit_id, count in zip(unit_ids, apportion(in_units, unit_weights), strict=True):
        organisation_id, unit_kind = unit_rows[unit_id]
        roles = (
            ASSOCIATION_ROLES
            if organisations[organisation_id][0] == "association"
            and unit_kind in ("other", "culture_services")
            else UNIT_ROLES[unit_kind]
        )
        for _ in range(count):
            plan.append([(organisation_id, unit_id, _pick(rng, roles))])

    # Second memberships: another unit of the same organisation (a nurse at two health
    # stations), or now and then a unit of another organisation in the same county.
    taken = {(i, org, unit, role) for i, rows in enumerate(plan) for org, unit, role in rows}
    extra_wanted = context.scaled(TARGET_MEMBERSHIPS) - sum(len(rows) for rows in plan)
    unit_people = [i for i, rows in enumerate(plan) if rows[0][1] is not None]
    attempts_left = extra_wanted * 20
    while extra_wanted > 0 and unit_people and attempts_left > 0:
        attempts_left -= 1
        person = rng.choice(unit_people)
        organisation_id, _, role = plan[person][0]
        county_id = organisations[organisation_id][1]
        if rng.random() < 0.75 or county_id is None:
            choices = units_by_organisation[organisation_id]
        else:
            other = rng.choice(organisations_by_county[county_id])
            choices = units_by_organisation[other]
        if not choices:
            continue
        unit_id = rng.choice(choices)
        key = (person, unit_rows[unit_id][0], unit_id, role)
        if key in taken:
            continue
        taken.add(key)
        plan[person].append((unit_rows[unit_id][0], unit_id, role))
        extra_wanted -= 1

    log(f"users ({len(plan)})")
    with Stopwatch() as watch:
        languages = (("fi", 88), ("sv", 6), ("en", 6))
        first_names, last_names = FIRST_NAMES.split(" "), LAST_NAMES.split(" ")
        users = [
            User(
                email=f"henkilo{index:06d}@bench.kohtaamo.invalid",
                full_name=f"{rng.choice(first_names)} {rng.choice(last_names)}",
                preferred_language=_pick(rng, languages),
                password="!bench-unusable",  # noqa: S106 (an unusable password hash)
            )
            for index in range(len(plan))
        ]
        User.objects.bulk_create(users, batch_size=5000)
    timings["users_s"] = watch.seconds

    log(f"memberships ({sum(len(rows) for rows in plan)})")
    with Stopwatch() as watch:
        memberships = []
        rows = []
        for user, person in zip(users, plan, strict=True):
            for organisation_id, unit_id, role in person:
                memberships.append(
                    Membership(
                        user_id=user.pk, organisation_id=organisation_id, unit_id=unit_id, role=role
                    )
                )
                rows.append((user.pk, organisation_id, unit_id, role))
        Membership.objects.bulk_create(memberships, batch_size=5000)
    timings["memberships_s"] = watch.seconds

    memberships_by_user = defaultdict(list)
    for row in rows:
        memberships_by_user[row[0]].append(row)
    with Stopwatch() as watch:
        vacuum_analyze(
            "accounts_organisation", "accounts_unit", "accounts_user", "accounts_membership"
        )
    timings["vacuum_analyze_s"] = watch.seconds
    return Network(
        counties={pk: county.code for pk, county in counties.items()},
        county_organisation=county_organisation,
        organisations=organisations,
        units=unit_rows,
        units_by_organisation=dict(units_by_organisation),
        organisations_by_county=dict(organisations_by_county),
        memberships=rows,
        memberships_by_user=dict(memberships_by_user),
        emails={user.pk: user.email for user in users},
        timings=timings,
    )


# --------------------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------------------


def database_url(base, name):
    """``base`` (a server URL, any database name in it ignored) pointed at ``name``."""
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def create_database(base, name):
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(base, name):
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _walk_plan(node, depth, lines, nodes):
    label = node["Node Type"]
    if node.get("Index Name"):
        label += f" using {node['Index Name']}"
    if node.get("Relation Name"):
        label += f" on {node['Relation Name']}"
    details = [f"rows={node.get('Actual Rows')}", f"loops={node.get('Actual Loops')}"]
    if node.get("Rows Removed by Filter"):
        details.append(f"removed_by_filter={node['Rows Removed by Filter']}")
    if node.get("Rows Removed by Index Recheck"):
        details.append(f"removed_by_recheck={node['Rows Removed by Index Recheck']}")
    if node.get("Sort Method"):
        details.append(f"sort={node['Sort Method']}")
    details.append(f"time={node.get('Actual Total Time')}ms")
    lines.append(f"{'  ' * depth}{label} ({', '.join(details)})")
    nodes.append(node)
    for child in node.get("Plans", ()):
        _walk_plan(child, depth + 1, lines, nodes)


def explain(sql, table=None):
    """EXPLAIN (ANALYZE, BUFFERS) of ``sql``: timings, whether ``table`` was read through
    an index or scanned whole, rows the scan threw away, and the plan as short lines."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        raw = cursor.fetchone()[0]
    document = json.loads(raw) if isinstance(raw, str) else raw
    top = document[0]
    lines, nodes = [], []
    _walk_plan(top["Plan"], 0, lines, nodes)
    on_table = [n for n in nodes if table is None or n.get("Relation Name") == table]
    scans = sorted({n["Node Type"] for n in on_table if "Scan" in n["Node Type"]})
    indexes = sorted({n["Index Name"] for n in nodes if n.get("Index Name")})
    plan = top["Plan"]
    return {
        "planning_ms": round(top.get("Planning Time", 0), 3),
        "execution_ms": round(top.get("Execution Time", 0), 3),
        "scans": scans,
        "indexes_used": indexes,
        "seq_scan": any(n["Node Type"] == "Seq Scan" for n in on_table),
        "rows_scanned": sum(
            (n.get("Actual Rows", 0) + n.get("Rows Removed by Filter", 0))
            * n.get("Actual Loops", 1)
            for n in on_table
            if "Scan" in n["Node Type"] and n["Node Type"] != "Bitmap Index Scan"
        ),
        "rows_removed_by_filter": sum(
            n.get("Rows Removed by Filter", 0) * n.get("Actual Loops", 1) for n in on_table
        ),
        "shared_hit_blocks": plan.get("Shared Hit Blocks"),
        "shared_read_blocks": plan.get("Shared Read Blocks"),
        "plan": lines,
        "sql": sql if len(sql) <= 2000 else sql[:2000] + " …",
    }


def server_settings():
    from django.db import connection

    names = (
        "server_version",
        "shared_buffers",
        "work_mem",
        "effective_cache_size",
        "synchronous_commit",
        "fsync",
        "max_wal_size",
        "random_page_cost",
        "jit",
    )
    values = {}
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SHOW {name}")
            values[name] = cursor.fetchone()[0]
        cursor.execute("SELECT version()")
        values["version"] = cursor.fetchone()[0]
    return values


def machine_info():
    import django
    import psycopg

    cpu_model = ""
    memory_gib = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu_model = next(
                (line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")),
                "",
            )
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
            memory_gib = round(kib / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return {
        "cpu_count": os.cpu_count(),
        # Other work on the machine shows up in the timings: this says how much there was.
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "cpu_model": cpu_model,
        "memory_gib": memory_gib,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "psycopg": psycopg.__version__,
        "postgres": server_settings(),
    }


def pgbench_path():
    return shutil.which("pgbench")


def run_pgbench(url, script, *, clients, seconds):
    """Run ``script`` (pgbench's custom-script syntax) for ``seconds`` with ``clients``
    connections, simple query protocol (as Django sends it); returns tps and latency."""
    executable = pgbench_path()
    if executable is None:
        return None
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = parts.password
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
        handle.write(script)
        path = handle.name
    try:
        command = [
            executable,
            "--no-vacuum",
            "--protocol=simple",
            f"--client={clients}",
            f"--jobs={clients}",
            f"--time={seconds}",
            f"--file={path}",
            f"--host={parts.hostname or '127.0.0.1'}",
            f"--port={parts.port or 5432}",
            f"--username={parts.username or 'postgres'}",
            parts.path.lstrip("/"),
        ]
        completed = subprocess.run(
            command, capture_output=True, text=True, env=env, check=False, timeout=seconds + 120
        )
    finally:
        os.unlink(path)
    if completed.returncode != 0:
        return {"error": (completed.stderr or completed.stdout).strip()[-2000:]}
    output = completed.stdout
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", output)
    latency = re.search(r"latency average = ([\d.]+) ms", output)
    transactions = re.search(r"number of transactions actually processed: (\d+)", output)
    return {
        "clients": clients,
        "seconds": seconds,
        "per_second": float(tps.group(1)) if tps else None,
        "latency_mean_ms": float(latency.group(1)) if latency else None,
        "transactions": int(transactions.group(1)) if transactions else None,
        "command": " ".join([*command[:-1], "<database>"]).replace(path, "<script>"),
    }


# --------------------------------------------------------------------------------------
# Worker processes
# --------------------------------------------------------------------------------------


def run_processes(target, processes, args, *, timeout, start_method="spawn"):
    """Run ``target(*args, barrier, results)`` in ``processes`` fresh interpreters (each
    with its own database connection), started together; returns their results.

    ``start_method="fork"`` forks them from this process instead, as a preloading web
    server forks its workers: they share the loaded Django (the Finnish dictionary alone
    is ~290 MB and seconds of start-up per interpreter), for runs with many workers."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    spawn = multiprocessing.get_context(start_method)
    barrier = spawn.Barrier(processes)
    results = spawn.Queue()
    workers = [
        spawn.Process(target=target, args=(*args, barrier, results)) for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    try:
        collected = [results.get(timeout=timeout) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=30)
    errors = [item["error"] for item in collected if "error" in item]
    if errors:
        raise RuntimeError("worker failed:\n" + "\n".join(errors))
    return collected


def audit_record_worker(url, actor_ids, unit_ids, seconds, barrier, results):
    """Call ``audit.record`` in a loop for ``seconds``; one process, one connection."""
    try:
        setup_django(url)
        from kohtaamo.accounts.models import Unit, User
        from kohtaamo.core import audit

        actors = list(User.objects.filter(pk__in=actor_ids))
        for actor in actors:
            actor.active_memberships()
        units = list(Unit.objects.filter(pk__in=unit_ids).select_related("organisation"))
        rng = random.Random(os.getpid())

        def record():
            audit.record(
                audit.Action.VIEW,
                rng.choice(units),
                actor=rng.choice(actors),
                fields=("name", "phone"),
                purpose="benchmark",
            )

        for _ in range(50):
            record()
        barrier.wait(timeout=120)
        latencies = []
        started = time.perf_counter()
        deadline = started + seconds
        while True:
            begun = time.perf_counter()
            if begun >= deadline:
                break
            record()
            latencies.append((time.perf_counter() - begun) * 1000)
        results.put(
            {"count": len(latencies), "seconds": time.perf_counter() - started, "ms": latencies}
        )
    except Exception:
        import traceback

        results.put({"error": traceback.format_exc()})
        barrier.abort()
