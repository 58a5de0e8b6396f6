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

The package: :mod:`.data` builds the cards and offers, :mod:`.clients` are the load,
:mod:`.checks` counts independently and runs the pgbench baseline.
"""

import gc
import os

from bench import lib
from bench.lib import log

from .checks import check_database, pgbench_baseline
from .clients import CLIENTS, SECONDS, SOLO_SECONDS, _name, client, summarise_clients
from .data import build

ORDER = 30
DESCRIPTION = "culture card: 50 clients booking and checking in through the services"


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
