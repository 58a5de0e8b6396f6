"""The permission helper: who may see and change what (accounts/permissions.py)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kohtaamo.accounts.models import Membership, Organisation, Unit, User
from kohtaamo.accounts.permissions import (
    EVERYWHERE,
    has_permission,
    reachable_organisation_ids,
    requires_two_factor,
    visible,
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
    assert not visible(request.user, "accounts.view_unit", Unit.objects.all()).exists()


def test_visible_lists_only_reachable_units(network):
    admin = factories.member(Role.ADMINISTRATOR, unit=network["station_a"])
    units = visible(admin, "accounts.view_unit", Unit.objects.all(), unit_id="id")
    assert list(units) == [network["station_a"]]


def test_reachable_organisation_ids(network):
    county_admin = factories.member(Role.ADMINISTRATOR, organisation=network["county_org"])
    ids = reachable_organisation_ids(county_admin, "core.view_auditevent")
    assert network["ngo_kuopio"].pk in ids
    assert network["ngo_tampere"].pk not in ids
    national_admin = factories.member(Role.ADMINISTRATOR, organisation=network["national"])
    assert reachable_organisation_ids(national_admin, "core.view_auditevent") is EVERYWHERE


# The list filter and the per-record check must always agree: whatever memberships a
# person holds, `visible` returns exactly the records `has_permission` allows.
ROLES = st.sampled_from(list(Role))
PLACES = st.sampled_from(
    ["county_org", "station_a", "station_b", "ngo_kuopio", "ngo_tampere", "national"]
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(memberships=st.lists(st.tuples(ROLES, PLACES), min_size=0, max_size=3, unique=True))
def test_visible_agrees_with_has_permission(network, memberships):
    person = factories.user()
    for role, place in memberships:
        target = network[place]
        if isinstance(target, Unit):
            factories.member(role, unit=target, user=person)
        else:
            factories.member(role, organisation=target, user=person)
    person = User.objects.get(pk=person.pk)
    for perm, model, lookups in [
        ("accounts.view_unit", Unit, {"unit_id": "id"}),
        (
            "accounts.change_organisation",
            Organisation,
            {"organisation_id": "id", "county_id": "county_id"},
        ),
        (
            "accounts.view_organisation",
            Organisation,
            {"organisation_id": "id", "county_id": "county_id"},
        ),
    ]:
        listed = set(visible(person, perm, model.objects.all(), **lookups))
        allowed = {obj for obj in model.objects.all() if has_permission(person, perm, obj)}
        assert listed == allowed, (perm, memberships)
