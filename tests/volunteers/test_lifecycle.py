"""A request's life: who may make which move, and what each move leaves behind."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from kohtaamo.accounts.roles import Role
from kohtaamo.volunteers import services
from kohtaamo.volunteers.models import Assignment, Offer
from kohtaamo.volunteers.services.lifecycle import Actor
from kohtaamo.volunteers.states import (
    REQUEST_TRANSITIONS,
    OfferState,
    RequestMove,
    RequestStatus,
    TransitionNotAllowed,
)
from tests import factories

from .conftest import NOW, START

pytestmark = pytest.mark.django_db

C, V, R, CL, S = (Actor.COORDINATOR, Actor.VOLUNTEER, Actor.REQUESTER, Actor.CLIENT, Actor.SYSTEM)

# Who may make each move, written out: the table the services follow.
EXPECTED = {
    RequestMove.OFFER: {C},
    RequestMove.ASSIGN: {C, V, S},
    RequestMove.WITHDRAW_OFFERS: {C, V, S},
    RequestMove.CONFIRM: {C, V},
    RequestMove.RELEASE: {C, V},
    RequestMove.LOG_VISIT: {C, V},
    RequestMove.LOG_NO_SHOW: {C, V},
    RequestMove.CANCEL: {C, R, CL},
    RequestMove.EXPIRE: {C, S},
    RequestMove.REOPEN: {C},
}


@pytest.mark.parametrize("move", list(RequestMove))
@pytest.mark.parametrize("actor", list(Actor))
def test_who_may_make_which_move(actor, move):
    assert services.may(actor, move) == (actor in EXPECTED[move])


def test_every_move_in_the_state_table_has_someone_to_make_it():
    assert {move for (_state, move) in REQUEST_TRANSITIONS} == set(EXPECTED)


@pytest.fixture
def world(make_volunteer, make_request, coordinator, nurse, programme):
    volunteer = make_volunteer(full_name="Aada")
    other = make_volunteer(full_name="Bertta")
    request = make_request(
        requesting_unit=nurse.test_unit, requested_by=nurse, contact_email="hoitaja@example.fi"
    )
    stranger = factories.member(Role.VOLUNTEER_COORDINATOR)  # another organisation
    return {
        "volunteer": volunteer,
        "other": other,
        "request": request,
        "coordinator": coordinator,
        "nurse": nurse,
        "stranger": stranger,
    }


def assigned(world):
    return services.assign(world["request"], world["volunteer"], by=world["coordinator"], now=NOW)


def status(request):
    request.refresh_from_db()
    return request.status


def test_who_is_which_side(world):
    request = world["request"]
    assignment = assigned(world)
    assert services.actors_of(world["coordinator"], request) == {C, R}
    assert services.actors_of(world["volunteer"].user, request) == {V}
    assert services.actors_of(world["nurse"], request) == {R}
    assert services.actors_of(world["other"].user, request) == set()
    assert services.actors_of(world["stranger"], request) == set()
    assert assignment.assigned_by == world["coordinator"]


@pytest.mark.parametrize("who", ["nurse", "other", "stranger"])
def test_only_the_coordinator_assigns(world, who):
    person = world[who]
    with pytest.raises(PermissionDenied):
        services.assign(world["request"], world["volunteer"], by=getattr(person, "user", person))
    assert status(world["request"]) == RequestStatus.REQUESTED


@pytest.mark.parametrize("who", ["volunteer", "coordinator"])
def test_confirm_by_the_volunteer_or_the_coordinator(world, who):
    assignment = assigned(world)
    person = world[who]
    services.confirm(assignment, by=getattr(person, "user", person), now=NOW)
    assert status(world["request"]) == RequestStatus.CONFIRMED
    assert assignment.confirmed_at == NOW


@pytest.mark.parametrize("who", ["nurse", "other", "stranger"])
def test_nobody_else_confirms_or_steps_back(world, who):
    assignment = assigned(world)
    person = world[who]
    user = getattr(person, "user", person)
    with pytest.raises(PermissionDenied):
        services.confirm(assignment, by=user, now=NOW)
    with pytest.raises(PermissionDenied):
        services.release(assignment, by=user, now=NOW)
    with pytest.raises(PermissionDenied):
        services.log_visit(assignment, minutes=60, people=1, by=user, now=START)
    assert status(world["request"]) == RequestStatus.ASSIGNED


def test_confirming_a_request_nobody_holds_is_refused(world):
    assignment = assigned(world)
    services.release(assignment, by=world["volunteer"].user, now=NOW)
    with pytest.raises((TransitionNotAllowed, PermissionDenied)):
        services.confirm(assignment, by=world["coordinator"], now=NOW)


def test_stepping_back_gives_the_request_back_and_tells_the_coordinator(
    world, django_capture_on_commit_callbacks
):
    assignment = assigned(world)
    services.confirm(assignment, by=world["volunteer"].user, now=NOW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.release(assignment, by=world["volunteer"].user, reason="Sairastuin", now=NOW)
    assert status(world["request"]) == RequestStatus.REQUESTED
    assignment.refresh_from_db()
    assert not assignment.is_active and assignment.ended_at == NOW
    assert [m.to for m in mail.outbox] == [["luotsit@kirjasto.example"]]
    assert "Aada" in mail.outbox[0].body
    # The time is free again, for anyone.
    assert {c.volunteer.full_name for c in services.candidates(world["request"], now=NOW)} == {
        "Aada",
        "Bertta",
    }


@pytest.mark.parametrize(
    ("who", "cancelled_by"),
    [("coordinator", "venue"), ("coordinator", "client"), ("nurse", "requester")],
)
def test_cancel_says_by_whom_and_why(world, who, cancelled_by, django_capture_on_commit_callbacks):
    assignment = assigned(world)
    Offer.objects.create(request=world["request"], volunteer=world["other"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.cancel(
            world["request"],
            by=world[who],
            cancelled_by=cancelled_by,
            reason="Konsertti peruttiin",
            now=NOW,
        )
    assert request.status == RequestStatus.CANCELLED
    assert (request.cancelled_by, request.cancel_reason) == (cancelled_by, "Konsertti peruttiin")
    assignment.refresh_from_db()
    assert not assignment.is_active
    assert Offer.objects.get(volunteer=world["other"]).state == OfferState.CLOSED
    told = {address for m in mail.outbox for address in m.to}
    assert {world["volunteer"].email, world["other"].email} <= told
    assert any("Konsertti peruttiin" in m.body for m in mail.outbox)


def test_the_client_cancels_through_their_own_page(world):
    request = services.cancel(
        world["request"], by=None, as_client=True, cancelled_by="client", reason="En pääse"
    )
    assert (request.status, request.cancelled_by) == (RequestStatus.CANCELLED, "client")


def test_a_requester_cannot_say_the_venue_cancelled(world):
    with pytest.raises(PermissionDenied):
        services.cancel(
            world["request"], by=world["nurse"], cancelled_by="venue", reason="x", now=NOW
        )


@pytest.mark.parametrize("who", ["volunteer", "other", "stranger"])
def test_volunteers_and_strangers_cannot_cancel(world, who):
    assigned(world)
    person = world[who]
    with pytest.raises((PermissionDenied, TransitionNotAllowed)):
        services.cancel(
            world["request"],
            by=getattr(person, "user", person),
            cancelled_by="volunteer",
            reason="x",
            now=NOW,
        )
    assert status(world["request"]) == RequestStatus.ASSIGNED


def test_a_cancel_needs_a_reason(world):
    with pytest.raises(ValidationError):
        services.cancel(
            world["request"], by=world["coordinator"], cancelled_by="client", reason=" "
        )


def test_a_cancelled_request_is_not_cancelled_again(world):
    services.cancel(world["request"], by=world["coordinator"], cancelled_by="client", reason="x")
    with pytest.raises(TransitionNotAllowed):
        services.cancel(
            world["request"], by=world["coordinator"], cancelled_by="client", reason="y"
        )


def test_the_visit_log(world):
    assignment = assigned(world)
    after = START + timedelta(hours=2)
    user = world["volunteer"].user
    with pytest.raises(ValidationError) as early:
        services.log_visit(
            assignment, minutes=60, people=1, by=user, now=START - timedelta(hours=1)
        )
    assert early.value.code == "not_started"
    for minutes, people in ((0, 1), (601, 1), (60, 0), (60, 31)):
        with pytest.raises(ValidationError):
            services.log_visit(assignment, minutes=minutes, people=people, by=user, now=after)
    assert status(world["request"]) == RequestStatus.ASSIGNED

    services.log_visit(
        assignment,
        minutes=120,
        people=2,
        what_was_done="Kävimme konsertissa",
        how_it_went=5,
        note="",
        by=user,
        now=after,
    )
    assert status(world["request"]) == RequestStatus.TOOK_PLACE
    assignment.refresh_from_db()
    assert (assignment.took_place, assignment.minutes, assignment.people_reached) == (True, 120, 2)
    # A correction of the report is welcome; the status stays.
    services.log_visit(assignment, minutes=110, people=2, by=user, now=after)
    assignment.refresh_from_db()
    assert assignment.minutes == 110


def test_a_no_show(world):
    assignment = assigned(world)
    services.log_visit(
        assignment, took_place=False, by=world["volunteer"].user, now=START + timedelta(hours=1)
    )
    assert status(world["request"]) == RequestStatus.NO_SHOW
    with pytest.raises(TransitionNotAllowed):
        services.log_visit(assignment, minutes=60, people=1, by=world["volunteer"].user, now=START)


def test_an_unfilled_request_is_opened_again_by_the_coordinator(world):
    request = world["request"]
    services.alert_unfilled(now=request.fill_by)
    assert status(request) == RequestStatus.UNFILLED
    later = START + timedelta(days=7)
    with pytest.raises(PermissionDenied):
        services.reopen(
            request,
            by=world["nurse"],
            starts_at=later,
            ends_at=later + timedelta(hours=2),
            fill_by=later - timedelta(days=1),
            now=NOW,
        )
    services.reopen(
        request,
        by=world["coordinator"],
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        fill_by=later - timedelta(days=1),
        now=NOW,
    )
    request.refresh_from_db()
    assert (request.status, request.starts_at, request.unfilled_alert_at) == (
        RequestStatus.REQUESTED,
        later,
        None,
    )


def test_two_volunteers_for_a_group(world, make_request, make_volunteer):
    request = make_request(start=START + timedelta(days=1), volunteers_needed=2)
    first = services.assign(request, world["volunteer"], by=world["coordinator"], now=NOW)
    assert status(request) == RequestStatus.REQUESTED
    second = services.assign(request, world["other"], by=world["coordinator"], now=NOW)
    assert status(request) == RequestStatus.ASSIGNED
    with pytest.raises(services.AlreadyTaken):
        services.assign(request, make_volunteer(), by=world["coordinator"], now=NOW)
    services.confirm(first, by=world["volunteer"].user, now=NOW)
    assert status(request) == RequestStatus.ASSIGNED
    services.confirm(second, by=world["other"].user, now=NOW)
    assert status(request) == RequestStatus.CONFIRMED
    assert Assignment.objects.filter(request=request, is_active=True).count() == 2
