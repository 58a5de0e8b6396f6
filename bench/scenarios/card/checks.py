"""Checks independent of the code under test (the database's own count of places and
uses), and pgbench's locked update as a baseline for the bookings.
"""

import os
import time
from collections import Counter

from django.db import connection

from bench import lib
from bench.lib import log, sanity

from .clients import CLIENTS, SECONDS, SOLO_SECONDS, _name
from .data import CARDS, POPULAR, POPULAR_SHARE

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
