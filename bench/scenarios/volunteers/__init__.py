"""Volunteer companions at national scale: ranking candidates, and many accepting at once.

Builds 200 programmes across the country (a library's, a municipality's or an
association's, each working in its home municipality and a few more of its county,
long-tailed in size: the largest has well over a thousand volunteers), 20,000 volunteers
(most approved, some paused or still applying) with languages, areas, interests, help
they can give, weekly times free, dates away, trainings (some expired) and record checks,
and 30,000 assignments in the last three months and the next (so that the monthly caps,
the overlap rule and the recent load all have rows to read); then 2,000 open requests in
the next four weeks (``bulk_create`` throughout).

Measured: ``candidates(request)`` for random open requests, the query the coordinator's
request page runs (``match``), and the same with ``limit=10`` (``match_top10``). Every
25th answer is checked against an answer worked out independently: each volunteer of
the programme loaded once (prefetched) and checked rule by rule in Python
(``matching.why_not``), so a fast wrong answer fails the run.

Then the race: ten one-person requests at the same hour, each offered to the same twenty
volunteers (200 offers); twenty processes, one per volunteer, each with its own database
connection as a web worker has, accept all their offers at the same moment in random
order through ``offers.accept``. Afterwards the database is counted independently: no
request with more than one active assignment, no volunteer with two overlapping ones
(``double_assignments`` = 0), and every request taken exactly once.

Messages go to Django's locmem mail and the locmem SMS backend: nothing leaves.

The package: this module builds the data and measures the ranking; :mod:`.race` runs
and counts the race.
"""

from collections import defaultdict
from datetime import datetime, timedelta
from datetime import time as clock

from bench import lib
from bench.lib import log, sanity, summarize

from .common import HELSINKI
from .race import RACE_VOLUNTEERS, race_result

ORDER = 60
# Django's mark of an account that cannot log in with a password.
UNUSABLE = "!"
DESCRIPTION = "volunteers: ranking candidates for a request, 20 accepting 200 offers at once"

PROGRAMMES = 200
VOLUNTEERS = 20_000
ASSIGNMENTS = 30_000
OPEN_REQUESTS = 2_000
SAMPLES = 500
LANGUAGE_SHARE = {"fi": 0.95, "sv": 0.12, "en": 0.35, "ru": 0.03, "ar": 0.02, "so": 0.01}
KINDS = ["accompany", "group_visit", "perform", "culture_walk"]
ASSISTANCE = ["wheelchair", "walking_support", "sighted_guide", "memory", "sign_language"]


def run(context):
    from django.conf import settings

    # Nothing leaves the machine: offers and "taken" messages go to memory.
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend", "OPTIONS": {}}
    }
    settings.NOTIFICATION_SMS_BACKEND = "kohtaamo.notifications.backends.LocmemSMSBackend"
    rng = context.rng("volunteers")
    now = datetime(2027, 3, 1, 9, 0, tzinfo=HELSINKI)
    result = {"data": {}, "measurements": {}, "checks": {}, "explain": {}, "findings": []}
    with lib.Stopwatch() as watch:
        built = build(context, rng, now)
    result["data"] = {**built["sizes"], "build_s": watch.seconds}
    lib.vacuum_analyze(
        "volunteers_volunteer",
        "volunteers_assignment",
        "volunteers_helprequest",
        "volunteers_weeklyavailability",
        "volunteers_training",
        "volunteers_absence",
        "volunteers_volunteer_languages",
        "volunteers_volunteer_municipalities",
        "volunteers_volunteer_interests",
    )

    matching_result(result, built, rng, now)
    race_result(context, result, built, rng, now)
    result["findings"] = findings(result)
    return result


# -- data --------------------------------------------------------------------------------


def build(context, rng, now):
    from kohtaamo.accounts.models import Membership, Organisation, User
    from kohtaamo.accounts.roles import Role
    from kohtaamo.core.models import ArtForm, Language, Municipality
    from kohtaamo.volunteers.models import (
        Absence,
        Assignment,
        HelpRequest,
        Programme,
        Training,
        Volunteer,
        WeeklyAvailability,
    )

    municipalities = list(Municipality.objects.filter(is_active=True).order_by("code"))
    by_county = defaultdict(list)
    for municipality in municipalities:
        by_county[municipality.county_id].append(municipality)
    languages = {language.code: language.pk for language in Language.objects.all()}
    art_forms = list(ArtForm.objects.values_list("pk", flat=True))
    timings = {}

    log("programmes")
    with lib.Stopwatch() as watch:
        homes = rng.sample(municipalities, min(context.scaled(PROGRAMMES), len(municipalities)))
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name_fi=f"Kulttuuriluotsit {home.name_fi}",
                    kind="association",
                    municipality_id=home.pk,
                    county_id=home.county_id,
                )
                for home in homes
            ]
        )
        programmes = Programme.objects.bulk_create(
            [
                Programme(
                    organisation=organisation,
                    slug=f"luotsit-{index}",
                    name_fi=organisation.name_fi,
                    help_kinds=KINDS,
                )
                for index, organisation in enumerate(organisations)
            ]
        )
        areas = {}
        through = Programme.municipalities.through
        links = []
        for programme, home in zip(programmes, homes, strict=True):
            county = by_county[home.county_id]
            area = {home.pk} | {
                m.pk for m in rng.sample(county, min(len(county), rng.randint(0, 5)))
            }
            areas[programme.pk] = sorted(area)
            links += [through(programme_id=programme.pk, municipality_id=m) for m in area]
        through.objects.bulk_create(links, batch_size=5000)
        # A coordinator for each programme (the race offers as one of them).
        coordinators = User.objects.bulk_create(
            [
                User(email=f"koordinaattori{p.pk}@bench.kohtaamo.invalid", password=UNUSABLE)
                for p in programmes
            ]
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    user=user, organisation_id=p.organisation_id, role=Role.VOLUNTEER_COORDINATOR
                )
                for user, p in zip(coordinators, programmes, strict=True)
            ]
        )
    timings["programmes_s"] = watch.seconds

    log(f"{context.scaled(VOLUNTEERS):,} volunteers")
    with lib.Stopwatch() as watch:
        weights = [rng.paretovariate(1.2) for _ in programmes]
        counts = lib.apportion(context.scaled(VOLUNTEERS), weights)
        planned = []
        for programme, count in zip(programmes, counts, strict=True):
            for _ in range(count):
                status = rng.choices(["approved", "paused", "applied"], [85, 5, 10])[0]
                planned.append(
                    Volunteer(
                        programme_id=programme.pk,
                        status=status,
                        full_name=f"Vapaaehtoinen {len(planned) + 1}",
                        email=f"v{len(planned) + 1}@bench.kohtaamo.invalid",
                        consent_at=now - timedelta(days=rng.randint(30, 900)),
                        monthly_cap=rng.randint(2, 8),
                        help_kinds=rng.sample(KINDS, rng.randint(0, 3)),
                        assistance=rng.sample(ASSISTANCE, rng.choice([0, 0, 1, 2, 3])),
                        record_checked_on=(
                            now.date() - timedelta(days=rng.randint(0, 2500))
                            if rng.random() < 0.3
                            else None
                        ),
                        decided_at=now - timedelta(days=rng.randint(1, 900)),
                    )
                )
        volunteers = Volunteer.objects.bulk_create(planned, batch_size=5000)
    timings["volunteers_s"] = watch.seconds

    log("languages, areas, interests, weeks, dates away, trainings")
    with lib.Stopwatch() as watch:
        spoken, covered, liked, weekly, away, trained = [], [], [], [], [], []
        for volunteer in volunteers:
            codes = [c for c, share in LANGUAGE_SHARE.items() if rng.random() < share] or ["fi"]
            spoken += [
                Volunteer.languages.through(volunteer_id=volunteer.pk, language_id=languages[c])
                for c in codes
            ]
            area = areas[volunteer.programme_id]
            covered += [
                Volunteer.municipalities.through(volunteer_id=volunteer.pk, municipality_id=m)
                for m in rng.sample(area, min(len(area), rng.randint(1, 3)))
            ]
            liked += [
                Volunteer.interests.through(volunteer_id=volunteer.pk, artform_id=a)
                for a in rng.sample(art_forms, rng.randint(0, 3))
            ]
            for weekday in rng.sample(range(7), rng.randint(1, 4)):
                start = rng.randint(8, 17)
                weekly.append(
                    WeeklyAvailability(
                        volunteer_id=volunteer.pk,
                        weekday=weekday,
                        starts=clock(start),
                        ends=clock(min(start + rng.randint(2, 8), 23)),
                    )
                )
            if rng.random() < 0.1:
                first = now.date() + timedelta(days=rng.randint(-10, 30))
                away.append(
                    Absence(
                        volunteer_id=volunteer.pk,
                        starts_on=first,
                        ends_on=first + timedelta(days=rng.randint(0, 14)),
                    )
                )
            if rng.random() < 0.9:
                completed = now.date() - timedelta(days=rng.randint(10, 1500))
                expires = completed + timedelta(days=3 * 365) if rng.random() < 0.5 else None
                trained.append(
                    Training(
                        volunteer_id=volunteer.pk,
                        kind="basic",
                        completed_on=completed,
                        expires_on=expires,
                    )
                )
            if rng.random() < 0.4:
                completed = now.date() - timedelta(days=rng.randint(10, 1200))
                trained.append(
                    Training(
                        volunteer_id=volunteer.pk,
                        kind="first_aid",
                        completed_on=completed,
                        expires_on=completed + timedelta(days=3 * 365),
                    )
                )
        for model, rows in (
            (Volunteer.languages.through, spoken),
            (Volunteer.municipalities.through, covered),
            (Volunteer.interests.through, liked),
            (WeeklyAvailability, weekly),
            (Absence, away),
            (Training, trained),
        ):
            model.objects.bulk_create(rows, batch_size=10000)
    timings["profiles_s"] = watch.seconds

    log(
        f"{context.scaled(ASSIGNMENTS):,} assignments, "
        f"{context.scaled(OPEN_REQUESTS):,} open requests"
    )
    with lib.Stopwatch() as watch:
        approved = [v for v in volunteers if v.status == "approved"]
        taken_days = defaultdict(set)
        held_requests, held_pairs = [], []
        for _ in range(context.scaled(ASSIGNMENTS)):
            volunteer = rng.choice(approved)
            offset = rng.randint(-90, 45)
            if offset in taken_days[volunteer.pk]:
                continue
            taken_days[volunteer.pk].add(offset)
            start = datetime.combine(
                now.date() + timedelta(days=offset), clock(rng.randint(9, 18)), HELSINKI
            )
            status = "took_place" if offset < 0 else rng.choice(["assigned", "confirmed"])
            held_requests.append(
                _request(HelpRequest, volunteer.programme_id, areas, rng, start, status=status)
            )
            held_pairs.append(volunteer)
        held_requests = HelpRequest.objects.bulk_create(held_requests, batch_size=5000)
        Assignment.objects.bulk_create(
            [
                Assignment(
                    request_id=request.pk,
                    volunteer_id=volunteer.pk,
                    starts_at=request.starts_at,
                    ends_at=request.ends_at,
                    took_place=request.status == "took_place" or None,
                    minutes=120 if request.status == "took_place" else None,
                )
                for request, volunteer in zip(held_requests, held_pairs, strict=True)
            ],
            batch_size=5000,
        )
        open_planned = []
        for programme, count in zip(
            programmes,
            lib.apportion(context.scaled(OPEN_REQUESTS), counts),
            strict=True,
        ):
            for _ in range(count):
                start = datetime.combine(
                    now.date() + timedelta(days=rng.randint(2, 28)),
                    clock(rng.randint(9, 18), rng.choice([0, 30])),
                    HELSINKI,
                )
                open_planned.append(
                    _request(
                        HelpRequest,
                        programme.pk,
                        areas,
                        rng,
                        start,
                        status=rng.choice(["requested", "requested", "offered"]),
                        language_id=languages[rng.choices(["fi", "sv", "en"], [85, 10, 5])[0]]
                        if rng.random() < 0.8
                        else None,
                        needs=rng.sample(ASSISTANCE[:3], rng.choice([0, 0, 0, 1])),
                        involves_minors=rng.random() < 0.1,
                        help_kind=rng.choices(KINDS, [80, 10, 5, 5])[0],
                    )
                )
        open_requests = HelpRequest.objects.bulk_create(open_planned, batch_size=5000)
        HelpRequest.art_forms.through.objects.bulk_create(
            [
                HelpRequest.art_forms.through(helprequest_id=request.pk, artform_id=a)
                for request in open_requests
                for a in rng.sample(art_forms, rng.randint(0, 2))
            ],
            batch_size=10000,
        )
    timings["requests_s"] = watch.seconds
    return {
        "programmes": programmes,
        "coordinators": {p.pk: user.pk for p, user in zip(programmes, coordinators, strict=True)},
        "areas": areas,
        "open_request_ids": [r.pk for r in open_requests],
        "largest_programme": programmes[max(range(len(counts)), key=counts.__getitem__)].pk,
        "sizes": {
            "programmes": len(programmes),
            "volunteers": len(volunteers),
            "volunteers_in_the_largest_programme": max(counts),
            "approved_volunteers": len(approved),
            "assignments": len(held_requests),
            "open_requests": len(open_requests),
            "weekly_times": len(weekly),
            "trainings": len(trained),
            "timings": timings,
        },
    }


def _request(model, programme_id, areas, rng, start, **fields):
    return model(
        programme_id=programme_id,
        source="professional",
        starts_at=start,
        ends_at=start + timedelta(hours=rng.choice([1, 2, 2, 3])),
        fill_by=start - timedelta(days=1),
        municipality_id=rng.choice(areas[programme_id]),
        meeting_point="Pääovi",
        client_alias="Asiakas",
        **fields,
    )


# -- matching ----------------------------------------------------------------------------


def matching_result(result, built, rng, now):
    from kohtaamo.volunteers.models import HelpRequest, Volunteer
    from kohtaamo.volunteers.services import matching

    ids = built["open_request_ids"]
    # Requests of the largest programme, a quarter of the samples: the worst case.
    largest = list(
        HelpRequest.objects.filter(pk__in=ids, programme_id=built["largest_programme"]).values_list(
            "pk", flat=True
        )
    )
    chosen = [
        rng.choice(largest) if i % 4 == 0 and largest else rng.choice(ids)
        for i in range(SAMPLES + 20)
    ]
    requests = HelpRequest.objects.in_bulk(chosen)
    found_counts = []

    def prepare(index):
        # The page has the request loaded (with its art forms) before it ranks.
        request = requests[chosen[index]]
        return (request,)

    def independent(found, request):
        people = Volunteer.objects.filter(programme_id=request.programme_id).prefetch_related(
            "weekly",
            "absences",
            "assignments__request",
            "offers",
            "languages",
            "municipalities",
            "trainings",
        )
        expected = {v.pk for v in people if not matching.why_not(v, request, now=now)}
        sanity(
            {c.volunteer.pk for c in found} == expected,
            f"request {request.pk}: candidates differ from the rule-by-rule answer",
        )

    calls = [0]

    def check(found, request):
        found_counts.append(len(found))
        calls[0] += 1
        if calls[0] % 25 == 0:
            independent(found, request)

    log(f"ranking candidates for {SAMPLES} requests")
    timings = lib.measure(
        lambda request: matching.candidates(request, now=now),
        samples=SAMPLES,
        prepare=prepare,
        check=check,
    )
    result["measurements"]["match"] = summarize(timings)
    result["match_p95_ms"] = result["measurements"]["match"]["p95_ms"]
    top = lib.measure(
        lambda request: matching.candidates(request, now=now, limit=10),
        samples=200,
        prepare=prepare,
    )
    result["measurements"]["match_top10"] = summarize(top)
    ordered = sorted(found_counts)
    result["data"]["candidates_per_request"] = {
        "p50": ordered[len(ordered) // 2],
        "max": ordered[-1],
        "none_found_share": round(sum(1 for n in ordered if n == 0) / len(ordered), 3),
    }
    sample = requests[largest[0]] if largest else requests[chosen[0]]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        matching.candidates(sample, now=now)
    result["explain"]["match_queries_largest_programme"] = [
        {"ms": round(float(query["time"]) * 1000, 2), "sql": query["sql"][:300]}
        for query in queries.captured_queries
    ]


def findings(result):
    match = result["measurements"]["match"]
    checks = result["checks"]
    return [
        f"ranking candidates: p50 {match['p50_ms']} ms, p95 {match['p95_ms']} ms over "
        f"{match['count']} requests (target p95 <= 50 ms); largest programme "
        f"{result['data']['volunteers_in_the_largest_programme']} volunteers",
        f"{checks['offers']} offers accepted by {RACE_VOLUNTEERS} processes at once: "
        f"{checks['assignments']} assignments for {checks['requests']} requests, "
        f"{checks['double_assignments']} double assignments; answers {checks['answers']}",
    ]
