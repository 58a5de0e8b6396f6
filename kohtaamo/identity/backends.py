"""The OpenID Connect code flow's server side, on mozilla-django-oidc's backend.

The library exchanges the code (with the PKCE verifier), fetches the provider's keys and
user info. Its settings are global; here each sign-in's endpoints and client come from
the :class:`~kohtaamo.identity.models.IdentityProvider` the callback found for its
``state``. The ID token is checked more strictly than the library does by default:
signature against the provider's key set, issuer, audience, expiry, issue time and nonce.
"""

import logging

import jwt
import requests
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import discovery, services
from .services import Refusal, Refused

logger = logging.getLogger(__name__)

REQUIRED_CLAIMS = ["iss", "aud", "exp", "iat", "sub"]


class ProviderBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # Endpoints and client come from the provider of each sign-in, not from settings.
        self.UserModel = get_user_model()
        self.provider = None

    def authenticate(self, request, nonce=None, code_verifier=None, **credentials):
        provider = getattr(request, "identity_provider", None)
        if provider is None or credentials:
            return None  # a password login, or no sign-in through a provider under way
        try:
            self._configure(provider)
            user = super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
            if user is None:
                raise Refused(Refusal.INVALID, "no code or state")
            if not AxesProxyHandler.is_allowed(request, {"username": user.email}):
                # The account is locked from this address: no way in, as for a password.
                request.axes_locked_out = True
                raise Refused(Refusal.INVALID, "locked out")
            return user
        except Refused as refusal:
            request.identity_refusal = refusal.reason
            logger.info("Sign-in through %s refused: %s", provider.slug, refusal)
        except discovery.DiscoveryError as error:
            request.identity_refusal = Refusal.PROVIDER
            logger.warning("Identity provider %s unusable: %s", provider.slug, error)
        except requests.RequestException as error:
            request.identity_refusal = Refusal.PROVIDER
            logger.warning("Identity provider %s failed: %s", provider.slug, error)
        except (SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError, TypeError) as error:
            # A malformed answer: keys without ids, a body that is not JSON, ...
            request.identity_refusal = Refusal.INVALID
            logger.warning("Identity provider %s answered badly: %s", provider.slug, error)
        return None

    # Signs people in only: what they may do comes from their memberships, answered by
    # MembershipBackend alone (not by Django's permission tables, as ModelBackend would).
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def _configure(self, provider):
        config = discovery.configuration(provider.issuer)
        self.provider = provider
        self.issuer = config["issuer"]
        self.OIDC_OP_TOKEN_ENDPOINT = config["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = config.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = config["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = provider.signing_algorithm
        self.OIDC_RP_IDP_SIGN_KEY = None

    def _decode(self, token, require):
        if not token:
            raise Refused(Refusal.INVALID, "no token")
        key = self.retrieve_matching_jwk(token)
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.issuer,
                leeway=settings.OIDC_CLOCK_LEEWAY,
                options={"require": require},
            )
        except jwt.InvalidTokenError as error:
            # Wrong audience or issuer, expired, bad signature, missing claims.
            raise Refused(Refusal.INVALID, f"{type(error).__name__}: {error}") from error
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise Refused(Refusal.INVALID, "azp is not this client")
        return payload

    def verify_token(self, token, **kwargs):
        """The ID token's claims, once every check has passed."""
        payload = self._decode(token, REQUIRED_CLAIMS)
        nonce = kwargs.get("nonce")
        if not nonce or payload.get("nonce") != nonce:
            raise Refused(Refusal.INVALID, "nonce does not match")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=settings.OIDC_TIMEOUT,
            allow_redirects=False,
        )
        response.raise_for_status()
        if response.headers.get("content-type", "").lower().startswith("application/jwt"):
            return self._decode(response.text, ["sub"])
        return response.json()

    def get_or_create_user(self, access_token, id_token, payload):
        """The existing user the tokens are about; never a new one."""
        claims = dict(payload)
        if "email" not in claims and self.OIDC_OP_USER_ENDPOINT and access_token:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            # The user info must be about the same person as the ID token (Core 5.3.2).
            if not isinstance(userinfo, dict) or userinfo.get("sub") != payload["sub"]:
                raise Refused(Refusal.INVALID, "user info is about someone else")
            claims["email"] = userinfo.get("email")
            claims["email_verified"] = userinfo.get("email_verified")
        user = services.match_user(self.provider, claims)
        self.request.identity_claims = {name: claims.get(name) for name in ("amr", "acr")}
        return user

    def create_user(self, claims):
        raise Refused(Refusal.UNKNOWN, "accounts are never created from a provider's claims")
