"""Numbers about the culture card: cards, uses, free places and no-shows.

Plain functions over aggregate queries: a table of any size costs a fixed handful of
queries (one per kind of row, plus one for the total line and one for names), on SQLite
and PostgreSQL alike. Counts come back exact; small cells are hidden only when they are
put in a :class:`~kohtaamo.core.tables.Table` (:func:`table`), so that a page, a CSV file
and a spreadsheet show the same suppressed numbers.

What is counted where (decision 0019):

* cards (valid, activated), uses and no-shows belong to the holder's home municipality
  and its county: the municipality that joined the programme;
* places offered and places used belong to the venue, and to the venue's municipality
  and county;
* a month is the month of the use, of the event (no-shows, places), or, for cards, each
  month in which the card was valid.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, DateField, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.permissions import reach_condition
from kohtaamo.accounts.scopes import ScopePath
from kohtaamo.core.models import County, Municipality
from kohtaamo.core.tables import Table, is_hidden, shown_grid

from .models import Card, CardOffer, Reservation, Use
from .services import add_months
from .states import CardStatus, ReservationState

MAX_MONTHS = 36


class Grouping:
    MUNICIPALITY = "municipality"
    COUNTY = "county"
    VENUE = "venue"
    MONTH = "month"

    choices = [
        (MUNICIPALITY, _("Municipality")),
        (COUNTY, _("Wellbeing services county")),
        (VENUE, _("Venue")),
        (MONTH, _("Month")),
    ]


# The columns, in the order a table shows them, and which kind of row each counts.
CARD_METRICS = ("valid_cards", "activated_cards")
BOOKING_METRICS = ("adult_uses", "child_uses", "no_shows")
OFFER_METRICS = ("places_offered", "places_used")
METRICS = ("valid_cards", "activated_cards", "adult_uses", "child_uses", *OFFER_METRICS, "no_shows")
METRIC_LABELS = {
    "valid_cards": _("Valid cards"),
    "activated_cards": _("Cards used at least once"),
    "adult_uses": _("Uses by adults"),
    "child_uses": _("Uses by children"),
    "places_offered": _("Places offered"),
    "places_used": _("Places used"),
    "no_shows": _("No-show bookings"),
}


# --------------------------------------------------------------------------------------
# Who sees which rows
# --------------------------------------------------------------------------------------

# For each statistics permission: the lookups (a ScopePath's) from a card
# and from an offer to the organisation, unit and county that the permission's
# memberships are checked against. A missing subject: the permission shows none of it.
REACH_LOOKUPS = {
    "cards.view_programme_statistics": {
        # The programme's coordinating organisation (a county, or a city that runs the
        # card for its area), or any county-wide coordinator or analyst of its county.
        "card": {
            "organisation": "distributor__programme__organisation_id",
            "county": "distributor__programme__county_id",
        },
        "offer": {
            "organisation": "organisation__county__card_programme__organisation_id",
            "county": "organisation__county_id",
        },
    },
    "cards.view_distributor_statistics": {
        "card": {
            "organisation": "distributor__organisation_id",
            "unit": "distributor__unit_id",
        },
    },
    "cards.view_venue_statistics": {
        "offer": {"organisation": "organisation_id"},
    },
}
PERMISSIONS = tuple(REACH_LOOKUPS)


def _either(first, second):
    """Rows reached one way or the other (None: no row, Q(): every row)."""
    if first is None:
        return second
    if second is None:
        return first
    if not first or not second:
        return Q()
    return first | second


@dataclass(frozen=True)
class Reach:
    """The rows a viewer's numbers come from, each a ``Q``: ``None`` when the viewer
    sees none of them, ``Q()`` when all."""

    cards: Q | None
    offers: Q | None
    # Uses and reservations: those of the viewer's cards and those at its venues.
    bookings: Q | None
    # Uses at the viewer's venues only (places used of the places offered).
    venue_bookings: Q | None

    @property
    def sees_anything(self):
        return self.bookings is not None

    def metrics(self):
        shown = []
        for metric in METRICS:
            if metric in CARD_METRICS and self.cards is None:
                continue
            if metric in OFFER_METRICS and self.offers is None:
                continue
            shown.append(metric)
        return shown


def reach_for(user):
    cards = offers = bookings = venue_bookings = None
    for perm, subjects in REACH_LOOKUPS.items():
        for subject, lookups in subjects.items():
            path = ScopePath(**lookups)
            own = reach_condition(user, perm, [path])
            through = reach_condition(user, perm, [path.through(subject)])
            if subject == "card":
                cards = _either(cards, own)
            else:
                offers = _either(offers, own)
                venue_bookings = _either(venue_bookings, through)
            bookings = _either(bookings, through)
    return Reach(cards, offers, bookings, venue_bookings)


def may_view(user):
    return any(user.has_perm(perm) for perm in PERMISSIONS)


# --------------------------------------------------------------------------------------
# Periods and filters
# --------------------------------------------------------------------------------------


def month_start(day):
    return day.replace(day=1)


@dataclass(frozen=True)
class Period:
    """Whole months, ``first`` (a month's first day) through ``last`` (a month's last)."""

    first: datetime.date
    last: datetime.date

    @classmethod
    def months_between(cls, first_month, last_month):
        return cls(month_start(first_month), add_months(month_start(last_month), 1) - _DAY)

    @classmethod
    def last_twelve_months(cls, today=None):
        this_month = month_start(today or timezone.localdate())
        return cls.months_between(add_months(this_month, -11), this_month)

    def months(self):
        month, months = self.first, []
        while month <= self.last:
            months.append(month)
            month = add_months(month, 1)
        return months

    def split(self):
        return [Period(month, add_months(month, 1) - _DAY) for month in self.months()]

    @property
    def starts(self):
        return _start_of_day(self.first)

    @property
    def ends(self):
        """The first moment after the period."""
        return _start_of_day(self.last + _DAY)


_DAY = datetime.timedelta(days=1)


def _start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Filters:
    period: Period
    county: County | None = None
    municipality: Municipality | None = None
    venue: Organisation | None = None
    grouping: str = Grouping.MUNICIPALITY

    @property
    def counts_cards(self):
        # A card is held in a municipality, not at a venue.
        return self.venue is None and self.grouping != Grouping.VENUE


# Per kind of row: the lookups to the holder's or venue's municipality and county, and
# to the venue. Cards have no venue.
_CARD = {
    "municipality": "home_municipality_id",
    "county": "home_municipality__county_id",
    "venue": None,
}
_BOOKING = {
    "municipality": "card__home_municipality_id",
    "county": "card__home_municipality__county_id",
    "venue": "offer__organisation_id",
}
_OFFER = {
    "municipality": "organisation__municipality_id",
    "county": "organisation__county_id",
    "venue": "organisation_id",
}
_OFFER_OF_USE = {name: f"offer__{lookup}" for name, lookup in _OFFER.items()}


def _narrowed(filters, lookups):
    """The filters' area and venue as a ``Q`` on rows reached by ``lookups``."""
    condition = Q()
    if filters.venue is not None and lookups["venue"] is not None:
        condition &= Q(**{lookups["venue"]: filters.venue.pk})
    if filters.municipality is not None:
        condition &= Q(**{lookups["municipality"]: filters.municipality.pk})
    if filters.county is not None:
        condition &= Q(**{lookups["county"]: filters.county.pk})
    return condition


# --------------------------------------------------------------------------------------
# The counts
# --------------------------------------------------------------------------------------


def valid_in(period):
    """Cards valid on at least one day of ``period``. A replaced card is counted until
    its replacement is issued, which is then counted instead: one holder, one card."""
    return Q(issued_at__lt=period.ends, valid_until__gte=period.first) & (
        Q(status=CardStatus.ACTIVE)
        | Q(status=CardStatus.CANCELLED, status_changed_at__gte=period.starts)
        | Q(status=CardStatus.REPLACED, status_changed_at__gte=period.ends)
    )


def activated_by(period):
    return Q(activated_at__lt=period.ends)


def _add(counts, key, metric, value):
    row = counts.setdefault(key, {})
    row[metric] = row.get(metric, 0) + (value or 0)


def _rows(queryset, grouping, lookups, month_lookup, **aggregates):
    """Aggregate rows, each with a ``key``: the group's id, the first day of its month,
    or 0 for the one row of the whole selection (``grouping`` None)."""
    if grouping is None:
        return [{"key": 0, **queryset.aggregate(**aggregates)}]
    if grouping == Grouping.MONTH:
        key = TruncMonth(month_lookup, output_field=DateField())
    else:
        key = F(lookups[grouping])
    return queryset.values(key=key).annotate(**aggregates).order_by()


def _card_counts(filters, reach, counts, grouping):
    if reach.cards is None or not filters.counts_cards:
        return
    cards = Card.objects.filter(reach.cards, _narrowed(filters, _CARD), valid_in(filters.period))
    if grouping == Grouping.MONTH:
        # A card counts in every month it was valid: one query, two counts a month.
        months = filters.period.split()
        aggregates = {}
        for index, month in enumerate(months):
            aggregates[f"v{index}"] = Count("id", filter=valid_in(month))
            aggregates[f"a{index}"] = Count("id", filter=valid_in(month) & activated_by(month))
        row = cards.aggregate(**aggregates)
        for index, month in enumerate(months):
            _add(counts, month.first, "valid_cards", row[f"v{index}"])
            _add(counts, month.first, "activated_cards", row[f"a{index}"])
        return
    for row in _rows(
        cards,
        grouping,
        _CARD,
        None,
        valid_cards=Count("id"),
        activated_cards=Count("id", filter=activated_by(filters.period)),
    ):
        for metric in CARD_METRICS:
            _add(counts, row["key"], metric, row[metric])


def _use_counts(filters, reach, counts, grouping):
    condition = reach.bookings
    if condition is None:
        return
    uses = Use.objects.filter(
        condition,
        _narrowed(filters, _BOOKING),
        day__gte=filters.period.first,
        day__lte=filters.period.last,
    )
    for row in _rows(
        uses, grouping, _BOOKING, "day", adult_uses=Sum("adults"), child_uses=Sum("children")
    ):
        _add(counts, row["key"], "adult_uses", row["adult_uses"])
        _add(counts, row["key"], "child_uses", row["child_uses"])


def _no_show_counts(filters, reach, counts, grouping):
    condition = reach.bookings
    if condition is None:
        return
    no_shows = Reservation.objects.filter(
        condition,
        _narrowed(filters, _BOOKING),
        state=ReservationState.NO_SHOW,
        offer__event__start__gte=filters.period.starts,
        offer__event__start__lt=filters.period.ends,
    )
    for row in _rows(no_shows, grouping, _BOOKING, "offer__event__start", no_shows=Count("id")):
        _add(counts, row["key"], "no_shows", row["no_shows"])


# Standing offers give places per day: their uses count, but a sum of "places offered"
# over days nobody came would mean nothing, so offered and used places are for events
# and courses. An event's places belong to its month, a course's to the month it was
# published.
_PLACE_KINDS = (CardOffer.Kind.EVENT, CardOffer.Kind.COURSE)


def _offer_month(prefix=""):
    return Coalesce(f"{prefix}event__start", f"{prefix}created_at")


def _offer_counts(filters, reach, counts, grouping):
    if reach.offers is None:
        return
    period = filters.period
    offers = (
        CardOffer.objects.filter(reach.offers, _narrowed(filters, _OFFER), kind__in=_PLACE_KINDS)
        .alias(month_of=_offer_month())
        .filter(month_of__gte=period.starts, month_of__lt=period.ends)
    )
    for row in _rows(
        offers, grouping, _OFFER, _offer_month(), places_offered=Sum("places_offered")
    ):
        _add(counts, row["key"], "places_offered", row["places_offered"])
    used = (
        Use.objects.filter(
            reach.venue_bookings,
            _narrowed(filters, _OFFER_OF_USE),
            offer__kind__in=_PLACE_KINDS,
        )
        .alias(month_of=_offer_month("offer__"))
        .filter(month_of__gte=period.starts, month_of__lt=period.ends)
    )
    for row in _rows(
        used,
        grouping,
        _OFFER_OF_USE,
        _offer_month("offer__"),
        adults=Sum("adults"),
        children=Sum("children"),
    ):
        _add(counts, row["key"], "places_used", (row["adults"] or 0) + (row["children"] or 0))


def counts(filters, reach, *, grouping=None):
    """``{group key: {metric: count}}`` for the viewer's ``reach``. ``grouping`` None
    gives one row (key 0) for the whole selection; "month" keys are first days of
    months, the others are ids of municipalities, counties or venues."""
    result = {}
    for count in (_card_counts, _use_counts, _no_show_counts, _offer_counts):
        count(filters, reach, result, grouping)
    return result


# --------------------------------------------------------------------------------------
# Rows for people
# --------------------------------------------------------------------------------------


@dataclass
class Statistics:
    filters: Filters
    metrics: list
    rows: list = field(default_factory=list)  # [(label, {metric: exact count or None})]
    total: dict = field(default_factory=dict)

    @property
    def headers(self):
        return [
            dict(Grouping.choices)[self.filters.grouping],
            *[METRIC_LABELS[m] for m in self.metrics],
        ]

    def shown_rows(self):
        """The cells of every row and, last, the total line as readers see them: "<5"
        for small counts and the other cells hidden that would give one away from the
        total line (core.tables.protect); None for a number that does not apply (cards
        at a venue)."""
        grid = [[values.get(m) for m in self.metrics] for _label, values in self.rows]
        grid.append([self.total.get(m) for m in self.metrics])
        return shown_grid(grid, column_totals=True)

    def table(self):
        shown = self.shown_rows()
        labels = [label for label, _values in self.rows] + [_("Total")]
        rows = [[label, *cells] for label, cells in zip(labels, shown, strict=True)]
        return Table(headers=self.headers, rows=rows, title=_("Culture card statistics"))

    def bars(self, metric):
        """A bar per row for the chart: hidden bars carry no number and no length."""
        column = self.metrics.index(metric)
        bars = []
        for (label, values), cells in zip(self.rows, self.shown_rows(), strict=False):
            shown = cells[column]
            hidden = is_hidden(shown)
            value = 0 if hidden or values.get(metric) is None else values[metric]
            bars.append(
                {
                    "label": str(label),
                    "value": value,
                    "shown": "–" if shown is None else shown,
                    "hidden": hidden,
                }
            )
        return bars


def _completed(values, filters, reach):
    """Every metric the viewer may see, 0 where nothing was counted, None where the
    number does not apply to the selection."""
    complete = {}
    for metric in reach.metrics():
        if metric in CARD_METRICS and not filters.counts_cards:
            complete[metric] = None
        else:
            complete[metric] = values.get(metric, 0)
    return complete


def _labels(filters, keys):
    if filters.grouping == Grouping.MONTH:
        return {key: key.strftime("%Y-%m") for key in keys}
    model = {
        Grouping.MUNICIPALITY: Municipality,
        Grouping.COUNTY: County,
        Grouping.VENUE: Organisation,
    }[filters.grouping]
    names = {pk: str(obj) for pk, obj in model.objects.in_bulk([k for k in keys if k]).items()}
    unknown = _("Unknown")
    return {key: names.get(key, unknown) for key in keys}


def statistics(filters, reach):
    """The numbers the viewer may see for ``filters``, a row per group and a total."""
    grouped = counts(filters, reach, grouping=filters.grouping)
    if filters.grouping == Grouping.MONTH:
        # Every month of the period gets a row, also an empty one.
        for month in filters.period.months():
            grouped.setdefault(month, {})
    totals = counts(filters, reach, grouping=None).get(0, {})
    labels = _labels(filters, list(grouped))
    rows = [(labels[key], _completed(values, filters, reach)) for key, values in grouped.items()]
    if filters.grouping == Grouping.MONTH:
        rows.sort(key=lambda row: row[0])
    else:
        rows.sort(key=lambda row: str(row[0]).casefold())
    return Statistics(
        filters=filters,
        metrics=reach.metrics(),
        rows=rows,
        total=_completed(totals, filters, reach),
    )


def venues(reach):
    """Venues the viewer may pick: those with free places in its reach, and those where
    its cards were used."""
    condition = Q(pk__in=[])
    if reach.offers is not None:
        condition |= Q(pk__in=CardOffer.objects.filter(reach.offers).values("organisation_id"))
    if reach.bookings is not None:
        condition |= Q(pk__in=Use.objects.filter(reach.bookings).values("offer__organisation_id"))
    return Organisation.objects.filter(condition).order_by("name_fi")


def counties_for(user, reach):
    """The counties whose numbers ``user`` may see, for the filter's choices: a county
    coordinator or analyst their own, a national analyst all, a distributor or venue
    those its cards and places are in."""
    path = ScopePath("card_programme__organisation_id", county="pk")
    condition = reach_condition(user, "cards.view_programme_statistics", [path])
    if condition is not None and not condition:
        return County.objects.all()
    counties = Q(pk__in=[]) if condition is None else condition
    if reach.cards is not None:
        cards = Card.objects.filter(reach.cards).values("home_municipality__county_id")
        counties |= Q(pk__in=cards)
    if reach.offers is not None:
        offers = CardOffer.objects.filter(reach.offers).values("organisation__county_id")
        counties |= Q(pk__in=offers)
    return County.objects.filter(counties).distinct()
