"""The race of the volunteers scenario: ten one-person requests offered to the same twenty
volunteers, all accepting at once from their own processes, then counted independently."""

import os
import random
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from datetime import time as clock

from bench import lib
from bench.lib import log, sanity, summarize

from .common import HELSINKI

RACE_REQUESTS = 10
RACE_VOLUNTEERS = 20


# -- the race ----------------------------------------------------------------------------


def race_result(context, result, built, rng, now):
    from kohtaamo.accounts.models import User
    from kohtaamo.core.models import Language
    from kohtaamo.volunteers import services
    from kohtaamo.volunteers.models import (
        HelpRequest,
        Offer,
        Programme,
        Training,
        Volunteer,
        WeeklyAvailability,
    )

    log(f"{RACE_VOLUNTEERS} volunteers accepting {RACE_REQUESTS * RACE_VOLUNTEERS} offers at once")
    programme = Programme.objects.get(pk=built["largest_programme"])
    coordinator = User.objects.get(pk=built["coordinators"][programme.pk])
    municipality_id = built["areas"][programme.pk][0]
    start = datetime.combine(date(2027, 3, 31), clock(13), HELSINKI)  # a Wednesday
    racers = Volunteer.objects.bulk_create(
        [
            Volunteer(
                programme=programme,
                status="approved",
                full_name=f"Kilpailija {i}",
                email=f"race{i}@bench.kohtaamo.invalid",
                consent_at=now,
                monthly_cap=10,
            )
            for i in range(RACE_VOLUNTEERS)
        ]
    )
    finnish = Language.objects.get(code="fi")
    for volunteer in racers:
        volunteer.languages.add(finnish)
        volunteer.municipalities.add(municipality_id)
    WeeklyAvailability.objects.bulk_create(
        [
            WeeklyAvailability(volunteer=v, weekday=2, starts=clock(9), ends=clock(20))
            for v in racers
        ]
    )
    Training.objects.bulk_create(
        [Training(volunteer=v, kind="basic", completed_on=date(2026, 1, 1)) for v in racers]
    )
    requests = HelpRequest.objects.bulk_create(
        [
            HelpRequest(
                programme=programme,
                source="professional",
                starts_at=start + timedelta(minutes=5 * i),
                ends_at=start + timedelta(hours=2),
                fill_by=start - timedelta(days=1),
                municipality_id=municipality_id,
                meeting_point="Pääovi",
                client_alias="Asiakas",
            )
            for i in range(RACE_REQUESTS)
        ]
    )
    for request in requests:
        services.offer(request, racers, by=coordinator, now=now)
    offers = defaultdict(list)
    for offer_id, volunteer_id in Offer.objects.filter(request__in=requests).values_list(
        "pk", "volunteer_id"
    ):
        offers[volunteer_id].append(offer_id)
    plans = [offers[v.pk] for v in racers]
    sanity(sum(map(len, plans)) == RACE_REQUESTS * RACE_VOLUNTEERS, "offers were not all made")

    outcomes = lib.run_processes(
        _racer,
        RACE_VOLUNTEERS,
        (context.database_url, plans, now.isoformat()),
        timeout=600,
        start_method="fork",
    )
    answers = Counter()
    timings = []
    for outcome in outcomes:
        answers.update(outcome["answers"])
        timings += outcome["timings_ms"]
    result["measurements"]["accept"] = summarize(timings)
    result["checks"] = race_checks([r.pk for r in requests], [v.pk for v in racers])
    result["checks"]["answers"] = dict(sorted(answers.items()))
    result["double_assignments"] = result["checks"]["double_assignments"]
    sanity(result["double_assignments"] == 0, "a request or a volunteer was assigned twice")
    sanity(answers["accepted"] == result["checks"]["assignments"], "an acceptance was lost")


def _racer(url, plans, now_text, barrier, results):
    """One volunteer: accepts each of their offers, in random order, as fast as they can."""
    try:
        lib.setup_django(url)
        from django.db import connections

        from kohtaamo.volunteers import services
        from kohtaamo.volunteers.models import Offer

        index = barrier.wait(timeout=300)
        plan = list(plans[index])
        random.Random(os.getpid()).shuffle(plan)
        now = datetime.fromisoformat(now_text)
        offers = [Offer.objects.select_related("request").get(pk=pk) for pk in plan]
        answers = Counter()
        timings = []
        barrier.wait(timeout=300)
        for offer in offers:
            began = time.perf_counter()
            try:
                services.accept(offer, now=now)
                answers["accepted"] += 1
            except services.VolunteerError as refused:
                answers[refused.code] += 1
            timings.append((time.perf_counter() - began) * 1000)
        connections.close_all()
        results.put({"answers": dict(answers), "timings_ms": timings})
    except Exception:
        import traceback

        results.put({"error": traceback.format_exc()})


def race_checks(request_ids, volunteer_ids):
    """Counted in SQL, independently of the services."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT request_id FROM volunteers_assignment "
            "WHERE is_active AND request_id = ANY(%s) GROUP BY request_id HAVING count(*) > 1) x",
            [request_ids],
        )
        doubled_requests = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM volunteers_assignment a JOIN volunteers_assignment b "
            "ON a.volunteer_id = b.volunteer_id AND a.id < b.id "
            "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
            "WHERE a.is_active AND b.is_active AND a.volunteer_id = ANY(%s)",
            [volunteer_ids],
        )
        overlapping = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*), count(DISTINCT request_id) FROM volunteers_assignment "
            "WHERE is_active AND request_id = ANY(%s)",
            [request_ids],
        )
        assignments, requests_taken = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM volunteers_helprequest "
            "WHERE id = ANY(%s) AND status = 'assigned'",
            [request_ids],
        )
        assigned_status = cursor.fetchone()[0]
    return {
        "requests": len(request_ids),
        "offers": len(request_ids) * len(volunteer_ids),
        "assignments": assignments,
        "requests_taken": requests_taken,
        "requests_in_assigned_status": assigned_status,
        "requests_with_two_volunteers": doubled_requests,
        "volunteers_with_overlapping_assignments": overlapping,
        "double_assignments": doubled_requests + overlapping,
    }
