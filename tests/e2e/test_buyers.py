"""Buyers in the browser, in Finnish and Swedish: favourites, alerts, calls for offers
with their form (errors too), a call with the answer form, and the comparison of
answers pass axe; and the whole story: a buyer signs in with a one-time code and opens
a call, a provider finds it and answers, and the buyer sees the answer."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.buyers.models import Answer, CallForOffers, Favourite, SavedSearch
from kohtaamo.buyers.states import CallStatus
from kohtaamo.catalogue.models import ProviderProfile
from kohtaamo.core.models import ArtForm, Municipality
from tests import factories
from tests.catalogue import content
from tests.e2e.checks import E2E, check_page, path_re
from tests.e2e.flows import log_in_form

pytestmark = E2E

by_language = pytest.mark.parametrize("language", ["fi", "sv"])


def municipality_buyer():
    organisation = factories.organisation(
        Organisation.Kind.MUNICIPALITY, "297", name_fi="Kuopion kaupunki", name_sv="Kuopio stad"
    )
    return factories.member(Role.COORDINATOR, organisation=organisation)


def music_provider(name="Laulukuoro ry"):
    organisation = factories.organisation(Organisation.Kind.ASSOCIATION, "297", name_fi=name)
    profile = ProviderProfile.objects.create(organisation=organisation)
    profile.art_forms.set(ArtForm.objects.filter(code="music"))
    profile.municipalities.set(Municipality.objects.filter(code="297"))
    return organisation, factories.member(Role.PROVIDER, organisation=organisation)


def open_call(organisation):
    call = CallForOffers.objects.create(
        organisation=organisation,
        title_fi="Musiikkia hoivakotiin",
        title_sv="Musik till vårdhemmet",
        description_fi="Etsimme muusikkoa vierailemaan hoivakodissa kerran kuussa.",
        description_sv="Vi söker en musiker som besöker vårdhemmet en gång i månaden.",
        deadline=timezone.localdate() + timedelta(days=14),
        contact_email="hankinnat@example.fi",
        budget="2 000 €",
        status=CallStatus.OPEN,
        opened_at=timezone.now(),
    )
    call.art_forms.set(ArtForm.objects.filter(code="music"))
    call.municipalities.set(Municipality.objects.filter(code="297"))
    return call


@by_language
def test_favourites_alerts_and_the_search_page_for_a_signed_in_person(
    page, context, sign_in, language
):
    person = sign_in(context, factories.user(preferred_language=language))
    kept = content.service("Lauluryhmä", name_sv="Sånggrupp")
    gone = content.service("Vanha kurssi", name_sv="Gammal kurs")
    Favourite.objects.create(user=person, service=gone)
    gone.status = "draft"
    gone.save()

    # Save one from the search page: the button turns into its saved state.
    page.goto(f"/{language}/search/")
    result = page.locator(".results > li.result").filter(
        has_text=kept.name_fi if language == "fi" else "Sånggrupp"
    )
    result.locator("button[form='favourite']").click()
    expect(result.locator("button[form='favourite']")).to_contain_text("★")
    check_page(page, language)

    page.locator(f".main-nav a[href='/{language}/favourites/']").click()
    expect(page.locator(".favourite-item")).to_have_count(2)
    expect(page.locator(".favourite-item .badge-removed")).to_have_count(1)
    check_page(page, language)

    # Save the search as an alert: a missing name comes back next to the field.
    page.goto(f"/{language}/search/?municipality=297")
    page.locator("#id_alert_name").fill("")
    page.locator("button[form='save-search']").click()
    expect(page.locator("#id_name_error")).to_be_visible()
    check_page(page, language)
    page.locator("#id_name").fill("Kuopio")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(path_re(f"/{language}/alerts/"))
    expect(page.locator("main table tbody tr")).to_have_count(1)
    assert SavedSearch.objects.get(owner=person).query == "municipality=297"
    check_page(page, language)


@by_language
def test_calls_pages_for_a_buyer_with_and_without_errors(page, context, sign_in, language):
    buyer = sign_in(context, municipality_buyer())
    call = open_call(buyer.memberships.get().organisation)
    organisation, _provider = music_provider()
    Answer.objects.create(call=call, organisation=organisation, offer="Laulutuokio.", price="300 €")

    page.goto(f"/{language}/calls/")
    expect(page.locator("main table tbody tr")).to_have_count(1)
    check_page(page, language)

    page.locator(f"main a[href='/{language}/calls/new/']").click()
    check_page(page, language)
    page.locator("#id_deadline").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    page.locator("main form button[name=save]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_title_fi_error")).to_be_visible()
    expect(page.locator("#id_deadline_error")).to_be_visible()
    check_page(page, language)

    page.goto(f"/{language}/calls/{call.pk}/")
    expect(page.locator("#manage-title")).to_be_visible()
    check_page(page, language)
    page.goto(f"/{language}/calls/{call.pk}/answers/")
    expect(page.locator("table.comparison tbody tr")).to_have_count(1)
    check_page(page, language)


@by_language
def test_call_page_with_the_answer_form_for_a_provider(page, context, sign_in, language):
    _organisation, provider = music_provider()
    sign_in(context, provider)
    call = open_call(municipality_buyer().memberships.get().organisation)

    page.goto(f"/{language}/calls/")
    expect(page.locator(".call-item")).to_have_count(1)
    check_page(page, language)

    page.locator(".call-item a").click()
    expect(page).to_have_url(path_re(f"/{language}/calls/{call.pk}/"))
    check_page(page, language)
    page.locator("#answer-title ~ form button[type=submit]").click()
    expect(page.locator("#id_offer_error")).to_be_visible()
    check_page(page, language)


@by_language
def test_buyer_opens_a_call_provider_answers_buyer_sees_the_answer(new_context, language):
    buyer = municipality_buyer()
    device = factories.totp_device(buyer)
    organisation, provider = music_provider("Kuopion laulajat ry")

    # The buyer signs in with a password and a one-time code, and writes the call.
    buyer_page = new_context().new_page()
    buyer_page.goto(f"/{language}/accounts/login/")
    log_in_form(buyer_page, buyer.email, factories.PASSWORD)
    expect(buyer_page).to_have_url(path_re(f"/{language}/accounts/login/code/"))
    buyer_page.locator("#id_token").fill(factories.current_code(device))
    buyer_page.locator("main form button[type=submit]").first.click()
    buyer_page.locator(f"#personal a[href='/{language}/calls/']").click()
    buyer_page.locator(f"main a[href='/{language}/calls/new/']").click()
    buyer_page.locator("#id_title_fi").fill("Laulutuokioita palvelutaloon")
    buyer_page.locator("#id_title_sv").fill("Sångstunder till servicehuset")
    buyer_page.locator("#id_description_fi").fill("Tarvitsemme laulutuokioita keväälle.")
    music = ArtForm.objects.get(code="music")
    buyer_page.locator(f"#id_art_forms input[value='{music.pk}']").check()
    buyer_page.locator("#id_municipalities").select_option(
        str(Municipality.objects.get(code="297").pk)
    )
    deadline = timezone.localdate() + timedelta(days=10)
    buyer_page.locator("#id_deadline").fill(deadline.isoformat())
    buyer_page.locator("main form button[name=open]").click()
    expect(buyer_page.locator("main .badge-published")).to_be_visible()
    call = CallForOffers.objects.get()
    assert call.status == CallStatus.OPEN
    check_page(buyer_page, language)

    # The matching provider was told by e-mail, with a link to the call.
    assert [message.to for message in mail.outbox] == [[provider.email]]
    assert f"/calls/{call.pk}/" in mail.outbox[0].body

    # The provider signs in (no code for providers), finds the call and answers.
    provider_page = new_context().new_page()
    provider_page.goto(f"/{language}/accounts/login/")
    log_in_form(provider_page, provider.email, factories.PASSWORD)
    provider_page.locator(f"#personal a[href='/{language}/calls/']").click()
    provider_page.locator(".call-item a").click()
    provider_page.locator("#id_offer").fill("Kaksi laulajaa ja piano, tunnin tuokio.")
    provider_page.locator("#id_price").fill("350 € / kerta")
    provider_page.locator("#id_available_dates").fill("Maanantait huhtikuussa")
    provider_page.locator("#answer-title ~ form button[type=submit]").click()
    expect(provider_page.locator(".messages")).to_be_visible()
    expect(provider_page.locator("#answer-title ~ p .badge")).to_be_visible()
    check_page(provider_page, language)

    # The buyer compares the answers and shortlists this one.
    buyer_page.locator(f"main a[href='/{language}/calls/{call.pk}/answers/']").click()
    row = buyer_page.locator("table.comparison tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_have_text("Kuopion laulajat ry")
    expect(row).to_contain_text("350 € / kerta")
    expect(row).to_contain_text("Maanantait huhtikuussa")
    row.locator("button[value=shortlist]").click()
    expect(buyer_page.locator("table.comparison tbody tr .badge-published")).to_be_visible()
    check_page(buyer_page, language)
    assert Answer.objects.get().organisation == organisation
