"""The synthetic culture-card world written with COPY: cards, venues and offers, a few
of them popular.
"""

import datetime
import secrets
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from bench import lib
from bench.lib import log, sanity

CARDS = 200_000
OFFERS = 20_000
VENUES = 2_000
POPULAR = 10
POPULAR_PLACES = 10
POPULAR_SHARE = 0.3


CANCELLED_CARDS = 0.02


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
