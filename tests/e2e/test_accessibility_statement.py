"""The accessibility statement in a browser, in Finnish and Swedish: reached from the
footer, passes the checks every page passes, and its feedback form reaches the
administrators. And the two non-conformities it once listed, fixed: the API
documentation says its language, and the admin's two-list selector has no prohibited
ARIA attribute."""

import os

import pytest
from django.core import mail
from playwright.sync_api import expect

from kohtaamo.accessibility.models import Feedback
from kohtaamo.catalogue.models import Service
from tests import factories
from tests.catalogue import content
from tests.e2e.axe import violations
from tests.e2e.checks import E2E, check_page

pytestmark = E2E

by_language = pytest.mark.parametrize("language", ["fi", "sv"])


def _shot(page, name):
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/{name}.png", full_page=True)


@by_language
def test_the_statement_from_the_footer_and_its_feedback_form(page, language, settings):
    settings.ADMINS = [("Operator", "operator@kohtaamo.example.fi")]
    page.goto(f"/{language}/")
    page.locator("footer a[href$='/accessibility/']").click()

    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#reply-deadline")).to_contain_text("14")
    expect(page.locator("#authority")).to_be_visible()
    check_page(page, language)
    _shot(page, f"accessibility-{language}")

    # Sent empty: the error is next to the field, and the page still passes.
    page.locator("#feedback-form button[type=submit]").click()
    expect(page.locator("#id_message_error")).to_be_visible()
    check_page(page, language)
    _shot(page, f"accessibility-error-{language}")

    page.locator("#id_message").fill("Hakusivun suodattimet eivät toimi ruudunlukijalla.")
    page.locator("#id_email").fill("palaute@example.fi")
    page.locator("#feedback-form button[type=submit]").click()

    expect(page.locator("#reply-by")).to_be_visible()
    check_page(page, language)
    _shot(page, f"accessibility-sent-{language}")
    assert Feedback.objects.get().email == "palaute@example.fi"
    assert [m.to for m in mail.outbox] == [["operator@kohtaamo.example.fi"]]


def test_the_api_documentation_says_its_language(page, csp_violations):
    page.goto("/api/docs/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Kohtaamo API", level=1)).to_be_visible()
    found = [v["id"] for v in violations(page)]
    assert "html-has-lang" not in found and "html-lang-valid" not in found
    # Redoc's logo from Redocly's site is refused on purpose (test_content_security_policy):
    # wait for that refusal, then leave it out.
    for _ in range(50):
        if csp_violations:
            break
        page.wait_for_timeout(100)
    csp_violations[:] = [
        v for v in csp_violations if "cdn.redoc.ly" not in (v.get("blocked") or v.get("sample"))
    ]


@by_language
def test_the_admins_two_list_selector_has_no_prohibited_aria(page, context, sign_in, language):
    sign_in(context, factories.user(is_staff=True, is_superuser=True))
    service = content.service("Laulupiiri")

    page.goto(f"/{language}/admin/catalogue/service/{service.pk}/change/")
    # The selectors are built on load; wait for one.
    expect(page.locator(".selector-filter").first).to_be_visible()
    found = violations(page)
    assert not [v for v in found if v["id"] == "aria-prohibited-attr"], found
    check_page(page, language, main_id="content-start")
    assert Service.objects.filter(pk=service.pk).exists()
