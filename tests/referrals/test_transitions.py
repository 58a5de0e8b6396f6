"""The referral's state table, move by move: every allowed and every forbidden pair."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from kohtaamo.referrals import services
from kohtaamo.referrals.models import Consent, Referral, StatusChange
from kohtaamo.referrals.states import Move, Side, Status, TransitionNotAllowed, next_status

from .conftest import NOW, reload

S, M = Status, Move
ISS, R, C, SYS = Side.ISSUER, Side.RECEIVER, Side.CLIENT, Side.SYSTEM
OPEN = [S.ISSUED, S.REROUTED, S.RETURNED, S.ACCEPTED, S.IN_CONTACT, S.ACTIVITY_AGREED, S.ATTENDING]

# The issue's table, written out by hand: (state, move) -> (new state, who may move).
EXPECTED = {
    (S.DRAFT, M.ISSUE): (S.ISSUED, {ISS}),
    (S.ISSUED, M.ACCEPT): (S.ACCEPTED, {R}),
    (S.REROUTED, M.ACCEPT): (S.ACCEPTED, {R}),
    (S.ISSUED, M.DECLINE): (S.DECLINED, {R}),
    (S.REROUTED, M.DECLINE): (S.DECLINED, {R}),
    (S.ACCEPTED, M.CONTACT): (S.IN_CONTACT, {R}),
    (S.IN_CONTACT, M.AGREE_ACTIVITY): (S.ACTIVITY_AGREED, {R}),
    (S.ACTIVITY_AGREED, M.MARK_ATTENDING): (S.ATTENDING, {R}),
    (S.ATTENDING, M.COMPLETE): (S.COMPLETED, {R}),
    (S.ISSUED, M.REROUTE): (S.REROUTED, {R}),
    (S.REROUTED, M.REROUTE): (S.REROUTED, {R}),
    (S.ACCEPTED, M.REROUTE): (S.REROUTED, {R}),
    (S.RETURNED, M.REROUTE): (S.REROUTED, {ISS}),
    (S.DECLINED, M.REROUTE): (S.REROUTED, {ISS}),
    (S.ISSUED, M.RETURN): (S.RETURNED, {SYS}),
    (S.REROUTED, M.RETURN): (S.RETURNED, {SYS}),
    **{(state, M.WITHDRAW): (S.WITHDRAWN, {C}) for state in OPEN},
    **{
        (state, M.EXPIRE): (S.EXPIRED, {SYS})
        for state in (S.ISSUED, S.REROUTED, S.RETURNED, S.ACCEPTED, S.IN_CONTACT)
    },
}

ALL_PAIRS = [(state, move) for state in Status for move in Move]


@pytest.mark.parametrize("side", list(Side))
@pytest.mark.parametrize(("state", "move"), ALL_PAIRS)
def test_table_allows_exactly_the_listed_moves_by_the_listed_side(state, move, side):
    expected = EXPECTED.get((state, move))
    if expected and side in expected[1]:
        assert next_status(state, move, side) == expected[0]
    else:
        with pytest.raises(TransitionNotAllowed):
            next_status(state, move, side)


def _in_state(world, state):
    referral = world.draft() if state == S.DRAFT else world.issued()
    Referral.objects.filter(pk=referral.pk).update(status=state)
    # The client agreed to both units, so that only the table decides.
    for unit in (world.culture_advice, world.other_advice):
        Consent.objects.create(
            referral=referral,
            shared=["contact_details"],
            receiving_unit=unit,
            method="written",
            given_at=NOW,
        )
    return reload(referral)


def _make(world, referral, move, actor_side):
    """Make ``move`` through the service a person or the system would use."""
    if move == M.ISSUE:
        return services.issue_referral(world.nurse, referral, now=NOW)
    if move == M.ACCEPT:
        return services.accept(world.advisor, referral)
    if move == M.DECLINE:
        return services.decline(world.advisor, referral, "no_capacity")
    if move == M.CONTACT:
        services.record_contact(world.advisor, referral, date=date(2026, 3, 3), kind="meeting")
        return reload(referral)
    if move == M.AGREE_ACTIVITY:
        return services.agree_activity(world.advisor, referral)
    if move == M.MARK_ATTENDING:
        return services.mark_attending(world.advisor, referral)
    if move == M.COMPLETE:
        return services.complete(world.advisor, referral)
    if move == M.WITHDRAW:
        return services.withdraw_by_client(referral)
    if move == M.REROUTE:
        actor = world.nurse if actor_side == ISS else world.advisor
        return services.reroute(actor, referral, world.other_advice)
    if move == M.RETURN:
        return services.return_to_sender(referral, NOW)
    if move == M.EXPIRE:
        return services.expire(referral, NOW)
    raise AssertionError(move)


def _sides_for(move):
    return [ISS, R] if move == M.REROUTE else [None]


SERVICE_CASES = [(state, move, side) for state, move in ALL_PAIRS for side in _sides_for(move)]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "move", "side"), SERVICE_CASES)
def test_every_move_through_the_services(world, state, move, side):
    referral = _in_state(world, state)
    expected = EXPECTED.get((state, move))
    allowed = expected and (side is None or side in expected[1])
    before = StatusChange.objects.filter(referral=referral).count()
    if allowed:
        moved = _make(world, referral, move, side)
        assert moved.status == expected[0]
        stamp = StatusChange.objects.filter(referral=referral).last()
        assert (stamp.from_status, stamp.to_status, stamp.move) == (state, expected[0], move)
        assert StatusChange.objects.filter(referral=referral).count() == before + 1
    elif move == M.CONTACT and state in {S.IN_CONTACT, S.ACTIVITY_AGREED, S.ATTENDING}:
        # Later meetings are logged without moving the referral.
        assert _make(world, referral, move, side).status == state
    else:
        with pytest.raises((TransitionNotAllowed, PermissionDenied)):
            _make(world, referral, move, side)
        assert reload(referral).status == state
        assert StatusChange.objects.filter(referral=referral).count() == before


@pytest.mark.django_db
def test_each_side_is_refused_the_other_sides_moves(world):
    referral = world.issued()
    with pytest.raises(PermissionDenied):
        services.accept(world.nurse, referral)
    with pytest.raises(PermissionDenied):
        services.decline(world.stranger, referral, "no_capacity")
    with pytest.raises(PermissionDenied):
        services.accept(world.other_advisor, referral)
    draft = world.draft()
    services.record_consent(world.nurse, draft, shared=["reasons"], method="verbal")
    with pytest.raises(PermissionDenied):
        services.issue_referral(world.advisor, draft)
    with pytest.raises(PermissionDenied):
        services.issue_referral(world.stranger, draft)
    assert reload(draft).status == S.DRAFT


@pytest.mark.django_db
def test_the_whole_loop_is_stamped_with_time_and_actor(world):
    referral = world.issued()
    services.accept(world.advisor, referral)
    services.record_contact(world.advisor, referral, date=date(2026, 3, 4), kind="attempt")
    assert reload(referral).status == S.ACCEPTED  # not reached yet
    services.record_contact(world.advisor, referral, date=date(2026, 3, 5), kind="meeting")
    services.record_contact(world.advisor, referral, date=date(2026, 3, 12), kind="meeting")
    services.agree_activity(world.advisor, referral, note="Choir on Tuesdays")
    services.mark_attending(world.advisor, referral)
    services.complete(world.advisor, referral)
    trail = list(StatusChange.objects.filter(referral=referral))
    assert [c.to_status for c in trail] == [
        S.ISSUED,
        S.ACCEPTED,
        S.IN_CONTACT,
        S.ACTIVITY_AGREED,
        S.ATTENDING,
        S.COMPLETED,
    ]
    assert [c.actor for c in trail] == [world.nurse] + [world.advisor] * 5
    assert all(c.at for c in trail)
    assert reload(referral).closed_at is not None
    assert len(services.contact_log(world.advisor, referral)) == 3


@pytest.mark.django_db
def test_a_rerouted_referral_belongs_to_the_new_unit(world):
    referral = world.issued()
    services.record_consent(
        world.advisor,
        referral,
        shared=["contact_details"],
        method="verbal",
        with_unit=world.other_advice,
    )
    services.reroute(world.advisor, referral, world.other_advice, now=NOW)
    referral = reload(referral)
    assert referral.receiving_unit == world.other_advice
    with pytest.raises(PermissionDenied):
        services.accept(world.advisor, referral)
    assert services.accept(world.other_advisor, referral).status == S.ACCEPTED
    assert (
        StatusChange.objects.get(referral=referral, move=M.REROUTE).from_unit
        == world.culture_advice
    )


@pytest.mark.django_db
def test_rerouting_personal_data_needs_consent_for_the_new_unit(world):
    from django.core.exceptions import ValidationError

    referral = world.issued()
    with pytest.raises(ValidationError):
        services.reroute(world.advisor, referral, world.other_advice)
    assert reload(referral).receiving_unit == world.culture_advice
