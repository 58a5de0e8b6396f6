"""Who a provider's sign-in is, and whether it counts as the two-step login."""

from django.db.models import TextChoices
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login

from kohtaamo.accounts.models import User

from .models import IdentityProvider, ProviderDevice

# RFC 8176 authentication method reference for "multiple-factor authentication".
MFA_AMR = "mfa"


class Refusal(TextChoices):
    """Why a sign-in through a provider ended without signing anyone in."""

    UNKNOWN = "unknown", _("No Kohtaamo account")
    UNVERIFIED = "unverified", _("E-mail address not verified")
    INVALID = "invalid", _("The provider's answer was not valid")
    PROVIDER = "provider", _("The identity service could not be reached")
    CANCELLED = "cancelled", _("Sign-in cancelled or refused at the identity service")
    EXPIRED = "expired", _("The sign-in attempt had expired")


class Refused(Exception):
    def __init__(self, reason: Refusal, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = reason


def match_user(provider: IdentityProvider, claims: dict) -> User:
    """The existing account the provider's claims are about, or :class:`Refused`.

    Nothing is created: the e-mail address must be verified by the provider, belong to
    exactly one active account, and that account must be an active member of an
    organisation the provider serves. Platform superusers never sign in this way: their
    reach is wider than any one organisation's provider should vouch for.
    """
    email = claims.get("email")
    # Some providers send the flag as the string "true"; nothing else counts.
    verified = claims.get("email_verified") in (True, "true")
    if not isinstance(email, str) or not email.strip() or not verified:
        raise Refused(Refusal.UNVERIFIED)
    users = list(User.objects.filter(email__iexact=email.strip(), is_active=True)[:2])
    if len(users) != 1 or users[0].is_superuser:
        raise Refused(Refusal.UNKNOWN)
    user = users[0]
    served = user.memberships.filter(
        is_active=True,
        organisation__is_active=True,
        organisation__in=provider.organisations.all(),
    ).exists()
    if not served:
        raise Refused(Refusal.UNKNOWN)
    return user


def counts_as_two_step(provider: IdentityProvider, claims: dict) -> bool:
    """Whether this sign-in also stands for Kohtaamo's one-time code."""
    if provider.two_step == IdentityProvider.TwoStep.ALWAYS:
        return True
    if provider.two_step != IdentityProvider.TwoStep.ASSERTED:
        return False
    amr = claims.get("amr")
    if isinstance(amr, list) and MFA_AMR in amr:
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in provider.acr_values_for_mfa()


def complete_two_step(request: HttpRequest, provider: IdentityProvider, claims: dict) -> bool:
    """After the sign-in, mark the session verified when the provider's login counts.

    Returns whether it did; otherwise the usual code step follows.
    """
    if not counts_as_two_step(provider, claims):
        return False
    device, _created = ProviderDevice.objects.update_or_create(
        user=request.user,
        provider=provider,
        defaults={"name": provider.slug, "confirmed": True},
    )
    otp_login(request, device)
    return True
