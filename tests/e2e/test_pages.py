"""Every page, in Finnish, Swedish and English: the right language, one main heading,
a skip link to the main content, landmarks, and no WCAG 2.1 A/AA violations found by axe.

Error states (a form sent back with errors) are pages too and are checked the same way.
"""

import pytest
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.core import audit
from tests import factories
from tests.e2e.checks import E2E, LANGUAGES, check_page
from tests.e2e.flows import confirm_authenticator, log_in_form

pytestmark = E2E

by_language = pytest.mark.parametrize("language", LANGUAGES)


@by_language
def test_home_anonymous(page, language):
    page.goto(f"/{language}/")
    check_page(page, language)


@by_language
def test_home_signed_in(page, context, sign_in, language):
    sign_in(context, factories.user(full_name="Aino Asukas"))
    page.goto(f"/{language}/")
    expect(page.locator("#you-title")).to_contain_text("Aino")
    check_page(page, language)


@by_language
def test_login_with_and_without_errors(page, language):
    page.goto(f"/{language}/accounts/login/")
    check_page(page, language)

    # Nothing typed: both fields report that they are required.
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_username_error")).to_be_visible()
    expect(page.locator("#id_password_error")).to_be_visible()
    check_page(page, language)

    # Wrong password: one message for the whole form, nothing about which part was wrong.
    log_in_form(page, "nobody@example.fi", "not-the-password")
    expect(page.locator(".error-summary")).to_be_visible()
    check_page(page, language)


@by_language
def test_code_step_with_and_without_error(page, context, sign_in, language):
    staff = factories.member(Role.PROFESSIONAL)
    factories.totp_device(staff)
    sign_in(context, staff, verified=False)
    page.goto(f"/{language}/accounts/login/code/")
    expect(page.locator("#id_token")).to_be_visible()
    check_page(page, language)

    page.locator("#id_token").fill("000000")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#id_token_error")).to_be_visible()
    check_page(page, language)


@by_language
def test_authenticator_setup_and_backup_codes(page, context, sign_in, language):
    staff = factories.member(Role.CULTURE_ADVISOR)
    sign_in(context, staff, verified=False)
    page.goto(f"/{language}/accounts/profile/two-factor/")
    expect(page.locator(".qr svg")).to_be_visible()
    check_page(page, language)

    confirm_authenticator(page)
    expect(page.locator(".backup-codes li")).to_have_count(10)
    check_page(page, language)


@by_language
def test_profile_and_password_change(page, context, sign_in, language):
    organisation = factories.organisation(kind=Organisation.Kind.WELLBEING_COUNTY)
    sign_in(context, factories.member(Role.PROFESSIONAL, organisation=organisation))
    page.goto(f"/{language}/accounts/profile/")
    expect(page.locator("section[aria-labelledby=roles-title] table tbody tr")).to_have_count(1)
    check_page(page, language)

    page.goto(f"/{language}/accounts/profile/password/")
    check_page(page, language)

    page.locator("#id_old_password").fill("wrong-old-password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_old_password_error")).to_be_visible()
    check_page(page, language)


@by_language
def test_after_logging_out(page, context, sign_in, language):
    sign_in(context, factories.user())
    page.goto(f"/{language}/accounts/profile/")
    page.locator(".main-nav form button[type=submit]").click()
    # Signed out, still in the same language, with the way back in offered.
    expect(page.locator(".main-nav a[href$='/accounts/login/']")).to_be_visible()
    expect(page.locator(".main-nav form button[type=submit]")).to_have_count(0)
    check_page(page, language)


@by_language
def test_locked_out_after_five_wrong_passwords(page, language):
    person = factories.user()
    page.goto(f"/{language}/accounts/login/")
    for _ in range(4):
        log_in_form(page, person.email, "not-the-password")
        expect(page.locator(".error-summary")).to_be_visible()
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        log_in_form(page, person.email, "not-the-password")
    assert sent.value.status == 429
    # The lock-out page has no login form.
    expect(page.locator("#id_password")).to_have_count(0)
    check_page(page, language)


@by_language
def test_audit_log_with_and_without_filter_error(page, context, sign_in, language):
    organisation = factories.organisation()
    administrator = factories.member(Role.ADMINISTRATOR, organisation=organisation)
    client = factories.user(full_name="Kalle Asiakas")
    for action, purpose in [
        (audit.Action.VIEW, "referral queue"),
        (audit.Action.CHANGE, ""),
        (audit.Action.EXPORT, "monthly report"),
    ]:
        audit.record(
            action,
            client,
            actor=administrator,
            target_organisation_id=organisation.pk,
            purpose=purpose,
        )
    sign_in(context, administrator)

    page.goto(f"/{language}/audit/")
    expect(page.locator("main table tbody tr")).to_have_count(3)
    check_page(page, language)

    page.locator("#id_date_from").fill("2025-06-30")
    page.locator("#id_date_to").fill("2025-06-01")
    page.locator("main form.filters button[type=submit]").click()
    expect(page.locator("#id_date_to_error")).to_be_visible()
    check_page(page, language)


@by_language
def test_forbidden(page, context, sign_in, language):
    sign_in(context, factories.user())
    response = page.goto(f"/{language}/audit/")
    assert response.status == 403
    check_page(page, language)


@by_language
def test_not_found(page, language):
    response = page.goto(f"/{language}/no-such-page/")
    assert response.status == 404
    check_page(page, language)


@by_language
def test_admin_index_changelist_and_change_form(page, context, sign_in, language):
    sign_in(context, factories.user(is_staff=True, is_superuser=True))
    # No home municipality: its autocomplete field is empty, the hardest case to name.
    organisation = factories.organisation(
        kind=Organisation.Kind.NATIONAL_BODY, name_fi="Kulttuurin keskusliitto"
    )
    factories.unit(organisation)

    # Django's admin skips to <main id="content-start">, not to #main, and its index has
    # no breadcrumbs, hence no <nav>.
    page.goto(f"/{language}/admin/")
    check_page(page, language, main_id="content-start", landmarks=("banner", "main", "contentinfo"))

    page.goto(f"/{language}/admin/accounts/organisation/")
    expect(page.locator("#result_list")).to_contain_text("Kulttuurin keskusliitto")
    check_page(page, language, main_id="content-start")

    page.goto(f"/{language}/admin/accounts/organisation/{organisation.pk}/change/")
    expect(page.locator("#id_name_fi")).to_have_value("Kulttuurin keskusliitto")
    check_page(page, language, main_id="content-start")

    # A unit row added in the page gets the same labels as the rows sent by the server.
    page.locator("#units-group .add-row a").click()
    expect(page.locator("#id_units-1-name_fi")).to_be_visible()
    check_page(page, language, main_id="content-start")


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_reflow_at_320_px_without_sideways_scrolling(new_context, sign_in, language):
    """WCAG 1.4.10: at 320 CSS pixels (a phone, or 400 % zoom) nothing needs scrolling
    sideways; a wide table may scroll inside its own box."""
    context = new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for address in ["/", "/accounts/login/", "/no-such-page/"]:
        page.goto(f"/{language}{address}")
        assert_no_sideways_scrolling(page)

    organisation = factories.organisation()
    administrator = factories.member(Role.ADMINISTRATOR, organisation=organisation)
    audit.record(audit.Action.VIEW, administrator, actor=administrator, purpose="a" * 60)
    sign_in(context, administrator)
    for address in [
        "/",
        "/accounts/profile/",
        "/accounts/profile/password/",
        "/accounts/profile/two-factor/",
        "/audit/",
        "/audit/?date_from=2025-06-30&date_to=2025-06-01",
    ]:
        page.goto(f"/{language}{address}")
        assert_no_sideways_scrolling(page)


def assert_no_sideways_scrolling(page):
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, window: window.innerWidth})"
    )
    assert widths["page"] <= widths["window"], (
        f"{page.url} is {widths['page']} px wide in a {widths['window']} px window"
    )
