"""The English texts that libraries render by default and have not translated.

Django, its contrib apps and the other libraries bring their own catalogues, and a new
release can add a string before its Finnish or Swedish translation exists (Django 6.1's
"- Select an option -" was one). Such a text is untranslated on our pages unless our own
catalogue translates it. The browser tests look for them on every Finnish and Swedish page.
"""

import ast
import gettext
import re
from functools import cache
from importlib import import_module
from pathlib import Path

from django.conf import settings

# Short texts such as "From" or "Yes" occur inside ordinary words and names.
MIN_WORDS = 3


def _catalogue(directory, language):
    path = Path(directory) / language / "LC_MESSAGES" / "django.mo"
    if not path.exists():
        return {}
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


_MSGID = re.compile(r'^msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)', re.MULTILINE)


def _english_msgids(directory):
    """Every msgid of a library's English catalogue: the .po where it ships one (an
    English .mo leaves out the entries whose msgstr is empty), else the .mo."""
    ids = {key[0] if isinstance(key, tuple) else key for key in _catalogue(directory, "en")}
    po = Path(directory) / "en" / "LC_MESSAGES" / "django.po"
    if po.exists():
        for match in _MSGID.finditer(po.read_text(encoding="utf-8")):
            parts = re.findall(r'"(?:[^"\\]|\\.)*"', match.group(1))
            ids.add("".join(ast.literal_eval(part) for part in parts))
    return ids


def _library_locale_dirs():
    import django

    dirs = [Path(django.__file__).parent / "conf" / "locale"]
    for app in settings.INSTALLED_APPS:
        if app.startswith("kohtaamo"):
            continue
        module = import_module(app.rsplit(".apps.", 1)[0])
        locale = Path(module.__file__).parent / "locale"
        if locale.is_dir():
            dirs.append(locale)
    return dirs


@cache
def untranslated_defaults(language):
    """English msgids that a library ships and neither it nor Kohtaamo translates."""
    ours = {}
    for directory in settings.LOCALE_PATHS:
        ours.update(_catalogue(directory, language))
    phrases = set()
    for directory in _library_locale_dirs():
        translated = _catalogue(directory, language)
        for msgid in _english_msgids(directory):
            if not msgid or "%" in msgid or "{" in msgid:
                continue
            if translated.get(msgid) or ours.get(msgid):
                continue
            if len(msgid.split()) >= MIN_WORDS:
                phrases.add(msgid)
    return frozenset(phrases)
