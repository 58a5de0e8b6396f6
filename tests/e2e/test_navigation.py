"""Moving around: the language switcher, the skip link and a visible keyboard focus."""

import pytest
from playwright.sync_api import expect

from kohtaamo.accounts.roles import Role
from tests import factories
from tests.e2e.axe import assert_accessible, violations
from tests.e2e.checks import E2E, path_re

pytestmark = E2E

SWITCHER = "nav.language-switcher"

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || el.value || el.name || '').trim().slice(0, 40),
    id: el.id,
    inMain: !!el.closest('main'),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    top: box.top,
    bottom: box.bottom,
  };
}"""


def expect_current_language(page, language):
    expect(page.locator("html")).to_have_attribute("lang", language)
    current = page.locator(f"{SWITCHER} a[aria-current]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("hreflang", language)
    expect(current).to_have_attribute("lang", language)


def test_language_switcher_keeps_the_page_and_marks_the_language(page, context, sign_in):
    sign_in(context, factories.user())
    page.goto("/fi/accounts/profile/")
    expect_current_language(page, "fi")
    # Every language is offered, each named in itself.
    for code in ["fi", "sv", "en"]:
        expect(page.locator(f"{SWITCHER} a[lang={code}][hreflang={code}]")).to_have_count(1)

    page.locator(f"{SWITCHER} a[hreflang=sv]").click()
    expect(page).to_have_url(path_re("/sv/accounts/profile/"))
    expect_current_language(page, "sv")
    expect(page.locator("#details-title")).to_be_visible()

    page.locator(f"{SWITCHER} a[hreflang=en]").click()
    expect(page).to_have_url(path_re("/en/accounts/profile/"))
    expect_current_language(page, "en")
    expect(page.locator(".main-nav a[aria-current=page]")).to_have_attribute(
        "href", "/en/accounts/profile/"
    )

    page.locator(f"{SWITCHER} a[hreflang=fi]").click()
    expect(page).to_have_url(path_re("/fi/accounts/profile/"))
    expect_current_language(page, "fi")


def test_language_switcher_keeps_the_query(page, context, sign_in):
    sign_in(context, factories.member(Role.ADMINISTRATOR))
    page.goto("/fi/audit/?action=login")
    page.locator(f"{SWITCHER} a[hreflang=sv]").click()
    expect(page).to_have_url(path_re("/sv/audit/"))
    assert page.url.endswith("?action=login")
    expect(page.locator("#id_action")).to_have_value("login")


def test_skip_link_moves_focus_to_the_main_content(page, context, sign_in):
    sign_in(context, factories.user())
    page.goto("/sv/accounts/profile/")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "a"
    expect(page.locator(".skip-link")).to_be_focused()
    # Hidden until focused, then on screen where a sighted keyboard user sees it.
    assert focused["top"] >= 0
    assert focused["bottom"] <= page.viewport_size["height"]

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "the next Tab should stay in the main content"


def test_keyboard_focus_is_always_visible(page, context, sign_in):
    # A page with links, buttons, text fields and a select.
    sign_in(context, factories.member(Role.PROFESSIONAL))
    page.goto("/fi/accounts/profile/")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body" or (seen and focused == seen[0]):
            break
        seen.append(focused)
        assert focused["outlineStyle"] != "none" and focused["outlineWidth"] > 0, (
            f"no visible focus on {focused['tag']} {focused['text']!r}: "
            f"outline {focused['outlineStyle']} {focused['outlineWidth']}px"
        )
    tags = {item["tag"] for item in seen}
    assert {"a", "button", "input", "select"} <= tags, f"tabbed through only {tags}"


def test_axe_reports_what_it_finds(page):
    """The accessibility checks themselves: a broken page must not pass."""
    page.set_content(
        "<html><head><title>Broken</title></head><body><main>"
        "<img src='data:,'><input id='unlabelled'>"
        "<p style='color:#ccc;background:#fff'>pale text</p>"
        "</main></body></html>"
    )
    found = {violation["id"]: violation for violation in violations(page)}
    assert {"html-has-lang", "image-alt", "label", "color-contrast"} <= set(found)
    assert found["label"]["nodes"][0]["target"] == ["#unlabelled"]

    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "- label (critical): Form elements must have labels" in message
    assert "    at #unlabelled" in message
