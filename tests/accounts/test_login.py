"""Signing in: e-mail and password, the one-time code for staff, and throttling."""

import pytest
from django.urls import reverse

from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/fi/accounts/login/"


def post_login(client, email, password, ip="10.0.0.1", next_url=""):
    data = {"username": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data, REMOTE_ADDR=ip)


def test_resident_logs_in_with_email_and_password(client):
    resident = factories.user(email="asukas@example.fi")
    response = post_login(client, "Asukas@Example.fi", factories.PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEvent.objects.filter(action="login", actor_id=resident.pk).exists()


def test_wrong_password_shows_an_error_and_is_logged_without_the_typed_address(client):
    factories.user(email="asukas@example.fi")
    response = post_login(client, "asukas@example.fi", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.actor_label == ""
    assert "asukas" not in str(failed.__dict__)


def test_staff_login_goes_to_the_code_step_and_nothing_opens_before_it(client):
    professional = factories.member(Role.PROFESSIONAL)
    factories.totp_device(professional)
    response = post_login(
        client, professional.email, factories.PASSWORD, next_url="/fi/accounts/profile/"
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))
    blocked = client.get(reverse("accounts:profile"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("accounts:verify"))
    assert client.get(reverse("admin:index")).status_code == 302


def test_wrong_code_is_refused_and_the_right_code_opens_the_account(client):
    professional = factories.member(Role.PROFESSIONAL)
    device = factories.totp_device(professional)
    post_login(client, professional.email, factories.PASSWORD)
    verify = reverse("accounts:verify") + "?next=/fi/accounts/profile/"
    wrong = client.post(
        verify, {"token": "000000" if factories.current_code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "token" in wrong.context["form"].errors
    assert 'aria-invalid="true"' in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(verify, {"token": factories.current_code(device)})
    assert right.status_code == 302
    assert right["Location"] == "/fi/accounts/profile/"
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_code_step_refuses_an_unsafe_next_address(client):
    professional = factories.member(Role.PROFESSIONAL)
    device = factories.totp_device(professional)
    post_login(client, professional.email, factories.PASSWORD)
    response = client.post(
        reverse("accounts:verify") + "?next=https://evil.example.com/",
        {"token": factories.current_code(device)},
    )
    assert response["Location"] == reverse("desk")


def test_staff_without_an_authenticator_must_set_one_up(client):
    professional = factories.member(Role.PROFESSIONAL)
    response = post_login(client, professional.email, factories.PASSWORD)
    assert response["Location"].startswith(reverse("accounts:setup_two_factor"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<svg" in page.content.decode()

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=professional, confirmed=False)
    done = client.post(
        reverse("accounts:setup_two_factor"), {"token": factories.current_code(device)}
    )
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_backup_code_works_once(client):
    from kohtaamo.accounts.two_factor import regenerate_backup_codes

    professional = factories.member(Role.PROFESSIONAL)
    factories.totp_device(professional)
    code = regenerate_backup_codes(professional)[0]
    post_login(client, professional.email, factories.PASSWORD)
    assert client.post(reverse("accounts:verify"), {"token": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    post_login(client, professional.email, factories.PASSWORD)
    again = client.post(reverse("accounts:verify"), {"token": code})
    assert again.status_code == 200


def test_five_wrong_passwords_lock_the_account_from_that_address(client):
    resident = factories.user(email="asukas@example.fi")
    for _ in range(5):
        post_login(client, resident.email, "wrong-password")
    locked = post_login(client, resident.email, factories.PASSWORD)
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in locked.templates]
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_lockout_does_not_block_the_same_account_from_another_address(client):
    resident = factories.user(email="asukas@example.fi")
    for _ in range(5):
        post_login(client, resident.email, "wrong-password", ip="10.0.0.1")
    other = post_login(client, resident.email, factories.PASSWORD, ip="10.0.0.2")
    assert other.status_code == 302


def test_four_wrong_passwords_then_the_right_one_still_logs_in_and_resets_the_count(client):
    resident = factories.user(email="asukas@example.fi")
    for _ in range(4):
        post_login(client, resident.email, "wrong-password")
    assert post_login(client, resident.email, factories.PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        post_login(client, resident.email, "wrong-password")
    assert post_login(client, resident.email, factories.PASSWORD).status_code == 302


def test_admin_login_address_leads_to_kohtaamo_login(client):
    response = client.get("/fi/admin/login/?next=/fi/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_logout_needs_post_and_ends_the_session(client, login):
    resident = factories.user()
    login(resident, verified=False)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


# --- Behind a proxy, and many accounts from one address ------------------------------

PROXY = "10.0.0.254"


def post_via_proxy(client, email, password, forwarded):
    return client.post(
        LOGIN,
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_proxy_an_attackers_failures_do_not_lock_the_account_for_its_owner(
    client, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    resident = factories.user(email="asukas@example.fi")
    for _ in range(5):
        post_via_proxy(client, resident.email, "wrong-password", "203.0.113.66")
    assert (
        post_via_proxy(client, resident.email, factories.PASSWORD, "203.0.113.66").status_code
        == 429
    )
    owner = post_via_proxy(client, resident.email, factories.PASSWORD, "198.51.100.7")
    assert owner.status_code == 302
    assert AuditEvent.objects.filter(action="login", ip_address="198.51.100.7").exists()


def test_behind_a_proxy_a_forged_forwarded_address_does_not_escape_the_lockout(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    resident = factories.user(email="asukas@example.fi")
    # The proxy appends the address it saw; whatever the attacker sent is to its left.
    for forged in range(5):
        post_via_proxy(client, resident.email, "wrong-password", f"192.0.2.{forged}, 203.0.113.66")
    again = post_via_proxy(client, resident.email, factories.PASSWORD, "192.0.2.99, 203.0.113.66")
    assert again.status_code == 429


def test_one_address_trying_many_accounts_is_paused_with_a_clear_message(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    owner = factories.user(email="omistaja@example.fi")
    for number in range(10):
        factories.user(email=f"henkilo{number}@example.fi")
        post_login(client, f"henkilo{number}@example.fi", "Kesa2026!", ip="203.0.113.66")
    paused = post_login(client, owner.email, factories.PASSWORD, ip="203.0.113.66")
    assert paused.status_code == 429
    page = paused.content.decode()
    assert "kirjautuminen tästä verkosta on keskeytetty" in page
    assert int(paused["Retry-After"]) > 0
    assert client.get(reverse("accounts:profile")).status_code == 302
    # Other addresses are not affected.
    assert post_login(client, owner.email, factories.PASSWORD, ip="198.51.100.7").status_code == 302


def test_a_few_failures_across_accounts_do_not_pause_an_address(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    owner = factories.user(email="omistaja@example.fi")
    for number in range(9):
        post_login(client, f"henkilo{number}@example.fi", "wrong", ip="203.0.113.66")
    assert post_login(client, owner.email, factories.PASSWORD, ip="203.0.113.66").status_code == 302
