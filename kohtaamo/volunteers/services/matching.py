"""Which volunteers can take a request, best first, and why the others cannot.

:func:`candidates` asks the database a fixed handful of questions (never one per
volunteer), each narrowing the set of volunteers: the approved volunteers of the
request's programme who help in its municipality, are free at that time of the week,
speak its language, have valid trainings and checks, are not away, not busy with
another assignment and have room under their monthly cap; what a JSON list holds
(kinds of help, the help needed) is checked on the rows it returns. :func:`why_not` checks the
same rules for one volunteer in plain Python, rule by rule, so the two can be tested
against each other: every candidate passes every rule, every approved volunteer left
out fails at least one named rule.

Times of the week, dates away, months and training dates are local (Europe/Helsinki).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    Absence,
    Assignment,
    Assistance,
    HelpKind,
    HelpRequest,
    Offer,
    Training,
    TrainingKind,
    Volunteer,
    WeeklyAvailability,
)
from ..states import HELD_STATES, OfferState, RequestStatus, VolunteerStatus
from .errors import local, month_bounds

# Assignments counted as a volunteer's recent load: from this long ago on.
RECENT = timedelta(days=90)
# A criminal-record check for work with minors is valid this many years.
RECORD_CHECK_YEARS = 5
# Needs that call for first aid: helping someone move (and group visits, below).
FIRST_AID_NEEDS = frozenset({Assistance.WHEELCHAIR, Assistance.WALKING_SUPPORT})
# One shared interest is worth this many recent assignments in the ranking.
INTEREST_WEIGHT = 2
# Counted against the monthly cap: held now, or already took place.
COUNTED_STATES = HELD_STATES | {RequestStatus.TOOK_PLACE}

RULE_LABELS = {
    "not_approved": gettext_lazy("Not an active volunteer now"),
    "other_programme": gettext_lazy("A volunteer of another programme"),
    "not_available": gettext_lazy("Not free at this time of the week"),
    "away": gettext_lazy("Away on this date"),
    "busy": gettext_lazy("Has another assignment at this time"),
    "already_assigned": gettext_lazy("Already has this assignment"),
    "declined": gettext_lazy("Declined this request"),
    "language": gettext_lazy("Does not speak the language"),
    "area": gettext_lazy("Does not help in this municipality"),
    "help_kind": gettext_lazy("Does not give this kind of help"),
    "assistance": gettext_lazy("Cannot give the help needed"),
    "basic_training": gettext_lazy("No valid basic training on the date"),
    "first_aid": gettext_lazy("No valid first aid training on the date"),
    "record_check": gettext_lazy(
        "No criminal record check in the last five years (children or young people take part)"
    ),
    "cap": gettext_lazy("Already has the most assignments they agreed to this month"),
}


@dataclass
class Candidate:
    volunteer: Volunteer
    score: int
    reasons: list[str] = field(default_factory=list)
    recent_count: int = 0
    interests_matched: int = 0
    month_count: int = 0


@dataclass(frozen=True)
class Window:
    """The request's time as the volunteer's week sees it."""

    weekday: int
    starts: time
    ends: time
    first_day: date
    last_day: date


def window(request: HelpRequest) -> Window | None:
    """None when the request crosses midnight: no weekly time covers it."""
    start, end = local(request.starts_at), local(request.ends_at)
    ends = end.time()
    if end.date() != start.date():
        if end.date() == start.date() + timedelta(days=1) and ends == time(0):
            ends = time(23, 59, 59)
        else:
            return None
    return Window(start.weekday(), start.time(), ends, start.date(), end.date())


def needs_first_aid(request: HelpRequest) -> bool:
    return request.help_kind == HelpKind.GROUP_VISIT or bool(
        set(request.needs or ()) & FIRST_AID_NEEDS
    )


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def gives_help_kind(volunteer: Volunteer, kind: str) -> bool:
    # Going along is every guide's help: an empty list means just that.
    return kind in (volunteer.help_kinds or [HelpKind.ACCOMPANY])


def gives_assistance(volunteer: Volunteer, needs: list[str]) -> bool:
    return set(needs or ()) <= set(volunteer.assistance or ())


@dataclass
class Narrowed:
    """Volunteers passing every rule the database answers, with the counts ranking
    needs (``volunteer id -> number``)."""

    volunteers: list[Volunteer]
    month_count: dict[int, int]
    recent_count: dict[int, int]
    interests_matched: dict[int, int]


def _ids(queryset: QuerySet[Any], field: str = "volunteer_id") -> set[int]:
    return set(queryset.values_list(field, flat=True))


def _valid_training(kind: str, day: date) -> Q:
    return Q(kind=kind, completed_on__lte=day) & (
        Q(expires_on__isnull=True) | Q(expires_on__gte=day)
    )


def eligible(request: HelpRequest, *, now: datetime) -> Narrowed:
    """The volunteers passing every rule the database can check.

    At most five queries whatever the size of the programme: who the volunteers are
    (where, when in the week, languages, trainings, checks), then for the few left their
    dates away and declined offers, their assignments (busy, monthly cap, recent load),
    and the interests they share with the request. One query with a dozen correlated
    subqueries took PostgreSQL longer to plan than to run."""
    empty = Narrowed([], {}, {}, {})
    slot = window(request)
    if slot is None:
        return empty
    day = slot.first_day
    people = Volunteer.objects.filter(
        programme_id=request.programme_id, status=VolunteerStatus.APPROVED
    )
    if request.involves_minors:
        people = people.filter(
            record_checked_on__gte=years_before(day, RECORD_CHECK_YEARS),
            record_checked_on__lte=day,
        )
    # One question for what a volunteer is (where, when in the week, languages,
    # trainings); the rows come back whole, so the lists they hold are checked here.
    mine = OuterRef("pk")
    people = people.filter(
        Exists(
            Volunteer.municipalities.through.objects.filter(
                volunteer_id=mine, municipality_id=request.municipality_id
            )
        ),
        Exists(
            WeeklyAvailability.objects.filter(
                volunteer_id=mine,
                weekday=slot.weekday,
                starts__lte=slot.starts,
                ends__gte=slot.ends,
            )
        ),
        Exists(
            Training.objects.filter(_valid_training(TrainingKind.BASIC, day), volunteer_id=mine)
        ),
    )
    if request.language_id is not None:
        people = people.filter(
            Exists(
                Volunteer.languages.through.objects.filter(
                    volunteer_id=mine, language_id=request.language_id
                )
            )
        )
    if needs_first_aid(request):
        people = people.filter(
            Exists(
                Training.objects.filter(
                    _valid_training(TrainingKind.FIRST_AID, day), volunteer_id=mine
                )
            )
        )
    rows = {
        v.pk: v
        for v in people.order_by("pk")
        if gives_help_kind(v, request.help_kind) and gives_assistance(v, request.needs)
    }
    ids = set(rows)
    if not ids:
        return empty
    ids -= _ids(
        Absence.objects.filter(
            volunteer_id__in=ids, starts_on__lte=slot.last_day, ends_on__gte=slot.first_day
        )
    )
    if request.pk:
        ids -= _ids(
            Offer.objects.filter(
                volunteer_id__in=ids, request_id=request.pk, state=OfferState.DECLINED
            )
        )
    if not ids:
        return empty
    # One read of the assignments that matter: overlapping ones, this month's and the
    # recent ones.
    month_start, month_end = month_bounds(request.starts_at)
    since = min(month_start, now - RECENT)
    until = max(month_end, request.ends_at)
    month_count: dict[int, int] = {}
    recent_count: dict[int, int] = {}
    busy = set()
    held = Assignment.objects.filter(
        volunteer_id__in=ids, is_active=True, starts_at__lt=until, ends_at__gt=since
    ).values_list("volunteer_id", "starts_at", "ends_at", "request__status")
    for volunteer_id, starts_at, ends_at, status in held:
        if starts_at < request.ends_at and ends_at > request.starts_at:
            busy.add(volunteer_id)
        if status not in COUNTED_STATES:
            continue
        if month_start <= starts_at < month_end:
            month_count[volunteer_id] = month_count.get(volunteer_id, 0) + 1
        if starts_at >= now - RECENT:
            recent_count[volunteer_id] = recent_count.get(volunteer_id, 0) + 1
    ids -= busy
    interests: dict[int, int] = {}
    if request.pk and ids:
        wanted = HelpRequest.art_forms.through.objects.filter(helprequest_id=request.pk)
        for volunteer_id in Volunteer.interests.through.objects.filter(
            volunteer_id__in=ids, artform_id__in=wanted.values("artform_id")
        ).values_list("volunteer_id", flat=True):
            interests[volunteer_id] = interests.get(volunteer_id, 0) + 1
    volunteers = [rows[pk] for pk in sorted(ids) if month_count.get(pk, 0) < rows[pk].monthly_cap]
    return Narrowed(volunteers, month_count, recent_count, interests)


def _reasons(candidate: Candidate, request: HelpRequest) -> list[str]:
    reasons = []
    if candidate.interests_matched:
        reasons.append(
            _("Shares %(count)s of the art forms of the request")
            % {"count": candidate.interests_matched}
        )
    reasons.append(
        _("%(count)s assignments in the last 90 days") % {"count": candidate.recent_count}
    )
    if request.language_id and request.language is not None:
        reasons.append(_("Speaks %(language)s") % {"language": request.language})
    return reasons


def candidates(
    request: HelpRequest, *, now: datetime | None = None, limit: int | None = None
) -> list[Candidate]:
    """Eligible volunteers, best first: most shared interests, then fewest recent
    assignments (a shared interest weighs as much as ``INTEREST_WEIGHT`` of them)."""
    now = now or timezone.now()
    found = []
    narrowed = eligible(request, now=now)
    for volunteer in narrowed.volunteers:
        if not gives_help_kind(volunteer, request.help_kind):
            continue
        if not gives_assistance(volunteer, request.needs):
            continue
        matched = narrowed.interests_matched.get(volunteer.pk, 0)
        recent = narrowed.recent_count.get(volunteer.pk, 0)
        found.append(
            Candidate(
                volunteer=volunteer,
                score=INTEREST_WEIGHT * matched - recent,
                recent_count=recent,
                interests_matched=matched,
                month_count=narrowed.month_count.get(volunteer.pk, 0),
            )
        )
    found.sort(key=lambda c: (-c.score, c.recent_count, c.volunteer.full_name, c.volunteer.pk))
    if limit is not None:
        found = found[:limit]
    for candidate in found:
        candidate.reasons = _reasons(candidate, request)
    return found


def why_not(
    volunteer: Volunteer, request: HelpRequest, *, now: datetime | None = None
) -> list[str]:
    """The rules (keys of :data:`RULE_LABELS`) ``volunteer`` fails for ``request``;
    empty when they could take it. Plain Python over the volunteer's own rows."""
    now = now or timezone.now()
    fails = []
    if volunteer.status != VolunteerStatus.APPROVED:
        fails.append("not_approved")
    if volunteer.programme_id != request.programme_id:
        fails.append("other_programme")
    slot = window(request)
    if slot is None or not any(
        w.weekday == slot.weekday and w.starts <= slot.starts and w.ends >= slot.ends
        for w in volunteer.weekly.all()
    ):
        fails.append("not_available")
    first_day = local(request.starts_at).date()
    last_day = local(request.ends_at).date()
    if any(a.starts_on <= last_day and a.ends_on >= first_day for a in volunteer.absences.all()):
        fails.append("away")
    held = [a for a in volunteer.assignments.all() if a.is_active]
    if any(a.request_id == request.pk for a in held):
        fails.append("already_assigned")
    if any(a.starts_at < request.ends_at and a.ends_at > request.starts_at for a in held):
        fails.append("busy")
    if any(
        o.request_id == request.pk and o.state == OfferState.DECLINED
        for o in volunteer.offers.all()
    ):
        fails.append("declined")
    if request.language_id and request.language_id not in {
        language.pk for language in volunteer.languages.all()
    }:
        fails.append("language")
    if request.municipality_id not in {m.pk for m in volunteer.municipalities.all()}:
        fails.append("area")
    if not gives_help_kind(volunteer, request.help_kind):
        fails.append("help_kind")
    if not gives_assistance(volunteer, request.needs):
        fails.append("assistance")

    def valid(kind: str) -> bool:
        return any(
            t.kind == kind
            and t.completed_on <= first_day
            and (t.expires_on is None or t.expires_on >= first_day)
            for t in volunteer.trainings.all()
        )

    if not valid(TrainingKind.BASIC):
        fails.append("basic_training")
    if needs_first_aid(request) and not valid(TrainingKind.FIRST_AID):
        fails.append("first_aid")
    checked = volunteer.record_checked_on
    if request.involves_minors and not (
        checked and years_before(first_day, RECORD_CHECK_YEARS) <= checked <= first_day
    ):
        fails.append("record_check")
    month_start, month_end = month_bounds(request.starts_at)
    in_month = [
        a
        for a in held
        if month_start <= a.starts_at < month_end and a.request.status in COUNTED_STATES
    ]
    if len(in_month) >= volunteer.monthly_cap:
        fails.append("cap")
    return fails


def explain(rules: list[str]) -> list[str]:
    """The rules :func:`why_not` named, in words."""
    return [str(RULE_LABELS[rule]) for rule in rules]
