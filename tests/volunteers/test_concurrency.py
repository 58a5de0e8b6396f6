"""Many volunteers at once: one person per one-person request, one visit per volunteer
at a time, one loan per kit and day.

Each thread opens its own database connection, as separate web requests would. The row
locks these tests exercise exist on PostgreSQL; SQLite serialises all writers and would
prove nothing.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from django.db import connection, connections

from kohtaamo.volunteers import services
from kohtaamo.volunteers.models import Assignment, Kit, KitLoan, Offer
from kohtaamo.volunteers.services import kits as kit_services
from kohtaamo.volunteers.services import lifecycle
from kohtaamo.volunteers.states import OfferState, RequestStatus
from tests import factories

from .conftest import NOW, START

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite locks the whole file",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(count, action):
    """Run ``action(i)`` in ``count`` threads released at the same moment."""
    start = threading.Barrier(count)

    def worker(i):
        try:
            start.wait()
            return action(i)
        except Exception as error:  # a refusal is an answer the test counts
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


def test_twenty_volunteers_accept_one_offer_at_once(make_volunteer, make_request, coordinator):
    volunteers = [make_volunteer(user=False) for _ in range(20)]
    request = make_request()
    offers = services.offer(request, volunteers, by=coordinator, now=NOW)

    answers = run_together(20, lambda i: services.accept(offers[i], now=NOW))

    taken = [a for a in answers if isinstance(a, Assignment)]
    refused = [a for a in answers if isinstance(a, services.AlreadyTaken)]
    assert len(taken) == 1, answers
    assert len(refused) == 19, answers
    assert all(a.code == "already_taken" and str(a.message) for a in refused)
    assert Assignment.objects.filter(request=request, is_active=True).count() == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED
    states = sorted(Offer.objects.filter(request=request).values_list("state", flat=True))
    assert states.count(OfferState.ACCEPTED) == 1
    assert states.count(OfferState.CLOSED) == 19


def test_one_volunteer_accepts_two_overlapping_offers_at_once(
    make_volunteer, make_request, coordinator
):
    volunteer = make_volunteer(user=False, monthly_cap=10)
    first = make_request()
    second = make_request(start=START + timedelta(minutes=30))
    offers = [
        services.offer(first, [volunteer], by=coordinator, now=NOW)[0],
        services.offer(second, [volunteer], by=coordinator, now=NOW)[0],
    ]

    answers = run_together(2, lambda i: services.accept(offers[i], now=NOW))

    assert sum(isinstance(a, Assignment) for a in answers) == 1, answers
    assert sum(isinstance(a, services.Overlap) for a in answers) == 1, answers
    assert Assignment.objects.filter(volunteer=volunteer, is_active=True).count() == 1


def test_the_exclusion_constraint_is_the_last_guard(
    make_volunteer, make_request, coordinator, monkeypatch
):
    # Without the check in Python, PostgreSQL still refuses, and the answer is the same.
    monkeypatch.setattr(lifecycle, "held_overlapping", lambda *args: False)
    volunteer = make_volunteer(user=False, monthly_cap=10)
    first, second = make_request(), make_request(start=START + timedelta(hours=1))
    services.assign(first, volunteer, by=coordinator, now=NOW)
    with pytest.raises(services.Overlap):
        services.assign(second, volunteer, by=coordinator, now=NOW)
    second.refresh_from_db()
    assert second.status == RequestStatus.REQUESTED


def test_ten_lenders_book_one_kit_for_the_same_week(programme, coordinator, monkeypatch):
    kit = Kit.objects.create(
        organisation=programme.organisation, kind="memory_case", name_fi="Muistilaukku"
    )
    units = [factories.unit(programme.organisation) for _ in range(10)]
    today = date(2027, 3, 1)

    answers = run_together(
        10,
        lambda i: services.lend(
            kit,
            starts_on=today + timedelta(days=7 + i % 3),
            ends_on=today + timedelta(days=11),
            unit=units[i],
            by=coordinator,
            now=NOW,
        ),
    )

    assert sum(isinstance(a, KitLoan) for a in answers) == 1, answers
    assert sum(isinstance(a, services.KitTaken) for a in answers) == 9, answers


def test_a_kit_clash_past_the_python_check_is_still_kit_taken(programme, coordinator, monkeypatch):
    kit = Kit.objects.create(
        organisation=programme.organisation, kind="museum_kit", name_fi="Museosalkku"
    )
    unit = factories.unit(programme.organisation)
    days = {"starts_on": date(2027, 3, 8), "ends_on": date(2027, 3, 9)}
    services.lend(kit, unit=unit, by=coordinator, now=NOW, **days)
    monkeypatch.setattr(kit_services, "overlapping", lambda *args: KitLoan.objects.none())
    with pytest.raises(services.KitTaken):
        services.lend(kit, unit=unit, by=coordinator, now=NOW, **days)
