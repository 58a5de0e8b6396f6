"""Reaching the search results: a skip link, focus on the results after a search, the
filters folded behind one button on a phone, and help when nothing matched, in Finnish
and Swedish, with no axe violations."""

import pytest
from playwright.sync_api import expect

from tests.catalogue import content
from tests.e2e.checks import E2E, check_page

pytestmark = E2E

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def choirs():
    content.service(
        "Kuorolaulu senioreille",
        name_sv="Körsång för seniorer",
        municipalities=["297"],
        target_groups=["older-people"],
    )
    content.service("Museokierros", municipalities=["091"], art_forms=["cultural-heritage"])


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_after_a_search_focus_is_on_the_results_and_a_link_skips_there(page, choirs, language):
    page.goto(f"/{language}/search/")
    expect(page.locator("a.skip-link[href='#results-title']")).to_have_count(1)
    page.locator("#id_q").fill("kör" if language == "sv" else "kuorolaulu")
    page.locator(".search-box button[type=submit]").click()
    expect(page.locator(".results > li.result")).to_have_count(1)
    expect(page.locator("#results-title")).to_be_focused()
    check_page(page, language)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_on_a_phone_the_filters_fold_behind_one_button(new_context, choirs, language):
    page = new_context(viewport=PHONE).new_page()
    page.goto(f"/{language}/search/?municipality=297&free=false")
    toggle = page.locator("#filter-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Rajaa (2)" if language == "fi" else "Filter (2)")
    expect(page.locator("#search-filters")).to_be_hidden()
    # The results come first: nothing of the filters stands between the button and them.
    assert page.locator("#results-title").bounding_box()["y"] < 740 * 2
    check_page(page, language)
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#search-filters")).to_be_visible()
    check_page(page, language)


def test_on_a_wide_screen_the_filters_stay_open(page, choirs):
    page.goto("/fi/search/")
    expect(page.locator("#filter-toggle")).to_be_hidden()
    expect(page.locator("#search-filters")).to_be_visible()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_nothing_found_shows_a_way_on(page, choirs, language):
    page.goto(f"/{language}/search/?q=kuorolaulu&municipality=091")
    help_ = page.locator(".no-results")
    expect(help_).to_be_visible()
    expect(help_.locator("a[href$='/referrals/ask/']")).to_have_count(1)
    help_.locator("a[href='?q=kuorolaulu']").click()
    expect(page.locator(".results > li.result")).to_have_count(1)
    check_page(page, language)
