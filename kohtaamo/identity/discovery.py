"""A provider's published settings (OpenID Connect Discovery 1.0), read once an hour."""

import requests
from django.conf import settings
from django.core.cache import cache

DISCOVERY_PATH = "/.well-known/openid-configuration"
REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
CACHE_SECONDS = 60 * 60


class DiscoveryError(Exception):
    """The provider's settings could not be read or do not describe this issuer."""


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + DISCOVERY_PATH


def configuration(issuer: str) -> dict:
    """The provider's endpoints. Raises :class:`DiscoveryError` when unusable."""
    key = f"identity:discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        document = _fetch(issuer)
        cache.set(key, document, CACHE_SECONDS)
    return document


def forget(issuer: str) -> None:
    cache.delete(f"identity:discovery:{issuer}")


def _fetch(issuer: str) -> dict:
    try:
        response = requests.get(
            discovery_url(issuer), timeout=settings.OIDC_TIMEOUT, allow_redirects=False
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise DiscoveryError(f"Could not read {discovery_url(issuer)}: {error}") from error
    if not isinstance(document, dict) or any(
        not isinstance(document.get(name), str) for name in REQUIRED
    ):
        raise DiscoveryError(f"{discovery_url(issuer)} lacks {', '.join(REQUIRED)}.")
    # The document must be about the issuer it was asked for (Discovery 1.0, section 4.3),
    # or a provider could speak for another one.
    if document["issuer"].rstrip("/") != issuer.rstrip("/"):
        raise DiscoveryError(
            f"{discovery_url(issuer)} names the issuer {document['issuer']!r}, not {issuer!r}."
        )
    return document
