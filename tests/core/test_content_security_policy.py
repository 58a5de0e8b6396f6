"""Every page tells the browser to run only our own scripts and styles
(Content-Security-Policy), so injected markup cannot run script or restyle a page."""

import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def policy(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} sends no Content-Security-Policy"
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in (part.strip() for part in header.split(";"))
        if directive
    }


@pytest.mark.parametrize("path", ["/fi/", "/sv/search/", "/en/accounts/login/", "/fi/no-such/"])
def test_public_pages_allow_only_our_own_scripts_and_styles(client, path):
    found = policy(client.get(path))
    assert found["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'self'" in found[directive]
        assert "'unsafe-inline'" not in found[directive]
        assert "'unsafe-eval'" not in found[directive]
    assert found["object-src"] == ["'none'"]
    assert found["frame-ancestors"] == ["'none'"]
    assert found["base-uri"] == ["'none'"]


def test_the_admins_one_inline_script_carries_the_nonce_of_its_own_response(client, login):
    login(factories.user(is_staff=True, is_superuser=True))
    organisation = factories.organisation()
    response = client.get(
        reverse("admin:accounts_organisation_change", args=[organisation.pk]), follow=True
    )
    assert response.status_code == 200
    nonces = re.findall(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    assert len(nonces) >= 1
    inline = re.findall(r'<script nonce="([^"]+)">', response.content.decode())
    assert inline and set(inline) == {nonces[0]}
    # A fresh nonce for every response: a copied one is useless.
    again = client.get(reverse("admin:accounts_organisation_change", args=[organisation.pk]))
    assert re.findall(r"'nonce-([^']+)'", again.headers["Content-Security-Policy"]) != nonces
