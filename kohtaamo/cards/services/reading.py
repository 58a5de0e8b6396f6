"""What the pages read. Lists are narrowed to what the person may see, here, so that no
page can forget it."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Expression, Q, QuerySet, Subquery
from django.utils import timezone

from kohtaamo.accounts.models import User
from kohtaamo.catalogue.states import Status
from kohtaamo.core.models import Municipality

from ..models import Card, CardOffer, Distributor, Programme, ProgrammeMunicipality, Reservation
from ..states import ReservationState


def distributors_for(
    user: User | AnonymousUser, *, today: datetime.date | None = None
) -> QuerySet[Distributor]:
    """The enrolled distributors ``user`` may issue cards for on ``today``."""
    today = today or timezone.localdate()
    enrolled = Distributor.objects.filter(Distributor.covering(today)).select_related(
        "programme__county", "organisation", "unit"
    )
    return enrolled.reachable_by(user, "cards.add_card").order_by("pk")


def member_municipalities(
    programme: Programme, *, today: datetime.date | None = None
) -> QuerySet[Municipality]:
    """The municipalities whose residents can get a card on ``today``."""
    today = today or timezone.localdate()
    joined = ProgrammeMunicipality.objects.filter(
        ProgrammeMunicipality.covering(today), programme=programme
    ).values("municipality_id")
    return Municipality.objects.filter(pk__in=joined).order_by("name_fi")


def at_the_door_today(offers: QuerySet[CardOffer], today: datetime.date) -> QuerySet[CardOffer]:
    """Of ``offers``, those that can be used at the door on ``today``: courses, standing
    offers, and events running that day."""
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    return offers.filter(
        Q(kind__in=[CardOffer.Kind.COURSE, CardOffer.Kind.STANDING])
        | (
            Q(event__start__lt=end)
            & (Q(event__end__gte=start) | Q(event__end__isnull=True, event__start__gte=start))
        )
    )


def cards_of(user: User | AnonymousUser) -> QuerySet[Card]:
    """The cards issued by the distributors ``user`` works for, newest first."""
    return (
        Card.objects.select_related("home_municipality", "distributor__unit")
        .reachable_by(user, "cards.view_card")
        .order_by("-issued_at", "-pk")
    )


def offers_of(user: User | AnonymousUser) -> QuerySet[CardOffer]:
    """The card offers of the venues ``user`` works for."""
    return (
        CardOffer.objects.select_related("event", "service", "organisation")
        .reachable_by(user, "cards.view_cardoffer")
        .order_by("-created_at", "-pk")
    )


def _open_offers(now: datetime.datetime) -> QuerySet[CardOffer]:
    return CardOffer.objects.filter(
        (
            Q(kind=CardOffer.Kind.EVENT)
            & Q(event__status=Status.PUBLISHED, event__is_cancelled=False)
            & (Q(event__end__gte=now) | Q(event__end__isnull=True, event__start__gte=now))
        )
        | Q(
            kind__in=[CardOffer.Kind.COURSE, CardOffer.Kind.STANDING],
            service__status=Status.PUBLISHED,
        )
    )


def in_county(county_id: int | Expression | Subquery) -> Q:
    """Offers in a county: a card is for its holder's home county (an expression, such
    as a subquery, may stand for the county's id)."""
    return (
        Q(event__municipality__county_id=county_id)
        | Q(service__municipalities__county_id=county_id)
        | Q(service__places__municipality__county_id=county_id)
    )


NEAR_LIMIT = 30


def _named(words: str) -> Q:
    """Offers whose event, course or venue name has every word (any language)."""
    fields = [
        f"{relation}__name_{language}__icontains"
        for relation in ("event", "service", "organisation")
        for language in ("fi", "sv", "en")
    ]
    condition = Q()
    for word in words.split()[:8]:
        # SQLite folds the case of ASCII letters only: "KEVÄT" must still find "Kevät".
        spellings = {word, word.lower(), word.upper(), word.capitalize()}
        any_field = Q()
        for field in fields:
            for spelling in spellings:
                any_field |= Q(**{field: spelling})
        condition &= any_field
    return condition


def _between(first_day: datetime.date, last_day: datetime.date) -> Q:
    """Events running on any day from ``first_day`` through ``last_day``; courses and
    standing offers run on every day."""
    starts = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))
    ends = starts + datetime.timedelta(days=(last_day - first_day).days + 1)
    return ~Q(kind=CardOffer.Kind.EVENT) | (
        Q(event__start__lt=ends)
        & (Q(event__end__gte=starts) | Q(event__end__isnull=True, event__start__gte=starts))
    )


def open_offer_for(
    card: Card, pk: int | str, *, now: datetime.datetime | None = None
) -> CardOffer | None:
    """One offer the holder can book or use now (their list's rule), or ``None``."""
    now = now or timezone.now()
    offers = _open_offers(now).filter(in_county(card.home_municipality.county_id), pk=pk)
    return (
        offers.select_related("event__place", "event__municipality", "service", "organisation")
        .distinct()
        .first()
    )


def offers_near(
    card: Card,
    *,
    now: datetime.datetime | None = None,
    words: str = "",
    days: tuple[datetime.date, datetime.date] | None = None,
) -> list[CardOffer]:
    """Open offers in the holder's home county, those in the home town first, then by
    date: what a holder can book or use now. ``words`` narrows by name, ``days`` (first,
    last) by date."""
    now = now or timezone.now()
    home = card.home_municipality
    wanted = _named(words)
    if days:
        wanted &= _between(*days)
    offers = list(
        _open_offers(now)
        .filter(in_county(home.county_id))
        .filter(wanted)
        .distinct()
        .select_related("event__place", "event__municipality", "service", "organisation")
        .prefetch_related("service__municipalities")
        .order_by("event__start", "pk")[: NEAR_LIMIT * 3]
    )

    def in_home_town(offer: CardOffer) -> bool:
        if offer.event is not None:
            return offer.event.municipality_id == home.pk
        assert offer.service is not None  # an offer is for an event or a service
        return any(m.pk == home.pk for m in offer.service.municipalities.all())

    offers.sort(key=lambda offer: not in_home_town(offer))
    return offers[:NEAR_LIMIT]


def bookings_of(card: Card) -> QuerySet[Reservation]:
    """The holder's bookings still to come or still open, soonest first."""
    return (
        Reservation.objects.filter(card=card, state=ReservationState.RESERVED)
        .select_related("offer__event__place", "offer__service", "offer__organisation")
        .order_by("offer__event__start", "created_at")
    )
