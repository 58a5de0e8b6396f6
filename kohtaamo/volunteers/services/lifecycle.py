"""A request's life, every move through :func:`_move`.

:func:`_move` looks the move up in :mod:`..states`, checks that the acting side may
make it (:data:`MOVE_ACTORS`) and saves the new status under the request's row lock.
Who is which side comes from :func:`actors_of`: the programme's coordinator, the
volunteer holding an assignment, the requester (who asked, or their unit), the client
(acting through their referral's or card's own page, which the caller has checked),
and the scheduled work (the system).

Taking a request (by an accepted offer or the coordinator's assignment) is
:func:`take`: under the request's lock, then the volunteer's, the volunteer's free
time is checked here (SQLite has no exclusion constraints) and PostgreSQL's exclusion
constraint is the last guard.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kohtaamo.accounts.models import User
from kohtaamo.notifications import Message

from ..models import MAX_PEOPLE, Assignment, HelpRequest, Offer, Volunteer
from ..states import (
    CLOSED_STATES,
    HELD_STATES,
    OPEN_STATES,
    CancelledBy,
    OfferMove,
    OfferState,
    RequestMove,
    RequestStatus,
    TransitionNotAllowed,
    VolunteerStatus,
    next_offer_state,
    next_request_status,
)
from . import notify
from .errors import AlreadyTaken, Overlap, VolunteerError, month_bounds

# The longest visit a volunteer can log, and the most people one visit reaches.
MAX_VISIT_MINUTES = 600
REMIND_BEFORE = timedelta(hours=48)


class Actor(models.TextChoices):
    COORDINATOR = "coordinator", gettext_lazy("The coordinator")
    VOLUNTEER = "volunteer", gettext_lazy("The volunteer")
    REQUESTER = "requester", gettext_lazy("The one who asked for it")
    CLIENT = "client", gettext_lazy("The client")
    SYSTEM = "system", gettext_lazy("Kohtaamo")


# Who may make which move. A volunteer takes a request by accepting an offer (ASSIGN)
# and gives it back by stepping back (RELEASE); only those who asked for it, the client
# and the coordinator cancel it.
MOVE_ACTORS: dict[str, frozenset[str]] = {
    RequestMove.OFFER: frozenset({Actor.COORDINATOR}),
    # The system: at the deadline a request goes ahead with the volunteers it has.
    RequestMove.ASSIGN: frozenset({Actor.COORDINATOR, Actor.VOLUNTEER, Actor.SYSTEM}),
    RequestMove.WITHDRAW_OFFERS: frozenset({Actor.COORDINATOR, Actor.VOLUNTEER, Actor.SYSTEM}),
    RequestMove.CONFIRM: frozenset({Actor.COORDINATOR, Actor.VOLUNTEER}),
    RequestMove.RELEASE: frozenset({Actor.COORDINATOR, Actor.VOLUNTEER}),
    RequestMove.LOG_VISIT: frozenset({Actor.COORDINATOR, Actor.VOLUNTEER}),
    RequestMove.LOG_NO_SHOW: frozenset({Actor.COORDINATOR, Actor.VOLUNTEER}),
    RequestMove.CANCEL: frozenset({Actor.COORDINATOR, Actor.REQUESTER, Actor.CLIENT}),
    RequestMove.EXPIRE: frozenset({Actor.COORDINATOR, Actor.SYSTEM}),
    RequestMove.REOPEN: frozenset({Actor.COORDINATOR}),
}

# Who may say a request was cancelled by whom: the coordinator records any answer
# (the client phoned, the venue cancelled); the others speak for themselves.
CANCELLERS: dict[str, frozenset[str]] = {
    Actor.COORDINATOR: frozenset(CancelledBy.values),
    Actor.REQUESTER: frozenset({CancelledBy.REQUESTER, CancelledBy.CLIENT}),
    Actor.CLIENT: frozenset({CancelledBy.CLIENT}),
}


def is_coordinator(user: User | None, request: HelpRequest) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.has_perm("volunteers.assign_helprequest", request.programme)
    )


def actors_of(user: User | None, request: HelpRequest) -> set[str]:
    """The sides of ``request`` that ``user`` acts for (none for a stranger)."""
    if user is None or not user.is_authenticated:
        return set()
    held: set[str] = set()
    if is_coordinator(user, request):
        held.add(Actor.COORDINATOR)
    if Assignment.objects.filter(request=request, volunteer__user=user, is_active=True).exists():
        held.add(Actor.VOLUNTEER)
    if request.requested_by_id == user.pk or user.has_perm(
        "volunteers.cancel_helprequest", request
    ):
        held.add(Actor.REQUESTER)
    return held


def may(actor: str, move: str) -> bool:
    return actor in MOVE_ACTORS.get(move, frozenset())


def _actor_for(user: User | None, request: HelpRequest, move: str) -> str:
    """The side ``user`` makes ``move`` for, or refused."""
    held = actors_of(user, request)
    allowed = held & MOVE_ACTORS.get(move, frozenset())
    if not allowed:
        # Not this person's move to make, whatever the request's state.
        raise PermissionDenied
    return sorted(allowed)[0]


def _move(
    request: HelpRequest,
    move: str,
    *,
    actor: str,
    now: datetime,
    changes: dict[str, Any] | None = None,
    locked: HelpRequest | None = None,
) -> HelpRequest:
    """Make ``move`` on ``request`` as ``actor`` (found by :func:`_actor_for` or
    :func:`_own_assignment`), in one transaction under the request's row lock. The one
    place a request's status changes."""
    if not may(actor, move):
        raise TransitionNotAllowed(request.status, move, actor)
    with transaction.atomic():
        row = locked or HelpRequest.objects.select_for_update().get(pk=request.pk)
        new_status = next_request_status(row.status, move)
        for name, value in (changes or {}).items():
            setattr(row, name, value)
        row.status = new_status
        row.updated_at = now
        row.save()
    if row is not request:
        request.status = row.status
        for name in changes or {}:
            setattr(request, name, getattr(row, name))
    return request


def lock(request: HelpRequest) -> HelpRequest:
    """The request's row, locked until the transaction ends (call inside atomic)."""
    return HelpRequest.objects.select_for_update().select_related("programme").get(pk=request.pk)


# -- taking a request -----------------------------------------------------------------


def held_overlapping(volunteer: Volunteer, starts_at: datetime, ends_at: datetime) -> bool:
    """Does the volunteer hold an assignment that overlaps [starts_at, ends_at)? The
    same rule as the PostgreSQL exclusion constraint, for SQLite."""
    return Assignment.objects.filter(
        volunteer=volunteer, is_active=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists()


def month_count(volunteer: Volunteer, moment: datetime) -> int:
    """Held and took-place assignments in the local calendar month of ``moment``."""
    start, end = month_bounds(moment)
    return Assignment.objects.filter(
        volunteer=volunteer,
        is_active=True,
        request__status__in=HELD_STATES | {RequestStatus.TOOK_PLACE},
        starts_at__gte=start,
        starts_at__lt=end,
    ).count()


def _is_overlap(error: IntegrityError) -> bool:
    return "assignment_no_overlap_per_volunteer" in str(error) or "exclusion" in str(error).lower()


def take(row: HelpRequest, volunteer: Volunteer, *, by: User | None, now: datetime) -> Assignment:
    """One volunteer takes a place in the locked request ``row``: checked free, under
    the volunteer's row lock, and the request moves to assigned when it is full.
    Call inside ``transaction.atomic`` with ``row`` locked."""
    if row.status not in OPEN_STATES:
        raise AlreadyTaken
    person = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if person.status != VolunteerStatus.APPROVED or person.programme_id != row.programme_id:
        raise VolunteerError(_("This volunteer cannot take requests now."), code="not_active")
    active = list(Assignment.objects.filter(request=row, is_active=True))
    if any(a.volunteer_id == person.pk for a in active):
        raise VolunteerError(_("You already have this assignment."), code="already_assigned")
    if len(active) >= row.volunteers_needed:
        raise AlreadyTaken
    if held_overlapping(person, row.starts_at, row.ends_at):
        raise Overlap
    if month_count(person, row.starts_at) >= person.monthly_cap:
        raise VolunteerError(
            _("This would go over the most assignments a month you agreed to."), code="cap"
        )
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                request=row,
                volunteer=person,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                assigned_by=by if by is not None and by.is_authenticated else None,
            )
    except IntegrityError as error:
        # PostgreSQL's exclusion constraint: another transaction gave the volunteer an
        # overlapping assignment first.
        if _is_overlap(error):
            raise Overlap from None
        raise
    if len(active) + 1 >= row.volunteers_needed:
        actor = Actor.VOLUNTEER if by is None else Actor.COORDINATOR
        _move(row, RequestMove.ASSIGN, actor=actor, now=now, locked=row)
        closed = close_open_offers(row, now=now)
        transaction.on_commit(lambda: _tell_taken(closed))
    return assignment


def close_open_offers(row: HelpRequest, *, now: datetime) -> list[Offer]:
    """Close the request's offers nobody answered; returns them (to tell their people)."""
    taking = Assignment.objects.filter(request=row, is_active=True).values("volunteer_id")
    open_offers = list(
        Offer.objects.select_related("volunteer__user", "request")
        .filter(request=row, state=OfferState.OPEN)
        # The offer being accepted right now is not closed under its volunteer.
        .exclude(volunteer_id__in=taking)
        .order_by("pk")
    )
    for offer in open_offers:
        offer.state = next_offer_state(offer.state, OfferMove.CLOSE)
        offer.answered_at = now
    Offer.objects.bulk_update(open_offers, ["state", "answered_at"])
    return open_offers


def _tell_taken(offers: Iterable[Offer]) -> None:
    for offer in offers:
        request = offer.request

        def build(language: str, request: HelpRequest = request) -> Message:
            return Message(
                _("The request has been taken"),
                notify.lines(
                    _("Another volunteer took the request %(what)s on %(when)s.")
                    % {"what": notify.what(request), "when": notify.when(request)},
                    _("Thank you for being ready to help!"),
                ),
            )

        notify.to_volunteer(offer.volunteer, build, sms=False)


def assign(
    request: HelpRequest, volunteer: Volunteer, *, by: User, now: datetime | None = None
) -> Assignment:
    """The coordinator gives the request to ``volunteer`` directly."""
    now = now or timezone.now()
    if not is_coordinator(by, request):
        raise PermissionDenied
    with transaction.atomic():
        row = lock(request)
        assignment = take(row, volunteer, by=by, now=now)
        transaction.on_commit(lambda: _tell_assigned(assignment))
    request.refresh_from_db()
    return assignment


def _tell_assigned(assignment: Assignment) -> None:
    request = assignment.request

    def build(language: str) -> Message:
        return Message(
            _("You have a new assignment"),
            notify.lines(
                _("The coordinator gave you the request %(what)s on %(when)s.")
                % {"what": notify.what(request), "when": notify.when(request)},
                notify.link(notify.assignment_path(assignment, language)),
            ),
        )

    notify.to_volunteer(assignment.volunteer, build)


def _own_assignment(assignment: Assignment, by: User | None, move: str) -> str:
    """The side ``by`` takes on ``assignment``: its volunteer, or the coordinator."""
    request = assignment.request
    if by is not None and by.is_authenticated:
        if assignment.volunteer.user_id == by.pk and assignment.is_active:
            return Actor.VOLUNTEER
        if is_coordinator(by, request):
            return Actor.COORDINATOR
    raise PermissionDenied


def confirm(assignment: Assignment, *, by: User, now: datetime | None = None) -> Assignment:
    """The volunteer confirms they are coming; the request is confirmed when every
    volunteer it needs has confirmed."""
    now = now or timezone.now()
    actor = _own_assignment(assignment, by, RequestMove.CONFIRM)
    with transaction.atomic():
        row = lock(assignment.request)
        if not assignment.is_active or row.status not in HELD_STATES:
            raise TransitionNotAllowed(row.status, RequestMove.CONFIRM, actor)
        Assignment.objects.filter(pk=assignment.pk).update(confirmed_at=now)
        unconfirmed = Assignment.objects.filter(
            request=row, is_active=True, confirmed_at__isnull=True
        ).exists()
        if row.status == RequestStatus.ASSIGNED and not unconfirmed:
            _move(row, RequestMove.CONFIRM, actor=actor, now=now, locked=row)
    assignment.refresh_from_db()
    return assignment


def release(
    assignment: Assignment, *, by: User, reason: str = "", now: datetime | None = None
) -> Assignment:
    """The volunteer steps back (or the coordinator takes them off): the request looks
    for someone else, and the coordinator is told."""
    now = now or timezone.now()
    actor = _own_assignment(assignment, by, RequestMove.RELEASE)
    with transaction.atomic():
        row = lock(assignment.request)
        current = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if not current.is_active:
            raise TransitionNotAllowed(row.status, RequestMove.RELEASE, actor)
        if row.status in HELD_STATES:
            _move(row, RequestMove.RELEASE, actor=actor, now=now, locked=row)
        elif row.status not in OPEN_STATES:
            raise TransitionNotAllowed(row.status, RequestMove.RELEASE, actor)
        current.is_active = False
        current.ended_at = now
        current.report_note = reason.strip()[:500] or current.report_note
        current.save(update_fields=["is_active", "ended_at", "report_note"])
        transaction.on_commit(lambda: _tell_released(current, actor))
    assignment.refresh_from_db()
    return assignment


def _tell_released(assignment: Assignment, actor: str) -> None:
    request = assignment.request

    def build(language: str) -> Message:
        return Message(
            _("A volunteer stepped back"),
            notify.lines(
                _("%(name)s can no longer come to %(what)s on %(when)s. Please find someone else.")
                % {
                    "name": assignment.volunteer.full_name,
                    "what": notify.what(request),
                    "when": notify.when(request),
                },
                notify.link(notify.request_path(request, language)),
            ),
        )

    notify.to_coordinators(request.programme, build)
    if actor == Actor.COORDINATOR:

        def told(language: str) -> Message:
            return Message(
                _("Your assignment has changed"),
                _("The coordinator took you off the request %(what)s on %(when)s.")
                % {"what": notify.what(request), "when": notify.when(request)},
            )

        notify.to_volunteer(assignment.volunteer, told)


def cancel(
    request: HelpRequest,
    *,
    by: User | None,
    cancelled_by: str,
    reason: str,
    now: datetime | None = None,
    as_client: bool = False,
) -> HelpRequest:
    """Cancel the request, saying by whom and why. ``by=None, as_client=True`` is the
    client through their own referral or card page (the caller checked it)."""
    now = now or timezone.now()
    cancelled_by = CancelledBy(cancelled_by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell why it is cancelled.")}, code="reason_required")
    actor = Actor.CLIENT if as_client else _actor_for(by, request, RequestMove.CANCEL)
    if cancelled_by not in CANCELLERS.get(actor, frozenset()):
        raise PermissionDenied
    with transaction.atomic():
        row = lock(request)
        _move(
            row,
            RequestMove.CANCEL,
            actor=actor,
            now=now,
            locked=row,
            changes={"cancelled_by": cancelled_by, "cancel_reason": reason[:200]},
        )
        held = list(
            Assignment.objects.select_related("volunteer__user").filter(request=row, is_active=True)
        )
        Assignment.objects.filter(pk__in=[a.pk for a in held]).update(is_active=False, ended_at=now)
        closed = close_open_offers(row, now=now)
        transaction.on_commit(lambda: _tell_cancelled(row, held, closed, actor))
    request.refresh_from_db()
    return request


def _tell_cancelled(
    request: HelpRequest, held: list[Assignment], closed: list[Offer], actor: str
) -> None:
    def build(language: str) -> Message:
        return Message(
            _("A request was cancelled"),
            notify.lines(
                _("The request %(what)s on %(when)s was cancelled.")
                % {"what": notify.what(request), "when": notify.when(request)},
                _("Cancelled by: %(who)s. Why: %(reason)s")
                % {
                    "who": CancelledBy(request.cancelled_by).label,
                    "reason": request.cancel_reason,
                },
            ),
        )

    for assignment in held:
        notify.to_volunteer(assignment.volunteer, build)
    for offer in closed:
        notify.to_volunteer(offer.volunteer, build, sms=False)
    if actor != Actor.COORDINATOR:
        notify.to_coordinators(request.programme, build)
    if actor == Actor.COORDINATOR:
        notify.to_requester(request, build)


def reopen(
    request: HelpRequest,
    *,
    by: User,
    starts_at: datetime,
    ends_at: datetime,
    fill_by: datetime,
    now: datetime | None = None,
) -> HelpRequest:
    """The coordinator opens an unfilled request again with a new time."""
    now = now or timezone.now()
    if not (now < fill_by <= starts_at < ends_at):
        raise ValidationError(_("Check the times."), code="times")
    changes = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "fill_by": fill_by,
        "reminded_at": None,
        "unfilled_alert_at": None,
    }
    actor = _actor_for(by, request, RequestMove.REOPEN)
    return _move(request, RequestMove.REOPEN, actor=actor, now=now, changes=changes)


# -- after the visit ------------------------------------------------------------------


def _check_report(minutes: int, people: int, how_it_went: int | None) -> None:
    errors = {}
    if not 1 <= minutes <= MAX_VISIT_MINUTES:
        errors["minutes"] = ValidationError(
            _("Write the length of the visit in minutes, from 1 to %(most)s.")
            % {"most": MAX_VISIT_MINUTES},
            code="minutes",
        )
    if not 1 <= people <= MAX_PEOPLE:
        errors["people"] = ValidationError(
            _("Write how many people took part, from 1 to %(most)s.") % {"most": MAX_PEOPLE},
            code="people",
        )
    if how_it_went is not None and not 1 <= how_it_went <= 5:
        errors["how_it_went"] = ValidationError(_("Choose from 1 to 5."), code="how_it_went")
    if errors:
        raise ValidationError(errors)


def log_visit(
    assignment: Assignment,
    *,
    took_place: bool = True,
    minutes: int = 0,
    people: int = 1,
    what_was_done: str = "",
    how_it_went: int | None = None,
    note: str = "",
    by: User,
    now: datetime | None = None,
) -> Assignment:
    """The volunteer's report after the visit; the first report closes the request as
    taken place (``took_place=False`` is :func:`log_no_show`)."""
    now = now or timezone.now()
    if not took_place:
        return log_no_show(assignment, by=by, note=note, now=now)
    actor = _own_assignment(assignment, by, RequestMove.LOG_VISIT)
    _check_report(minutes, people, how_it_went)
    with transaction.atomic():
        row = lock(assignment.request)
        if now < row.starts_at:
            raise ValidationError(
                _("A visit can be logged once it has started."), code="not_started"
            )
        if row.status in HELD_STATES:
            _move(row, RequestMove.LOG_VISIT, actor=actor, now=now, locked=row)
        elif row.status != RequestStatus.TOOK_PLACE:
            raise TransitionNotAllowed(row.status, RequestMove.LOG_VISIT, actor)
        Assignment.objects.filter(pk=assignment.pk).update(
            took_place=True,
            minutes=minutes,
            people_reached=people,
            what_was_done=what_was_done.strip()[:500],
            how_it_went=how_it_went,
            report_note=note.strip()[:500],
            reported_at=now,
            ended_at=row.ends_at,
        )
    assignment.refresh_from_db()
    return assignment


def log_no_show(
    assignment: Assignment, *, by: User, note: str = "", now: datetime | None = None
) -> Assignment:
    now = now or timezone.now()
    actor = _own_assignment(assignment, by, RequestMove.LOG_NO_SHOW)
    with transaction.atomic():
        row = lock(assignment.request)
        if now < row.starts_at:
            raise ValidationError(
                _("A visit can be logged once it has started."), code="not_started"
            )
        if row.status in HELD_STATES:
            _move(row, RequestMove.LOG_NO_SHOW, actor=actor, now=now, locked=row)
        elif row.status != RequestStatus.NO_SHOW:
            raise TransitionNotAllowed(row.status, RequestMove.LOG_NO_SHOW, actor)
        Assignment.objects.filter(pk=assignment.pk).update(
            took_place=False, report_note=note.strip()[:500], reported_at=now, ended_at=now
        )
    assignment.refresh_from_db()
    return assignment


__all__ = [
    "CLOSED_STATES",
    "MOVE_ACTORS",
    "Actor",
    "actors_of",
    "assign",
    "cancel",
    "confirm",
    "log_no_show",
    "log_visit",
    "may",
    "release",
    "reopen",
]
