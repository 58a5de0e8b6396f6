"""Plain language (selkokieli, lättläst) on the pages the public reads.

A page that has a plain version shows a switch between the standard and the plain text
(``includes/plain_switch.html``). The choice is one flag, ``request.plain_language``
and ``plain_language`` in every template, so that any page written for clients (the
referral's own page, the mobile card, the ask-an-advisor form and later the outcome
questionnaires) can use it the same way:

* ``?plain=1`` or ``?plain=0`` in any address sets it, and a cookie keeps it for the
  next pages, the links in text messages and the other languages alike;
* a view renders :func:`template` of its template name: ``referrals/client.html``
  becomes ``referrals/plain/client.html``, written anew to Selkokeskus' criteria rather
  than shortened;
* the plain texts are their own messages with the gettext context ``"plain"``
  (``{% translate "…" context "plain" %}``, ``pgettext("plain", …)``): the English
  message is the plain English text, translated into plain Finnish and easy Swedish;
* a form mixes in :class:`PlainLanguageForm` and names its plain labels, help texts and
  error messages, which it uses when made with ``plain=True``.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils.functional import Promise

PARAMETER = "plain"
COOKIE = "kohtaamo_plain"
# A choice worth keeping between visits: a client opens the page again from a text message.
COOKIE_AGE = 365 * 24 * 60 * 60


def _asked(request: HttpRequest) -> bool | None:
    value = request.GET.get(PARAMETER)
    if value in ("1", "0"):
        return value == "1"
    return None


def is_on(request: HttpRequest) -> bool:
    return bool(getattr(request, "plain_language", False))


class PlainLanguageMiddleware:
    """Sets ``request.plain_language`` from the address or the cookie, and keeps a choice
    made in the address in the cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        asked = _asked(request)
        request.plain_language = asked if asked is not None else request.COOKIES.get(COOKIE) == "1"
        response = self.get_response(request)
        if asked is True:
            response.set_cookie(
                COOKIE,
                "1",
                max_age=COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif asked is False and COOKIE in request.COOKIES:
            response.delete_cookie(COOKIE, samesite="Lax")
        return response


def context(request: HttpRequest) -> dict[str, bool]:
    """The template context processor: ``plain_language``."""
    return {"plain_language": is_on(request)}


def template(request: HttpRequest, name: str) -> str:
    """The plain version of a template (``plain/`` before its file name) when plain
    language is on and the page has one; else the template itself."""
    if not is_on(request):
        return name
    folder, _, file = name.rpartition("/")
    plain = f"{folder}/plain/{file}" if folder else f"plain/{file}"
    try:
        return select_template([plain, name]).template.name
    except TemplateDoesNotExist:
        return name


def choose(request: HttpRequest, standard: str | Promise, plain: str | Promise) -> str:
    """One of two texts (a message after a form, say) by the reader's choice."""
    return str(plain if is_on(request) else standard)


class PlainLanguageForm(forms.BaseForm):
    """A form with plain labels, help texts and error messages, used with ``plain=True``.

    ``plain_texts`` maps a field's name to any of ``label``, ``help_text`` and
    ``error_messages`` (lazy ``pgettext_lazy("plain", …)`` texts)."""

    plain_texts: Mapping[str, Mapping[str, Any]] = {}

    def __init__(self, *args: Any, plain: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plain = plain
        if not plain:
            return
        for name, texts in self.plain_texts.items():
            field = self.fields.get(name)
            if field is None:
                continue
            for attribute, value in texts.items():
                if attribute == "error_messages":
                    field.error_messages = {**field.error_messages, **value}
                else:
                    setattr(field, attribute, value)
