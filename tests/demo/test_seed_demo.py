"""``manage.py seed_demo`` and ``manage.py demo_otp``: the demo network a tester signs in to."""

from base64 import b32decode
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kohtaamo import demo
from kohtaamo.accounts.models import Membership, Organisation, Unit, User
from kohtaamo.accounts.permissions import requires_two_factor
from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import County
from kohtaamo.demo import steps as demo_steps
from kohtaamo.demo.network import seed_network
from tests import factories

pytestmark = pytest.mark.django_db

DEMO_USERS = {"email__endswith": f"@{demo.DEMO_EMAIL_DOMAIN}"}
CARE_UNIT_KINDS = {
    Unit.Kind.HEALTH_STATION,
    Unit.Kind.SOCIAL_WORK,
    Unit.Kind.MENTAL_HEALTH,
    Unit.Kind.OLDER_PEOPLE,
    Unit.Kind.FAMILY,
    Unit.Kind.CULTURE_ADVICE,
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every seed hashes the demo password once; the slow production hasher adds nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _network_only(monkeypatch):
    # These tests seed again and again; the catalogue step has its own module
    # (test_seed_demo_catalogue.py), which seeds it once.
    monkeypatch.setattr(demo_steps, "STEPS", (seed_network,))


def seed_demo():
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def demo_otp(*args):
    out = StringIO()
    with translation.override("en"):
        call_command("demo_otp", *args, stdout=out)
    return out.getvalue().strip()


def code_from_the_documented_secret():
    """What an authenticator app that was given the printed secret shows right now."""
    totp = TOTP(b32decode(demo.DEMO_TOTP_SECRET_BASE32))
    return f"{totp.token():06d}"


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, Unit, User, Membership, TOTPDevice)
    }


def post_login(client, email, password=demo.DEMO_PASSWORD):
    data = {"username": email, "password": password, "next": reverse("accounts:profile")}
    return client.post(reverse("accounts:login"), data)


@pytest.mark.parametrize("county_code", ["13", "08", "06"])
def test_each_demo_county_has_its_county_organisation_with_care_units_and_cities(county_code):
    seed_demo()
    county = County.objects.get(code=county_code)
    organisation = Organisation.objects.get(kind=Organisation.Kind.WELLBEING_COUNTY, county=county)
    assert organisation.name_fi == county.name_fi
    assert organisation.name_sv == county.name_sv
    assert organisation.name_en == county.name_en
    assert set(organisation.units.values_list("kind", flat=True)) >= CARE_UNIT_KINDS
    city = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, county=county).first()
    assert city is not None
    assert {Unit.Kind.CULTURE_SERVICES, Unit.Kind.LIBRARY} <= set(
        city.units.values_list("kind", flat=True)
    )


def test_the_network_has_every_kind_of_organisation_and_the_two_national_bodies():
    seed_demo()
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(Organisation.Kind.values)
    national = Organisation.objects.filter(kind=Organisation.Kind.NATIONAL_BODY)
    assert "Arts Promotion Centre Finland" in {o.name_en for o in national}
    assert national.filter(name_en__icontains="Kohtaamo").exists()


def test_demo_organisations_link_only_to_example_domains_and_have_no_business_id():
    seed_demo()
    for organisation in Organisation.objects.all():
        assert organisation.business_id == ""
        if organisation.website:
            assert ".example.fi/" in organisation.website, organisation.website


def test_every_role_has_a_demo_account_with_an_active_membership():
    seed_demo()
    for role in Role:
        membership = Membership.objects.filter(role=role, is_active=True, user__is_active=True)
        assert membership.filter(user__email=f"{role_local_part(role)}@demo.kohtaamo.test").exists()


def role_local_part(role):
    return {Role.CULTURE_ADVISOR: "advisor", Role.VOLUNTEER_COORDINATOR: "volunteers"}.get(
        role, role.value
    )


def test_resident_has_no_role_and_superuser_runs_the_platform():
    seed_demo()
    resident = User.objects.get(email=demo.demo_email("resident"))
    assert not resident.memberships.exists()
    assert not requires_two_factor(resident)
    superuser = User.objects.get(email=demo.demo_email("superuser"))
    assert superuser.is_superuser and superuser.is_staff
    membership = superuser.memberships.get()
    assert membership.role == Role.ADMINISTRATOR
    assert membership.organisation.kind == Organisation.Kind.NATIONAL_BODY


def test_demo_accounts_speak_finnish_swedish_and_english():
    seed_demo()
    languages = set(User.objects.filter(**DEMO_USERS).values_list("preferred_language", flat=True))
    assert languages == {"fi", "sv", "en"}


def test_county_coordinator_sees_the_whole_county_and_the_analyst_the_whole_country():
    seed_demo()
    kuopio = Organisation.objects.get(name_fi="Kuopion kaupunki")
    tampere = Organisation.objects.get(name_fi="Tampereen kaupunki")
    coordinator = User.objects.get(email=demo.demo_email("coordinator"))
    analyst = User.objects.get(email=demo.demo_email("analyst"))
    assert coordinator.has_perm("accounts.view_organisation", kuopio)
    assert not coordinator.has_perm("accounts.view_organisation", tampere)
    assert analyst.has_perm("accounts.view_organisation", tampere)


def test_every_account_that_needs_a_code_has_the_documented_authenticator():
    seed_demo()
    needing = [user for user in User.objects.filter(**DEMO_USERS) if requires_two_factor(user)]
    assert len(needing) >= 8
    for user in needing:
        device = TOTPDevice.objects.get(user=user)
        assert device.confirmed
        assert device.verify_token(code_from_the_documented_secret()), user.email


def test_seeding_again_creates_nothing_and_keeps_the_same_rows():
    seed_demo()
    before = row_counts()
    organisation_ids = set(Organisation.objects.values_list("pk", flat=True))
    report = demo.seed()
    assert row_counts() == before
    assert set(Organisation.objects.values_list("pk", flat=True)) == organisation_ids
    for model in (Organisation, Unit, User, Membership, TOTPDevice):
        assert report.created(model) == 0
        assert report.existing(model) == before[model.__name__]


def test_seeding_again_restores_the_documented_password_and_secret():
    seed_demo()
    advisor = User.objects.get(email=demo.demo_email("advisor"))
    advisor.set_password("something-the-tester-chose")
    advisor.save()
    # As if the tester had paired their own phone on the profile page.
    TOTPDevice.objects.filter(user=advisor).delete()
    factories.totp_device(advisor)
    seed_demo()
    advisor.refresh_from_db()
    assert advisor.check_password(demo.DEMO_PASSWORD)
    device = TOTPDevice.objects.get(user=advisor)
    assert device.verify_token(code_from_the_documented_secret())


def test_seeding_keeps_other_peoples_accounts_and_organisations():
    someone = factories.user(email="real.person@example.fi")
    their_organisation = factories.organisation(name_fi="Oikea yhdistys ry")
    seed_demo()
    someone.refresh_from_db()
    assert someone.check_password(factories.PASSWORD)
    assert Organisation.objects.filter(pk=their_organisation.pk).exists()


def test_seeding_refuses_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        seed_demo()
    assert not User.objects.filter(**DEMO_USERS).exists()
    assert not Organisation.objects.filter(kind=Organisation.Kind.WELLBEING_COUNTY).exists()


def test_demo_otp_refuses_in_production(settings):
    seed_demo()
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        demo_otp(demo.demo_email("professional"))


def test_demo_staff_member_signs_in_with_the_password_and_the_code_from_the_secret(client):
    seed_demo()
    response = post_login(client, demo.demo_email("professional"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))
    assert client.get(reverse("accounts:profile"))["Location"].startswith(
        reverse("accounts:verify")
    )
    verified = client.post(response["Location"], {"token": code_from_the_documented_secret()})
    assert verified.status_code == 302
    assert verified["Location"] == reverse("accounts:profile")
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200
    assert "Pajula" in profile.content.decode()


def test_demo_resident_signs_in_with_the_password_alone(client):
    seed_demo()
    response = post_login(client, demo.demo_email("resident"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_demo_password_is_the_only_one_that_works(client):
    seed_demo()
    response = post_login(client, demo.demo_email("resident"), password="Kohtaamo-demo-2025")
    assert response.status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_demo_otp_prints_a_code_the_account_accepts():
    seed_demo()
    code = demo_otp(demo.demo_email("distributor"))
    assert len(code) == 6 and code.isdigit()
    device = TOTPDevice.objects.get(user__email=demo.demo_email("distributor"))
    assert device.verify_token(code)


def test_demo_otp_without_an_address_prints_the_professionals_code(client):
    seed_demo()
    post_login(client, demo.demo_email("professional"))
    verify = reverse("accounts:verify") + "?next=" + reverse("accounts:profile")
    response = client.post(verify, {"token": demo_otp()})
    assert response["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_demo_otp_will_not_print_codes_for_real_accounts():
    seed_demo()
    real = factories.member(Role.PROFESSIONAL)
    factories.totp_device(real)
    with pytest.raises(CommandError, match="not a demo account"):
        demo_otp(real.email)


def test_demo_otp_tells_that_the_resident_needs_no_code():
    seed_demo()
    with pytest.raises(CommandError, match="no code is needed"):
        demo_otp(demo.demo_email("resident"))


def test_output_lists_every_demo_login_with_the_password_and_the_secret():
    output = seed_demo()
    for user in User.objects.filter(**DEMO_USERS):
        assert user.email in output
    for role in Role:
        assert f"{role_local_part(role)}@demo.kohtaamo.test" in output
    assert demo.DEMO_PASSWORD in output
    assert demo.DEMO_TOTP_SECRET_BASE32 in output
    assert "otpauth://totp/" in output
    assert "manage.py demo_otp" in output


def test_output_counts_rows_created_then_found():
    first = seed_demo()
    second = seed_demo()
    users = User.objects.filter(**DEMO_USERS).count()
    assert count_row(first, User) == (users, 0)
    assert count_row(second, User) == (0, users)


def count_row(output, model):
    with translation.override("en"):
        label = str(capfirst(model._meta.verbose_name_plural))
    line = next(line for line in output.splitlines() if line.startswith(label + " "))
    created, existing = line.removeprefix(label).split()
    return int(created), int(existing)
