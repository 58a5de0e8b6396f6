"""Volunteer companions joined to referrals and card bookings, in the browser, in Finnish
and Swedish, with no axe violations.

A nurse ticks "needs a companion" on a referral and asks a volunteer programme for a
companion from the referral page; the programme's coordinator offers it and a volunteer
accepts; the reminder run reminds both sides; the volunteer logs the visit, the referral
page follows every step and the client rates the visit on their own page. A card holder
books a concert with a companion on their phone and asks for a volunteer companion; the
companion ticket is taken and the door's list says so.

The visit is logged through the volunteers services (the log form opens after the
visit's time), and the county numbers are not in this test: their page is not there yet.
"""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from kohtaamo.cards import services as cards
from kohtaamo.cards.models import CardOffer, ProgrammeMunicipality, Reservation
from kohtaamo.cards.models import Programme as CardProgramme
from kohtaamo.core.models import Language
from kohtaamo.notifications import backends
from kohtaamo.referrals.models import Referral
from kohtaamo.volunteers import services as volunteers
from kohtaamo.volunteers.models import (
    Assignment,
    HelpRequest,
    Offer,
    Programme,
    RequestSource,
    Volunteer,
)
from kohtaamo.volunteers.states import RequestStatus, VolunteerStatus
from tests import factories
from tests.catalogue import content
from tests.e2e.checks import E2E, check_page, path_re

pytestmark = E2E

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def state(status, language):
    """A request's state as the pages name it, in ``language``."""
    with translation.override(language):
        return str(RequestStatus(status).label)


@pytest.fixture(autouse=True)
def _outboxes(settings):
    settings.NOTIFICATION_SMS_BACKEND = "kohtaamo.notifications.backends.LocmemSMSBackend"
    backends.outbox.clear()
    yield
    backends.outbox.clear()


@pytest.fixture
def guides():
    """A Kuopio library's culture guides, their coordinator and one volunteer who is
    free every day."""
    library = factories.organisation(name_fi="Kuopion kaupunginkirjasto")
    programme = Programme.objects.create(
        organisation=library,
        slug="kuopion-luotsit",
        name_fi="Kuopion kulttuuriluotsit",
        name_sv="Kuopios kulturlotsar",
        help_kinds=["accompany"],
    )
    programme.municipalities.set([factories.municipality("297")])
    coordinator = factories.member(Role.VOLUNTEER_COORDINATOR, organisation=library)
    person = factories.member(Role.VOLUNTEER, organisation=library)
    volunteer = Volunteer.objects.create(
        programme=programme,
        user=person,
        status=VolunteerStatus.APPROVED,
        full_name="Marjatta Hongisto",
        email=person.email,
        consent_at=timezone.now(),
        help_kinds=["accompany"],
        assistance=["walking_support"],
    )
    volunteer.municipalities.set([factories.municipality("297")])
    volunteer.languages.set(Language.objects.filter(code__in=["fi", "sv"]))
    volunteer.trainings.create(kind="basic", completed_on=datetime.date(2026, 1, 10))
    # Support in walking asks for first aid too.
    volunteer.trainings.create(kind="first_aid", completed_on=datetime.date(2026, 1, 10))
    for weekday in range(7):
        volunteer.weekly.create(
            weekday=weekday, starts=datetime.time(0, 0), ends=datetime.time(23, 59)
        )
    return programme, coordinator, volunteer


@pytest.fixture
def nurse():
    county_org = factories.organisation(
        Organisation.Kind.WELLBEING_COUNTY, name_fi="Pohjois-Savon hyvinvointialue"
    )
    health = factories.unit(
        county_org, kind=Unit.Kind.HEALTH_STATION, name_fi="Männistön terveysasema"
    )
    factories.unit(
        county_org,
        kind=Unit.Kind.CULTURE_ADVICE,
        name_fi="Kulttuurineuvonta",
        name_sv="Kulturrådgivning",
    )
    factories.referral_type(county_org.county, name_sv="Kulturremiss")
    return factories.member(Role.PROFESSIONAL, unit=health)


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_referral_that_needs_a_companion_gets_one(new_context, sign_in, guides, nurse, language):
    _programme, coordinator, volunteer = guides
    context = new_context()
    sign_in(context, nurse)
    page = context.new_page()

    # The nurse writes the referral with the client's consent and ticks "companion".
    page.goto(f"/{language}/referrals/new/")
    page.locator("a[data-type=kulttuurilahete]").click()
    form = page.locator("form.referral-form")
    form.locator("input[name=consent_shared][value=contact_details]").check()
    form.locator("input[name=consent_shared][value=needs]").check()
    form.locator("input[name=consent_method][value=verbal]").check()
    form.locator("#id_full_name").fill("Lempi Testinen")
    form.locator("#id_birth_date").fill("1943-05-17")
    form.locator("#id_phone").fill("+358 40 000 0000")
    form.locator("input[name=reasons][value=loneliness]").check()
    form.locator("input[name=needs][value=companion]").check()
    form.locator("input[name=needs][value=mobility]").check()
    page.locator("form.referral-form button[value=issue]").click()
    expect(page.locator("#status")).to_have_attribute("data-status", "issued")
    referral = Referral.objects.get()
    detail = page.url

    # The referral page offers a volunteer companion; the form is filled in already.
    companion = page.locator("#companion")
    check_page(page, language)
    companion.locator("a[href$='/companion/']").click()
    expect(page).to_have_url(path_re(f"/{language}/referrals/{referral.pk}/companion/"))
    expect(page.locator("#id_client_alias")).to_have_value("Lempi")
    expect(page.locator("input[name=needs][value=walking_support]")).to_be_checked()
    check_page(page, language)
    starts = timezone.localtime() + datetime.timedelta(hours=30)
    starts = starts.replace(minute=0)
    page.locator("#id_what").fill("Päiväkonsertti")
    page.locator("#id_starts_at").fill(local_input(starts))
    page.locator("#id_ends_at").fill(local_input(starts + datetime.timedelta(hours=2)))
    page.locator("#id_meeting_point").fill("Musiikkikeskuksen pääovi")
    page.locator("#id_share_phone").check()
    page.locator("#companion-form button[type=submit]").click()
    expect(page).to_have_url(path_re(f"/{language}/referrals/{referral.pk}/"))
    request = HelpRequest.objects.get()
    assert (request.source, request.client_alias) == (RequestSource.REFERRAL, "Lempi")
    assert request.client_phone == "+358400000000"
    row = page.locator(f"li[data-companion-request='{request.pk}']")
    expect(row).to_have_attribute("data-status", "requested")
    expect(row).to_contain_text(state(RequestStatus.REQUESTED, language))
    check_page(page, language)
    # The coordinator was told of the new request.
    assert any(coordinator.email in message.to for message in mail.outbox)

    # The coordinator offers it to the best candidates.
    desk = new_context()
    sign_in(desk, coordinator)
    office = desk.new_page()
    office.goto(f"/{language}/volunteers/coordinator/requests/{request.pk}/")
    check_page(office, language)
    expect(office.locator(f"#candidate-{volunteer.pk}")).to_be_checked()
    office.locator("form:has(input[name=action][value=offer]) button[type=submit]").click()
    expect(office.locator(".message-success")).to_be_visible()
    offer = Offer.objects.get(request=request, volunteer=volunteer)

    # The volunteer opens the offer's link on their phone and accepts.
    phone = new_context(**PHONE).new_page()
    phone.goto(f"/{language}/volunteers/offers/{offer.token}/")
    check_page(phone, language)
    phone.locator("button[name=answer][value=accept]").click()
    expect(phone.locator("button[name=answer][value=accept]")).to_have_count(0)
    assignment = Assignment.objects.get(request=request, volunteer=volunteer, is_active=True)
    page.goto(detail)
    expect(page.locator(f"li[data-companion-request='{request.pk}']")).to_contain_text(
        state(RequestStatus.ASSIGNED, language)
    )

    # Within 48 hours of the visit the reminder run reminds both sides.
    mail.outbox.clear()
    backends.outbox.clear()
    call_command("volunteer_reminders")
    request.refresh_from_db()
    assert request.reminded_at is not None
    told = [to for message in mail.outbox for to in message.to] + [
        sms["to"] for sms in backends.outbox
    ]
    assert told, "nobody was reminded"

    # After the visit the volunteer logs it; the referral page says it took place.
    volunteers.log_visit(
        assignment,
        minutes=150,
        people=1,
        what_was_done="Konsertti",
        how_it_went=5,
        by=volunteer.user,
        now=starts + datetime.timedelta(hours=3),
    )
    page.goto(detail)
    expect(page.locator(f"li[data-companion-request='{request.pk}']")).to_contain_text(
        state(RequestStatus.TOOK_PLACE, language)
    )
    check_page(page, language)

    # The client rates the visit on their own page.
    client = new_context(**PHONE).new_page()
    client.goto(f"/{language}/referrals/r/{referral.public_token}/")
    visit = client.locator(f"#companion-visits li[data-companion-request='{request.pk}']")
    expect(visit).to_contain_text(state(RequestStatus.TOOK_PLACE, language))
    check_page(client, language)
    visit.locator("input[name=rating][value='5']").check()
    visit.locator("button[type=submit]").click()
    expect(client.locator("#companion-visits [data-rated='5']")).to_be_visible()
    check_page(client, language)
    assignment.refresh_from_db()
    assert assignment.client_rating == 5


@pytest.fixture
def concert_with_companions(guides):
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "297")
    programme = CardProgramme.objects.create(county=county.county, organisation=county)
    ProgrammeMunicipality.objects.create(
        programme=programme,
        municipality=factories.municipality("297"),
        starts_on=datetime.date(2025, 1, 1),
    )
    coordinator = factories.member(Role.COORDINATOR, organisation=county)
    unit = factories.unit(county, name_fi="Aikuissosiaalityö")
    distributor = cards.enrol_distributor(
        coordinator, programme, county, unit, starts_on=datetime.date(2025, 1, 1)
    )
    social_worker = factories.member(Role.DISTRIBUTOR, unit=unit)
    card = cards.issue_card(social_worker, distributor, factories.municipality("297"), 1950)
    venue = content.provider(name_fi="Kuopion konserttitalo", name_sv="Kuopio konserthus")
    usher = factories.member(Role.PROVIDER, organisation=venue)
    concert = content.event(
        "Kevätkonsertti",
        name_sv="Vårkonsert",
        organisation=venue,
        start=timezone.now() + datetime.timedelta(days=3),
        hours=2,
        languages=("fi", "sv"),
    )
    offer = cards.publish_offer(
        usher,
        kind=CardOffer.Kind.EVENT,
        places_offered=10,
        companion_places_offered=1,
        event=concert,
    )
    return card, offer, usher


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_card_holder_books_a_concert_with_a_companion(
    new_context, sign_in, concert_with_companions, language
):
    card, offer, usher = concert_with_companions
    holder = new_context(**PHONE).new_page()
    holder.goto(f"/{language}/card/{card.mobile_token}/")
    holder.locator(f"#offer-{offer.pk} a").first.click()
    expect(holder.locator("[data-companion-places-left='1']")).to_be_visible()
    check_page(holder, language)
    holder.locator(f"#id_offer-{offer.pk}-companion").check()
    holder.locator(f"#id_offer-{offer.pk}-volunteer").check()
    holder.locator(f"#id_offer-{offer.pk}-first_name").fill("Aino")
    holder.locator("main form button[type=submit]").click()
    booking = holder.locator("#bookings .booking")
    expect(booking).to_have_count(1)
    expect(booking.locator("[data-companion]")).to_be_visible()
    expect(holder.locator("#companion-visits")).to_contain_text(
        state(RequestStatus.REQUESTED, language)
    )
    check_page(holder, language)

    reservation = Reservation.objects.get()
    assert reservation.companion
    offer.refresh_from_db()
    assert (offer.places_taken, offer.companion_places_taken) == (1, 1)
    request = HelpRequest.objects.get()
    assert (request.source, request.reservation, request.client_alias) == (
        RequestSource.CARD_BOOKING,
        reservation,
        "Aino",
    )

    # The venue sees the companion ticket taken on its offer page.
    box_office = new_context()
    sign_in(box_office, usher)
    venue = box_office.new_page()
    venue.goto(f"/{language}/cards/venue/{offer.pk}/")
    expect(venue.locator("[data-companion-places-left='0']")).to_be_visible()
    check_page(venue, language)
    assert request.status == RequestStatus.REQUESTED
