"""Steps a person takes in the browser, shared by several tests."""

from base64 import b32decode

from django_otp.oath import TOTP


def log_in_form(page, email, password):
    """Fill and send the login form on the current page."""
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()


def code_from_secret(secret):
    """What an authenticator app shows for the key typed in from the setup page."""
    key = secret.replace(" ", "").upper()
    key += "=" * (-len(key) % 8)
    return f"{TOTP(b32decode(key), step=30, t0=0, digits=6).token():06d}"


def confirm_authenticator(page):
    """On the setup page: type the shown key into an 'app' and enter the code it gives."""
    secret = page.locator("code.secret").inner_text()
    page.locator("#id_token").fill(code_from_secret(secret))
    page.locator("main form button[type=submit]").click()
