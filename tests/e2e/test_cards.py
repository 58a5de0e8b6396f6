"""The culture card in the browser, in Finnish and Swedish, with no axe violations: a
social worker issues a card and prints it; the holder opens the mobile card on their
phone, books a concert place for themselves and two children; the venue checks them in
at the door by typing the booking code, and a second try says they are already in."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from playwright.sync_api import expect
from pypdf import PdfReader

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.cards import numbers, services
from kohtaamo.cards.models import (
    Card,
    CardOffer,
    Programme,
    ProgrammeMunicipality,
    Reservation,
    Use,
)
from tests import factories
from tests.catalogue import content
from tests.e2e.checks import E2E, check_page, path_re

pytestmark = E2E

HOLDER = "Testi Korttilainen"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def programme_and_people():
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "297")
    programme = Programme.objects.create(county=county.county, organisation=county)
    ProgrammeMunicipality.objects.create(
        programme=programme,
        municipality=factories.municipality("297"),
        starts_on=datetime.date(2025, 1, 1),
    )
    coordinator = factories.member(Role.COORDINATOR, organisation=county)
    unit = factories.unit(county, name_fi="Aikuissosiaalityö", name_sv="Socialt arbete")
    services.enrol_distributor(
        coordinator, programme, county, unit, starts_on=datetime.date(2025, 1, 1)
    )
    social_worker = factories.member(Role.DISTRIBUTOR, unit=unit)
    venue = content.provider(name_fi="Kuopion konserttitalo", name_sv="Kuopio konserthus")
    usher = factories.member(Role.PROVIDER, organisation=venue)
    concert = content.event(
        "Kevätkonsertti",
        name_sv="Vårkonsert",
        organisation=venue,
        start=timezone.now() + datetime.timedelta(hours=1),
        hours=2,
        languages=("fi", "sv"),
    )
    offer = services.publish_offer(
        usher, kind=CardOffer.Kind.EVENT, places_offered=10, event=concert
    )
    return social_worker, usher, offer


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_issue_print_book_for_a_family_and_check_in(
    new_context, sign_in, programme_and_people, language
):
    social_worker, usher, offer = programme_and_people

    # The social worker issues the card: home town and year of birth, no name.
    desk = new_context()
    sign_in(desk, social_worker)
    page = desk.new_page()
    page.goto(f"/{language}/cards/")
    check_page(page, language)
    page.locator(".main-nav a[href$='/cards/issue/'], main a[href$='/cards/issue/']").first.click()
    expect(page).to_have_url(path_re(f"/{language}/cards/issue/"))
    check_page(page, language)
    # A child is refused, with the reason next to the field.
    page.locator("#id_home_municipality").select_option(str(factories.municipality("297").pk))
    page.locator("#id_born").fill(str(timezone.localdate().year - 10))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_born_error")).to_be_visible()
    expect(page.locator("#id_born")).to_have_attribute("aria-invalid", "true")
    check_page(page, language)
    page.locator("#id_born").fill("15.3.1980")
    page.locator("main form button[type=submit]").click()
    card = Card.objects.get()
    expect(page).to_have_url(path_re(f"/{language}/cards/{card.pk}/"))
    expect(page.locator("h1")).to_contain_text(numbers.printed(card.number))
    check_page(page, language)

    # The card is printed with the holder's name, which goes nowhere else.
    page.locator("#id_holder_name").fill(HOLDER)
    with page.expect_download() as download_info:
        page.locator("form[action$='/print/'] button[type=submit]").click()
    download = download_info.value
    assert download.suggested_filename == f"kaikukortti-{card.number}.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(download.path()).pages).split())
    assert HOLDER in text and numbers.printed(card.number) in text
    with translation.override(language):
        assert gettext("Kaikukortti") in text
    mobile_url = page.locator("#mobile-link").get_attribute("href")
    assert card.mobile_token in mobile_url

    # The holder opens the mobile card on their phone and books for the family.
    phone = new_context(**PHONE)
    holder = phone.new_page()
    holder.goto(mobile_url.replace("/fi/", f"/{language}/").replace("/sv/", f"/{language}/"))
    expect(holder.locator(".card-number")).to_have_text(numbers.printed(card.number))
    expect(holder.locator(".card-qr svg")).to_be_visible()
    check_page(holder, language)
    listing = holder.locator(f"#offer-{offer.pk}")
    expect(listing).to_contain_text("Kevätkonsertti" if language == "fi" else "Vårkonsert")
    listing.locator("a").first.click()
    expect(holder.locator("h1")).to_contain_text(
        "Kevätkonsertti" if language == "fi" else "Vårkonsert"
    )
    check_page(holder, language)
    holder.locator(f"#id_offer-{offer.pk}-children").select_option("2")
    holder.locator("main form button[type=submit]").click()
    booking = holder.locator("#bookings .booking")
    expect(booking).to_have_count(1)
    expect(holder.locator(".message-success")).to_be_visible()
    check_page(holder, language)
    reservation = Reservation.objects.get()
    assert (reservation.card_id, reservation.children) == (card.pk, 2)
    expect(booking.locator(".booking-code")).to_have_text(
        f"{reservation.code[:3]} {reservation.code[3:]}"
    )

    # At the door the usher types the short booking code as the holder reads it out, in
    # small letters: the holder and two children get in.
    door = new_context()
    sign_in(door, usher, verified=True)
    venue = door.new_page()
    venue.goto(f"/{language}/cards/venue/")
    check_page(venue, language)
    venue.locator(f"main a[href$='/cards/venue/{offer.pk}/door/']").first.click()
    expect(venue).to_have_url(path_re(f"/{language}/cards/venue/{offer.pk}/door/"))
    check_page(venue, language)
    venue.locator("#id_code").fill(f"{reservation.code[:3]} {reservation.code[3:]}".lower())
    venue.locator("#check-in-form button[type=submit]").click()
    expect(venue.locator(".door-answer")).to_have_attribute("data-answer", "let_in")
    check_page(venue, language)
    use = Use.objects.get()
    assert (use.adults, use.children) == (1, 2)

    # A second try with the card number: already in, one use recorded.
    venue.locator("#id_code").fill(numbers.printed(card.number))
    venue.locator("#check-in-form button[type=submit]").click()
    expect(venue.locator(".door-answer")).to_have_attribute("data-answer", "already_used")
    assert Use.objects.count() == 1
    check_page(venue, language)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_mobile_card_is_kept_for_offline_use_and_books_without_javascript(
    new_context, programme_and_people, language
):
    social_worker, _usher, offer = programme_and_people
    distributor = services.distributors_for(social_worker).get()
    card = services.issue_card(social_worker, distributor, factories.municipality("297"), 1985)
    url = f"/{language}/card/{card.mobile_token}/"

    phone = new_context(**PHONE)
    holder = phone.new_page()
    holder.goto(url)
    expect(holder.locator("html")).to_have_attribute("data-offline", "ready")
    phone.set_offline(True)
    holder.reload()
    expect(holder.locator(".card-number")).to_have_text(numbers.printed(card.number))
    expect(holder.locator(".card-qr svg")).to_be_visible()
    phone.set_offline(False)

    # Without JavaScript the page is the same and booking works.
    plain = new_context(java_script_enabled=False, **PHONE).new_page()
    plain.goto(url)
    plain.locator(f"#offer-{offer.pk} a").first.click()
    plain.locator("main form button[type=submit]").click()
    expect(plain.locator("#bookings .booking")).to_have_count(1)
    assert Reservation.objects.get().card == card


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_replaced_card_says_so_on_the_phone(new_context, programme_and_people, language):
    social_worker, _usher, _offer = programme_and_people
    distributor = services.distributors_for(social_worker).get()
    card = services.issue_card(social_worker, distributor, factories.municipality("297"), 1985)
    services.replace_card(social_worker, card)
    holder = new_context(**PHONE).new_page()
    holder.goto(f"/{language}/card/{card.mobile_token}/")
    expect(holder.locator("[data-card-state=replaced]")).to_be_visible()
    expect(holder.locator(".card-qr")).to_have_count(0)
    check_page(holder, language)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_venue_publishes_and_changes_free_places(new_context, sign_in, language):
    venue = content.provider(name_fi="Teatteri Testi", name_sv="Teater Test")
    usher = factories.member(Role.PROVIDER, organisation=venue)
    play = content.event(
        "Kevätnäytelmä",
        name_sv="Vårpjäs",
        organisation=venue,
        start=timezone.now() + datetime.timedelta(days=3),
        languages=("fi", "sv"),
    )
    museum = content.service("Museokäynti", name_sv="Museibesök", organisation=venue)
    context = new_context()
    sign_in(context, usher)
    page = context.new_page()
    page.goto(f"/{language}/cards/venue/")
    page.locator(f"main a[href='/{language}/cards/venue/new/']").click()
    check_page(page, language)

    # No event chosen: the error is next to the field.
    page.locator("#id_kind").select_option("event")
    page.locator("#id_places_offered").fill("6")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_event_error")).to_be_visible()
    check_page(page, language)
    page.locator("#id_event").select_option(str(play.pk))
    page.locator("main form button[type=submit]").click()
    offer = CardOffer.objects.get(event=play)
    expect(page).to_have_url(path_re(f"/{language}/cards/venue/{offer.pk}/"))
    expect(page.locator("[data-places-left]")).to_have_attribute("data-places-left", "6")
    check_page(page, language)

    page.locator("#id_places_offered").fill("4")
    page.locator("section[aria-labelledby=places-title] button[type=submit]").click()
    expect(page.locator("[data-places-left]")).to_have_attribute("data-places-left", "4")

    # A standing offer: museum entry, places per day.
    page.goto(f"/{language}/cards/venue/new/")
    page.locator("#id_kind").select_option("standing")
    page.locator("#id_service").select_option(str(museum.pk))
    page.locator("#id_places_offered").fill("3")
    page.locator("main form button[type=submit]").click()
    assert CardOffer.objects.get(service=museum).kind == CardOffer.Kind.STANDING
    page.goto(f"/{language}/cards/venue/")
    expect(page.locator("tr[data-offer]")).to_have_count(2)
    check_page(page, language)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_nurse_books_for_a_holder_by_the_card_number(
    new_context, sign_in, programme_and_people, language
):
    social_worker, _usher, offer = programme_and_people
    distributor = services.distributors_for(social_worker).get()
    card = services.issue_card(social_worker, distributor, factories.municipality("297"), 1970)
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "297")
    nurse = factories.member(Role.PROFESSIONAL, organisation=county)
    context = new_context()
    sign_in(context, nurse)
    page = context.new_page()
    page.goto(f"/{language}/")
    page.locator(f".main-nav a[href='/{language}/cards/book/']").click()
    check_page(page, language)
    page.locator("#id_number").fill("123")
    page.locator("main form[method=get] button[type=submit]").click()
    expect(page.locator("#id_number_error")).to_be_visible()
    check_page(page, language)
    page.locator("#id_number").fill(numbers.printed(card.number))
    page.locator("main form[method=get] button[type=submit]").click()
    listing = page.locator(f"#offer-{offer.pk}")
    listing.locator(f"#id_offer-{offer.pk}-children").select_option("1")
    listing.locator("button[type=submit]").click()
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator("[data-booking]")).to_have_count(1)
    check_page(page, language)
    booking = Reservation.objects.get()
    assert (booking.card, booking.children) == (card, 1)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_distributor_renews_replaces_and_cancels(
    new_context, sign_in, programme_and_people, language
):
    social_worker, _usher, _offer = programme_and_people
    distributor = services.distributors_for(social_worker).get()
    card = services.issue_card(social_worker, distributor, factories.municipality("297"), 1966)
    context = new_context()
    sign_in(context, social_worker)
    page = context.new_page()
    page.goto(f"/{language}/cards/")
    page.locator("#id_number").fill(card.number[:6])
    page.locator("main form[role=search] button[type=submit]").click()
    page.locator(f"main a[href='/{language}/cards/{card.pk}/']").click()
    page.locator("button[name=renew]").click()
    expect(page.locator(".message-success")).to_be_visible()
    check_page(page, language)

    # Lost: a new number at once, and the old one is refused.
    page.locator("button[name=replace]").click()
    card.refresh_from_db()
    successor = card.replaced_by
    expect(page).to_have_url(path_re(f"/{language}/cards/{successor.pk}/"))
    expect(page.locator("h1")).to_contain_text(numbers.printed(successor.number))
    check_page(page, language)
    with pytest.raises(services.CardRefused):
        services.validate_card(card.number)

    # Cancelling needs the box ticked; then the card page says it is cancelled.
    page.locator("button[name=cancel]").click()
    expect(page.locator(".message-error")).to_be_visible()
    page.locator("#confirm-cancel").check()
    page.locator("button[name=cancel]").click()
    expect(page.locator("[data-card-state=cancelled]")).to_be_visible()
    expect(page.locator("#id_holder_name")).to_have_count(0)
    check_page(page, language)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_door_refuses_a_booking_for_another_day_and_may_let_in_anyway(
    new_context, sign_in, programme_and_people, language
):
    social_worker, usher, offer = programme_and_people
    distributor = services.distributors_for(social_worker).get()
    card = services.issue_card(social_worker, distributor, factories.municipality("297"), 1975)
    tomorrow = content.event(
        "Huomisen konsertti",
        name_sv="Morgondagens konsert",
        organisation=offer.organisation,
        start=timezone.now() + datetime.timedelta(days=1),
        languages=("fi", "sv"),
    )
    later = services.publish_offer(
        usher, kind=CardOffer.Kind.EVENT, places_offered=5, event=tomorrow
    )
    booking = services.reserve(card, later, idempotency_key="k").reservation

    door = new_context()
    sign_in(door, usher, verified=True)
    venue = door.new_page()
    venue.goto(f"/{language}/cards/venue/{later.pk}/door/")
    venue.locator("#id_code").fill(booking.code)
    venue.locator("#check-in-form button[type=submit]").click()
    answer = venue.locator(".door-answer")
    expect(answer).to_have_attribute("data-answer", "wrong_day")
    with translation.override(language):
        day = date_format(timezone.localdate(tomorrow.start), "DATE_FORMAT")
        expect(answer).to_contain_text(
            gettext("This event is on %(day)s, not today.") % {"day": day}
        )
    check_page(venue, language)
    assert not Use.objects.exists()

    # At the wrong door the answer names the right event.
    venue.goto(f"/{language}/cards/venue/{offer.pk}/door/")
    venue.locator("#id_code").fill(booking.code)
    venue.locator("#check-in-form button[type=submit]").click()
    expect(answer).to_have_attribute("data-answer", "wrong_event")
    expect(answer).to_contain_text("Huomisen konsertti" if language == "fi" else "Morgondagens")

    # Let in anyway, on purpose: recorded.
    venue.goto(f"/{language}/cards/venue/{later.pk}/door/")
    venue.locator("#id_code").fill(booking.code)
    venue.locator("#check-in-form button[type=submit]").click()
    answer.locator("form.door-override button[type=submit]").click()
    expect(answer).to_have_attribute("data-answer", "let_in")
    check_page(venue, language)
    assert Use.objects.get().reservation == booking


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_phone_page_lists_many_offers_compactly_and_searches_them(
    new_context, programme_and_people, language
):
    social_worker, usher, offer = programme_and_people
    distributor = services.distributors_for(social_worker).get()
    card = services.issue_card(social_worker, distributor, factories.municipality("297"), 1980)
    for day in range(1, 30):
        event = content.event(
            f"Konsertti {day}",
            name_sv=f"Konsert {day}",
            organisation=offer.organisation,
            start=timezone.now() + datetime.timedelta(days=day),
            languages=("fi", "sv"),
        )
        services.publish_offer(usher, kind=CardOffer.Kind.EVENT, places_offered=5, event=event)

    holder = new_context(**PHONE).new_page()
    holder.goto(f"/{language}/card/{card.mobile_token}/")
    expect(holder.locator(".card-offers > li")).to_have_count(services.NEAR_LIMIT)
    expect(holder.locator(".card-offers select")).to_have_count(0)
    height = holder.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, f"the phone page is {height} px long"
    check_page(holder, language)

    # Search by name and time: the form is at the list, the answer below it.
    holder.locator("#id_q").fill("Vårkonsert" if language == "sv" else "Kevätkonsertti")
    holder.locator("#id_when").select_option("today")
    holder.locator("form[role=search] button[type=submit]").click()
    expect(holder.locator(".card-offers > li")).to_have_count(1)
    expect(holder.locator(f"#offer-{offer.pk}")).to_be_visible()
    check_page(holder, language)
