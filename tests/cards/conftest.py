"""A county's culture-card programme with one distributor unit and one venue."""

import datetime

import pytest
from django.utils import timezone

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.cards import services
from kohtaamo.cards.models import CardOffer, Programme, ProgrammeMunicipality
from tests import factories
from tests.catalogue import content

TODAY = datetime.date(2026, 3, 10)
NOW = timezone.make_aware(datetime.datetime(2026, 3, 10, 12, 0))
# The concerts below start five days after NOW: their door opens then.
AT_DOOR = NOW + datetime.timedelta(days=5)


@pytest.fixture
def county_org(db):
    return factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "297")


@pytest.fixture
def coordinator(county_org):
    return factories.member(Role.COORDINATOR, organisation=county_org)


@pytest.fixture
def programme(county_org):
    programme = Programme.objects.create(county=county_org.county, organisation=county_org)
    ProgrammeMunicipality.objects.create(
        programme=programme,
        municipality=factories.municipality("297"),
        starts_on=datetime.date(2025, 1, 1),
    )
    return programme


@pytest.fixture
def social_unit(county_org):
    return factories.unit(county_org, name_fi="Kuopion aikuissosiaalityö")


@pytest.fixture
def distributor(programme, social_unit, coordinator):
    return services.enrol_distributor(
        coordinator,
        programme,
        social_unit.organisation,
        social_unit,
        starts_on=datetime.date(2025, 1, 1),
    )


@pytest.fixture
def social_worker(social_unit):
    return factories.member(Role.DISTRIBUTOR, unit=social_unit)


@pytest.fixture
def issue(distributor, social_worker):
    def _issue(born=1980, now=NOW, **fields):
        return services.issue_card(
            social_worker, distributor, factories.municipality("297"), born, now=now, **fields
        )

    return _issue


@pytest.fixture
def card(issue):
    return issue()


@pytest.fixture
def venue(db):
    return content.provider(name_fi="Kuopion kaupunginteatteri")


@pytest.fixture
def usher(venue):
    return factories.member(Role.PROVIDER, organisation=venue)


@pytest.fixture
def concert(venue):
    return content.event(organisation=venue, start=NOW + datetime.timedelta(days=5), hours=2)


@pytest.fixture
def make_offer(usher, venue):
    def _offer(places=10, kind=CardOffer.Kind.EVENT, event=None, service=None):
        if kind == CardOffer.Kind.EVENT and event is None:
            event = content.event(
                organisation=venue, start=NOW + datetime.timedelta(days=5), hours=2
            )
        if kind != CardOffer.Kind.EVENT and service is None:
            service = content.service(organisation=venue)
        return services.publish_offer(
            usher, kind=kind, places_offered=places, event=event, service=service
        )

    return _offer


@pytest.fixture
def concert_offer(make_offer, concert):
    return make_offer(places=10, event=concert)


# For the pages, which work on the real clock: a card issued now and a concert next week.


@pytest.fixture
def fresh_card(distributor, social_worker):
    return services.issue_card(social_worker, distributor, factories.municipality("297"), 1980)


@pytest.fixture
def coming_concert(venue):
    return content.event(
        "Kevätkonsertti",
        organisation=venue,
        start=timezone.now() + datetime.timedelta(days=7),
        hours=2,
    )


@pytest.fixture
def coming_offer(usher, coming_concert):
    return services.publish_offer(
        usher, kind=CardOffer.Kind.EVENT, places_offered=10, event=coming_concert
    )
