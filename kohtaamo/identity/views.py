"""Signing in through an organisation's identity provider (OpenID Connect code flow).

The login page's "Sign in with ..." button opens :class:`StartView`, which sends the
browser to the provider with a fresh state, nonce and PKCE challenge (the library keeps
them in the session). The provider sends it back to :class:`CallbackView`, one address
for every provider and language, so that each provider registers a single redirect URI.
"""

import logging
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import discovery, services
from .models import IdentityProvider
from .services import Refusal

logger = logging.getLogger(__name__)

# state -> the provider and the page language of a sign-in under way.
SESSION_KEY = "identity_sign_ins"
MAX_SIGN_INS = 10


def refused_url(reason, language=None):
    with translation.override(language or translation.get_language()):
        return f"{reverse('identity:refused')}?{urlencode({'reason': reason})}"


def provider_issuer(request):
    return request.identity_provider.issuer.rstrip("/")


class StartView(OIDCAuthenticationRequestView):
    def __init__(self, **kwargs):
        # The library would read one provider's endpoints from settings here.
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request, slug):
        provider = get_object_or_404(IdentityProvider, slug=slug, is_active=True)
        try:
            config = discovery.configuration(provider.issuer)
        except discovery.DiscoveryError as error:
            logger.warning("Identity provider %s unusable: %s", provider.slug, error)
            return HttpResponseRedirect(refused_url(Refusal.PROVIDER))
        self.OIDC_OP_AUTH_ENDPOINT = config["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        sign_ins = request.session.get(SESSION_KEY, {})
        sign_ins[state] = {"provider": provider.pk, "language": translation.get_language()}
        request.session[SESSION_KEY] = dict(list(sign_ins.items())[-MAX_SIGN_INS:])
        return response

    def get_extra_params(self, request):
        # The provider's own pages in the language the person was reading.
        return {"ui_locales": translation.get_language()}


class CallbackView(OIDCAuthenticationCallbackView):
    def get(self, request):
        state = request.GET.get("state", "")
        sign_ins = request.session.get(SESSION_KEY, {})
        sign_in = sign_ins.pop(state, None)
        if sign_in is None:
            # Reloaded, opened in another browser, or the session ran out meanwhile.
            return HttpResponseRedirect(refused_url(Refusal.EXPIRED))
        request.session[SESSION_KEY] = sign_ins
        self.language = sign_in["language"]
        request.identity_provider = IdentityProvider.objects.filter(
            pk=sign_in["provider"], is_active=True
        ).first()
        if request.identity_provider is None:
            return HttpResponseRedirect(refused_url(Refusal.PROVIDER, self.language))
        request.login_purpose = f"identity provider {request.identity_provider.slug}"
        issuer = request.GET.get("iss")
        if issuer is not None and issuer.rstrip("/") != provider_issuer(request):
            # RFC 9207: the answer names another provider than the one asked (a mix-up).
            return HttpResponseRedirect(refused_url(Refusal.INVALID, self.language))
        with translation.override(self.language):
            try:
                return super().get(request)
            except SuspiciousOperation:
                return HttpResponseRedirect(refused_url(Refusal.EXPIRED, self.language))

    @property
    def failure_url(self):
        reason = getattr(self.request, "identity_refusal", None)
        if reason is None:
            reason = Refusal.CANCELLED if self.request.GET.get("error") else Refusal.INVALID
        return refused_url(reason, self.language)

    def login_success(self):
        response = super().login_success()
        claims = getattr(self.request, "identity_claims", {})
        services.complete_two_step(self.request, self.request.identity_provider, claims)
        return response


MESSAGES = {
    Refusal.UNKNOWN: translation.gettext_lazy(
        "Your organisation's identity service recognised you, but Kohtaamo has no account "
        "for that e-mail address in an organisation that uses this service. Kohtaamo does "
        "not create accounts on its own: ask your organisation's Kohtaamo administrator to "
        "add you."
    ),
    Refusal.UNVERIFIED: translation.gettext_lazy(
        "Your organisation's identity service did not confirm your e-mail address, so "
        "Kohtaamo cannot tell which account is yours. Ask the identity service's support "
        "to confirm the address."
    ),
    Refusal.INVALID: translation.gettext_lazy(
        "The identity service's answer could not be verified, so nobody was signed in. "
        "Try again; if it happens again, tell your organisation's support."
    ),
    Refusal.PROVIDER: translation.gettext_lazy(
        "The identity service could not be reached just now. Try again in a moment, or "
        "log in with your password."
    ),
    Refusal.CANCELLED: translation.gettext_lazy(
        "The sign-in was cancelled or refused at the identity service. Nobody was signed in."
    ),
    Refusal.EXPIRED: translation.gettext_lazy(
        "This sign-in attempt had already been used or had expired. Start again from the "
        "login page."
    ),
}


def refused(request):
    """Why the sign-in through a provider did not sign anyone in."""
    reason = request.GET.get("reason")
    if reason not in Refusal.values:
        reason = Refusal.INVALID
    return render(
        request,
        "identity/refused.html",
        {"heading": Refusal(reason).label, "message": MESSAGES[reason], "reason": reason},
        status=403,
    )
