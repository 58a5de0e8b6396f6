"""Numbers about volunteer companions: the coordinator's dashboard and the county's
numbers per municipality and month.

County numbers (:func:`county_rows`, :func:`county_table`) count requests, the ones a
volunteer was found for, visits that took place, the volunteers' hours and the people
reached, by the municipality of the visit and the local month it was in; a handful of
aggregate queries whatever the size. Small cells are hidden ("<5") when the rows are put
in a :class:`~kohtaamo.core.tables.Table`, so a page and a download show the same
numbers; hours are hidden with the visits they come from.

The dashboard (:func:`dashboard`) is the coordinator's own work list: open requests by
urgency, the share filled and the median time to fill, hours by month, volunteers
inactive for three months, trainings expiring within 30 days, and each volunteer's load.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
    DateField,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import User
from kohtaamo.core.tables import SMALL_CELL, SMALL_CELL_LABEL, Table, suppress

from .models import Assignment, HelpRequest, Programme, Training, Volunteer
from .services.errors import HELSINKI, local_date, month_bounds
from .states import HELD_STATES, OPEN_STATES, RequestStatus, VolunteerStatus

# A volunteer was found: held now, or the visit is over (it took place or the client
# did not come).
FILLED_STATES = HELD_STATES | {RequestStatus.TOOK_PLACE, RequestStatus.NO_SHOW}
INACTIVE_AFTER = timedelta(days=91)
EXPIRING_WITHIN = timedelta(days=30)
RECENT = timedelta(days=90)


def requests_for_statistics(user: User) -> QuerySet[HelpRequest]:
    """The requests whose numbers ``user`` may see (coordinators and analysts of a
    county reach its programmes; a programme's coordinators their own)."""
    return HelpRequest.objects.reachable_by(user, "volunteers.view_statistics")


# -- county numbers --------------------------------------------------------------------


@dataclass
class CountyRow:
    municipality_id: int
    municipality: str
    month: date
    requests: int = 0
    filled: int = 0
    visits: int = 0
    minutes: int = 0
    people: int = 0

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def share_filled(self) -> float | None:
        return round(100 * self.filled / self.requests) if self.requests else None


def _month(lookup: str) -> TruncMonth:
    return TruncMonth(lookup, output_field=DateField(), tzinfo=HELSINKI)


def county_rows(requests: QuerySet[HelpRequest], *, start: date, end: date) -> list[CountyRow]:
    """Rows per municipality and month for visits from ``start`` to ``end`` (both
    months included), exact counts."""
    since = datetime.combine(start.replace(day=1), datetime.min.time(), HELSINKI)
    until = month_bounds(datetime.combine(end, datetime.min.time(), HELSINKI))[1]
    chosen = requests.filter(starts_at__gte=since, starts_at__lt=until)
    # The people one visit reached: the largest number its volunteers reported, or the
    # number the request asked for when nobody said.
    reached = (
        Assignment.objects.filter(request=OuterRef("pk"), took_place=True)
        .order_by()
        .values("request")
        .annotate(most=Max("people_reached"))
        .values("most")
    )
    per_request = chosen.annotate(
        reached=Coalesce(
            Subquery(reached, output_field=IntegerField()), "people", output_field=IntegerField()
        )
    )
    grouped = (
        per_request.values("municipality_id", "municipality__name_fi", month=_month("starts_at"))
        .annotate(
            n_requests=Count("pk"),
            n_filled=Count("pk", filter=Q(status__in=FILLED_STATES)),
            n_visits=Count("pk", filter=Q(status=RequestStatus.TOOK_PLACE)),
        )
        .order_by()
    )
    rows: dict[tuple[int, date], CountyRow] = {}
    for item in grouped:
        key = (item["municipality_id"], item["month"])
        rows[key] = CountyRow(
            municipality_id=item["municipality_id"],
            municipality=item["municipality__name_fi"],
            month=item["month"],
            requests=item["n_requests"],
            filled=item["n_filled"],
            visits=item["n_visits"],
        )
    people = (
        per_request.filter(status=RequestStatus.TOOK_PLACE)
        .values("municipality_id", month=_month("starts_at"))
        .annotate(total=Sum("reached"))
        .order_by()
    )
    for reach in people:
        rows[(reach["municipality_id"], reach["month"])].people = reach["total"] or 0
    minutes = (
        Assignment.objects.filter(
            request__in=chosen.filter(status=RequestStatus.TOOK_PLACE), took_place=True
        )
        .values("request__municipality_id", month=_month("request__starts_at"))
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    for time_spent in minutes:
        key = (time_spent["request__municipality_id"], time_spent["month"])
        if key in rows:
            rows[key].minutes = time_spent["total"] or 0
    return sorted(rows.values(), key=lambda r: (r.municipality, r.month))


COUNTY_HEADERS = (
    _("Municipality"),
    _("Month"),
    _("Requests"),
    _("Volunteer found"),
    _("Share found (%)"),
    _("Visits"),
    _("Hours"),
    _("People reached"),
)


def county_table(rows: list[CountyRow], title: str = "") -> Table:
    """The rows as people see them: counts of 1 to 4 as "<5", and the share and hours
    hidden with the small counts they come from."""
    table = Table(headers=list(COUNTY_HEADERS), title=title or str(_("Volunteer companions")))
    for row in rows:
        table.rows.append(
            [
                row.municipality,
                row.month.strftime("%Y-%m"),
                suppress(row.requests),
                suppress(row.filled),
                row.share_filled
                if row.requests >= SMALL_CELL and row.filled >= SMALL_CELL
                else (SMALL_CELL_LABEL if row.filled else 0),
                suppress(row.visits),
                row.hours if row.visits >= SMALL_CELL else (SMALL_CELL_LABEL if row.visits else 0),
                suppress(row.people),
            ]
        )
    return table


# -- the coordinator's dashboard ----------------------------------------------------


@dataclass
class VolunteerLoad:
    volunteer: Volunteer
    this_month: int
    last_90_days: int
    upcoming: int

    @property
    def at_cap(self) -> bool:
        return self.this_month >= self.volunteer.monthly_cap


@dataclass
class MonthHours:
    month: date
    visits: int
    minutes: int
    people: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@dataclass
class Dashboard:
    open_requests: list[HelpRequest]
    share_filled: int | None
    median_time_to_fill: timedelta | None
    hours_by_month: list[MonthHours]
    inactive: list[Volunteer]
    expiring_trainings: list[Training]
    load: list[VolunteerLoad]
    counts: dict[str, int] = field(default_factory=dict)


def open_requests(programme: Programme) -> list[HelpRequest]:
    """Requests still waiting for a volunteer, the most urgent (nearest deadline) first."""
    return list(
        HelpRequest.objects.filter(programme=programme, status__in=OPEN_STATES)
        .select_related("municipality", "event", "place")
        .annotate(offers_open=Count("offers", filter=Q(offers__state="open")))
        .order_by("fill_by", "starts_at")
    )


def share_filled(programme: Programme, *, since: datetime, until: datetime) -> int | None:
    """Of the requests whose time came in the period and that were not cancelled, the
    share (%) a volunteer was found for."""
    decided = HelpRequest.objects.filter(
        programme=programme, starts_at__gte=since, starts_at__lt=until
    ).exclude(status__in=OPEN_STATES | {RequestStatus.CANCELLED})
    counts = decided.aggregate(
        total=Count("pk"), filled=Count("pk", filter=Q(status__in=FILLED_STATES))
    )
    if not counts["total"]:
        return None
    return round(100 * counts["filled"] / counts["total"])


def median_time_to_fill(
    programme: Programme, *, since: datetime, until: datetime
) -> timedelta | None:
    """From the request to its first volunteer, the median over requests made in the
    period that found one."""
    found = (
        HelpRequest.objects.filter(programme=programme, created_at__gte=since, created_at__lt=until)
        .annotate(first=Min("assignments__assigned_at"))
        .filter(first__isnull=False)
        .values_list("created_at", "first")
    )
    waits = [(first - created).total_seconds() for created, first in found]
    if not waits:
        return None
    return timedelta(seconds=round(statistics.median(waits)))


def hours_by_month(programme: Programme, *, since: datetime, until: datetime) -> list[MonthHours]:
    rows = (
        Assignment.objects.filter(
            request__programme=programme,
            took_place=True,
            request__status=RequestStatus.TOOK_PLACE,
            starts_at__gte=since,
            starts_at__lt=until,
        )
        .values(month=_month("starts_at"))
        .annotate(
            visits=Count("request", distinct=True),
            minutes=Coalesce(Sum("minutes"), 0, output_field=IntegerField()),
            people=Coalesce(Sum("people_reached"), 0, output_field=IntegerField()),
        )
        .order_by("month")
    )
    return [MonthHours(r["month"], r["visits"], r["minutes"], r["people"]) for r in rows]


def inactive_volunteers(programme: Programme, *, now: datetime) -> list[Volunteer]:
    """Active volunteers with no assignment in three months (approved before that)."""
    since = now - INACTIVE_AFTER
    recent = Assignment.objects.filter(volunteer=OuterRef("pk"), starts_at__gte=since)
    return list(
        Volunteer.objects.filter(programme=programme, status=VolunteerStatus.APPROVED)
        .filter(Q(decided_at__isnull=True) | Q(decided_at__lt=since))
        .filter(~Exists(recent))
        .order_by("full_name")
    )


def expiring_trainings(programme: Programme, *, today: date) -> list[Training]:
    """Trainings of active volunteers that expire within 30 days (or expired this week,
    still without a newer one of the same kind)."""
    newer = Training.objects.filter(
        volunteer=OuterRef("volunteer"),
        kind=OuterRef("kind"),
        completed_on__gt=OuterRef("completed_on"),
    )
    return list(
        Training.objects.filter(
            volunteer__programme=programme,
            volunteer__status__in=[VolunteerStatus.APPROVED, VolunteerStatus.PAUSED],
            expires_on__gte=today - timedelta(days=7),
            expires_on__lte=today + EXPIRING_WITHIN,
        )
        .filter(~Exists(newer))
        .select_related("volunteer")
        .order_by("expires_on", "volunteer__full_name")
    )


def load_per_volunteer(programme: Programme, *, now: datetime) -> list[VolunteerLoad]:
    start, end = month_bounds(now)
    held = Q(
        assignments__is_active=True,
        assignments__request__status__in=HELD_STATES | {RequestStatus.TOOK_PLACE},
    )
    volunteers = (
        Volunteer.objects.filter(programme=programme, status=VolunteerStatus.APPROVED)
        .annotate(
            this_month=Count(
                "assignments",
                filter=held & Q(assignments__starts_at__gte=start, assignments__starts_at__lt=end),
            ),
            recent=Count(
                "assignments",
                filter=held
                & Q(assignments__starts_at__gte=now - RECENT, assignments__starts_at__lt=now),
            ),
            upcoming=Count(
                "assignments",
                filter=Q(
                    assignments__is_active=True,
                    assignments__request__status__in=HELD_STATES,
                    assignments__starts_at__gte=now,
                ),
            ),
        )
        .order_by("-this_month", "full_name")
    )
    return [VolunteerLoad(v, v.this_month, v.recent, v.upcoming) for v in volunteers]


def dashboard(programme: Programme, *, now: datetime | None = None, months: int = 12) -> Dashboard:
    now = now or timezone.now()
    this_month_start, next_month = month_bounds(now)
    first = this_month_start
    for _step in range(months - 1):
        first = month_bounds(first - timedelta(days=1))[0]
    year_ago = now - timedelta(days=365)
    return Dashboard(
        open_requests=open_requests(programme),
        share_filled=share_filled(programme, since=year_ago, until=now),
        median_time_to_fill=median_time_to_fill(programme, since=year_ago, until=now),
        hours_by_month=hours_by_month(programme, since=first, until=next_month),
        inactive=inactive_volunteers(programme, now=now),
        expiring_trainings=expiring_trainings(programme, today=local_date(now)),
        load=load_per_volunteer(programme, now=now),
        counts={
            "applied": Volunteer.objects.filter(
                programme=programme, status=VolunteerStatus.APPLIED
            ).count(),
            "active": Volunteer.objects.filter(
                programme=programme, status=VolunteerStatus.APPROVED
            ).count(),
        },
    )
