"""Searching the catalogue in a browser: filters, results, detail pages, with and without
JavaScript, in Finnish, Swedish and English, with no axe violations."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.catalogue import content
from tests.e2e.checks import E2E, LANGUAGES, check_page

pytestmark = E2E


@pytest.fixture
def catalogue():
    """A few services and events in Kuopio and Helsinki, in several languages."""
    place = content.place(
        name_fi="Kuopion kulttuuritalo",
        name_sv="Kulturhuset i Kuopio",
        accessibility=["step-free-access", "induction-loop"],
        **content.COORDINATES,
    )
    choir = content.service(
        "Laulupiiri ikäihmisille",
        name_sv="Sångkrets för äldre",
        summary_fi="Laulamme tuttuja lauluja yhdessä.",
        summary_sv="Vi sjunger välkända sånger tillsammans.",
        places=[place],
        municipalities=["297"],
        steps=[2],
        art_forms=["music"],
        target_groups=["older-people"],
        languages=["fi", "sv"],
        is_free=True,
        card_places=True,
    )
    content.service(
        "Teatteriryhmä nuorille",
        summary_fi="Improa ja näyttämötyötä.",
        municipalities=["297"],
        steps=[2],
        art_forms=["theatre"],
        target_groups=["young-people"],
    )
    content.service(
        "Museokierros",
        summary_fi="Opastettu kierros.",
        municipalities=["091"],
        steps=[1],
        art_forms=["cultural-heritage"],
    )
    soon = timezone.now() + timedelta(days=4)
    concert = content.event(
        "Lounaskonsertti", start=soon, place=place, service=choir, card_places=3
    )
    content.event("Peruttu konsertti", start=soon, place=place, is_cancelled=True)
    return {"choir": choir, "concert": concert}


def results(page):
    return page.locator(".results > li.result h3")


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_search_with_filters_and_open_a_result(page, catalogue, language):
    page.goto(f"/{language}/")
    page.locator(".main-nav a[href$='/search/']").click()
    expect(results(page)).to_have_count(3)
    check_page(page, language)

    # Choose Kuopio and music: only the choir is left, with the filters still chosen.
    page.locator("#id_municipality").select_option("297")
    page.locator("#id_art_form_group summary").click()
    page.locator("#id_art_form_music").check()
    page.locator(".search-filters button[type=submit]").click()
    expect(results(page)).to_have_count(1)
    expect(page.locator("#id_art_form_music")).to_be_checked()
    expect(page.locator("#id_municipality")).to_have_value("297")
    expect(page.locator("p[role=status]")).to_contain_text("1")
    expected_name = "Sångkrets för äldre" if language == "sv" else "Laulupiiri ikäihmisille"
    expect(results(page).first).to_have_text(expected_name)
    check_page(page, language)

    results(page).first.locator("a").click()
    expect(page.locator("h1")).to_have_text(expected_name)
    expect(page.locator("script[type='application/ld+json']")).to_have_count(1)
    check_page(page, language)

    # The service's event, and from there its calendar file.
    page.locator(".event-list a").first.click()
    expect(page.locator("a[href$='.ics']")).to_be_visible()
    check_page(page, language)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_events_tab_and_cancelled_events(page, catalogue, language):
    page.goto(f"/{language}/search/?art_form=music")
    page.locator("nav.tabs a").nth(1).click()
    expect(results(page)).to_have_count(2)
    expect(page.locator(".badge-cancelled")).to_have_count(1)
    expect(page.locator(".feed-link a")).to_have_attribute(
        "href", f"/{language}/search/events.ics?art_form=music"
    )
    check_page(page, language)


def test_search_works_without_javascript(new_context, catalogue):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/fi/search/")
    page.locator("#id_q").fill("teatteri")
    page.locator(".search-box button[type=submit]").click()
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_have_text("Teatteriryhmä nuorille")


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_pages_are_accessible(page, catalogue, language):
    page.goto(f"/{language}/search/")
    check_page(page, language)
    page.goto(f"/{language}/search/?kind=events&art_form=music&free=true")
    check_page(page, language)
    # A search sent back with errors.
    page.goto(
        f"/{language}/search/?kind=events&age=-5&step=9&date_from=2030-05-10&date_to=2030-05-01"
    )
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_age_error")).to_be_visible()
    expect(page.locator("#id_step_error")).to_be_visible()
    expect(page.locator("#id_date_to_error")).to_be_visible()
    check_page(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_detail_pages_are_accessible(page, catalogue, language):
    page.goto(f"/{language}/services/{catalogue['choir'].pk}/")
    check_page(page, language)
    page.goto(f"/{language}/events/{catalogue['concert'].pk}/")
    check_page(page, language)
