"""What every page must get right, checked the same way everywhere."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.defaults import untranslated_defaults

# Every browser test module: ``pytestmark = E2E`` (see conftest.py on serialized rollback).
E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = ["fi", "sv", "en"]

FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])"
)
FIRST_FOCUSABLE = f"""() => {{
  const el = document.body.querySelector("{FOCUSABLE}");
  return el && {{tag: el.tagName.toLowerCase(), href: el.getAttribute('href')}};
}}"""


LANDMARKS = {
    "banner": "<header>",
    "navigation": "<nav>",
    "main": "<main>",
    "contentinfo": "<footer>",
}


def check_page(page, language, *, main_id="main", landmarks=tuple(LANDMARKS), axe_disable=()):
    """The page is in ``language``, has one main heading, a working skip link, the four
    landmarks, and no WCAG 2.1 A/AA violations that axe can find."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert page.locator("h1").count() == 1, f"{page.url}: expected exactly one <h1>"

    first = page.evaluate(FIRST_FOCUSABLE)
    assert first == {"tag": "a", "href": f"#{main_id}"}, (
        f"{page.url}: the first thing to tab to should be a link to #{main_id}, not {first}"
    )
    expect(page.locator(f"main#{main_id}")).to_have_count(1)

    assert page.get_by_role("main").count() == 1, f"{page.url}: expected one <main> landmark"
    for role in landmarks:
        assert page.get_by_role(role).count() >= 1, f"{page.url}: no {LANDMARKS[role]} landmark"

    assert_accessible(page, disable=axe_disable)
    assert_no_english_defaults(page, language)


# Every text a reader meets: the page's text, the options of its lists and the words
# that screen readers and tooltips read out.
PAGE_TEXTS = """() => {
  const texts = [document.body.innerText];
  const read = 'option, [placeholder], [aria-label], [title], input[type=submit]';
  for (const el of document.querySelectorAll(read)) {
    texts.push(el.textContent, el.getAttribute('placeholder'), el.getAttribute('aria-label'),
               el.getAttribute('title'), el.getAttribute('value'));
  }
  return texts.filter(Boolean).join(' | ');
}"""


def assert_no_english_defaults(page, language):
    """A Finnish or Swedish page shows none of the English texts that Django and the
    other libraries render by default and have not translated into its language."""
    if language == "en":
        return
    text = page.evaluate(PAGE_TEXTS)
    found = sorted(phrase for phrase in untranslated_defaults(language) if phrase in text)
    assert not found, f"{page.url}: English text left untranslated in {language}: {found}"


def path_re(path):
    """Match a page URL by its path (and any query string)."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?.*)?(#.*)?$")
