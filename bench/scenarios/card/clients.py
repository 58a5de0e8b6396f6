"""The clients: each a holder booking and an usher checking in, through the services,
in its own process; their outcomes summarised.
"""

import os
import random
import time
import uuid
from collections import Counter, defaultdict

from bench import lib
from bench.lib import summarize

from .data import POPULAR_SHARE

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


CARDS_PER_CLIENT = 4_000
REFUSED = object()


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
