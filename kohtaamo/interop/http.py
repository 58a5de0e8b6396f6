"""Reading JSON from HTTP, with errors an import can report (files: :mod:`.reading`)."""

import json

from django.conf import settings
from django.utils.translation import gettext_noop

from kohtaamo.core import http as outbound

from .engine import InputError

MAX_BYTES = 50 * 1024 * 1024


def get_json(url):
    try:
        answer = outbound.get(
            url,
            headers={"Accept": "application/json", "User-Agent": settings.IMPORT_USER_AGENT},
            timeout=settings.IMPORT_HTTP_TIMEOUT,
            max_bytes=MAX_BYTES,
        )
    except outbound.Refused as error:
        raise InputError(gettext_noop("%(url)s is not an http(s) address."), url=url) from error
    except outbound.BadStatus as error:
        raise InputError(
            gettext_noop("%(url)s answered %(status)s."), url=url, status=error.status
        ) from error
    except outbound.TooLarge as error:
        raise InputError(gettext_noop("%(url)s answered more than 50 MB."), url=url) from error
    except outbound.OutboundError as error:
        raise InputError(
            gettext_noop("Could not read %(url)s: %(error)s"), url=url, error=str(error)
        ) from error
    return parse(answer.body, url)


def parse(body, where):
    try:
        return json.loads(body)
    except UnicodeDecodeError as error:
        raise InputError(gettext_noop("%(where)s is not UTF-8 text."), where=where) from error
    except json.JSONDecodeError as error:
        raise InputError(
            gettext_noop(
                "%(where)s is not valid JSON (line %(line)s, column %(column)s): %(error)s"
            ),
            where=where,
            line=error.lineno,
            column=error.colno,
            error=error.msg,
        ) from error
