"""The synthetic national network of organisations, units, people and memberships,
made with ``bulk_create``, and kept as plain data for choosing samples and expected answers.

The Django imports are local: this module is imported before Django is set up.
"""

from collections import defaultdict
from dataclasses import dataclass

from .bulk import apportion, vacuum_analyze
from .timing import Stopwatch, log

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
