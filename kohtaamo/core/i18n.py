"""Content in several languages.

Content fields are stored once per language (``name_fi``, ``name_sv``, ``name_en``);
the interface language picks one and falls back to the others so that a Swedish page
never shows an empty heading when only the Finnish text exists.

A model names the three columns of a text where it declares them, and
:func:`translated_chars` or :func:`translated_texts` makes them, each labelled with its
language ("name (Finnish)")::

    name_fi, name_sv, name_en = translated_chars(_("name"), required_fi=True)

and takes :class:`Localized` for reading them in the active language.
"""

from functools import lru_cache

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGES = ("fi", "sv", "en")
LANGUAGE_NAMES = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}


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


def _label(language, label):
    return format_lazy("{} ({})", label, LANGUAGE_NAMES[language])


def translated_chars(
    label, *, max_length: int = 200, required_fi: bool = False
) -> tuple[models.CharField, models.CharField, models.CharField]:
    """The Finnish, Swedish and English columns of one short text. Only Finnish can be
    required: the other languages are filled in when there is someone to write them."""
    fi, sv, en = (
        models.CharField(
            _label(code, label),
            max_length=max_length,
            blank=not (required_fi and code == "fi"),
        )
        for code in CONTENT_LANGUAGES
    )
    return fi, sv, en


def translated_texts(
    label, *, required_fi: bool = False
) -> tuple[models.TextField, models.TextField, models.TextField]:
    """The Finnish, Swedish and English columns of one long text (see above)."""
    fi, sv, en = (
        models.TextField(_label(code, label), blank=not (required_fi and code == "fi"))
        for code in CONTENT_LANGUAGES
    )
    return fi, sv, en


class Localized:
    """Texts in the active language, falling back to the others: ``obj.name``,
    ``obj.description``, and any other with ``obj.text("summary")``; the language picked
    with ``obj.name_language`` or ``obj.text_language(field)``, for a ``lang`` attribute."""

    def text(self, field):
        return localized(self, field)

    def text_language(self, field):
        return localized_language(self, field)

    # Through text(), so that a model that borrows texts (an event, its service's) can
    # say so once.
    @property
    def name(self):
        return self.text("name")

    @property
    def name_language(self):
        return self.text_language("name")

    @property
    def description(self):
        return self.text("description")

    def __str__(self):
        return self.name or getattr(self, "code", "") or f"#{self.pk}"


# The name the first migrations of core and accounts give the class; they cannot change.
LocalizedNameMixin = Localized


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
