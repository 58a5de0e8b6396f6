"""The audit events written with COPY, and the people whose questions are measured."""

import datetime
import json
from collections import Counter, defaultdict

from django.db import connection
from django.utils import timezone

from bench import lib
from bench.lib import log, sanity
from kohtaamo.accounts.models import User
from kohtaamo.accounts.roles import Role

PERSONAS_PER_KIND = 20


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
