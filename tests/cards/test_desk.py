"""The start page of distributors and venues."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kohtaamo.accounts.roles import Role
from kohtaamo.cards import services
from kohtaamo.cards.models import CardOffer
from tests import factories
from tests.catalogue import content
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


def panel(client, name):
    response = client.get(reverse("desk"))
    assert response.status_code == 200
    return parse(response.content.decode()).by_id(name)


def test_the_distributor_issues_from_the_desk_and_sees_the_cards_issued_lately(
    login, social_worker, card, usher
):
    part = panel(login(social_worker), "culture-cards")
    links = [a.attrs["href"] for a in part.find_all("a")]
    assert reverse("cards:issue") in links
    assert reverse("cards:detail", args=[card.pk]) in links
    # A venue issues no cards and sees none.
    assert panel(login(usher), "culture-cards") is None


def test_the_venue_sees_todays_door_lists_only(login, usher, venue, make_offer):
    now = timezone.now()
    tonight = content.event(
        "Iltakonsertti", organisation=venue, start=now + datetime.timedelta(minutes=30), hours=2
    )
    next_week = content.event(
        "Ensi viikon konsertti", organisation=venue, start=now + datetime.timedelta(days=7)
    )
    today = make_offer(event=tonight)
    later = make_offer(event=next_week)
    part = panel(login(usher), "door-lists")
    links = [a.attrs["href"] for a in part.find_all("a")]
    assert reverse("cards:door", args=[today.pk]) in links
    assert reverse("cards:door", args=[later.pk]) not in links
    assert later.kind == CardOffer.Kind.EVENT


def test_another_venues_door_lists_stay_out_of_sight(login, make_offer, venue):
    now = timezone.now()
    tonight = content.event("Iltakonsertti", organisation=venue, start=now, hours=2)
    offer = make_offer(event=tonight)
    stranger = content.provider(name_fi="Toinen teatteri")
    other_usher = factories.member(Role.PROVIDER, organisation=stranger)
    part = panel(login(other_usher), "door-lists")
    links = [a.attrs["href"] for a in part.find_all("a")]
    assert reverse("cards:door", args=[offer.pk]) not in links
    assert services.offers_of(other_usher).count() == 0
