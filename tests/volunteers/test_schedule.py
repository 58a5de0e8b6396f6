"""Reminders 48 hours before, and requests nobody took by their deadline."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kohtaamo.volunteers import services
from kohtaamo.volunteers.states import OfferState, RequestStatus

from .conftest import NOW, START

pytestmark = pytest.mark.django_db

BEFORE = START - timedelta(hours=47)


@pytest.fixture
def held(make_volunteer, make_request, coordinator, nurse):
    volunteer = make_volunteer(full_name="Aada", phone="+358401234567")
    request = make_request(
        what="Sinfoniakonsertti",
        requesting_unit=nurse.test_unit,
        requested_by=nurse,
        contact_email="omainen@example.fi",
    )
    assignment = services.assign(request, volunteer, by=coordinator, now=NOW)
    mail.outbox.clear()
    return assignment


def test_both_sides_are_reminded_once_with_links(held, sms):
    assert services.send_reminders(now=START - timedelta(hours=49)) == 0
    assert services.send_reminders(now=BEFORE) == 1
    by_address = {m.to[0]: m for m in mail.outbox}
    volunteer_mail = by_address[held.volunteer.email]
    assert "Sinfoniakonsertti" in volunteer_mail.body
    assert volunteer_mail.body.count("https://kohtaamo.example/fi/volunteers/answer/") == 2
    assert set(by_address) == {
        held.volunteer.email,
        "omainen@example.fi",
        held.request.requested_by.email,
    }
    assert "/volunteers/answer/" in by_address["omainen@example.fi"].body
    assert [m["to"] for m in sms] == ["+358401234567"]
    held.request.refresh_from_db()
    assert held.request.reminded_at == BEFORE

    mail.outbox.clear()
    assert services.send_reminders(now=BEFORE + timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_the_links_in_the_reminder_confirm_and_cancel(held):
    services.send_reminders(now=BEFORE)
    body = next(m.body for m in mail.outbox if m.to == [held.volunteer.email])
    tokens = [
        line.rsplit("/answer/", 1)[1].strip("/ ")
        for line in body.splitlines()
        if "/answer/" in line
    ]
    confirm = services.open_answer_token(tokens[0])
    assert (confirm.action, confirm.assignment) == (services.CONFIRM, held)
    services.confirm(confirm.assignment, by=held.volunteer.user, now=BEFORE)
    held.request.refresh_from_db()
    assert held.request.status == RequestStatus.CONFIRMED
    release = services.open_answer_token(tokens[1])
    assert release.action == services.RELEASE

    family = next(m.body for m in mail.outbox if m.to == ["omainen@example.fi"])
    token = family.rsplit("/answer/", 1)[1].split("/")[0]
    answer = services.open_answer_token(token)
    assert (answer.action, answer.request) == (services.CANCEL, held.request)
    with pytest.raises(services.VolunteerError) as bad:
        services.open_answer_token(token[:-2] + "xx")
    assert bad.value.code == "bad_link"


def test_an_unfilled_request_alerts_the_coordinator_and_tells_the_requester_honestly(
    make_volunteer, make_request, coordinator, nurse, django_capture_on_commit_callbacks
):
    request = make_request(requested_by=nurse, requesting_unit=nurse.test_unit, what="Museo")
    offer = services.offer(request, [make_volunteer()], by=coordinator, now=NOW)[0]
    mail.outbox.clear()
    assert services.alert_unfilled(now=request.fill_by - timedelta(minutes=1)) == 0

    with django_capture_on_commit_callbacks(execute=True):
        assert services.alert_unfilled(now=request.fill_by) == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.UNFILLED
    assert request.unfilled_alert_at == request.fill_by
    offer.refresh_from_db()
    assert offer.state == OfferState.CLOSED
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Museo" in by_address["luotsit@kirjasto.example"].body
    assert "emme löytäneet vapaaehtoista" in by_address[nurse.email].body
    with pytest.raises(services.AlreadyTaken):
        services.accept(offer, now=request.fill_by)

    mail.outbox.clear()
    assert services.alert_unfilled(now=request.fill_by + timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_a_group_goes_ahead_with_the_volunteers_it_has(make_volunteer, make_request, coordinator):
    request = make_request(volunteers_needed=2)
    services.assign(request, make_volunteer(), by=coordinator, now=NOW)
    services.alert_unfilled(now=request.fill_by)
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED


def test_the_command_runs_both(make_request, capsys):
    now = timezone.now()
    late = make_request(start=now + timedelta(days=1), fill_by=now - timedelta(minutes=1))
    call_command("volunteer_reminders")
    out = capsys.readouterr().out
    assert "request(s) past their deadline" in out
    late.refresh_from_db()
    assert late.status == RequestStatus.UNFILLED
