"""Numbers about culture referrals: the funnel that shows where people drop out.

Every number is worked out from the referrals' :class:`~.models.StatusChange` rows (the
first time a referral reached each step), grouped by the month it was issued, its
county, municipality, type, or sending or receiving unit. Counts of one to four are
shown as "<5", with the other cells that would give them away from a total hidden too
(:func:`kohtaamo.core.tables.protect`), and a median is shown only when at least five
referrals took that step, so that no number points at a person.

The municipality of a referral is the one the client wants to take part in (its
preferred municipality), else the sending unit's municipality: the referral itself
names no home municipality, on purpose.

Who sees which referrals' numbers is the permission helper's ``referrals.view_statistics``
rule: county coordinators and analysts their county, national analysts the whole
country, and a unit's professionals and culture advisors the referrals their unit sent
or received. The numbers carry no personal data, so reading them is not audited.
See docs/decisions/0022-referral-numbers.md.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kohtaamo.accounts.models import Unit
from kohtaamo.core.models import County, Municipality
from kohtaamo.core.tables import SMALL_CELL, Table, is_hidden, shown_grid

from .models import DeclineReason, Referral, ReferralType, StatusChange
from .states import Status

PERM = "referrals.view_statistics"


class Grouping:
    MONTH = "month"
    COUNTY = "county"
    MUNICIPALITY = "municipality"
    TYPE = "referral_type"
    SENDING_UNIT = "issuing_unit"
    RECEIVING_UNIT = "receiving_unit"

    CHOICES = [
        (MONTH, _("Month issued")),
        (COUNTY, _("County")),
        (MUNICIPALITY, _("Municipality")),
        (TYPE, _("Referral type")),
        (SENDING_UNIT, _("Sending unit")),
        (RECEIVING_UNIT, _("Receiving unit")),
    ]


# The funnel's steps after issue, each the first StatusChange that reached the state.
# Reaching an activity means activity_agreed or later: the states follow one another,
# so a referral that attends has passed activity_agreed.
STEPS = (
    ("accepted", Status.ACCEPTED),
    ("declined", Status.DECLINED),
    ("in_contact", Status.IN_CONTACT),
    ("activity", Status.ACTIVITY_AGREED),
    ("attending", Status.ATTENDING),
    ("completed", Status.COMPLETED),
)
COUNTS = ("issued", "accepted", "declined", "in_contact", "activity", "attending", "completed")
COUNT_LABELS = {
    "issued": pgettext_lazy("referrals counted", "Issued"),
    "accepted": pgettext_lazy("referrals counted", "Accepted"),
    "declined": pgettext_lazy("referrals counted", "Declined"),
    "in_contact": _("Reached the client"),
    "activity": _("Reached an activity"),
    "attending": _("Attended"),
    "completed": pgettext_lazy("referrals counted", "Completed"),
}
# The bars of the chart: the path a referral takes when it works (declines aside).
FUNNEL = ("issued", "accepted", "in_contact", "activity", "attending", "completed")

# Median days between consecutive steps: (name, from step, to step).
INTERVALS = (
    ("to_accepted", "issued", "accepted"),
    ("to_contact", "accepted", "in_contact"),
    ("to_activity", "in_contact", "activity"),
    ("to_attending", "activity", "attending"),
)
INTERVAL_LABELS = {
    "to_accepted": _("Median days: issue → accepted"),
    "to_contact": _("Median days: accepted → first contact"),
    "to_activity": _("Median days: first contact → activity agreed"),
    "to_attending": _("Median days: activity agreed → attending"),
}


@dataclass(frozen=True)
class Filters:
    """What to count. Months are the first day of the month, both ends included."""

    county: County | None = None
    municipality: Municipality | None = None
    referral_type: ReferralType | None = None
    unit: Unit | None = None
    month_from: date | None = None
    month_to: date | None = None


@dataclass
class Group:
    """The raw numbers of one row (before suppression)."""

    key: object
    label: str = ""
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    declined_by: dict = field(default_factory=lambda: dict.fromkeys(DeclineReason.values, 0))
    days: dict = field(default_factory=lambda: {name: [] for name, _a, _b in INTERVALS})

    def medians(self):
        """Median days per interval, None where fewer than five referrals took it."""
        return {
            name: round(statistics.median(values), 1) if len(values) >= SMALL_CELL else None
            for name, values in self.days.items()
        }


@dataclass
class Funnel:
    grouping: str
    groups: list
    total: Group


# --- Whose numbers ------------------------------------------------------------------


def may_view(user):
    return user.has_perm(PERM)


def referrals_in_reach(user):
    """Issued referrals whose numbers ``user`` may see: sent or received within their
    reach (their unit, their organisation, their county, or the whole country)."""
    return Referral.objects.exclude(status=Status.DRAFT).reachable_by(user, PERM)


def _with_municipality(queryset):
    return queryset.annotate(
        stats_municipality=Coalesce("preferred_municipality_id", "issuing_unit__municipality_id")
    )


def choices_for(user):
    """What the filters may offer ``user``: only what their numbers contain."""
    reach = _with_municipality(referrals_in_reach(user))
    return {
        "counties": County.objects.filter(pk__in=reach.values("county_id")),
        "municipalities": Municipality.objects.filter(
            pk__in=reach.values("stats_municipality")
        ).order_by("name_fi"),
        "referral_types": ReferralType.objects.filter(
            pk__in=reach.values("referral_type_id")
        ).select_related("county"),
        "units": Unit.objects.filter(
            Q(pk__in=reach.values("issuing_unit_id")) | Q(pk__in=reach.values("receiving_unit_id"))
        ).select_related("organisation"),
    }


# --- Counting -----------------------------------------------------------------------


def _month_start(month):
    return timezone.make_aware(datetime.combine(month.replace(day=1), time.min))


def _next_month(month):
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def filtered(user, filters):
    queryset = _with_municipality(referrals_in_reach(user))
    if filters.county:
        queryset = queryset.filter(county=filters.county)
    if filters.municipality:
        queryset = queryset.filter(stats_municipality=filters.municipality.pk)
    if filters.referral_type:
        queryset = queryset.filter(referral_type=filters.referral_type)
    if filters.unit:
        queryset = queryset.filter(Q(issuing_unit=filters.unit) | Q(receiving_unit=filters.unit))
    if filters.month_from:
        queryset = queryset.filter(issued_at__gte=_month_start(filters.month_from))
    if filters.month_to:
        queryset = queryset.filter(issued_at__lt=_month_start(_next_month(filters.month_to)))
    return queryset


def _step_rows(queryset):
    """One row per referral: its grouping columns and the first time it reached each
    step, in one query over the status trail (no query per referral)."""
    first_decline = StatusChange.objects.filter(
        referral=OuterRef("pk"), to_status=Status.DECLINED
    ).order_by("at", "pk")
    steps = {
        name: Min("status_changes__at", filter=Q(status_changes__to_status=status))
        for name, status in STEPS
    }
    return (
        queryset.order_by()
        .values(
            "pk",
            "issued_at",
            "county_id",
            "referral_type_id",
            "issuing_unit_id",
            "receiving_unit_id",
            "stats_municipality",
        )
        .annotate(
            issued_change=Min("status_changes__at", filter=Q(status_changes__to_status="issued")),
            decline_reason=Subquery(first_decline.values("reason")[:1]),
            **steps,
        )
        .iterator(chunk_size=2000)
    )


def _group_key(row, grouping):
    if grouping == Grouping.MONTH:
        return timezone.localtime(row["issued_at"]).date().replace(day=1)
    if grouping == Grouping.MUNICIPALITY:
        return row["stats_municipality"]
    return row[f"{grouping}_id"]


def _add(group, row, times):
    for name in COUNTS:
        if times[name] is not None:
            group.counts[name] += 1
    if times["declined"] is not None and row["decline_reason"] in group.declined_by:
        group.declined_by[row["decline_reason"]] += 1
    for name, start, end in INTERVALS:
        if times[start] is not None and times[end] is not None:
            group.days[name].append((times[end] - times[start]).total_seconds() / 86400)


def funnel(user, filters=Filters(), grouping=Grouping.MONTH):
    """The funnel of the referrals ``user`` may count, grouped by ``grouping``."""
    groups = {}
    total = Group(key=None, label=str(_("Total")))
    for row in _step_rows(filtered(user, filters)):
        times = {"issued": row["issued_change"] or row["issued_at"]}
        times.update({name: row[name] for name, _status in STEPS})
        key = _group_key(row, grouping)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(key=key)
        _add(group, row, times)
        _add(total, row, times)
    ordered = _label(list(groups.values()), grouping)
    return Funnel(grouping=grouping, groups=ordered, total=total)


def _label(groups, grouping):
    keys = [group.key for group in groups if group.key is not None]
    if grouping == Grouping.MONTH:
        for group in groups:
            group.label = group.key.strftime("%Y-%m")
        return sorted(groups, key=lambda group: group.key)
    model = {
        Grouping.COUNTY: County,
        Grouping.MUNICIPALITY: Municipality,
        Grouping.TYPE: ReferralType,
        Grouping.SENDING_UNIT: Unit,
        Grouping.RECEIVING_UNIT: Unit,
    }[grouping]
    objects = model.objects.filter(pk__in=keys)
    if model is Unit:
        objects = objects.select_related("organisation")
    names = {obj.pk: str(obj) for obj in objects}
    missing = {
        Grouping.RECEIVING_UNIT: _("No receiving unit (a named service or the client alone)"),
        Grouping.MUNICIPALITY: _("Municipality not known"),
    }.get(grouping, "–")
    for group in groups:
        group.label = names.get(group.key, str(missing))
    return sorted(groups, key=lambda group: (group.key is None, group.label.casefold()))


# --- Showing ------------------------------------------------------------------------


def column_keys():
    """A stable name for each column of :func:`table`, whatever the language."""
    return [
        "group",
        *COUNTS,
        *(f"declined_{code}" for code in DeclineReason.values),
        *(name for name, _a, _b in INTERVALS),
    ]


def headers(grouping):
    grouping_label = dict(Grouping.CHOICES)[grouping]
    declined = [
        _("Declined: %(reason)s") % {"reason": label} for _code, label in DeclineReason.choices
    ]
    return [
        grouping_label,
        *(COUNT_LABELS[name] for name in COUNTS),
        *declined,
        *(INTERVAL_LABELS[name] for name, _a, _b in INTERVALS),
    ]


def _shown_counts(groups):
    """The count cells of ``groups`` (the total last) as readers see them: "<5" for
    one to four, and more cells hidden where a small one could be worked out from the
    total line or, for declines, from the row's declined count (core.tables.protect)."""
    steps = [name for name in COUNTS if name != "declined"]
    reasons = list(DeclineReason.values)
    funnel = shown_grid(
        [[group.counts[name] for name in steps] for group in groups], column_totals=True
    )
    # Declines by reason add up to the declined count of their row.
    declines = shown_grid(
        [
            [*(group.declined_by[code] for code in reasons), group.counts["declined"]]
            for group in groups
        ],
        row_totals=True,
        column_totals=True,
    )
    shown = []
    for funnel_row, decline_row in zip(funnel, declines, strict=True):
        counts = dict(zip(steps, funnel_row, strict=True))
        counts["declined"] = decline_row[-1]
        shown.append([*(counts[name] for name in COUNTS), *decline_row[:-1]])
    return shown


def table(result):
    """The one table that the page, the CSV file and the spreadsheet show: small counts
    as "<5" (and the cells that would give them away hidden), medians only from five up."""
    groups = [*result.groups, result.total]
    rows = []
    for group, counts in zip(groups, _shown_counts(groups), strict=True):
        medians = group.medians()
        rows.append([group.label, *counts, *(medians[name] for name, _a, _b in INTERVALS)])
    return Table(headers=headers(result.grouping), rows=rows, title=str(_("Referral numbers")))


def sections(table):
    """The page shows the one table in three parts that fit a screen: the funnel,
    declines by reason, and the medians. Same rows, same cells as the downloads."""
    keys = column_keys()
    parts = [
        ("counts", _("How far the referrals got"), list(COUNTS)),
        (
            "declined",
            _("Declined, by reason"),
            [f"declined_{code}" for code in DeclineReason.values],
        ),
        ("medians", _("Median days between steps"), [name for name, _a, _b in INTERVALS]),
    ]
    shown = []
    for part_id, title, part_keys in parts:
        indexes = [0, *(keys.index(key) for key in part_keys)]
        rows = [[row[i] for i in indexes] for row in table.rows]
        shown.append(
            {
                "id": part_id,
                "title": title,
                "headers": [table.headers[i] for i in indexes],
                "rows": rows[:-1],
                "total": rows[-1],
            }
        )
    return shown


def chart_bars(result, shown=None):
    """The funnel of the whole selection, for the bar chart and the table beside it:
    the total line's cells as the table shows them (``shown``, from :func:`table`)."""
    if shown is None:
        shown = table(result).rows[-1]
    keys = column_keys()
    return [
        {
            "label": str(COUNT_LABELS[name]),
            # A hidden bar has no length either, or the chart would tell its number.
            "value": 0 if is_hidden(shown[keys.index(name)]) else result.total.counts[name],
            "shown": shown[keys.index(name)],
            "hidden": is_hidden(shown[keys.index(name)]),
        }
        for name in FUNNEL
    ]
