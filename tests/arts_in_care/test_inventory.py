"""The county's inventory: every engagement in its care units, small counts as "<5"."""

import pytest
from django.urls import reverse
from django.utils import translation

from kohtaamo.arts_in_care.services import inventory
from kohtaamo.arts_in_care.services.sessions import SessionLog, log_session

from .conftest import TODAY
from .test_pages import client_for

pytestmark = pytest.mark.django_db


def _held(people, engagement, participants, days_ago=0):
    from datetime import timedelta

    log_session(
        people["artist"],
        engagement,
        SessionLog(took_place=True, participants=participants, minutes=60),
        day=TODAY - timedelta(days=days_ago),
        today=TODAY,
    )


def test_participant_counts_under_five_are_shown_as_under_five(people, engagement):
    _held(people, engagement, 3)
    numbers = inventory.inventory(people["coordinator"])
    row = numbers.table().rows[0]
    with translation.override("en"):
        headers = [str(h) for h in numbers.table().headers]
    assert row[headers.index("Participant-sessions")] == "<5"
    assert row[headers.index("Sessions held")] == 1
    _held(people, engagement, 4, days_ago=1)
    row = inventory.inventory(people["coordinator"]).table().rows[0]
    assert row[headers.index("Participant-sessions")] == 7


def test_the_inventory_is_the_coordinators_county_only(people, engagement):
    assert len(inventory.inventory(people["coordinator"]).engagements) == 1
    assert inventory.inventory(people["pirkanmaa_coordinator"]).engagements == []
    assert inventory.inventory(people["lead"]).engagements == []


def test_the_coordinator_lands_on_the_inventory_and_downloads_it(people, engagement):
    _held(people, engagement, 2)
    coordinator = client_for(people["coordinator"])
    page = coordinator.get(reverse("arts_in_care:engagements")).content.decode()
    assert 'id="inventory"' in page and engagement.name in page
    csv = coordinator.get(reverse("arts_in_care:inventory_csv")).content.decode("utf-8-sig")
    assert engagement.name in csv and "<5" in csv
    xlsx = coordinator.get(reverse("arts_in_care:inventory_xlsx"))
    assert xlsx.content[:2] == b"PK"
    lead = client_for(people["lead"])
    assert lead.get(reverse("arts_in_care:inventory_csv")).status_code == 403
