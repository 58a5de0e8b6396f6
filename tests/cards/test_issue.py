"""Who can get a card, from whom, and for how long."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.formats import date_format

from kohtaamo.accounts.roles import Role
from kohtaamo.cards import services
from kohtaamo.cards.models import Card, Programme, ProgrammeMunicipality
from kohtaamo.core.models import AuditEvent
from tests import factories

from .conftest import NOW, TODAY

pytestmark = pytest.mark.django_db


def test_distributor_issues_a_card_valid_one_year(card, distributor):
    assert services.validate_card(card.number, today=TODAY) == card
    assert card.valid_until == datetime.date(2027, 3, 9)
    assert card.distributor == distributor
    assert card.birth_year == 1980
    assert card.mobile_token and len(card.mobile_token) >= 40
    assert AuditEvent.objects.filter(target_type="cards.card", target_id=str(card.pk)).exists()


def test_card_works_on_its_last_day_and_not_after(card):
    assert services.validate_card(card.number, today=datetime.date(2027, 3, 9))
    with pytest.raises(services.CardRefused) as refused:
        services.validate_card(card.number, today=datetime.date(2027, 3, 10))
    assert refused.value.code == "expired"
    # The date as the reader writes it (9.3.2027 in Finnish), not as the database does.
    assert date_format(datetime.date(2027, 3, 9), "SHORT_DATE_FORMAT") in refused.value.message


def test_county_can_set_a_shorter_validity(programme, issue):
    Programme.objects.filter(pk=programme.pk).update(validity_months=6)
    assert issue().valid_until == datetime.date(2026, 9, 9)


def test_the_register_holds_no_name_and_no_identity_code():
    names = {field.name for field in Card._meta.get_fields()}
    assert not names & {"name", "first_name", "last_name", "full_name", "ssn", "hetu"}
    assert not any("name" in name or "identity" in name for name in names)


def test_fifteen_year_old_is_refused(issue):
    with pytest.raises(services.NotEligible) as refused:
        issue(born=TODAY.year - 15)
    assert refused.value.code == "too_young"
    assert not Card.objects.exists()


def test_sixteen_this_year_is_accepted_with_year_only(issue):
    assert issue(born=TODAY.year - 16).birth_year == TODAY.year - 16


def test_birthday_seen_by_the_distributor_decides_and_only_the_year_is_kept(issue):
    with pytest.raises(services.NotEligible):
        issue(born=datetime.date(2010, 3, 11))
    assert issue(born=datetime.date(2010, 3, 10)).birth_year == 2010


def test_year_in_the_future_is_refused(issue):
    with pytest.raises(services.NotEligible) as refused:
        issue(born=TODAY.year + 1)
    assert refused.value.code == "birth_year"


def test_municipality_not_in_the_programme_is_refused(distributor, social_worker):
    with pytest.raises(services.NotEligible) as refused:
        services.issue_card(
            social_worker, distributor, factories.municipality("749"), 1980, now=NOW
        )
    assert refused.value.code == "municipality_not_in_programme"
    assert "Siilinjärvi" in refused.value.message


def test_municipality_whose_programme_period_ended_is_refused(programme, issue):
    ProgrammeMunicipality.objects.filter(programme=programme).update(
        ends_on=datetime.date(2026, 3, 9)
    )
    with pytest.raises(services.NotEligible) as refused:
        issue()
    assert refused.value.code == "municipality_not_in_programme"


def test_municipality_joining_later_is_refused_until_then(programme, issue):
    ProgrammeMunicipality.objects.filter(programme=programme).update(
        starts_on=datetime.date(2026, 4, 1)
    )
    with pytest.raises(services.NotEligible):
        issue()
    assert issue(now=NOW + datetime.timedelta(days=30)).valid_until == datetime.date(2027, 4, 8)


def test_distributor_whose_enrolment_ended_cannot_issue(distributor, issue):
    distributor.ends_on = datetime.date(2026, 1, 31)
    distributor.save()
    with pytest.raises(services.NotEligible) as refused:
        issue()
    assert refused.value.code == "distributor_not_enrolled"


def test_staff_of_another_unit_cannot_issue_for_this_distributor(distributor, county_org):
    other = factories.member(Role.DISTRIBUTOR, unit=factories.unit(county_org))
    with pytest.raises(PermissionDenied):
        services.issue_card(other, distributor, factories.municipality("297"), 1980, now=NOW)


def test_a_provider_cannot_issue_cards(distributor, usher):
    with pytest.raises(PermissionDenied):
        services.issue_card(usher, distributor, factories.municipality("297"), 1980, now=NOW)


def test_coordinator_enrols_municipalities_of_their_own_county_only(programme, coordinator):
    joined = services.enrol_municipality(
        coordinator, programme, factories.municipality("749"), datetime.date(2026, 1, 1)
    )
    assert joined.covers(TODAY)
    with pytest.raises(services.NotEligible):
        services.enrol_municipality(
            coordinator, programme, factories.municipality("091"), datetime.date(2026, 1, 1)
        )


def test_coordinator_of_another_county_cannot_enrol(programme):
    from kohtaamo.accounts.models import Organisation

    elsewhere = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "091")
    outsider = factories.member(Role.COORDINATOR, organisation=elsewhere)
    with pytest.raises(PermissionDenied):
        services.enrol_distributor(
            outsider, programme, elsewhere, starts_on=datetime.date(2026, 1, 1)
        )


def test_distributor_sees_only_its_own_units_cards(card, county_org, social_worker):
    other = factories.member(Role.DISTRIBUTOR, unit=factories.unit(county_org))
    assert list(Card.objects.reachable_by(social_worker, "cards.view_card")) == [card]
    assert list(Card.objects.reachable_by(other, "cards.view_card")) == []
