"""Text analysis: from a text in one language to the words ("lexemes") the index keeps.

Finnish is analysed with Voikko (pyvoikko, pure Python): every word becomes its base forms
("museoihin" -> museo) and, for compound words, the base forms of its parts as well
("kulttuurilähetteet" -> kulttuurilähete, kulttuuri, lähete), so a search for a part
finds the whole. Swedish gets the same from the Hunspell dictionary of Finland Swedish
read by spylls ("körsången" -> körsång, kör, sång; decision 0026), and its Snowball
stems; English is stemmed with Snowball. Every word also keeps its own lower-cased form,
so a word no analyser knows (a name, a typo, a word in another language) still finds
itself.

Queries go through the same functions: ``query_words`` gives, per query word, the set of
lexemes any of which may match (the reader's language and Finnish together, because most
content is Finnish whatever the reader's language is).
"""

import logging
import re
from functools import lru_cache
from pathlib import Path

import pyvoikko
import snowballstemmer
from spylls.hunspell import Dictionary

logger = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")
# Longer "words" are not language (hashes, pasted links); they are kept as they are.
MAX_WORD_LENGTH = 40
# Words shorter than this are not corrected for typos, so they need no deletion variants.
TYPO_MIN_LENGTH = 5
# A query is a few words; the rest of a pasted paragraph is ignored.
MAX_QUERY_WORDS = 12

_WORD = re.compile(r"[^\W_]+")

# Words that say nothing in a query ("museo ja teatteri"): dropped from a query unless
# nothing else is left. The index keeps them; they cost little there.
STOP_WORDS = {
    "fi": {"ja", "tai", "sekä", "on", "ei", "se", "ne", "että", "kanssa"},
    "sv": {"och", "eller", "i", "på", "för", "med", "att", "en", "ett", "av", "till"},
    "en": {"and", "or", "the", "a", "an", "of", "for", "in", "on", "to", "with", "at"},
}

_STEMMERS = {"sv": "swedish", "en": "english"}


def words(text):
    """The lower-cased words of ``text``, in order."""
    return [word[:MAX_WORD_LENGTH] for word in _WORD.findall((text or "").lower())]


@lru_cache(maxsize=200_000)
def finnish_lexemes(word):
    """Base forms and compound parts of one lower-cased Finnish word, and the word itself."""
    lexemes = {word}
    if not word.isdigit():
        for analysis in pyvoikko.analyse(word):
            if analysis.BASEFORM:
                lexemes.update(words(analysis.BASEFORM))
            for part in analysis.COMPOUND_PARTS or ():
                if part.BASEFORM:
                    lexemes.update(words(part.BASEFORM))
    return frozenset(lexemes)


@lru_cache(maxsize=16)
def _stemmer(language):
    return snowballstemmer.stemmer(_STEMMERS[language])


@lru_cache(maxsize=100_000)
def stemmed_lexemes(word, language):
    """The Snowball stem of one lower-cased Swedish or English word, and the word itself."""
    stemmer = _stemmer(language)
    lexemes = {word, stemmer.stemWord(word)}
    if language == "sv" and len(word) > 4 and word.endswith("um"):
        # Latin loans drop "-um" when inflected (museum: museer, museerna), which Snowball
        # does not know; the shortened word is what the inflected forms stem to.
        lexemes.add(word[:-2])
    return frozenset(lexemes)


# Debian's hunspell-sv (the LibreOffice dictionaries' "Den stora svenska ordlistan"), in
# its Finland-Swedish variant; sv_SE where only that one is installed.
SWEDISH_DICTIONARIES = (
    Path("/usr/share/hunspell/sv_FI"),
    Path("/usr/share/hunspell/sv_SE"),
)
# Compound parts shorter than this are rarely real parts ("te" + "ater").
MIN_PART_LENGTH = 3


@lru_cache(maxsize=1)
def swedish_dictionary():
    """The Swedish Hunspell dictionary, read once per process (about a second); ``None``
    when it is not installed: Swedish then has Snowball stems only."""
    for path in SWEDISH_DICTIONARIES:
        if path.with_suffix(".dic").exists():
            return Dictionary.from_files(str(path))
    logger.warning("No Swedish Hunspell dictionary: Swedish compounds are not split.")
    return None


@lru_cache(maxsize=100_000)
def swedish_analyses(word):
    """(base forms, compound splits) of one lower-cased Swedish word: "körsången" ->
    ({"körsång"}, (("kör", "sång"),)). A split is the base forms of its parts."""
    dictionary = swedish_dictionary()
    if dictionary is None or word.isdigit() or len(word) > MAX_WORD_LENGTH:
        return frozenset(), ()
    bases, splits = set(), []
    for form in dictionary.lookuper.good_forms(word):
        parts = getattr(form, "parts", None)
        if parts is None:
            bases.add(form.stem.lower())
            continue
        split = tuple(part.stem.lower() for part in parts)
        if all(len(part) >= MIN_PART_LENGTH for part in split) and split not in splits:
            splits.append(split)
    return frozenset(bases), tuple(splits)


@lru_cache(maxsize=100_000)
def swedish_lexemes(word):
    """A Swedish word, its stem, its base forms and the base forms of its compound
    parts (each with its stem too, so that a query's stem meets them)."""
    stemmer = _stemmer("sv")
    bases, splits = swedish_analyses(word)
    found = set(stemmed_lexemes(word, "sv")) | set(bases)
    for split in splits:
        for part in split:
            # A part may be a compound itself: "körsångskurs" is körsång + kurs, and
            # "kör" should find it.
            found |= {part, *(p for inner in swedish_analyses(part)[1] for p in inner)}
    found |= {stemmer.stemWord(lexeme) for lexeme in list(found)}
    return frozenset(lexeme for lexeme in found if lexeme)


def lexemes_of_word(word, language):
    if language == "fi":
        return finnish_lexemes(word)
    if language == "sv":
        return swedish_lexemes(word)
    if language in _STEMMERS:
        return stemmed_lexemes(word, language)
    return frozenset({word})


def analyse(text, language):
    """Every lexeme of ``text`` written in ``language``, in first-seen order."""
    seen = {}
    for word in words(text):
        for lexeme in sorted(lexemes_of_word(word, language)):
            seen.setdefault(lexeme, None)
    return list(seen)


@lru_cache(maxsize=50_000)
def finnish_query_forms(word):
    """The ways a Finnish query word may appear in the index, each a tuple of lexemes that
    must all be there: the word, its base forms, and for a compound its parts together
    ("musiikkiryhmä" also finds a text with both "musiikki" and "ryhmä"). A single part
    alone is not enough: "kulttuurilähete" must not find everything about "kulttuuri"."""
    forms = {(word,)}
    if not word.isdigit():
        for analysis in pyvoikko.analyse(word):
            for base in words(analysis.BASEFORM or ""):
                forms.add((base,))
            parts = tuple(
                dict.fromkeys(
                    lexeme
                    for part in analysis.COMPOUND_PARTS or ()
                    for lexeme in words(part.BASEFORM or "")
                )
            )
            if len(parts) > 1:
                forms.add(parts)
    return frozenset(forms)


@lru_cache(maxsize=50_000)
def swedish_query_forms(word):
    """The ways a Swedish query word may appear in the index: the word, its stem, its
    base forms, a compound's parts together and, when the word splits only one way, its
    last part alone. Swedish compounds are named by their last part (a "körsång" is a
    "sång"), so a search for one finds singing groups as well as choirs singing."""
    stemmer = _stemmer("sv")
    bases, splits = swedish_analyses(word)
    forms = {(lexeme,) for lexeme in stemmed_lexemes(word, "sv")}
    forms |= {(base,) for base in bases} | {(stemmer.stemWord(base),) for base in bases}
    forms |= {tuple(dict.fromkeys(split)) for split in splits}
    if len(splits) == 1:
        forms.add((splits[0][-1],))
    return frozenset(form for form in forms if all(form))


def query_forms(word, language):
    if language == "fi":
        return finnish_query_forms(word)
    if language == "sv":
        return swedish_query_forms(word)
    return frozenset((lexeme,) for lexeme in lexemes_of_word(word, language))


def query_words(q, language="fi"):
    """Per query word, ``(word, forms)``: the forms are tuples of lexemes, any one of which
    (with all its lexemes) matches the word.

    A word is analysed as Finnish and in the reader's language; stop words are dropped
    when other words remain. Nothing the user types raises: an empty or punctuation-only
    query gives an empty list.
    """
    language = language if language in LANGUAGES else "fi"
    languages = ["fi"] if language == "fi" else ["fi", language]
    raw = list(dict.fromkeys(words(str(q or "")[:1000])))
    stop = set().union(*(STOP_WORDS[code] for code in languages))
    meaningful = [word for word in raw if word not in stop] or raw
    result = []
    for word in meaningful[:MAX_QUERY_WORDS]:
        forms = set()
        for code in languages:
            forms |= query_forms(word, code)
        result.append((word, frozenset(forms)))
    return result


def edit_distance_at_most_one(a, b):
    """True when ``a`` and ``b`` differ by at most one insertion, deletion, substitution or
    swap of two neighbouring letters (optimal string alignment distance <= 1)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    start = 0
    while start < min(la, lb) and a[start] == b[start]:
        start += 1
    if la == lb:
        if a[start + 1 :] == b[start + 1 :]:
            return True
        return (
            start + 1 < la
            and a[start] == b[start + 1]
            and a[start + 1] == b[start]
            and a[start + 2 :] == b[start + 2 :]
        )
    if la > lb:
        return a[start + 1 :] == b[start:]
    return a[start:] == b[start + 1 :]


def deletion_variants(word):
    """The word and every form of it with one letter left out (the SymSpell trick: two words
    within one edit of each other share at least one of these)."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
