"""Reading JSON from files and from HTTP, with errors an import can report."""

import json
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_noop

from .engine import InputError

MAX_BYTES = 50 * 1024 * 1024


def get_json(url):
    if not url.startswith(("http://", "https://")):
        raise InputError(gettext_noop("%(url)s is not an http(s) address."), url=url)
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        headers={"Accept": "application/json", "User-Agent": settings.IMPORT_USER_AGENT},
    )
    try:
        # The scheme is checked above: only http(s), never file: or others.
        timeout = settings.IMPORT_HTTP_TIMEOUT
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise InputError(
            gettext_noop("%(url)s answered %(status)s."), url=url, status=error.code
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise InputError(
            gettext_noop("Could not read %(url)s: %(error)s"), url=url, error=str(error)
        ) from error
    if len(body) > MAX_BYTES:
        raise InputError(gettext_noop("%(url)s answered more than 50 MB."), url=url)
    return parse(body, url)


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


def read_files(path):
    """The parsed JSON of a file, or of every ``*.json`` file in a folder (sorted by
    name). All are parsed before anything is imported: one broken file stops the run."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise InputError(gettext_noop("%(where)s has no .json files."), where=str(path))
    elif path.is_file():
        files = [path]
    else:
        raise InputError(gettext_noop("%(where)s does not exist."), where=str(path))
    return [parse(file.read_bytes(), file.name) for file in files]
