"""What a volunteer may read of a client, for how long, logged; and erasure."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from kohtaamo.core.audit import history
from kohtaamo.core.models import AuditEvent
from kohtaamo.volunteers import services

from .conftest import NOW, START

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(make_volunteer, make_request, coordinator):
    request = make_request(
        client_alias="Aino",
        client_phone="+358401112222",
        client_agreed_to_share_phone=True,
        needs=["walking_support"],
        needs_note="Kävelee hitaasti",
        contact_email="omainen@example.fi",
    )
    volunteer = make_volunteer(
        assistance=["walking_support"],
        trainings=(
            ("basic", START.date() - timedelta(days=9), None),
            ("first_aid", START.date() - timedelta(days=9), None),
        ),
    )
    return services.assign(request, volunteer, by=coordinator, now=NOW)


def test_the_volunteer_reads_the_least_the_visit_needs_and_it_is_logged(assignment):
    user = assignment.volunteer.user
    view = services.read_request_for_volunteer(user, assignment, now=NOW)
    assert (view.alias, view.phone, view.needs_note) == (
        "Aino",
        "+358401112222",
        "Kävelee hitaasti",
    )
    assert not hasattr(view, "contact_email")
    [event] = history(assignment.request)
    assert event.action == AuditEvent.Action.VIEW
    assert event.actor_id == user.pk
    assert "client_phone" in event.fields


def test_the_phone_only_when_the_client_agreed(assignment):
    type(assignment.request).objects.filter(pk=assignment.request_id).update(
        client_phone="", client_agreed_to_share_phone=False
    )
    assignment.refresh_from_db()
    view = services.read_request_for_volunteer(assignment.volunteer.user, assignment, now=NOW)
    assert view.phone == ""
    assert "client_phone" not in history(assignment.request).get().fields


def test_thirty_days_after_the_visit_and_not_a_day_more(assignment):
    user = assignment.volunteer.user
    end = assignment.request.ends_at
    assert services.can_read_assignment(user, assignment, end + timedelta(days=30))
    assert not services.can_read_assignment(user, assignment, end + timedelta(days=30, seconds=1))
    with pytest.raises(PermissionDenied):
        services.read_request_for_volunteer(user, assignment, now=end + timedelta(days=31))


def test_after_stepping_back_thirty_days_from_then(assignment):
    user = assignment.volunteer.user
    services.release(assignment, by=user, now=NOW)
    assignment.refresh_from_db()
    assert services.can_read_assignment(user, assignment, NOW + timedelta(days=29))
    assert not services.can_read_assignment(user, assignment, NOW + timedelta(days=31))


def test_nobody_else_reads_it(assignment, make_volunteer, coordinator):
    other = make_volunteer()
    assert not services.can_read_assignment(other.user, assignment, NOW)
    assert not services.can_read_assignment(coordinator, assignment, NOW)
    assert not services.can_read_assignment(None, assignment, NOW)
    with pytest.raises(PermissionDenied):
        services.read_request_for_volunteer(other.user, assignment, now=NOW)
    assert not history(assignment.request).exists()


def test_erasure_clears_the_client_and_keeps_the_numbers(assignment):
    services.log_visit(
        assignment,
        minutes=90,
        people=1,
        what_was_done="Aino ja minä",
        by=assignment.volunteer.user,
        now=START + timedelta(hours=2),
    )
    request = services.erase_personal_data(assignment.request, now=NOW + timedelta(days=400))
    assert (
        request.client_alias,
        request.client_phone,
        request.needs_note,
        request.meeting_point,
    ) == ("", "", "", "")
    assert request.contact_email == "" and not request.client_agreed_to_share_phone
    assert request.personal_data_erased_at is not None
    assignment.refresh_from_db()
    assert (assignment.minutes, assignment.what_was_done) == (90, "")
    assert history(request).filter(action=AuditEvent.Action.ERASE).exists()


def test_volunteer_for_and_assignments_of(assignment):
    user = assignment.volunteer.user
    assert services.volunteer_for(user) == assignment.volunteer
    assert services.volunteers_of(user) == [assignment.volunteer]
    assert list(services.assignments_of(assignment.volunteer)) == [assignment]
    assert services.volunteer_for(None) is None
