"""A referral that needs a companion: asking a volunteer programme for one, following
the request on the referral page, and its client data going with the referral's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kohtaamo.core.models import AuditEvent
from kohtaamo.referrals import services
from kohtaamo.referrals.services import retention
from kohtaamo.volunteers.models import HelpRequest, Programme, RequestSource
from kohtaamo.volunteers.states import CancelledBy, RequestStatus
from tests import factories
from tests.catalogue.html import parse

from .conftest import CLIENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(db):
    library = factories.organisation(name_fi="Kuopion kaupunginkirjasto")
    programme = Programme.objects.create(
        organisation=library,
        slug="kuopion-luotsit",
        name_fi="Kuopion kulttuuriluotsit",
        help_kinds=["accompany"],
    )
    programme.municipalities.set([factories.municipality("297")])
    return programme


@pytest.fixture
def needs_companion(world):
    return world.issued(now=timezone.now(), needs=["companion", "mobility"])


def when(days, hour):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def form_data(programme, **changes):
    data = {
        "programme": programme.pk,
        "what": "Päiväkonsertti",
        "starts_at": when(7, 14),
        "ends_at": when(7, 16),
        "municipality": factories.municipality("297").pk,
        "meeting_point": "Musiikkikeskuksen pääovi",
        "people": 1,
        "needs": ["walking_support"],
        "client_alias": "Testi",
    }
    data.update(changes)
    return data


def test_the_nurse_asks_for_a_volunteer_companion(login, world, programme, needs_companion):
    nurse = login(world.nurse)
    detail = reverse("referrals:detail", args=[needs_companion.pk])
    page = parse(nurse.get(detail).content.decode())
    ask = reverse("referrals:companion", args=[needs_companion.pk])
    assert page.find("a", href=ask) is not None

    form = nurse.get(ask).content.decode()
    html = parse(form)
    # Filled in from the referral: the first name and the help the needs ask for.
    assert html.by_id("id_client_alias").attrs["value"] == "Testi"
    assert "checked" in html.find("input", value="walking_support").attrs
    # Never the referral's reasons, nor the client's full name.
    assert "Yksinäisyys" not in form and CLIENT["full_name"] not in form

    response = nurse.post(ask, form_data(programme))
    assert response.status_code == 302
    request = HelpRequest.objects.get()
    assert request.source == RequestSource.REFERRAL
    assert request.referral == needs_companion
    assert request.requesting_unit == world.health_station
    assert request.client_alias == "Testi"
    assert request.client_phone == "" and not request.client_agreed_to_share_phone
    assert request.needs == ["walking_support"]
    # The client's data were read for the form, and the read is in the audit log.
    assert AuditEvent.objects.filter(purpose="companion request").exists()

    page = parse(nurse.get(detail).content.decode())
    shown = page.find("li", **{"data-companion-request": str(request.pk)})
    assert shown.attrs["data-status"] == "requested"
    assert "Odottaa vapaaehtoista" in shown.text
    # One open request at a time.
    assert page.find("a", href=ask) is None


def test_the_phone_goes_along_only_when_the_client_agreed(login, world, programme, needs_companion):
    nurse = login(world.nurse)
    ask = reverse("referrals:companion", args=[needs_companion.pk])
    nurse.post(ask, form_data(programme, share_phone="on"))
    request = HelpRequest.objects.get()
    assert request.client_agreed_to_share_phone
    assert request.client_phone == "+358400000000"


def test_the_state_follows_the_request(login, world, programme, needs_companion):
    nurse = login(world.nurse)
    nurse.post(reverse("referrals:companion", args=[needs_companion.pk]), form_data(programme))
    HelpRequest.objects.update(status=RequestStatus.ASSIGNED)
    page = nurse.get(reverse("referrals:detail", args=[needs_companion.pk])).content.decode()
    assert "Vapaaehtoinen löytyi" in page


def test_errors_are_shown_next_to_the_fields(login, world, programme, needs_companion):
    nurse = login(world.nurse)
    ask = reverse("referrals:companion", args=[needs_companion.pk])
    response = nurse.post(ask, form_data(programme, starts_at=when(-2, 14), ends_at=when(-2, 16)))
    assert response.status_code == 400
    assert parse(response.content.decode()).by_id("id_starts_at_error") is not None
    assert not HelpRequest.objects.exists()


def test_no_companion_asked_for_without_the_need(login, world, programme):
    referral = world.issued(now=timezone.now())
    nurse = login(world.nurse)
    page = nurse.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert reverse("referrals:companion", args=[referral.pk]) not in page
    response = nurse.post(reverse("referrals:companion", args=[referral.pk]), form_data(programme))
    assert response.status_code == 302
    assert not HelpRequest.objects.exists()


def test_another_unit_does_not_reach_it(login, world, programme, needs_companion):
    stranger = login(world.stranger)
    response = stranger.get(reverse("referrals:companion", args=[needs_companion.pk]))
    assert response.status_code == 404


def test_erasing_the_referral_erases_the_request_and_cancels_a_coming_visit(
    login, world, programme, needs_companion
):
    nurse = login(world.nurse)
    nurse.post(
        reverse("referrals:companion", args=[needs_companion.pk]),
        form_data(programme, share_phone="on"),
    )
    services.withdraw_by_client(needs_companion)
    request = HelpRequest.objects.get()
    assert request.status == RequestStatus.CANCELLED
    assert request.cancelled_by == CancelledBy.CLIENT
    assert request.client_alias == "" and request.client_phone == ""
    assert request.personal_data_erased_at is not None


def test_retention_erases_the_request_of_a_closed_referral(world, programme, needs_companion):
    request = HelpRequest.objects.create(
        programme=programme,
        source=RequestSource.REFERRAL,
        referral=needs_companion,
        status=RequestStatus.TOOK_PLACE,
        starts_at=timezone.now() - datetime.timedelta(days=400),
        ends_at=timezone.now() - datetime.timedelta(days=400, hours=-2),
        fill_by=timezone.now() - datetime.timedelta(days=401),
        municipality=factories.municipality("297"),
        meeting_point="Pääovi",
        client_alias="Testi",
    )
    retention.erase_personal_data(needs_companion, timezone.now(), "retention period ended")
    request.refresh_from_db()
    assert request.status == RequestStatus.TOOK_PLACE
    assert request.client_alias == "" and request.meeting_point == ""


def test_the_client_rates_the_visit_on_their_referral_page(
    client, login, world, programme, needs_companion
):
    nurse = login(world.nurse)
    nurse.post(reverse("referrals:companion", args=[needs_companion.pk]), form_data(programme))
    nurse.logout()
    request = HelpRequest.objects.get()
    volunteer = programme.volunteers.create(
        full_name="Ritva Aaltonen", email="ritva@example.fi", consent_at=timezone.now()
    )
    HelpRequest.objects.filter(pk=request.pk).update(status=RequestStatus.TOOK_PLACE)
    visit = request.assignments.create(
        volunteer=volunteer, starts_at=request.starts_at, ends_at=request.ends_at, took_place=True
    )
    page = client.get(
        reverse("referrals:client", args=[needs_companion.public_token]), follow=True
    ).content.decode()
    rate = reverse("referrals:client_rate_companion", args=[request.pk])
    assert f'action="{rate}"' in page and "Toteutui" in page
    assert client.post(rate, {"rating": "4"}).status_code == 302
    visit.refresh_from_db()
    assert visit.client_rating == 4
