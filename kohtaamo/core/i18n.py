"""Content in several languages.

Content fields are stored once per language (``name_fi``, ``name_sv``, ``name_en``);
the interface language picks one and falls back to the others so that a Swedish page
never shows an empty heading when only the Finnish text exists.
"""

from functools import lru_cache

from django.utils.translation import get_language

CONTENT_LANGUAGES = ("fi", "sv", "en")


def language_fallbacks(language=None):
    return _fallbacks((language or get_language() or "fi")[:2])


@lru_cache(maxsize=64)
def _fallbacks(language):
    # Worked out once per language: every text shown on a page asks for it.
    order = [language] + [code for code in ("fi", "en", "sv") if code != language]
    return tuple(code for code in order if code in CONTENT_LANGUAGES)


def localized(obj, field, language=None):
    """Return ``obj.<field>_<lang>`` in the best available language ('' if none)."""
    for code in language_fallbacks(language):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


def localized_language(obj, field, language=None):
    """The language code that ``localized`` would pick, for a ``lang`` attribute."""
    for code in language_fallbacks(language):
        if getattr(obj, f"{field}_{code}", ""):
            return code
    return (language or get_language() or "fi")[:2]


class LocalizedNameMixin:
    """Adds ``name`` and ``description`` properties that follow the active language."""

    @property
    def name(self):
        return localized(self, "name")

    @property
    def name_language(self):
        return localized_language(self, "name")

    @property
    def description(self):
        return localized(self, "description")

    def __str__(self):
        return self.name or getattr(self, "code", "") or super().__str__()


# Finnish and Swedish alphabets end in å, ä, ö (Swedish: Åbo after Vanda); Unicode
# code-point order would agree by luck only for some, and str.casefold alone does not
# sort the accented letters that names from other languages carry.
_COLLATION = str.maketrans(
    {
        "å": "z\x01",
        "ä": "z\x02",
        "æ": "z\x02",
        "ö": "z\x03",
        "ø": "z\x03",
        "ü": "y",
        "é": "e",
        "è": "e",
        "á": "a",
        "à": "a",
        "š": "s",
        "ž": "z",
        "-": " ",
    }
)


def collation_key(text: str) -> str:
    """Sort key for names in Finnish and Swedish alphabetical order."""
    return str(text).casefold().translate(_COLLATION)


def by_name(items, name=str):
    """``items`` in the alphabetical order of the names they show in the active language."""
    return sorted(items, key=lambda item: collation_key(name(item)))
