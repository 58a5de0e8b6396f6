"""The one password and the one authenticator secret that every demo account shares.

They are published in the README on purpose, so that anyone can try every role. That is
also why the demo commands refuse to run in production.
"""

from base64 import b32decode
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django_otp.oath import TOTP

DEMO_PASSWORD = "Kohtaamo-demo-2026"  # noqa: S105 - published on purpose
# 32 base32 characters = 20 bytes, the key length RFC 4226 recommends.
DEMO_TOTP_SECRET_BASE32 = "KOHTAAMODEMOKOHTAAMODEMOKOHTAAMO"  # noqa: S105
DEMO_TOTP_KEY_HEX = b32decode(DEMO_TOTP_SECRET_BASE32).hex()
# .test is reserved (RFC 2606): mail to these addresses can never reach anyone.
DEMO_EMAIL_DOMAIN = "demo.kohtaamo.test"


def demo_email(local_part):
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


def is_demo_email(email):
    return email.strip().lower().endswith(f"@{DEMO_EMAIL_DOMAIN}")


def refuse_in_production():
    """Demo accounts with a published password must never exist on a live service."""
    if getattr(settings, "PRODUCTION", False):
        raise CommandError(
            _(
                "Refusing to run: this is a production installation (KOHTAAMO_ENV=production). "
                "Demo accounts share a published password and authenticator secret."
            )
        )


def otpauth_uri():
    """The authenticator-app link for the shared demo secret (one entry serves all)."""
    issuer = f"{settings.OTP_TOTP_ISSUER} demo"
    label = quote(f"{issuer}:{DEMO_EMAIL_DOMAIN}")
    query = urlencode(
        {
            "secret": DEMO_TOTP_SECRET_BASE32,
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": 6,
            "period": 30,
        }
    )
    return f"otpauth://totp/{label}?{query}"


def current_code(device):
    """The code ``device`` accepts right now, as an authenticator app would show it."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
