"""Pages opened by a secret link and no sign-in: a referral's page for its client and a
holder's mobile card (decisions 0014, 0015). The code in the link is the only key, so it
must not reach a log (docs/decisions/0038-secret-links-out-of-logs.md).

The link that is handed out (a text message, an e-mail, a printed QR code) still
carries the code, so it opens on the first scan. That request trades the code for a
short-lived, HttpOnly cookie scoped to the pages' path and redirects to the same pages
without the code, so no later request line holds it. The redirect keeps the code after
``#`` (the fragment never leaves the browser): if the cookie has expired, the page asks
for the code again and a small script posts it from there. What is left, the first
request and old links, is blotted out by :func:`redact` in every log line: Django's
(runserver, "Not Found" warnings) through :class:`RedactSecretLinks`, gunicorn's access
log through ``kohtaamo/gunicorn.py``.
"""

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import register_converter
from django.views.decorators.http import require_http_methods

# What new_secret() and new_public_token() make (32 random bytes, URL-safe base64, 43
# characters), and the demo's readable codes ("demo-savo-agreed"). The pages' own path
# segments ("book", "data.json", "manifest.webmanifest") are shorter or have a dot.
CODE = r"[A-Za-z0-9_-]{12,64}"
# The field the page's "open again" form posts the code in.
FIELD = "code"


@dataclass(frozen=True)
class SecretLink:
    # The pages' path after the language prefix ("card/"): the cookie is sent nowhere else.
    path: str
    # The cookie's name; one per language, as each language has its own path.
    cookie: str
    # How long a trade lasts, in the browser and checked again by the server.
    max_age: timedelta
    # The model and field that hold the codes ("cards.Card", "mobile_token"): a code
    # that opens nothing is "not found", and no cookie is set for it.
    model: str
    field: str
    # Rows whose code opens nothing yet (a referral still a draft).
    exclude: tuple = ()

    def cookie_name(self, language):
        return f"{self.cookie}_{language}"

    def cookie_path(self, language):
        return f"/{language}/{self.path}"

    def find(self, code):
        # Anything else (a NUL byte included, which PostgreSQL refuses in text) opens nothing.
        if not re.fullmatch(CODE, code):
            raise Http404
        rows = apps.get_model(self.model).objects.filter(**{self.field: code})
        if not rows.exclude(**dict(self.exclude)).exists():
            raise Http404


REFERRAL = SecretLink(
    path="referrals/r/",
    cookie="kohtaamo_referral",
    max_age=timedelta(hours=2),
    model="referrals.Referral",
    field="public_token",
    exclude=(("status", "draft"),),
)
# Longer than a referral's: the holder comes back to the card at each door; a phone
# without a connection shows the copy its service worker kept.
CARD = SecretLink(
    path="card/",
    cookie="kohtaamo_card",
    max_age=timedelta(days=30),
    model="cards.Card",
    field="mobile_token",
)
# An offer of a companion visit, sent to a volunteer by e-mail or text message: answered
# on the phone without signing in, within the day or two the offer is open.
VOLUNTEER_OFFER = SecretLink(
    path="volunteers/offers/",
    cookie="kohtaamo_volunteer_offer",
    max_age=timedelta(days=2),
    model="volunteers.Offer",
    field="token",
)
LINKS = (REFERRAL, CARD, VOLUNTEER_OFFER)
# Addresses that keep their code in the path for good (a calendar app cannot trade it
# for a cookie): only blotted out of the logs.
LOGGED_ONLY = ("volunteers/calendar/",)


class CodeConverter:
    """``<code:token>`` in a URL pattern: only what could be a code, so that the pages'
    own paths ("pdf/", "book/1/") never look like one."""

    regex = CODE

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CodeConverter, "code")


def _salt(link):
    return f"kohtaamo.secret_links.{link.cookie}"


def _keep(response, link, code):
    for language, _name in settings.LANGUAGES:
        response.set_signed_cookie(
            link.cookie_name(language),
            code,
            salt=_salt(link),
            max_age=int(link.max_age.total_seconds()),
            path=link.cookie_path(language),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _language(request):
    # The pages live under /<language>/: the cookie read is the one for that path.
    return request.path.split("/")[1]


def _code(request, link):
    try:
        return request.get_signed_cookie(
            link.cookie_name(_language(request)),
            default=None,
            salt=_salt(link),
            max_age=link.max_age,
        )
    except signing.BadSignature:
        return None


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _trade(link, code, page):
    link.find(code)
    # The fragment stays in the browser: the page can ask for the code again from it.
    return _private(_keep(redirect(f"{page}#{code}"), link, code))


def opener(link):
    """The view of the handed-out link ``<path><code:token>/``."""

    @require_http_methods(["GET", "HEAD"])
    def view(request, token):
        # The same address without the code: /fi/card/<code>/ -> /fi/card/.
        return _trade(link, token, request.path.removesuffix(f"{token}/"))

    return view


def _ask_again(request, link):
    # 403, not 200: the card's service worker keeps only pages that opened.
    return _private(render(request, "core/secret_link_again.html", {"field": FIELD}, status=403))


def from_cookie(link, *, page=False):
    """A view behind the secret link gets the code as ``token`` from the cookie. Without
    one, the page asks for the link again; ``page`` (the view the link redirects to)
    also takes the code posted by that request."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if page and request.method == "POST" and FIELD in request.POST:
                try:
                    return _trade(link, request.POST[FIELD], request.path)
                except Http404:
                    return _ask_again(request, link)
            code = _code(request, link)
            if code is None:
                return _ask_again(request, link)
            response = view(request, *args, token=code, **kwargs)
            if page and request.method in ("GET", "HEAD") and response.status_code == 200:
                # Each visit of the page starts the lifetime anew.
                _keep(response, link, code)
            return response

        return wrapper

    return decorator


SECRET_IN_PATH = re.compile(
    r"(/(?:{}))({})".format(
        "|".join(re.escape(path) for path in (*(link.path for link in LINKS), *LOGGED_ONLY)),
        CODE,
    )
)


def redact(text):
    """The text with the code of every secret link in it replaced by ``[secret]``."""
    return SECRET_IN_PATH.sub(r"\1[secret]", text)


class RedactSecretLinks(logging.Filter):
    """Blot secret links out of a log record, arguments included."""

    def filter(self, record):
        if record.args:
            record.msg = redact(record.getMessage())
            record.args = None
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True
