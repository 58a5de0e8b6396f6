"""DRF authentication with an organisation's API key: ``Authorization: Bearer kht_…``."""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from kohtaamo.core.ratelimit import FixedWindowThrottle

from . import services


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header:
            return None
        if header[0] != self.keyword or len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the API key as: Authorization: Bearer <key>.")
            )
        key = services.authenticate_key(header[1])
        if key is None:
            raise exceptions.AuthenticationFailed(_("The API key is not valid or was revoked."))
        user = key.user
        # The key is the whole sign-in: the account has no password and no session, so
        # there is no second step to wait for.
        user.is_verified = lambda: True
        return user, key

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class ApiKeyRateThrottle(FixedWindowThrottle):
    """Requests per key (the anonymous throttle does not count signed-in callers)."""

    scope = "api_key"

    def get_rate(self):
        return getattr(settings, "API_KEY_THROTTLE_RATE", "300/minute")

    def get_cache_key(self, request, view):
        key = getattr(request, "auth", None)
        if key is None or not hasattr(key, "prefix"):
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.prefix}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An organisation's API key, made by its administrator in "
            "Kohtaamo's administration: `Authorization: Bearer kht_…`.",
        }
