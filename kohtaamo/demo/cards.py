"""The demo culture card (Kaikukortti): programmes, distributors, free places, cards.

North Savo runs the card as a pilot in four towns; in Pirkanmaa it is in use in Tampere,
and Nokia, Valkeakoski and Orivesi tried it from autumn 2024 to the end of 2025, so a
card cannot be issued to their residents now. The adult social work units of both
counties hand out cards. The Kuopio culture services and Teatteri Tuulenpesä give free
places to their coming events; Kuopio also lets card holders into a museum every day.

Cards have fixed demo numbers and links, so the README can point at one, and bookings
are made through the real service with fixed idempotency keys: seeding again makes
nothing new. The cards hold no names, like real ones.
"""

import datetime
import hashlib

from django.utils import timezone

from kohtaamo.cards import numbers, services
from kohtaamo.cards.models import (
    Card,
    CardOffer,
    Distributor,
    Programme,
    ProgrammeMunicipality,
    Reservation,
)
from kohtaamo.catalogue.models import Event, Service
from kohtaamo.catalogue.states import Status
from kohtaamo.core.models import Municipality

# (county organisation key, [(municipality code, joined, left)])
PROGRAMMES = {
    "pohjois-savo": [
        ("297", datetime.date(2025, 1, 1), None),  # Kuopio
        ("140", datetime.date(2025, 1, 1), None),  # Iisalmi
        ("749", datetime.date(2025, 1, 1), None),  # Siilinjärvi
        ("915", datetime.date(2025, 1, 1), None),  # Varkaus
    ],
    "pirkanmaa": [
        ("837", datetime.date(2019, 1, 1), None),  # Tampere
        ("536", datetime.date(2024, 9, 1), datetime.date(2025, 12, 31)),  # Nokia
        ("908", datetime.date(2024, 9, 1), datetime.date(2025, 12, 31)),  # Valkeakoski
        ("562", datetime.date(2024, 9, 1), datetime.date(2025, 12, 31)),  # Orivesi
    ],
}
DISTRIBUTOR_UNIT = "adult-social-work"
VENUES = ("kuopio", "tuulenpesa")
EVENTS_PER_VENUE = 8
MUSEUM_PLACES_PER_DAY = 5
# Free tickets for a companion with each event's card places.
COMPANION_TICKETS = 2


def demo_token(n):
    """A fixed link for demo card ``n``, as long as a real one."""
    return hashlib.sha256(f"kohtaamo demo culture card {n}".encode()).hexdigest()[:43]


def demo_number(n):
    body = f"{900000000 + n * 1111:09d}"
    return body + numbers.luhn_digit(body)


# (n, county, home municipality, birth year, months valid from today; negative: expired)
CARDS = (
    (1, "pohjois-savo", "297", 1978, 12),
    (2, "pohjois-savo", "140", 1961, 6),
    (3, "pohjois-savo", "297", 1990, -1),
    (4, "pirkanmaa", "837", 2001, 10),
)


def seed_cards(report):
    distributors = {}
    for county_key, towns in PROGRAMMES.items():
        organisation = report.organisations[county_key]
        programme, created = Programme.objects.get_or_create(
            county=organisation.county, defaults={"organisation": organisation}
        )
        report.count(Programme, created)
        for code, joined, left in towns:
            _period, created = ProgrammeMunicipality.objects.get_or_create(
                programme=programme,
                municipality=Municipality.objects.get(code=code),
                starts_on=joined,
                defaults={"ends_on": left},
            )
            report.count(ProgrammeMunicipality, created)
        unit = report.units[county_key, DISTRIBUTOR_UNIT]
        distributor, created = Distributor.objects.get_or_create(
            programme=programme,
            organisation=organisation,
            unit=unit,
            defaults={"starts_on": datetime.date(2025, 1, 1)},
        )
        report.count(Distributor, created)
        distributors[county_key] = distributor
    offers = _offers(report)
    cards = _cards(distributors, report)
    _bookings(cards, offers, report)


def _offers(report):
    now = timezone.now()
    offers = []
    for key in VENUES:
        organisation = report.organisations.get(key)
        if organisation is None:
            continue
        events = Event.objects.filter(
            organisation=organisation,
            status=Status.PUBLISHED,
            is_cancelled=False,
            card_places__gt=0,
            start__gte=now,
        ).order_by("start")[:EVENTS_PER_VENUE]
        for event in events:
            offer, created = CardOffer.objects.get_or_create(
                event=event,
                defaults={
                    "organisation": organisation,
                    "kind": CardOffer.Kind.EVENT,
                    "places_offered": event.card_places,
                    "companion_places_offered": COMPANION_TICKETS,
                },
            )
            if not offer.companion_places_offered:
                # Offers seeded before companion tickets existed get them too.
                CardOffer.objects.filter(pk=offer.pk).update(
                    companion_places_offered=COMPANION_TICKETS
                )
                offer.companion_places_offered = COMPANION_TICKETS
            report.count(CardOffer, created)
            offers.append(offer)
    kuopio = report.organisations.get("kuopio")
    museum = (
        Service.objects.filter(
            organisation=kuopio,
            status=Status.PUBLISHED,
            card_places=True,
            name_fi__icontains="museo",
        )
        .order_by("name_fi")
        .first()
    )
    if museum is not None:
        offer, created = CardOffer.objects.get_or_create(
            service=museum,
            kind=CardOffer.Kind.STANDING,
            defaults={"organisation": kuopio, "places_offered": MUSEUM_PLACES_PER_DAY},
        )
        report.count(CardOffer, created)
    return offers


def _cards(distributors, report):
    today = timezone.localdate()
    cards = {}
    for n, county_key, code, born, months in CARDS:
        distributor = distributors[county_key]
        issued = services.add_months(today, -12 + months) if months < 0 else today
        card, created = Card.objects.get_or_create(
            number=demo_number(n),
            defaults={
                "mobile_token": demo_token(n),
                "home_municipality": Municipality.objects.get(code=code),
                "birth_year": born,
                "distributor": distributor,
                "issued_at": timezone.make_aware(
                    datetime.datetime.combine(issued, datetime.time(10))
                ),
                "valid_until": services.add_months(today, months) - datetime.timedelta(days=1),
            },
        )
        report.count(Card, created)
        cards[n] = card
    return cards


def _bookings(cards, offers, report):
    """Demo card 1 has booked a coming concert for two children as well; demo card 2 a
    concert with a companion (the volunteers step asks a culture guide to go along)."""
    concerts = sorted(offers, key=lambda offer: "konsert" not in offer.event.name_fi.lower())
    _book_with_companion(cards[2], concerts, report)
    for offer in concerts:
        if offer.places_offered < 3:
            continue
        before = Reservation.objects.filter(card=cards[1]).count()
        try:
            services.reserve(cards[1], offer, children=2, idempotency_key="demo-booking-1")
        except services.CardError:
            continue
        report.count(Reservation, Reservation.objects.filter(card=cards[1]).count() > before)
        return


def _book_with_companion(card, concerts, report):
    # Three days ahead at least, so that a volunteer can still be found for it.
    soon = timezone.now() + datetime.timedelta(days=3)
    for offer in concerts:
        if offer.event.start < soon or offer.places_offered < 2:
            continue
        before = Reservation.objects.filter(card=card).count()
        try:
            services.reserve(
                card, offer, companion=True, idempotency_key="demo-booking-2-companion"
            )
        except services.CardError:
            continue
        report.count(Reservation, Reservation.objects.filter(card=card).count() > before)
        return
