"""``has_permission`` and ``reachable_by`` (what a person sees), each checked against an
independent statement of the rule.
"""

from bench.lib import measure, sanity, summarize
from kohtaamo.accounts.models import Unit, User
from kohtaamo.accounts.permissions import has_permission
from kohtaamo.accounts.roles import WIDE_REACH_ROLES, Role

from .data import load_users
from .sampling import PAGE, SAMPLES, WARMUP, time_each


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
