"""A secret link (the holder's card, the client's referral page) is traded on its first
visit for a short-lived cookie, and the pages after it carry no code in their address."""

import logging
import re
import time

import pytest
from django.core import signing
from django.urls import reverse

from kohtaamo.core import secret_links
from kohtaamo.core.secret_links import CARD, REFERRAL, RedactSecretLinks, redact

pytestmark = pytest.mark.django_db


def test_the_link_is_traded_for_a_short_lived_httponly_cookie_scoped_to_the_card(
    client, fresh_card, settings
):
    settings.SESSION_COOKIE_SECURE = True  # as in production
    response = client.get(f"/fi/card/{fresh_card.mobile_token}/")
    assert response.status_code == 302
    # The code stays after "#", which the browser never sends.
    assert response["Location"] == f"/fi/card/#{fresh_card.mobile_token}"
    assert response["Cache-Control"] == "private, no-store"
    for language in ("fi", "sv", "en"):
        cookie = response.cookies[f"kohtaamo_card_{language}"]
        assert cookie["path"] == f"/{language}/card/"
        assert cookie["httponly"] and cookie["secure"]
        assert cookie["samesite"] == "Lax"
        assert int(cookie["max-age"]) == 30 * 24 * 3600
    page = client.get("/fi/card/")
    assert page.status_code == 200
    # Nothing on the page sends the code back to the server in an address.
    html = page.content.decode()
    assert not [
        url
        for url in re.findall(r'(?:href|action|src)="([^"]*)"', html)
        if fresh_card.mobile_token in url
    ]


def test_the_referral_cookie_lasts_two_hours_and_not_for_other_pages(client, fresh_card):
    assert REFERRAL.max_age.total_seconds() == 2 * 3600
    client.get(reverse("cards:mobile", args=[fresh_card.mobile_token]))
    # The card's cookie opens no referral page.
    assert client.get("/fi/referrals/r/").status_code == 403


def test_without_the_cookie_the_page_asks_for_the_link_and_takes_the_code_posted(
    client, fresh_card
):
    page = client.get("/sv/card/")
    assert page.status_code == 403
    html = page.content.decode()
    assert "<h1>" in html and "secret-link-form" in html
    assert "core/secret-link.js" in html
    # What the page's script posts from the address's "#code".
    opened = client.post("/sv/card/", {"code": fresh_card.mobile_token}, follow=True)
    assert opened.status_code == 200
    assert 'data-card-state="valid"' in opened.content.decode()
    # A wrong code opens nothing and sets nothing.
    other = client.__class__()
    for wrong in ("x" * 43, "nul\x00" * 5, "ä" * 20):
        assert other.post("/sv/card/", {"code": wrong}).status_code == 403
    assert not [name for name in other.cookies if name.startswith("kohtaamo_card")]


def test_an_expired_or_forged_cookie_opens_nothing(client, fresh_card, monkeypatch):
    name = CARD.cookie_name("fi")
    salt = signing._cookie_signer_salt(name, secret_links._salt(CARD))
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - 31 * 24 * 3600)
    old = signing.get_cookie_signer(salt=salt).sign(fresh_card.mobile_token)
    monkeypatch.undo()
    client.cookies[name] = old
    assert client.get("/fi/card/").status_code == 403
    client.cookies[name] = fresh_card.mobile_token  # unsigned
    assert client.get("/fi/card/").status_code == 403
    client.cookies[name] = signing.get_cookie_signer(salt=salt).sign(fresh_card.mobile_token)
    assert client.get("/fi/card/").status_code == 200


def test_log_lines_lose_the_codes_of_secret_links():
    code = "a1B2-c3_D4" * 4 + "xyz"
    line = f'"GET /fi/card/{code}/ HTTP/1.1" 200 / "GET /sv/referrals/r/{code}/pdf/ HTTP/1.1"'
    assert redact(line) == (
        '"GET /fi/card/[secret]/ HTTP/1.1" 200 / "GET /sv/referrals/r/[secret]/pdf/ HTTP/1.1"'
    )
    # The pages' own paths are left alone.
    for path in ("/fi/card/", "/fi/card/book/12/", "/fi/card/manifest.webmanifest", "/x/sw.js"):
        assert redact(path) == path
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/en/card/{code}/",),
        None,
    )
    assert RedactSecretLinks().filter(record)
    assert record.getMessage() == "Not Found: /en/card/[secret]/"
