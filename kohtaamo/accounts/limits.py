"""Failed logins from one address across all accounts (password spraying).

django-axes pauses one account from one address after a few wrong passwords; an
attacker who tries one common password on many accounts never trips that. This counts
every failed login per client address in the shared cache, and past
``LOGIN_ADDRESS_FAILURE_LIMIT`` within the lockout's cool-off that address may not try
again until the window ends.
"""

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from kohtaamo.core import ratelimit
from kohtaamo.core.addresses import client_address


def _key(request) -> str:
    return f"login-failures:{client_address(request) or 'unknown'}"


def _window() -> int:
    return max(60, int(settings.AXES_COOLOFF_TIME.total_seconds()))


def paused(request) -> ratelimit.Count | None:
    """The address's count when it may not try to log in now, else None."""
    count = ratelimit.peek(_key(request), settings.LOGIN_ADDRESS_FAILURE_LIMIT, _window())
    return None if count.allowed else count


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        ratelimit.hit(_key(request), settings.LOGIN_ADDRESS_FAILURE_LIMIT, _window())
