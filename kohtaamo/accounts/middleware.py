from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .permissions import requires_two_factor
from .two_factor import has_confirmed_totp

# Pages an account that still owes its one-time code may open.
OPEN_DURING_VERIFICATION = {
    "accounts:verify",
    "accounts:setup_two_factor",
    "accounts:logout",
    "healthz",
    "set_language",
    # Signing in again through an identity provider replaces the pending sign-in.
    "identity:start",
    "identity:refused",
    "oidc_callback",
}


class TwoFactorRequiredMiddleware:
    """Holds a staff account at the one-time-code step until it has passed it.

    Staff accounts (see :func:`~kohtaamo.accounts.permissions.requires_two_factor`) are
    signed in by password first; until they enter a valid code, every other page sends
    them to the code form (or to setting up an authenticator app, the first time).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not requires_two_factor(user):
            return None
        if user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_DURING_VERIFICATION:
            return None
        target = "accounts:verify" if has_confirmed_totp(user) else "accounts:setup_two_factor"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
