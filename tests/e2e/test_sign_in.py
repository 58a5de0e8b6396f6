"""Signing in, as a resident (password) and as staff (password and a one-time code)."""

import re
import time
from urllib.parse import quote

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from kohtaamo.accounts.roles import Role
from tests import factories
from tests.e2e.checks import E2E, path_re
from tests.e2e.flows import confirm_authenticator, log_in_form

pytestmark = E2E

SIGNED_IN = ".main-nav form[action$='/accounts/logout/'] button"
LOGIN_LINK = ".main-nav a[href$='/accounts/login/']"


def expect_signed_in(page):
    expect(page.locator(SIGNED_IN)).to_be_visible()
    expect(page.locator(LOGIN_LINK)).to_have_count(0)


def enter_code(page, code):
    page.locator("#id_token").fill(code)
    page.locator("main form button[type=submit]").first.click()


def wait_until_code_accepted(device):
    """django-otp refuses every code for a moment after a wrong one (a throttle that
    doubles with each failure). Wait it out, as a person would, before the right code."""
    deadline = time.monotonic() + 30
    while True:
        device.refresh_from_db()
        if device.verify_is_allowed()[0] or time.monotonic() > deadline:
            return
        time.sleep(0.1)


def test_resident_logs_in_and_lands_on_home(page):
    resident = factories.user(full_name="Aino Asukas")
    page.goto("/fi/accounts/login/")
    expect(page.locator(LOGIN_LINK)).to_have_attribute("aria-current", "page")
    log_in_form(page, resident.email, factories.PASSWORD)

    expect(page).to_have_url(path_re("/fi/"))
    expect(page.locator("#you-title")).to_contain_text("Aino")
    expect_signed_in(page)


def test_login_email_is_not_case_sensitive(page):
    factories.user(email="aino.asukas@example.fi")
    page.goto("/fi/accounts/login/")
    log_in_form(page, "Aino.Asukas@Example.fi", factories.PASSWORD)
    expect(page).to_have_url(path_re("/fi/"))
    expect_signed_in(page)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(page):
    resident = factories.user()
    page.goto("/fi/accounts/login/")
    for _ in range(5):
        log_in_form(page, resident.email, "not-the-password")
    expect(page.locator("#id_password")).to_have_count(0)

    page.goto("/fi/accounts/login/")
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        log_in_form(page, resident.email.upper(), factories.PASSWORD)
    assert sent.value.status == 429
    page.goto("/fi/")
    expect(page.locator(LOGIN_LINK)).to_be_visible()


def test_staff_login_needs_a_code_and_a_wrong_code_is_explained(page):
    staff = factories.member(Role.PROFESSIONAL)
    device = factories.totp_device(staff)

    # A bookmarked page asks for the password first, then for the code, then opens.
    page.goto("/fi/accounts/profile/")
    expect(page).to_have_url(path_re("/fi/accounts/login/"))
    log_in_form(page, staff.email, factories.PASSWORD)
    expect(page).to_have_url(path_re("/fi/accounts/login/code/"))
    assert f"next={quote('/fi/accounts/profile/', safe='')}" in page.url

    enter_code(page, "123456" if factories.current_code(device) != "123456" else "654321")
    error = page.locator("#id_token_error")
    expect(error).to_be_visible()
    field = page.locator("#id_token")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile(r"\bid_token_error\b"))
    # The error sits right by the field it is about, and the summary links to the field.
    error_box, field_box = error.bounding_box(), field.bounding_box()
    assert 0 <= field_box["y"] - (error_box["y"] + error_box["height"]) < 40
    expect(page.locator(".error-summary a[href='#id_token']")).to_be_visible()

    wait_until_code_accepted(device)
    enter_code(page, factories.current_code(device))
    expect(page).to_have_url(path_re("/fi/accounts/profile/"))
    expect(page.locator("#roles-title")).to_be_visible()
    expect_signed_in(page)


def test_staff_who_skips_the_code_is_sent_back_to_it(page):
    staff = factories.member(Role.ADMINISTRATOR)
    factories.totp_device(staff)
    page.goto("/fi/accounts/login/")
    log_in_form(page, staff.email, factories.PASSWORD)
    expect(page).to_have_url(path_re("/fi/accounts/login/code/"))

    for address in ["/fi/accounts/profile/", "/fi/audit/", "/fi/admin/"]:
        page.goto(address)
        expect(page).to_have_url(path_re("/fi/accounts/login/code/"))
        assert f"next={quote(address, safe='')}" in page.url
        expect(page.locator("#id_token")).to_be_visible()


def test_staff_without_an_authenticator_sets_one_up_and_can_use_a_backup_code(page):
    staff = factories.member(Role.DISTRIBUTOR)
    page.goto("/fi/accounts/login/")
    log_in_form(page, staff.email, factories.PASSWORD)
    expect(page).to_have_url(path_re("/fi/accounts/profile/two-factor/"))

    confirm_authenticator(page)
    codes = page.locator(".backup-codes code")
    expect(codes).to_have_count(10)
    backup_codes = codes.all_inner_texts()
    assert len(set(backup_codes)) == 10
    assert TOTPDevice.objects.get(user=staff).confirmed

    page.locator("main a.button").click()
    expect(page).to_have_url(path_re("/fi/desk/"))
    page.goto("/fi/accounts/profile/")
    expect(page).to_have_url(path_re("/fi/accounts/profile/"))

    # Without the phone, one of the saved backup codes lets them in, once.
    page.locator(SIGNED_IN).click()
    page.goto("/fi/accounts/login/")
    log_in_form(page, staff.email, factories.PASSWORD)
    expect(page).to_have_url(path_re("/fi/accounts/login/code/"))
    enter_code(page, backup_codes[0])
    expect(page).to_have_url(path_re("/fi/desk/"))
    expect(page.locator(".messages .message-warning")).to_contain_text("9")
    expect_signed_in(page)


def test_login_and_logout_work_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    resident = factories.user()
    page.goto("/sv/accounts/login/")
    log_in_form(page, resident.email, "wrong-password-entirely")
    expect(page.locator(".error-summary")).to_be_visible()

    log_in_form(page, resident.email, factories.PASSWORD)
    expect(page).to_have_url(path_re("/sv/"))
    expect_signed_in(page)

    page.locator(SIGNED_IN).click()
    expect(page.locator(LOGIN_LINK)).to_be_visible()


def test_audit_log_shows_the_login(page, new_context):
    organisation = factories.organisation()
    administrator = factories.member(Role.ADMINISTRATOR, organisation=organisation)
    device = factories.totp_device(administrator)
    # Someone from another organisation logs in too, elsewhere.
    bystander = factories.member(Role.PROVIDER, organisation=factories.organisation())
    elsewhere = new_context().new_page()
    elsewhere.goto("/fi/accounts/login/")
    log_in_form(elsewhere, bystander.email, factories.PASSWORD)
    expect_signed_in(elsewhere)

    page.goto("/fi/audit/")
    log_in_form(page, administrator.email, factories.PASSWORD)
    enter_code(page, factories.current_code(device))
    expect(page).to_have_url(path_re("/fi/audit/"))

    page.locator("#id_action").select_option("login")
    page.locator("main form.filters button[type=submit]").click()
    expect(page).to_have_url(path_re("/fi/audit/"))
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(administrator.email)
    # The other organisation's login is not this administrator's business.
    expect(page.locator("main table")).not_to_contain_text(bystander.email)
