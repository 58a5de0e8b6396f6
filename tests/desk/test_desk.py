"""Each role lands on its own work after signing in, and the menu shows what it uses."""

import pytest
from django.urls import reverse

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from tests import factories
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    return client.post(
        reverse("accounts:login"), {"username": user.email, "password": factories.PASSWORD}
    )


def test_a_provider_lands_on_the_desk_and_a_resident_on_the_front_page(client):
    provider = factories.member(Role.PROVIDER)
    assert sign_in(client, provider)["Location"] == reverse("desk")
    client.logout()
    # A resident's own things (favourites, alerts) are on the front page.
    resident = factories.user()
    assert sign_in(client, resident)["Location"] == reverse("home")
    assert client.get(reverse("desk"))["Location"] == reverse("home")


def test_staff_land_on_the_desk_after_the_code_step(client):
    nurse = factories.member(Role.PROFESSIONAL)
    device = factories.totp_device(nurse)
    step = sign_in(client, nurse)["Location"]
    assert step.startswith(reverse("accounts:verify"))
    done = client.post(step, {"token": factories.current_code(device)})
    assert done["Location"] == reverse("desk")


def test_the_desk_needs_signing_in(client):
    response = client.get(reverse("desk"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def nav_links(client):
    page = parse(client.get(reverse("desk")).content.decode())
    return [a.attrs["href"] for a in page.find("nav", "main-nav").find_all("a")]


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (Role.PROFESSIONAL, ["referrals:index", "lists:index"], ["cards:venue", "audit_log"]),
        (Role.PROVIDER, ["provider:dashboard", "cards:venue"], ["referrals:index", "lists:index"]),
        (Role.DISTRIBUTOR, ["cards:index"], ["referrals:index", "provider:dashboard"]),
        (Role.COORDINATOR, ["provider:moderation", "referral_stats:numbers"], ["cards:index"]),
    ],
)
def test_the_menu_shows_what_the_role_uses(login, role, shown, hidden):
    links = nav_links(login(factories.member(role)))
    assert reverse("desk") in links
    for name in shown:
        assert reverse(name) in links, name
    for name in [*hidden, "buyers:favourites", "buyers:alerts"]:
        assert reverse(name) not in links, name


def test_the_desk_leads_to_favourites_and_alerts(login):
    page = parse(login(factories.member(Role.PROFESSIONAL)).get(reverse("desk")).content.decode())
    links = [a.attrs["href"] for a in page.by_id("personal").find_all("a")]
    assert reverse("buyers:favourites") in links
    assert reverse("buyers:alerts") in links


def test_a_county_coordinator_reaches_arts_in_care_and_volunteer_numbers_from_the_desk(login):
    county_org = factories.organisation(kind=Organisation.Kind.WELLBEING_COUNTY)
    coordinator = factories.member(Role.COORDINATOR, organisation=county_org)
    page = parse(login(coordinator).get(reverse("desk")).content.decode())
    links = [a.attrs["href"] for a in page.by_id("network").find_all("a")]
    assert reverse("arts_in_care:engagements") in links
    assert reverse("volunteers:numbers") in links
