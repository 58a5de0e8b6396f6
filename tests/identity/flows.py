"""Signing in through the test provider with Django's test client and a requests session
as the browser's two halves: the client talks to Kohtaamo, the session to the provider."""

from urllib.parse import parse_qs, urlsplit

import requests

from tests.identity.provider import PASSWORD


def start(client, provider, language="fi", next_url=""):
    """Press the provider's button; returns the authorisation request's address."""
    query = f"?next={next_url}" if next_url else ""
    response = client.get(f"/{language}/accounts/provider/{provider.slug}/{query}")
    assert response.status_code == 302, response
    return response["Location"]


def authorise(authorization_url, email, password=PASSWORD):
    """Log in at the provider; returns Kohtaamo's callback address with code and state."""
    browser = requests.Session()
    login_page = browser.get(authorization_url, timeout=10)
    assert login_page.status_code == 200, login_page.text[:500]
    login = browser.post(
        login_page.url,
        data={
            "username": email,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "next": parse_qs(urlsplit(login_page.url).query)["next"][0],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert login.status_code == 302, login.text[:500]
    answer = browser.get(authorization_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    callback = answer.headers["Location"]
    assert callback.startswith("http://testserver/oidc/callback/"), callback
    return callback.removeprefix("http://testserver")


def sign_in(client, provider, email, language="fi", next_url="", **extra):
    """The whole round trip; returns Kohtaamo's answer to the callback."""
    callback = authorise(start(client, provider, language, next_url), email)
    return client.get(callback, **extra)


def refusal(response):
    """The reason shown after a refused sign-in, or None when it was not refused."""
    location = response.get("Location", "")
    if "/accounts/provider/refused/" not in location:
        return None
    return parse_qs(urlsplit(location).query)["reason"][0]
