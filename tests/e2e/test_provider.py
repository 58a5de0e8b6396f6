"""A provider publishes a service in the browser; the provider's pages and the
coordinators' moderation page pass the accessibility checks, errors shown included."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.catalogue.models import Event, Place, Service
from kohtaamo.catalogue.states import Status
from kohtaamo.core.models import Municipality, WellbeingStep
from tests import factories
from tests.e2e.checks import E2E, LANGUAGES, check_page, path_re
from tests.e2e.flows import log_in_form

pytestmark = E2E

KUOPIO = "297"


def provider_in_kuopio():
    organisation = factories.organisation(
        Organisation.Kind.MUNICIPALITY, KUOPIO, name_fi="Kuopion kulttuuripalvelut"
    )
    return organisation, factories.member(Role.PROVIDER, organisation=organisation)


def published_service(organisation, name):
    service = Service.objects.create(
        organisation=organisation,
        name_fi=name,
        summary_fi="Lyhyt kuvaus.",
        is_free=True,
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    service.steps.add(WellbeingStep.objects.get(number=2))
    service.municipalities.add(Municipality.objects.get(code=KUOPIO))
    return service


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_provider_writes_finnish_and_swedish_side_by_side_and_publishes(page, language):
    organisation, provider = provider_in_kuopio()
    page.goto(f"/{language}/accounts/login/")
    log_in_form(page, provider.email, factories.PASSWORD)

    # No one-time code for a provider: straight in, and the menu leads to their services.
    page.locator(f".main-nav a[href='/{language}/provider/']").click()
    expect(page).to_have_url(path_re(f"/{language}/provider/"))
    page.locator(f"main a[href^='/{language}/provider/services/new/']").click()

    finnish, swedish = page.locator("#id_name_fi"), page.locator("#id_name_sv")
    expect(finnish).to_have_attribute("lang", "fi")
    expect(swedish).to_have_attribute("lang", "sv")
    # Side by side on a wide screen: the same row, Swedish to the right of Finnish.
    fi_box, sv_box = finnish.bounding_box(), swedish.bounding_box()
    assert abs(fi_box["y"] - sv_box["y"]) < 2 and sv_box["x"] > fi_box["x"] + fi_box["width"]

    finnish.fill("Lauluryhmä ikäihmisille")
    swedish.fill("Sånggrupp för äldre")
    page.locator("#id_summary_fi").fill("Laulamme tuttuja lauluja yhdessä.")
    page.locator("#id_summary_sv").fill("Vi sjunger välkända sånger tillsammans.")

    # Publishing before the classification is done says what is missing, by the field.
    page.locator("main form.provider-form button[name=publish]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_steps_error")).to_be_visible()
    expect(page.locator("#id_name_sv")).to_have_value("Sånggrupp för äldre")
    assert not Service.objects.exists()

    page.locator("#id_steps input[type=checkbox]").nth(1).check()
    page.locator("#id_municipalities").get_by_label("Kuopio", exact=True).check()
    page.locator("#id_is_free").check()
    page.locator("main form.provider-form button[name=publish]").click()

    expect(page.locator(".status-panel .badge-published")).to_be_visible()
    service = Service.objects.get()
    assert service.status == Status.PUBLISHED
    assert (service.name_fi, service.name_sv) == ("Lauluryhmä ikäihmisille", "Sånggrupp för äldre")
    assert service.organisation == organisation

    page.locator("main a.back-link, main .back-link a").click()
    expect(page.locator("main table .badge-published")).to_have_count(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_provider_pages_are_accessible_with_and_without_errors(page, context, sign_in, language):
    organisation, provider = provider_in_kuopio()
    service = published_service(organisation, "Taidepaja")
    place = Place.objects.create(
        organisation=organisation,
        name_fi="Kulttuuritalo",
        municipality=Municipality.objects.get(code=KUOPIO),
    )
    Event.objects.create(
        organisation=organisation,
        service=service,
        place=place,
        start=timezone.now() + timedelta(days=3),
    )
    sign_in(context, provider)

    page.goto(f"/{language}/provider/")
    expect(page.locator("main table")).to_have_count(4)
    check_page(page, language)

    page.goto(f"/{language}/provider/services/{service.pk}/")
    expect(page.locator(".status-panel")).to_be_visible()
    check_page(page, language)
    page.locator("#id_summary_fi").fill("")
    page.locator("main form.provider-form button[type=submit]").click()
    expect(page.locator("#id_summary_fi_error")).to_be_visible()
    check_page(page, language)

    page.goto(f"/{language}/provider/events/new/?service={service.pk}")
    expect(page.locator("#id_name_fi")).to_have_value("Taidepaja")
    check_page(page, language)
    page.locator("#id_start").fill("2030-05-02T18:00")
    page.locator("#id_end").fill("2030-05-02T17:00")
    page.locator("#id_capacity").fill("10")
    page.locator("#id_card_places").fill("11")
    page.locator("main form.provider-form button[name=save]").click()
    expect(page.locator("#id_end_error")).to_be_visible()
    expect(page.locator("#id_card_places_error")).to_be_visible()
    check_page(page, language)

    page.goto(f"/{language}/provider/places/new/")
    check_page(page, language)
    page.locator("#id_latitude").fill("80")
    page.locator("main form.provider-form button[type=submit]").click()
    expect(page.locator("#id_latitude_error")).to_be_visible()
    check_page(page, language)

    page.goto(f"/{language}/provider/profile/")
    check_page(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_moderation_page_is_accessible_and_asks_for_a_reason(page, context, sign_in, language):
    organisation, _provider = provider_in_kuopio()
    service = published_service(organisation, "Vanha kurssi")
    county = factories.organisation(Organisation.Kind.WELLBEING_COUNTY, KUOPIO)
    sign_in(context, factories.member(Role.COORDINATOR, organisation=county))

    page.goto(f"/{language}/provider/moderation/")
    item = page.locator(".moderation-list li").filter(has_text="Vanha kurssi")
    expect(item).to_have_count(1)
    check_page(page, language)

    item.locator("button[type=submit]").click()
    expect(page.locator(f"#reason-service-{service.pk}-error")).to_be_visible()
    check_page(page, language)

    page.locator(f"#reason-service-{service.pk}").fill("Kurssi on päättynyt.")
    page.locator(".moderation-list li button[type=submit]").click()
    expect(page.locator(".moderation-list li")).to_have_count(0)
    service.refresh_from_db()
    assert service.status == Status.DRAFT
    assert service.moderation_reason == "Kurssi on päättynyt."


def test_service_form_reflows_at_320_px(new_context, sign_in):
    """WCAG 1.4.10: the three language columns stack on a phone-wide screen."""
    context = new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    _organisation, provider = provider_in_kuopio()
    sign_in(context, provider)
    for address in ["/fi/provider/", "/fi/provider/services/new/", "/fi/provider/events/new/"]:
        page.goto(address)
        widths = page.evaluate(
            "() => ({page: document.documentElement.scrollWidth, window: window.innerWidth})"
        )
        assert widths["page"] <= widths["window"], f"{address} scrolls sideways: {widths}"
    fi_box = page.locator("#id_name_fi").bounding_box()
    sv_box = page.locator("#id_name_sv").bounding_box()
    assert sv_box["y"] > fi_box["y"] + fi_box["height"]
