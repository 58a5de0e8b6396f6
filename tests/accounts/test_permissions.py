"""The permission helper: who may see and change what (accounts/permissions.py)."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kohtaamo.accounts.models import Membership, Organisation, Unit, User
from kohtaamo.accounts.permissions import (
    EVERYWHERE,
    REFERRAL_PERMISSIONS,
    RULES,
    has_permission,
    reachable_organisation_ids,
    requires_two_factor,
)
from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import Municipality
from tests import factories

pytestmark = pytest.mark.django_db

Kind = Organisation.Kind


@pytest.fixture
def network():
    """Two health stations in North Savo, a Kuopio NGO, and a Tampere NGO in Pirkanmaa."""
    county_org = factories.organisation(
        Kind.WELLBEING_COUNTY, "297", name_fi="Pohjois-Savon hyvinvointialue"
    )
    station_a = factories.unit(county_org, name_fi="Terveysasema A")
    station_b = factories.unit(county_org, name_fi="Terveysasema B")
    ngo_kuopio = factories.organisation(Kind.ASSOCIATION, "297")
    ngo_tampere = factories.organisation(Kind.ASSOCIATION, "837")
    national = factories.organisation(Kind.NATIONAL_BODY)
    return {
        "county_org": county_org,
        "station_a": station_a,
        "station_b": station_b,
        "ngo_kuopio": ngo_kuopio,
        "ngo_tampere": ngo_tampere,
        "national": national,
    }


def test_unit_administrator_manages_own_unit_but_not_the_sibling_unit(network):
    admin = factories.member(Role.ADMINISTRATOR, unit=network["station_a"])
    assert has_permission(admin, "accounts.change_unit", network["station_a"])
    assert not has_permission(admin, "accounts.change_unit", network["station_b"])


def test_unit_member_sees_records_of_its_organisation_that_belong_to_no_unit(network):
    admin = factories.member(Role.ADMINISTRATOR, unit=network["station_a"])
    assert has_permission(admin, "accounts.view_organisation", network["county_org"])


def test_organisation_administrator_covers_all_its_units(network):
    admin = factories.member(Role.ADMINISTRATOR, organisation=network["county_org"])
    assert has_permission(admin, "accounts.change_unit", network["station_a"])
    assert has_permission(admin, "accounts.change_unit", network["station_b"])


def test_ngo_administrator_does_not_reach_other_organisations_in_the_county(network):
    admin = factories.member(Role.ADMINISTRATOR, organisation=network["ngo_kuopio"])
    assert has_permission(admin, "accounts.change_organisation", network["ngo_kuopio"])
    assert not has_permission(admin, "accounts.change_organisation", network["county_org"])


def test_county_administrator_reaches_every_organisation_in_its_county_only(network):
    admin = factories.member(Role.ADMINISTRATOR, organisation=network["county_org"])
    assert has_permission(admin, "accounts.change_organisation", network["ngo_kuopio"])
    assert not has_permission(admin, "accounts.change_organisation", network["ngo_tampere"])


def test_county_reach_needs_an_organisation_level_membership(network):
    admin = factories.member(Role.ADMINISTRATOR, unit=network["station_a"])
    assert not has_permission(admin, "accounts.change_organisation", network["ngo_kuopio"])


def test_national_body_administrator_reaches_everything(network):
    admin = factories.member(Role.ADMINISTRATOR, organisation=network["national"])
    assert has_permission(admin, "accounts.change_organisation", network["ngo_tampere"])
    assert has_permission(admin, "core.change_municipality", Municipality.objects.get(code="091"))


def test_role_without_the_permission_is_refused_even_in_its_own_organisation(network):
    professional = factories.member(Role.PROFESSIONAL, unit=network["station_a"])
    assert has_permission(professional, "accounts.view_unit", network["station_a"])
    assert not has_permission(professional, "accounts.change_unit", network["station_a"])
    assert not has_permission(professional, "core.view_auditevent")


def test_reference_data_can_be_changed_only_with_national_reach(network):
    county_admin = factories.member(Role.ADMINISTRATOR, organisation=network["county_org"])
    kuopio = Municipality.objects.get(code="297")
    assert has_permission(county_admin, "core.view_municipality", kuopio)
    assert not has_permission(county_admin, "core.change_municipality", kuopio)
    assert not has_permission(county_admin, "core.change_municipality")


def test_unknown_permission_is_refused(network):
    admin = factories.member(Role.ADMINISTRATOR, organisation=network["national"])
    assert not has_permission(admin, "accounts.launch_rockets")


def test_inactive_membership_or_account_grants_nothing(network):
    admin = factories.member(Role.ADMINISTRATOR, organisation=network["county_org"])
    Membership.objects.filter(user=admin).update(is_active=False)
    admin = User.objects.get(pk=admin.pk)
    assert not has_permission(admin, "accounts.change_unit", network["station_a"])

    other = factories.member(Role.ADMINISTRATOR, organisation=network["county_org"])
    other.is_active = False
    other.save()
    assert not has_permission(other, "accounts.change_unit", network["station_a"])


def test_membership_in_a_closed_organisation_grants_nothing(network):
    admin = factories.member(Role.ADMINISTRATOR, organisation=network["ngo_kuopio"])
    Organisation.objects.filter(pk=network["ngo_kuopio"].pk).update(is_active=False)
    admin = User.objects.get(pk=admin.pk)
    assert not has_permission(admin, "accounts.view_organisation", network["ngo_kuopio"])


def test_django_has_perm_asks_the_same_helper(network):
    admin = factories.member(Role.ADMINISTRATOR, unit=network["station_a"])
    assert admin.has_perm("accounts.change_unit", network["station_a"])
    assert not admin.has_perm("accounts.change_unit", network["station_b"])


def test_staff_roles_require_two_factor_and_residents_and_volunteers_do_not(network):
    assert requires_two_factor(factories.member(Role.PROFESSIONAL, unit=network["station_a"]))
    assert requires_two_factor(factories.member(Role.DISTRIBUTOR, unit=network["station_a"]))
    assert requires_two_factor(factories.member(Role.ANALYST, organisation=network["national"]))
    assert not requires_two_factor(
        factories.member(Role.VOLUNTEER, organisation=network["ngo_kuopio"])
    )
    assert not requires_two_factor(
        factories.member(Role.PROVIDER, organisation=network["ngo_kuopio"])
    )
    assert not requires_two_factor(factories.user())
    assert requires_two_factor(User.objects.create_superuser("root@example.fi", "x"))


def test_staff_account_that_has_not_entered_its_code_has_no_permissions(network, rf):
    from django_otp.middleware import OTPMiddleware

    admin = factories.member(Role.ADMINISTRATOR, organisation=network["county_org"])
    request = rf.get("/")
    request.user = admin
    request.session = {}
    OTPMiddleware(lambda r: None)(request)
    assert not request.user.is_verified()
    assert not request.user.has_perm("accounts.change_unit", network["station_a"])
    assert not Unit.objects.reachable_by(request.user, "accounts.view_unit").exists()


def test_visible_lists_only_reachable_units(network):
    admin = factories.member(Role.ADMINISTRATOR, unit=network["station_a"])
    units = Unit.objects.reachable_by(admin, "accounts.view_unit")
    assert list(units) == [network["station_a"]]


def test_reachable_organisation_ids(network):
    county_admin = factories.member(Role.ADMINISTRATOR, organisation=network["county_org"])
    ids = reachable_organisation_ids(county_admin, "core.view_auditevent")
    assert network["ngo_kuopio"].pk in ids
    assert network["ngo_tampere"].pk not in ids
    national_admin = factories.member(Role.ADMINISTRATOR, organisation=network["national"])
    assert reachable_organisation_ids(national_admin, "core.view_auditevent") is EVERYWHERE


# The list filter and the per-record check must always agree: whatever memberships a
# person holds, `reachable_by` returns exactly the records `has_permission` allows.
ROLES = st.sampled_from(list(Role))
PLACES = st.sampled_from(
    ["county_org", "station_a", "station_b", "ngo_kuopio", "ngo_tampere", "national"]
)


def _person_with(network, memberships):
    person = factories.user()
    for role, place in memberships:
        target = network[place]
        if isinstance(target, Unit):
            factories.member(role, unit=target, user=person)
        else:
            factories.member(role, organisation=target, user=person)
    return User.objects.get(pk=person.pk)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(memberships=st.lists(st.tuples(ROLES, PLACES), min_size=0, max_size=3, unique=True))
def test_visible_agrees_with_has_permission(network, memberships):
    person = _person_with(network, memberships)
    for perm, model in [
        ("accounts.view_unit", Unit),
        ("accounts.change_organisation", Organisation),
        ("accounts.view_organisation", Organisation),
    ]:
        listed = set(model.objects.reachable_by(person, perm))
        allowed = {obj for obj in model.objects.all() if has_permission(person, perm, obj)}
        assert listed == allowed, (perm, memberships)


def _scoped_models():
    return [model for model in apps.get_models() if getattr(model, "scope_paths", None)]


# Permissions asked of a model's rows beyond the model's own rules (those named
# ``<app>.<action>_<model>``): a client's data are read as the referral's, a
# distributor is reached by whoever may issue its cards, and so on.
ALSO_ASKED = {
    "referrals.referral": [f"referrals.{perm}" for perm in REFERRAL_PERMISSIONS],
    "referrals.referralclient": ["referrals.view_referral"],
    "cards.distributor": ["cards.add_card", "cards.view_card"],
    "cards.programmemunicipality": ["cards.view_programme", "cards.change_programme"],
    "buyers.answer": ["buyers.answer_callforoffers", "buyers.view_callforoffers"],
    "integrations.webhookdelivery": ["integrations.view_webhookdelivery"],
    "accounts.membership": ["accounts.view_membership"],
    "arts_in_care.engagement": [
        "arts_in_care.view_engagement",
        "arts_in_care.act_for_unit",
        "arts_in_care.act_for_artist",
    ],
}


def _perms_for(model):
    label = model._meta.label_lower
    app_label, name = label.split(".")
    own = [perm for perm in RULES if perm.startswith(f"{app_label}.") and perm.endswith(f"_{name}")]
    return sorted(set(own) | set(ALSO_ASKED.get(label, [])))


@pytest.fixture
def scoped_rows(network):
    """At least one row of every scoped model, spread over the network's places."""
    from kohtaamo.buyers.models import Answer, CallForOffers
    from kohtaamo.cards.models import Card, CardOffer, Distributor, Programme, ProgrammeMunicipality
    from kohtaamo.catalogue.models import Event, Place, ProviderProfile, Service
    from kohtaamo.integrations.models import ApiKey, WebhookDelivery, WebhookEndpoint
    from kohtaamo.referrals.models import ContactLog, Referral, ReferralClient

    now = timezone.now()
    today = now.date()
    county_org, ngo_kuopio, ngo_tampere = (
        network["county_org"],
        network["ngo_kuopio"],
        network["ngo_tampere"],
    )
    station_a, station_b = network["station_a"], network["station_b"]
    tampere_unit = factories.unit(ngo_tampere)
    for place in ("station_b", "ngo_tampere", "national"):
        target = network[place]
        if isinstance(target, Unit):
            factories.member(Role.ADMINISTRATOR, unit=target)
        else:
            factories.member(Role.PROFESSIONAL, organisation=target)

    services = {
        org: Service.objects.create(organisation=org, name_fi=f"Palvelu {org.pk}")
        for org in (county_org, ngo_kuopio, ngo_tampere)
    }
    event = Event.objects.create(organisation=ngo_kuopio, name_fi="Konsertti", start=now)
    Place.objects.create(
        organisation=ngo_kuopio, name_fi="Sali", municipality=ngo_kuopio.municipality
    )
    Place.objects.create(name_fi="Tori", municipality=ngo_tampere.municipality)
    for org in (ngo_kuopio, ngo_tampere):
        ProviderProfile.objects.create(organisation=org)
    CardOffer.objects.create(organisation=ngo_kuopio, kind="event", event=event, places_offered=2)
    CardOffer.objects.create(
        organisation=ngo_tampere, kind="course", service=services[ngo_tampere], places_offered=2
    )

    for org, unit in ((county_org, station_a), (ngo_tampere, None)):
        call = CallForOffers.objects.create(
            organisation=org,
            unit=unit,
            title_fi="Tarjouspyyntö",
            description_fi="Kuvaus",
            deadline=today,
            contact_email="buyer@example.fi",
        )
        Answer.objects.create(call=call, organisation=ngo_kuopio, offer="Konsertti", price="0")

    for number, (org, unit, county_org_of) in enumerate(
        [(county_org, station_a, county_org), (ngo_kuopio, None, county_org)], start=1
    ):
        programme, _created = Programme.objects.get_or_create(
            county=county_org_of.county, organisation=county_org_of
        )
        ProgrammeMunicipality.objects.get_or_create(
            programme=programme, municipality=org.municipality, starts_on=today
        )
        distributor = Distributor.objects.create(
            programme=programme, organisation=org, unit=unit, starts_on=today
        )
        Card.objects.create(
            number=f"100000000{number}",
            home_municipality=org.municipality,
            birth_year=1980,
            distributor=distributor,
            issued_at=now,
            valid_until=today,
        )
    tampere_programme = Programme.objects.create(
        county=ngo_tampere.county, organisation=ngo_tampere
    )
    Distributor.objects.create(
        programme=tampere_programme, organisation=ngo_tampere, starts_on=today
    )

    for org, unit in ((county_org, station_a), (ngo_tampere, None)):
        ApiKey.objects.create(
            organisation=org,
            unit=unit,
            name="CIS",
            prefix=f"k{org.pk}",
            secret_hash="x",
            user=factories.user(),
        )
        endpoint = WebhookEndpoint.objects.create(
            organisation=org, url="https://cis.example.fi/hook"
        )
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event_id=f"e{org.pk}",
            event_type="referral.status_changed",
            payload={},
            next_attempt_at=now,
        )

    from kohtaamo.arts_in_care.models import Engagement

    for unit, artist in ((station_a, ngo_kuopio), (tampere_unit, ngo_kuopio)):
        Engagement.objects.create(
            name="Laulupaja",
            care_unit=unit,
            county=unit.organisation.county,
            setting="day_group",
            artist=artist,
            starts_on=today,
            ends_on=today,
            planned_sessions=15,
            proposed_by="unit",
        )

    savo_type = factories.referral_type(county_org.county)
    tampere_type = factories.referral_type(ngo_tampere.county)
    issued = {"status": "issued", "issued_at": now}
    for fields in [
        {"issuing_unit": station_a, "receiving_unit": station_b},
        {"issuing_unit": station_a, "receiving_unit": station_b, **issued},
        {"issuing_unit": station_b, "receiving_service": services[ngo_kuopio], **issued},
        {"issuing_unit": station_b, "receiving_service": services[ngo_kuopio]},
        {"issuing_unit": station_a, **issued},
        {"issuing_unit": tampere_unit, "referral_type": tampere_type, **issued},
    ]:
        fields.setdefault("referral_type", savo_type)
        referral = Referral.objects.create(county=fields["referral_type"].county, **fields)
        ReferralClient.objects.create(referral=referral, full_name="Asiakas")
        ContactLog.objects.create(referral=referral, date=today, kind="phone")
    _volunteer_rows(network, tampere_unit, now)
    return _scoped_models()


def _volunteer_rows(network, tampere_unit, now):
    from kohtaamo.volunteers import models as volunteers

    start = now + timedelta(days=3)
    for org, unit in ((network["ngo_kuopio"], None), (network["county_org"], network["station_a"])):
        programme = volunteers.Programme.objects.create(
            organisation=org, unit=unit, slug=f"guides-{org.pk}", name_fi="Kulttuuriluotsit"
        )
        volunteers.Volunteer.objects.create(
            programme=programme, full_name="Vapaaehtoinen", email="v@example.fi", consent_at=now
        )
        volunteers.Kit.objects.create(
            organisation=org, unit=unit, kind="memory_case", name_fi="Muistilaukku"
        )
        for requesting_unit in (None, network["station_b"], tampere_unit):
            volunteers.HelpRequest.objects.create(
                programme=programme,
                source="professional",
                requesting_unit=requesting_unit,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                fill_by=start - timedelta(days=1),
                municipality=org.municipality,
                meeting_point="Pääovi",
                client_alias="Aino",
            )


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(memberships=st.lists(st.tuples(ROLES, PLACES), min_size=0, max_size=3, unique=True))
def test_reachable_by_agrees_with_has_permission_for_every_scoped_model(
    network, scoped_rows, memberships
):
    person = _person_with(network, memberships)
    for model in scoped_rows:
        rows = list(model.objects.all())
        assert rows, model
        for perm in _perms_for(model):
            listed = set(model.objects.reachable_by(person, perm))
            allowed = {obj for obj in rows if has_permission(person, perm, obj)}
            assert listed == allowed, (model.__name__, perm, memberships)


def test_every_scoped_model_is_checked():
    """A model that declares where its rows belong is in the agreement test above."""
    for model in _scoped_models():
        assert _perms_for(model), f"{model._meta.label}: no permission is asked of its rows"
