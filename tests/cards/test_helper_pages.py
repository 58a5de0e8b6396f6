"""A professional helping a holder books for them by typing the card number."""

import pytest
from django.urls import reverse

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.cards import numbers, services
from kohtaamo.cards.models import Reservation
from kohtaamo.core.models import AuditEvent
from tests import factories
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(login):
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "297")
    person = factories.member(Role.PROFESSIONAL, organisation=county)
    return person, login(person)


def test_a_professional_books_for_the_holder_and_two_children(nurse, fresh_card, coming_offer):
    person, client = nurse
    page = client.get("/fi/cards/book/", {"number": numbers.printed(fresh_card.number)})
    assert page.status_code == 200
    assert AuditEvent.objects.filter(
        action="view", actor_id=person.pk, target_id=str(fresh_card.pk)
    ).exists()
    html = parse(page.content.decode())
    form = html.by_id(f"offer-{coming_offer.pk}").find("form")
    key = form.find("input", name=f"offer-{coming_offer.pk}-key").attrs["value"]
    data = {
        "number": fresh_card.number,
        f"offer-{coming_offer.pk}-children": 2,
        f"offer-{coming_offer.pk}-key": key,
    }
    url = reverse("cards:help_offer", args=[coming_offer.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    client.post(url, data)  # a double click
    booking = Reservation.objects.get()
    assert (booking.card, booking.children) == (fresh_card, 2)
    assert AuditEvent.objects.filter(
        actor_id=person.pk, target_type="cards.reservation", target_id=str(booking.pk)
    ).exists()
    # The holder sees it on their own card.
    mobile = client.get(reverse("cards:mobile", args=[fresh_card.mobile_token]), follow=True)
    assert f'data-booking="{booking.pk}"' in mobile.content.decode()


@pytest.mark.parametrize("typed", ["123", "1234567890", "abc"])
def test_a_bad_number_is_an_error_next_to_the_field(nurse, typed):
    _person, client = nurse
    response = client.get("/fi/cards/book/", {"number": typed})
    assert response.status_code == 400
    assert parse(response.content.decode()).by_id("id_number_error") is not None


def test_a_cancelled_card_is_refused(nurse, fresh_card, coming_offer, social_worker):
    services.cancel_card(social_worker, fresh_card)
    _person, client = nurse
    response = client.post(
        reverse("cards:help_offer", args=[coming_offer.pk]),
        {"number": fresh_card.number, f"offer-{coming_offer.pk}-key": "k"},
    )
    assert response.status_code == 400
    assert parse(response.content.decode()).by_id("id_number_error") is not None
    assert not Reservation.objects.exists()


def test_only_helping_roles_may_book(login, fresh_card):
    provider = factories.member(Role.PROVIDER)
    assert login(provider).get("/fi/cards/book/").status_code == 403


def test_a_missing_offer_is_not_found(nurse, fresh_card):
    _person, client = nurse
    response = client.post(
        reverse("cards:help_offer", args=[999999]), {"number": fresh_card.number}
    )
    assert response.status_code == 404
