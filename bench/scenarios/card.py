"""The culture card under load: booking and the door at national scale.

Builds a programme in every county (all municipalities joined), a distributor for every
unit where the network has card distributors, 200,000 cards (COPY) and 20,000 events
with free places for card holders at venues across the country (events with
``bulk_create``, offers with COPY), and an usher at every venue. Then 50 client processes,
each with its own database connection as a web worker has, for 60 seconds call the real
service functions in a loop, as holders and ushers would:

* ``reserve`` (one holder, 0-2 children) for a random event, 30 % of the time one of
  10 popular concerts with 10 places each, so that clients queue for the same row locks
  and, once the places are gone, get the "full" answer;
* after a booking, most holders come: ``check_in`` with the booking's code (now and then
  scanned twice), some cancel (``cancel_reservation``, which frees the places);
* now and then a holder walks in without a booking: ``check_in`` by card number, which
  takes a place if one is left.

Processes rather than threads: the service functions are mostly Python (the ORM), and
threads of one interpreter would take turns on one core under the GIL, measuring the
GIL instead of the row locks. Separate processes also open separate connections, as
separate web workers do. They are forked from the loaded benchmark process, as a
preloading web server forks its workers: 50 fresh interpreters would each load Django
and the Finnish dictionary (~290 MB and several seconds of CPU each).

Afterwards the database is checked independently of the code under test: no offer has
more places taken than offered, neither by its counter nor by adding up the places of
its holding bookings and walk-in uses (which must also equal the counter); every booking,
cancellation and check-in the clients were told about is in the database. Beside it,
pgbench runs a comparable locked update with the same number of clients (lock the offer
row, take the places with a conditional UPDATE, insert the booking row, commit) on
scratch copies of the tables, and the result says how the service compares.
"""

import datetime
import gc
import os
import random
import secrets
import time
import uuid
from collections import Counter, defaultdict

from django.db import connection
from django.utils import timezone

from bench import lib
from bench.lib import log, sanity, summarize

ORDER = 30
DESCRIPTION = "culture card: 50 clients booking and checking in through the services"

CARDS = 200_000
OFFERS = 20_000
VENUES = 2_000
POPULAR = 10
POPULAR_PLACES = 10
POPULAR_SHARE = 0.3
CLIENTS = 50
SECONDS = 60  # 15 below scale 1.0, for quick trial runs
# Then one client alone, for the cost of a call without queueing (5 s below scale 1.0).
# The popular offers are full by then: their bookings are quick "full" answers.
SOLO_SECONDS = 20
# What a holder does after booking: come (and be scanned), cancel, or neither yet.
COME = 0.6
SCAN_TWICE = 0.05
CANCEL = 0.15
WALK_IN = 0.1
CHILDREN = (0, 0, 0, 1, 2)
CANCELLED_CARDS = 0.02
CARDS_PER_CLIENT = 4_000
REFUSED = object()

CARD_COLUMNS = (
    "number",
    "home_municipality_id",
    "birth_year",
    "distributor_id",
    "issued_at",
    "valid_until",
    "status",
    "status_changed_at",
    "mobile_token",
    "gender",
    "language",
)
OFFER_COLUMNS = (
    "organisation_id",
    "kind",
    "event_id",
    "places_offered",
    "places_taken",
    "created_at",
)


def run(context):
    network = context.network()
    rng = context.rng("card")
    result = {"data": {}, "measurements": {}, "throughput": {}, "checks": {}, "findings": []}
    with lib.Stopwatch() as watch:
        built = build(context, network, rng)
    result["data"] = {
        **built["sizes"],
        "build_seconds": {**built["timings"], "total_s": watch.seconds},
    }
    seconds = SECONDS if context.scale >= 1 else 15
    solo_seconds = SOLO_SECONDS if context.scale >= 1 else 5
    lib.checkpoint()
    answered = []
    for clients, run_seconds in ((CLIENTS, seconds), (1, solo_seconds)):
        log(f"{clients} client(s) booking and checking in for {run_seconds} s")
        load = round(os.getloadavg()[0], 2)
        # Forked clients share this process's memory until they write to it; the garbage
        # collector walking the inherited objects would copy them all into every client.
        gc.collect()
        gc.freeze()
        outcomes = lib.run_processes(
            client,
            clients,
            (
                context.database_url,
                built["card_range"],
                built["offer_ids"],
                built["popular"],
                run_seconds,
            ),
            timeout=run_seconds + 600,
            start_method="fork",
        )
        gc.unfreeze()
        answered.append(summarise_clients(outcomes, result, load, clients))
    result["checks"] = check_database(answered)

    log("pgbench: the same locked update with as many clients")
    pgbench_baseline(context, built, answered, result)
    result["findings"] = findings(result)
    return result


# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------


def build(context, network, rng):
    from kohtaamo.accounts.models import Membership, User
    from kohtaamo.cards import numbers
    from kohtaamo.cards.models import Distributor, Programme, ProgrammeMunicipality
    from kohtaamo.cards.services import add_months
    from kohtaamo.catalogue.models import Event
    from kohtaamo.core.models import Municipality

    timings = {}
    today = timezone.localdate()
    now = timezone.now().replace(microsecond=0)

    log("programmes and distributors")
    with lib.Stopwatch() as watch:
        programmes = Programme.objects.bulk_create(
            Programme(county_id=county_id, organisation_id=organisation_id)
            for county_id, organisation_id in network.county_organisation.items()
        )
        programme_of = {p.county_id: p.pk for p in programmes}
        municipalities = defaultdict(list)
        for municipality in Municipality.objects.all():
            municipalities[municipality.county_id].append(municipality.pk)
        ProgrammeMunicipality.objects.bulk_create(
            ProgrammeMunicipality(
                programme_id=programme_of[county_id],
                municipality_id=municipality_id,
                starts_on=today - datetime.timedelta(days=730),
            )
            for county_id, ids in municipalities.items()
            if county_id in programme_of
            for municipality_id in ids
        )
        distributor_units = sorted(
            {
                (organisation_id, unit_id)
                for _, organisation_id, unit_id, role in network.memberships
                if role == "distributor" and unit_id is not None
            }
        )
        distributors = Distributor.objects.bulk_create(
            (
                Distributor(
                    programme_id=programme_of[network.organisations[org][1]],
                    organisation_id=org,
                    unit_id=unit,
                    starts_on=today - datetime.timedelta(days=730),
                )
                for org, unit in distributor_units
                if network.organisations[org][1] in programme_of
            ),
            batch_size=5000,
        )
        distributor_county = {
            d.pk: network.organisations[d.organisation_id][1] for d in distributors
        }
    timings["programmes_distributors_s"] = watch.seconds

    card_total = context.scaled(CARDS)
    log(f"cards ({card_total:,})")
    with lib.Stopwatch() as watch:
        distributor_ids = list(distributor_county)
        weights = [rng.lognormvariate(0, 1) for _ in distributor_ids]
        taken = set()

        def card_rows():
            for distributor_id in rng.choices(distributor_ids, weights, k=card_total):
                while True:
                    body = str(rng.randrange(1, 10)) + f"{rng.randrange(10**8):08d}"
                    number = body + numbers.luhn_digit(body)
                    if number not in taken:
                        taken.add(number)
                        break
                issued = now - datetime.timedelta(seconds=rng.randrange(330 * 86400))
                cancelled = rng.random() < CANCELLED_CARDS
                yield (
                    number,
                    rng.choice(municipalities[distributor_county[distributor_id]]),
                    rng.randrange(1940, 2009),
                    distributor_id,
                    issued,
                    add_months(timezone.localdate(issued), 12) - datetime.timedelta(days=1),
                    "cancelled" if cancelled else "active",
                    issued + datetime.timedelta(days=20) if cancelled else None,
                    secrets.token_urlsafe(32),
                    rng.choice(("", "", "f", "m")),
                    rng.choice(("", "fi", "fi", "sv")),
                )

        with lib.indexes_dropped("cards_card"):
            lib.copy_rows("cards_card", CARD_COLUMNS, card_rows())
    timings["cards_s"] = watch.seconds

    venue_candidates = sorted(
        {
            organisation_id
            for _, organisation_id, _, role in network.memberships
            if role == "provider" and network.organisations[organisation_id][2] is not None
        }
    )
    venues = rng.sample(venue_candidates, min(len(venue_candidates), context.scaled(VENUES)))
    offer_total = context.scaled(OFFERS)
    log(f"events and offers ({offer_total:,}) at {len(venues):,} venues, ushers")
    with lib.Stopwatch() as watch:
        venue_weights = [rng.paretovariate(1.2) for _ in venues]
        hosts = rng.choices(venues, venue_weights, k=offer_total)

        def event(index, venue):
            start = now + datetime.timedelta(minutes=rng.randrange(2 * 1440, 60 * 1440))
            return Event(
                organisation_id=venue,
                name_fi=f"Konsertti {index}",
                summary_fi="Kaikukortilla maksuton paikka.",
                start=start,
                end=start + datetime.timedelta(hours=2),
                municipality_id=network.organisations[venue][2],
                status="published",
                published_at=now,
            )

        events = Event.objects.bulk_create(
            (event(index, venue) for index, venue in enumerate(hosts, start=1)), batch_size=2000
        )
        popular = set(range(min(POPULAR, offer_total)))

        def offer_rows():
            for index, event in enumerate(events):
                places = POPULAR_PLACES if index in popular else rng.randrange(5, 61)
                yield (event.organisation_id, "event", event.pk, places, 0, now)

        lib.copy_rows("cards_cardoffer", OFFER_COLUMNS, offer_rows())
        ushers = User.objects.bulk_create(
            (
                User(
                    email=f"ovi{venue}@bench.kohtaamo.invalid",
                    full_name="Ovi",
                    password="!bench-unusable",  # noqa: S106 (an unusable password hash)
                )
                for venue in venues
            ),
            batch_size=5000,
        )
        Membership.objects.bulk_create(
            (
                Membership(user_id=usher.pk, organisation_id=venue, role="provider")
                for usher, venue in zip(ushers, venues, strict=True)
            ),
            batch_size=5000,
        )
    timings["events_offers_ushers_s"] = watch.seconds
    with lib.Stopwatch() as watch:
        lib.vacuum_analyze(
            "cards_card",
            "cards_cardoffer",
            "catalogue_event",
            "accounts_user",
            "accounts_membership",
        )
    timings["vacuum_analyze_s"] = watch.seconds

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id), count(*) FROM cards_card")
        low, high, cards = cursor.fetchone()
        cursor.execute("SELECT id FROM cards_cardoffer ORDER BY id")
        offer_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT sum(places_offered) FROM cards_cardoffer")
        places_offered = cursor.fetchone()[0]
    sanity(cards == card_total and high - low + 1 == card_total, "cards were not loaded")
    sanity(len(offer_ids) == offer_total, "offers were not loaded")
    return {
        "card_range": (low, high),
        "offer_ids": offer_ids,
        "popular": [offer_ids[index] for index in sorted(popular)],
        "sizes": {
            "programmes": len(programmes),
            "distributors": len(distributors),
            "cards": card_total,
            "cancelled_cards_share": CANCELLED_CARDS,
            "venues": len(venues),
            "offers": offer_total,
            "popular_offers": len(popular),
            "popular_places": POPULAR_PLACES,
            "popular_share_of_bookings": POPULAR_SHARE,
            "places_offered": places_offered,
        },
        "timings": timings,
    }


# --------------------------------------------------------------------------------------
# The clients
# --------------------------------------------------------------------------------------


def client(url, card_range, offer_ids, popular, seconds, barrier, results):
    """One holder-and-usher client: its own interpreter and connection."""
    try:
        lib.setup_django(url)
        from django.db import connections

        from kohtaamo.accounts.models import User
        from kohtaamo.cards import services
        from kohtaamo.cards.models import Card, CardOffer

        rng = random.Random(f"{os.getpid()}:{time.time_ns()}")
        low, high = card_range
        wanted = rng.sample(range(low, high + 1), min(CARDS_PER_CLIENT, high - low + 1))
        cards = list(Card.objects.filter(pk__in=wanted))
        offers = {}
        ushers = {}

        def offer_for(offer_id):
            # A web request reads the offer too; here it is read once per client, untimed.
            if offer_id not in offers:
                offers[offer_id] = CardOffer.objects.select_related("organisation").get(pk=offer_id)
            return offers[offer_id]

        def usher_for(offer):
            if offer.organisation_id not in ushers:
                usher = User.objects.get(email=f"ovi{offer.organisation_id}@bench.kohtaamo.invalid")
                usher.active_memberships()
                ushers[offer.organisation_id] = usher
            return ushers[offer.organisation_id]

        def pick_offer():
            if rng.random() < POPULAR_SHARE:
                return offer_for(rng.choice(popular))
            return offer_for(rng.choice(offer_ids))

        counts = Counter()
        timings = defaultdict(list)

        popular_ids = set(popular)
        # The same calls again, split by whether the offer was a popular one.
        split = defaultdict(list)

        def timed(kind, fn, offer, *args, **kwargs):
            """The call's answer, or REFUSED (counted by the refusal's code)."""
            began = time.perf_counter()
            try:
                answer = fn(offer, *args, **kwargs)
            except services.CardError as refused:
                answer = REFUSED
                counts[f"{kind}.{refused.code}"] += 1
            elapsed_ms = (time.perf_counter() - began) * 1000
            timings[kind].append(elapsed_ms)
            where = "popular" if offer.pk in popular_ids else "other"
            split[f"{kind}.{where}_offers"].append(elapsed_ms)
            return answer

        barrier.wait(timeout=300)
        cpu_started = time.process_time()
        started = time.perf_counter()
        deadline = started + seconds
        while time.perf_counter() < deadline:
            card = rng.choice(cards)
            offer = pick_offer()
            usher = usher_for(offer)
            if rng.random() < WALK_IN:
                entry = timed(
                    "walk_in", services.check_in, offer, by=usher, card_number=card.number
                )
                if entry is not REFUSED:
                    counts["walk_in.let_in" if entry.created else "walk_in.repeat"] += 1
                continue
            children = rng.choice(CHILDREN)
            booking = timed(
                "reserve",
                lambda offer, card, **kwargs: services.reserve(card, offer, **kwargs),
                offer,
                card,
                children=children,
                idempotency_key=uuid.uuid4().hex,
            )
            if booking is REFUSED:
                continue
            counts["reserve.booked" if booking.created else "reserve.repeat"] += 1
            if booking.created:
                counts["places_booked"] += 1 + children
            roll = rng.random()
            token = booking.reservation.token
            if roll < COME:
                scans = 2 if rng.random() < SCAN_TWICE else 1
                for _ in range(scans):
                    entry = timed("check_in", services.check_in, offer, by=usher, token=token)
                    if entry is not REFUSED:
                        counts["check_in.let_in" if entry.created else "check_in.repeat"] += 1
            elif roll < COME + CANCEL:
                reservation = booking.reservation
                cancelled = timed(
                    "cancel",
                    lambda offer, reservation, card: services.cancel_reservation(
                        reservation, card=card
                    ),
                    offer,
                    reservation,
                    card,
                )
                if cancelled is not REFUSED:
                    counts["cancel.done"] += 1
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        # Closed before answering, so that pgbench finds the connections free.
        connections.close_all()
        results.put(
            {
                "seconds": elapsed,
                "cpu_seconds": cpu,
                "counts": dict(counts),
                "ms": dict(timings),
                "split_ms": dict(split),
            }
        )
    except Exception:
        import traceback

        results.put({"error": traceback.format_exc()})
        barrier.abort()


def _name(clients):
    # The 50-client run keeps the plain names; others say how many clients they had.
    return "" if clients == CLIENTS else f"{clients}_client."


def summarise_clients(outcomes, result, load, clients):
    prefix = _name(clients)
    counts = Counter()
    timings = defaultdict(list)
    for outcome in outcomes:
        counts.update(outcome["counts"])
        for kind, values in outcome["ms"].items():
            timings[kind].extend(values)
    elapsed = max(outcome["seconds"] for outcome in outcomes)
    cpu_seconds = sum(outcome["cpu_seconds"] for outcome in outcomes)
    for kind, values in sorted(timings.items()):
        if values:
            result["measurements"][f"{prefix}{kind}.latency"] = summarize(values)
    split = defaultdict(list)
    for outcome in outcomes:
        for kind, values in outcome["split_ms"].items():
            split[kind].extend(values)
    for kind in ("reserve.popular_offers", "reserve.other_offers", "check_in.popular_offers"):
        if split[kind]:
            result["measurements"][f"{prefix}{kind}.latency"] = summarize(split[kind])
    booking_calls = timings["reserve"] + timings["walk_in"]
    result["measurements"][f"{prefix}booking_calls.latency"] = summarize(booking_calls)
    every_call = [value for values in timings.values() for value in values]
    result["measurements"][f"{prefix}all_calls.latency"] = summarize(every_call)

    def rate(count):
        return round(count / elapsed, 1)

    bookings = counts["reserve.booked"]
    check_ins = counts["check_in.let_in"] + counts["walk_in.let_in"]
    full = counts["reserve.full"] + counts["walk_in.full"]
    result["throughput"][f"{prefix}card_services"] = {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "load_average_1min_before": load,
        "bookings_per_second": rate(bookings),
        "check_ins_per_second": rate(check_ins),
        "service_calls_per_second": rate(len(every_call)),
        # run.py prints this one.
        "per_second": rate(len(every_call)),
        "booking_attempts_per_second": rate(len(booking_calls)),
        "full_answers": full,
        # Python time of the clients (not PostgreSQL's) per call, loads of cards and
        # offers between calls included: on a shared 2-core machine this bounds the rate.
        "client_cpu_seconds": round(cpu_seconds, 1),
        "client_cpu_ms_per_call": round(cpu_seconds * 1000 / max(1, len(every_call)), 2),
        "full_answers_share_of_booking_attempts": round(full / max(1, len(booking_calls)), 3),
        "answers": dict(sorted(counts.items())),
    }
    return {
        "clients": clients,
        "bookings": bookings,
        "cancelled": counts["cancel.done"],
        "uses": check_ins,
        "check_in_repeats": counts["check_in.repeat"] + counts["walk_in.repeat"],
        "service_calls_per_second": len(every_call) / elapsed,
        "bookings_per_second": bookings / elapsed,
    }


# --------------------------------------------------------------------------------------
# Checks, independent of the code under test
# --------------------------------------------------------------------------------------

INDEPENDENT_PLACES = """
WITH held AS (
    SELECT offer_id, sum(adults + children) AS places FROM cards_reservation
    WHERE state IN ('reserved', 'used') GROUP BY offer_id
), walked_in AS (
    SELECT offer_id, sum(adults + children) AS places FROM cards_use
    WHERE reservation_id IS NULL GROUP BY offer_id
)
SELECT
    count(*) FILTER (
        WHERE coalesce(h.places, 0) + coalesce(w.places, 0) > o.places_offered
    ),
    count(*) FILTER (
        WHERE coalesce(h.places, 0) + coalesce(w.places, 0) <> o.places_taken
    ),
    count(*) FILTER (WHERE o.places_taken = o.places_offered),
    coalesce(sum(o.places_taken), 0)
FROM cards_cardoffer o
LEFT JOIN held h ON h.offer_id = o.id
LEFT JOIN walked_in w ON w.offer_id = o.id
"""


def check_database(runs):
    ours = Counter()
    for run in runs:
        ours.update(
            {key: run[key] for key in ("bookings", "cancelled", "uses", "check_in_repeats")}
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cards_cardoffer WHERE places_taken > places_offered")
        overbooked_by_counter = cursor.fetchone()[0]
        cursor.execute(INDEPENDENT_PLACES)
        overbooked_by_bookings, counter_drift, full_offers, places_taken = cursor.fetchone()
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE state = 'cancelled') FROM cards_reservation"
        )
        reservations, cancelled = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM cards_use")
        uses = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM (SELECT offer_id, card_id FROM cards_reservation "
            "WHERE state IN ('reserved', 'used') GROUP BY 1, 2 HAVING count(*) > 1) AS twice"
        )
        two_tickets = cursor.fetchone()[0]
    checks = {
        "overbooked_offers": overbooked_by_counter,
        "overbooked_offers_by_bookings_and_uses": overbooked_by_bookings,
        "offers_whose_counter_differs_from_bookings_and_uses": counter_drift,
        "cards_with_two_tickets_to_one_event": two_tickets,
        "full_offers_at_the_end": full_offers,
        "places_taken_at_the_end": places_taken,
        "reservations_in_database": reservations,
        "bookings_answered": ours["bookings"],
        "cancellations_in_database": cancelled,
        "cancellations_answered": ours["cancelled"],
        "uses_in_database": uses,
        "check_ins_answered": ours["uses"],
        "repeat_scans_answered_with_the_first_use": ours["check_in_repeats"],
    }
    sanity(overbooked_by_counter == 0, f"{overbooked_by_counter} offers overbooked")
    sanity(overbooked_by_bookings == 0, f"{overbooked_by_bookings} offers overbooked by bookings")
    sanity(counter_drift == 0, f"{counter_drift} offers' counters differ from their bookings")
    sanity(two_tickets == 0, f"{two_tickets} cards hold two tickets to one event")
    sanity(
        reservations == ours["bookings"],
        f"{reservations} bookings stored, {ours['bookings']} answered",
    )
    sanity(
        cancelled == ours["cancelled"],
        f"{cancelled} cancellations stored, {ours['cancelled']} answered",
    )
    sanity(uses == ours["uses"], f"{uses} uses stored, {ours['uses']} check-ins answered")
    return checks


# --------------------------------------------------------------------------------------
# pgbench
# --------------------------------------------------------------------------------------

PGBENCH_OFFERS = "bench_card_offer"
PGBENCH_RESERVATIONS = "bench_card_reservation"


def pgbench_script(offers):
    """A booking as one locked update: lock the offer row, take 1-3 places only if they
    are left, insert the booking row (only when places were taken), commit. The same
    share of clients as above go for the 50 popular offers (ids 1-50 here)."""
    # Numbers and this module's own table names only.
    return (
        "\\set roll random(1, 100)\n"  # noqa: S608
        f"\\set offer random(1, {offers})\n"
        f"\\if :roll <= {round(POPULAR_SHARE * 100)}\n"
        f"\\set offer random(1, {POPULAR})\n"
        "\\endif\n"
        f"\\set card random(1, {CARDS})\n"
        "\\set pick random(1, 5)\n"
        "\\set children (CASE WHEN :pick = 4 THEN 1 WHEN :pick = 5 THEN 2 ELSE 0 END)\n"
        "BEGIN;\n"
        f"SELECT places_offered, places_taken FROM {PGBENCH_OFFERS} WHERE id = :offer FOR UPDATE;\n"
        f"WITH taken AS (UPDATE {PGBENCH_OFFERS} SET places_taken = places_taken + 1 + :children "
        "WHERE id = :offer AND places_taken + 1 + :children <= places_offered RETURNING id) "
        f"INSERT INTO {PGBENCH_RESERVATIONS} (offer_id, card_id, adults, children, state, token, "
        "idempotency_key, created_at) SELECT id, :card, 1, :children, 'reserved', "
        "md5(random()::text) || md5(random()::text), md5(random()::text), now() FROM taken;\n"
        "COMMIT;\n"
    )


def pgbench_baseline(context, built, answered, result):
    """pgbench right after the services, with as many clients and for as long as each
    run had; the scratch tables start empty for each."""
    if lib.pgbench_path() is None:
        result["throughput"]["pgbench_locked_booking"] = {
            "per_second": None,
            "note": "pgbench not found: on Debian 12 it comes with the server package "
            "postgresql-15 (or the postgresql-contrib metapackage)",
        }
        return
    popular = built["popular"]
    with connection.cursor() as cursor:
        # Scratch copies: the popular offers get the first ids.
        cursor.execute(
            f"CREATE TABLE {PGBENCH_OFFERS} (id integer PRIMARY KEY, places_offered integer "
            "NOT NULL, places_taken integer NOT NULL DEFAULT 0, "
            "CHECK (places_taken >= 0 AND places_taken <= places_offered))"
        )
        cursor.execute(
            f"INSERT INTO {PGBENCH_OFFERS} (id, places_offered) "  # noqa: S608
            "SELECT row_number() OVER (ORDER BY (id = ANY(%s)) DESC, id), places_offered "
            "FROM cards_cardoffer",
            [popular],
        )
        cursor.execute(
            f"CREATE TABLE {PGBENCH_RESERVATIONS} (LIKE cards_reservation INCLUDING DEFAULTS "
            "INCLUDING IDENTITY INCLUDING INDEXES INCLUDING CONSTRAINTS)"
        )
        # Random cards at random offers would now and then meet the one-ticket index and
        # stop a pgbench client; the other indexes (token, idempotency key) stay.
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [PGBENCH_RESERVATIONS, "%WHERE%"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
    lib.vacuum_analyze(PGBENCH_OFFERS)
    script = pgbench_script(len(built["offer_ids"]))
    seconds = {CLIENTS: SECONDS if context.scale >= 1 else 15}
    seconds[1] = SOLO_SECONDS if context.scale >= 1 else 5
    for ours in answered:
        clients = ours["clients"]
        key = f"{_name(clients)}pgbench_locked_booking"
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {PGBENCH_RESERVATIONS}")
            cursor.execute(f"UPDATE {PGBENCH_OFFERS} SET places_taken = 0")  # noqa: S608
        load = round(os.getloadavg()[0], 2)
        for _attempt in range(5):
            baseline = lib.run_pgbench(
                context.database_url, script, clients=clients, seconds=seconds[clients]
            )
            # Others' work on the shared server may hold connections for a moment.
            if "too many clients" not in baseline.get("error", ""):
                break
            log("  the server has no free connections for pgbench yet; again in 15 s")
            time.sleep(15)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FILTER (WHERE places_taken > places_offered), "  # noqa: S608
                f"coalesce(sum(places_taken), 0) FROM {PGBENCH_OFFERS}"
            )
            overbooked, taken = cursor.fetchone()
            cursor.execute(
                "SELECT count(*), coalesce(sum(adults + children), 0) "  # noqa: S608
                f"FROM {PGBENCH_RESERVATIONS}"
            )
            rows, booked = cursor.fetchone()
        if "error" in baseline:
            result["throughput"][key] = {"per_second": None, "note": baseline["error"]}
            continue
        sanity(
            overbooked == 0 and taken == booked,
            f"pgbench: {overbooked} overbooked, {taken} != {booked}",
        )
        per_second = baseline["per_second"]
        baseline.update(
            load_average_1min_before=load,
            bookings=rows,
            bookings_per_second=round(rows / seconds[clients], 1),
            overbooked_offers=overbooked,
            # Each of our service calls is one such locked transaction on an offer row.
            service_calls_share=round(ours["service_calls_per_second"] / per_second, 4),
            bookings_share=round(
                ours["bookings_per_second"] / max(0.1, rows / seconds[clients]), 4
            ),
            script=script,
        )
        result["throughput"][key] = baseline
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {PGBENCH_OFFERS}, {PGBENCH_RESERVATIONS}")


# --------------------------------------------------------------------------------------
# What the numbers say
# --------------------------------------------------------------------------------------


def findings(result):
    notes = []
    for clients in (CLIENTS, 1):
        prefix = _name(clients)
        ours = result["throughput"].get(f"{prefix}card_services")
        if ours is None:
            continue
        latency = result["measurements"].get(f"{prefix}reserve.latency", {})
        text = (
            f"{clients} client(s): {ours['bookings_per_second']} bookings/s, "
            f"{ours['check_ins_per_second']} check-ins/s, {ours['service_calls_per_second']} "
            f"service calls/s; booking p50 {latency.get('p50_ms')} ms, p95 "
            f"{latency.get('p95_ms')} ms; {ours['full_answers']} 'full' answers; "
            f"{ours['client_cpu_ms_per_call']} ms of client CPU a call"
        )
        baseline = result["throughput"].get(f"{prefix}pgbench_locked_booking", {})
        if baseline.get("per_second"):
            text += (
                f"; pgbench {baseline['per_second']:,.0f} locked bookings/s with as many "
                f"clients (services {baseline['service_calls_share']:.1%} of it)"
            )
        notes.append(text)
    checks = result["checks"]
    notes.append(
        f"overbooked offers: {checks['overbooked_offers']} by the counter, "
        f"{checks['overbooked_offers_by_bookings_and_uses']} by bookings and uses; "
        f"{checks['full_offers_at_the_end']} offers full at the end"
    )
    return notes
