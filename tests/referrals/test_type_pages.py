"""A county coordinator keeps the county's referral types: the permission rule for a
record that belongs to a county, the list and form pages, errors next to the fields for
the rules the database holds a type to, and the audit log of every save."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import AuditEvent
from kohtaamo.referrals.models import ReferralType
from tests import factories

pytestmark = pytest.mark.django_db

TAMPERE = "837"


def url(name, *args, language="fi"):
    with translation.override(language):
        return reverse(f"referral_types:{name}", args=args)


@pytest.fixture
def savo():
    county_org = factories.organisation(Organisation.Kind.WELLBEING_COUNTY)
    city = factories.organisation(Organisation.Kind.MUNICIPALITY)
    advice = factories.unit(city, name_fi="Kulttuuriluotsit", kind=Unit.Kind.CULTURE_ADVICE)
    station = factories.unit(county_org, kind=Unit.Kind.HEALTH_STATION)
    referral_type = factories.referral_type(county_org.county)
    return {
        "county": county_org.county,
        "coordinator": factories.member(Role.COORDINATOR, organisation=county_org),
        "professional": factories.member(Role.PROFESSIONAL, unit=station),
        "advice": advice,
        "type": referral_type,
    }


@pytest.fixture
def other_coordinator():
    county_org = factories.organisation(
        Organisation.Kind.WELLBEING_COUNTY, municipality_code=TAMPERE
    )
    return factories.member(Role.COORDINATOR, organisation=county_org)


def form_data(**changes):
    data = {
        "name_fi": "Kulttuurilähete",
        "name_sv": "Kulturremiss",
        "name_en": "Culture referral",
        "kind": "personal",
        "receiver_kind": "unit",
        "receiving_unit": "",
        "response_days": "14",
        "expiry_days": "90",
        "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- The rule -----------------------------------------------------------------------


def test_a_county_coordinator_may_keep_only_their_own_countys_types(savo, other_coordinator):
    coordinator = savo["coordinator"]
    for action in ("view", "add", "change"):
        assert coordinator.has_perm(f"referrals.{action}_referraltype", savo["type"])
        assert not other_coordinator.has_perm(f"referrals.{action}_referraltype", savo["type"])
    assert not savo["professional"].has_perm("referrals.view_referraltype")
    assert not savo["professional"].has_perm("referrals.change_referraltype", savo["type"])


def test_a_coordinator_of_a_municipality_does_not_reach_the_countys_types(savo):
    city = factories.organisation(Organisation.Kind.MUNICIPALITY)
    city_coordinator = factories.member(Role.COORDINATOR, organisation=city)
    assert not city_coordinator.has_perm("referrals.view_referraltype")
    assert not city_coordinator.has_perm("referrals.change_referraltype", savo["type"])


# --- The pages ----------------------------------------------------------------------


def test_the_coordinator_sees_the_countys_types_and_the_menu_link(savo, other_coordinator, login):
    ReferralType.objects.create(
        county=factories.municipality(TAMPERE).county,
        code="harrastelahete",
        name_fi="Harrastelähete",
        kind=ReferralType.Kind.PRESCRIPTION,
        receiver_kind=ReferralType.ReceiverKind.NOBODY,
        expiry_days=120,
    )
    response = login(savo["coordinator"]).get(url("index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kulttuurilähete" in page
    assert "Harrastelähete" not in page
    assert url("index") in page  # the menu link
    assert url("edit", savo["type"].pk) in page


def test_another_countys_coordinator_gets_404_and_a_professional_403(
    savo, other_coordinator, login, client
):
    edit = url("edit", savo["type"].pk)
    assert login(other_coordinator).get(edit).status_code == 404
    assert client.post(edit, form_data(expiry_days="5")).status_code == 404
    assert login(other_coordinator).get(url("new", savo["county"].code)).status_code == 404
    professional = login(savo["professional"])
    assert professional.get(url("index")).status_code == 403
    assert professional.get(edit).status_code == 403
    assert professional.post(edit, form_data(expiry_days="5")).status_code == 403
    savo["type"].refresh_from_db()
    assert savo["type"].expiry_days == 90
    assert url("index") not in professional.get(reverse("home")).content.decode()


def test_the_coordinator_changes_a_type_and_the_audit_log_has_it(savo, login):
    referral_type = savo["type"]
    response = login(savo["coordinator"]).post(
        url("edit", referral_type.pk),
        form_data(
            name_sv="Kulturremiss (ny)",
            receiving_unit=str(savo["advice"].pk),
            response_days="10",
            is_active=None,
        ),
    )
    assert response.status_code == 302
    referral_type.refresh_from_db()
    assert referral_type.name_sv == "Kulturremiss (ny)"
    assert referral_type.receiving_unit == savo["advice"]
    assert referral_type.response_days == 10
    assert referral_type.is_active is False  # turned off
    event = AuditEvent.objects.get(target_type="referrals.referraltype")
    assert event.action == AuditEvent.Action.CHANGE
    assert event.actor_id == savo["coordinator"].pk
    assert event.target_id == str(referral_type.pk)
    assert {"name_sv", "receiving_unit", "response_days", "is_active"} <= set(event.fields)


def test_the_coordinator_adds_a_type_with_a_code_of_its_own(savo, login):
    response = login(savo["coordinator"]).post(
        url("new", savo["county"].code),
        form_data(
            name_fi="Kulttuurilähete",
            kind="prescription",
            receiver_kind="nobody",
            response_days="",
            grants_free_place="on",
        ),
    )
    assert response.status_code == 302
    added = ReferralType.objects.exclude(pk=savo["type"].pk).get()
    assert added.county == savo["county"]
    assert added.code == "kulttuurilahete-2"
    assert added.grants_free_place
    assert AuditEvent.objects.get(target_id=str(added.pk)).action == AuditEvent.Action.CREATE


def test_the_receiving_unit_is_chosen_among_the_countys_culture_advice_units(
    savo, other_coordinator, login
):
    tampere = factories.organisation(Organisation.Kind.MUNICIPALITY, municipality_code=TAMPERE)
    elsewhere = factories.unit(tampere, kind=Unit.Kind.CULTURE_ADVICE)
    response = login(savo["coordinator"]).post(
        url("edit", savo["type"].pk), form_data(receiving_unit=str(elsewhere.pk))
    )
    assert response.status_code == 400
    assert "receiving_unit" in response.context["form"].errors


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"receiver_kind": "nobody", "response_days": "14"},
            "response_days",
            "Leave this empty when nobody receives the referral.",
        ),
        ({"response_days": ""}, "response_days", "Give the receiver at least one day to respond."),
        ({"response_days": "0"}, "response_days", "Give the receiver at least one day to respond."),
        (
            {"kind": "prescription"},
            "receiver_kind",
            "A unit cannot receive an anonymous prescription: it has no one to contact.",
        ),
    ],
)
def test_rules_of_a_type_are_errors_next_to_the_field(
    savo, login, language, changes, field, message
):
    response = login(savo["coordinator"]).post(
        url("edit", savo["type"].pk, language=language), form_data(**changes)
    )
    assert response.status_code == 400
    with translation.override(language):
        expected = gettext(message)
    assert response.context["form"].errors[field] == [expected]
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert not AuditEvent.objects.filter(target_type="referrals.referraltype").exists()


def test_a_type_must_last_at_least_a_day_and_have_a_finnish_name(savo, login):
    response = login(savo["coordinator"]).post(
        url("edit", savo["type"].pk), form_data(expiry_days="0", name_fi="")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "expiry_days" in errors
    assert "name_fi" in errors
    savo["type"].refresh_from_db()
    assert savo["type"].expiry_days == 90


def test_the_professional_is_offered_the_types_usual_unit_first(savo, login):
    second = factories.unit(savo["advice"].organisation, kind=Unit.Kind.CULTURE_ADVICE)
    savo["type"].receiving_unit = second
    savo["type"].save()
    response = login(savo["professional"]).get(reverse("referrals:write", args=[savo["type"].pk]))
    assert response.status_code == 200
    assert response.context["form"]["receiving_unit"].value() == second.pk


# --- With the demo data -------------------------------------------------------------


@pytest.fixture
def seeded(django_db_setup, django_db_blocker, settings):
    from kohtaamo import demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    demo.seed()


def test_the_demo_coordinator_keeps_north_savos_types(seeded, login):
    from kohtaamo.accounts.models import User

    coordinator = User.objects.get(email="coordinator@demo.kohtaamo.test")
    client = login(coordinator)
    page = client.get(url("index")).content.decode()
    savo_types = ReferralType.objects.filter(county__code="13")
    assert savo_types.count() == 2
    for referral_type in savo_types:
        assert url("edit", referral_type.pk) in page
        assert client.get(url("edit", referral_type.pk)).status_code == 200
    elsewhere = ReferralType.objects.exclude(county__code="13").first()
    assert url("edit", elsewhere.pk) not in page
    assert client.get(url("edit", elsewhere.pk)).status_code == 404
    # The demo's culture referral goes to North Savo's culture-advice unit.
    culture_referral = savo_types.get(code="kulttuurilahete")
    units = client.get(url("edit", culture_referral.pk)).context["form"]["receiving_unit"]
    assert len(units.field.queryset) >= 1
