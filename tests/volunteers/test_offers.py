"""Offering a request to several volunteers: the first to accept takes it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from kohtaamo.volunteers import services
from kohtaamo.volunteers.models import Assignment, Offer
from kohtaamo.volunteers.states import OfferState, RequestStatus

from .conftest import NOW, START

pytestmark = pytest.mark.django_db


def test_the_best_three_are_asked_by_email_and_text_in_their_language(
    make_volunteer, make_request, coordinator, sms, django_capture_on_commit_callbacks
):
    swede = make_volunteer(phone="+358401234567", languages=("sv",))
    swede.user.preferred_language = "sv"
    swede.user.save()
    others = [make_volunteer() for _ in range(3)]
    request = make_request(what="Konsertti")

    best = services.candidates(request, now=NOW, limit=4)
    with django_capture_on_commit_callbacks(execute=True):
        offers = services.offer(request, [c.volunteer for c in best], by=coordinator, now=NOW)

    assert len(offers) == 4
    request.refresh_from_db()
    assert request.status == RequestStatus.OFFERED
    assert len(mail.outbox) == 4
    by_person = {m.to[0]: m for m in mail.outbox}
    asked = {o.volunteer.email: o for o in offers}
    for email, message in by_person.items():
        assert f"/volunteers/offers/{asked[email].token}/" in message.body
        assert "Aino" not in message.body  # no client data in messages
    assert "https://kohtaamo.example/sv/volunteers/offers/" in by_person[swede.email].body
    assert "/fi/volunteers/offers/" in by_person[others[0].email].body
    assert [m["to"] for m in sms] == ["+358401234567"]


def test_first_to_accept_takes_it_the_others_are_told(
    make_volunteer, make_request, coordinator, django_capture_on_commit_callbacks
):
    volunteers = [make_volunteer() for _ in range(3)]
    request = make_request(what="Konsertti")
    offers = services.offer(request, volunteers, by=coordinator, now=NOW)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.accept(offers[1], now=NOW)

    assert assignment.volunteer == volunteers[1]
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED
    states = {o.volunteer_id: Offer.objects.get(pk=o.pk).state for o in offers}
    assert states[volunteers[1].pk] == OfferState.ACCEPTED
    assert states[volunteers[0].pk] == states[volunteers[2].pk] == OfferState.CLOSED
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([volunteers[0].email, volunteers[2].email])

    with pytest.raises(services.AlreadyTaken) as taken:
        services.accept(offers[0], now=NOW)
    assert taken.value.code == "already_taken"
    # Accepting twice gives the same assignment.
    assert services.accept(offers[1], now=NOW) == assignment


def test_a_two_volunteer_request_waits_for_the_second(make_volunteer, make_request, coordinator):
    volunteers = [make_volunteer() for _ in range(3)]
    request = make_request(volunteers_needed=2)
    offers = services.offer(request, volunteers, by=coordinator, now=NOW)

    services.accept(offers[0], now=NOW)
    request.refresh_from_db()
    assert request.status == RequestStatus.OFFERED
    services.accept(offers[2], now=NOW)
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED
    with pytest.raises(services.AlreadyTaken):
        services.accept(offers[1], now=NOW)
    assert Assignment.objects.filter(request=request, is_active=True).count() == 2


def test_an_overlapping_offer_is_refused(make_volunteer, make_request, coordinator):
    volunteer = make_volunteer()
    first = make_request()
    second = make_request(start=START + timedelta(hours=1))
    services.offer(first, [volunteer], by=coordinator, now=NOW)
    services.offer(second, [volunteer], by=coordinator, now=NOW)

    services.accept(Offer.objects.get(request=first), now=NOW)
    with pytest.raises(services.Overlap) as overlap:
        services.accept(Offer.objects.get(request=second), now=NOW)
    assert overlap.value.code == "overlap"
    assert str(overlap.value.message)


def test_the_last_decline_gives_the_request_back(make_volunteer, make_request, coordinator):
    volunteers = [make_volunteer() for _ in range(2)]
    request = make_request()
    offers = services.offer(request, volunteers, by=coordinator, now=NOW)

    services.decline(offers[0], now=NOW)
    request.refresh_from_db()
    assert request.status == RequestStatus.OFFERED
    services.decline(offers[1], now=NOW)
    request.refresh_from_db()
    assert request.status == RequestStatus.REQUESTED
    # A volunteer who declined is not a candidate any more.
    assert "declined" in services.why_not(volunteers[0], request, now=NOW)
    assert services.candidates(request, now=NOW) == []


def test_only_the_coordinator_offers(make_volunteer, make_request, nurse):
    request = make_request()
    with pytest.raises(PermissionDenied):
        services.offer(request, [make_volunteer()], by=nurse, now=NOW)


def test_an_offer_is_found_by_its_link(make_volunteer, make_request, coordinator):
    request = make_request()
    [offer] = services.offer(request, [make_volunteer()], by=coordinator, now=NOW)
    assert services.by_token(offer.token) == offer
    assert services.by_token("nope") is None
    assert services.by_token("") is None
