"""The demo culture card: programmes, the demo distributor, free places at the demo
venues, a few cards and a booking, and nothing new on a second run."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from kohtaamo import demo
from kohtaamo.accounts.models import User
from kohtaamo.cards import services
from kohtaamo.cards.models import (
    Card,
    CardOffer,
    Distributor,
    Programme,
    ProgrammeMunicipality,
    Reservation,
)
from kohtaamo.demo.cards import CARDS, demo_number, demo_token

pytestmark = pytest.mark.django_db
MODELS = (Programme, ProgrammeMunicipality, Distributor, CardOffer, Card, Reservation)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            first = demo.seed()
            second = demo.seed()
        yield first, second
        transaction.set_rollback(True)


def test_seeding_twice_creates_nothing_new(seeded):
    first, second = seeded
    for model in MODELS:
        assert first.created(model) > 0, model
        assert second.created(model) == 0, model


def test_the_demo_distributor_can_issue_in_its_county(seeded):
    person = User.objects.get(email=demo.demo_email("distributor"))
    enrolled = list(services.distributors_for(person))
    assert len(enrolled) == 1
    towns = {m.code for m in services.member_municipalities(enrolled[0].programme)}
    assert "297" in towns
    # The Pirkanmaa pilot towns have left the programme; Tampere has not.
    pirkanmaa = Programme.objects.exclude(pk=enrolled[0].programme_id).get()
    assert {m.code for m in services.member_municipalities(pirkanmaa)} == {"837"}


def test_demo_venues_offer_places_and_card_one_has_a_family_booking(seeded):
    for key in ("provider", "theatre"):
        person = User.objects.get(email=demo.demo_email(key))
        assert services.offers_of(person).filter(kind=CardOffer.Kind.EVENT).exists(), key
    assert CardOffer.objects.filter(kind=CardOffer.Kind.STANDING).exists()
    card = Card.objects.get(number=demo_number(1))
    assert card.mobile_token == demo_token(1)
    booking = Reservation.objects.get(card=card)
    assert booking.children == 2
    assert services.offers_near(card)


def test_demo_cards_are_valid_numbers_and_one_has_expired(seeded):
    today = timezone.localdate()
    expired = 0
    for n, *_rest in CARDS:
        number = demo_number(n)
        assert len(number) == 10
        card = Card.objects.get(number=number)
        if card.valid_until < today:
            expired += 1
            assert services.refusal(card).code == "expired"
        else:
            assert services.validate_card(number) == card
    assert expired == 1
