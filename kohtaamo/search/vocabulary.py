"""Words about the audience, the place and the art form (decision 0027).

A query such as "tanssi nuorille Kuopio" names an art form (dance), a target group
(young people) and a municipality. The catalogue classifies its content by exactly these,
so the search reads such words as classifications as well as text:

* the index writes the names of a document's target groups and art forms, and the
  everyday words for its target groups below, into its text, so "nuorille" finds a
  course *for* young people whose text never says "nuori" (municipality names are in
  the text already);
* ``recognise`` tells which query words name a classification; the search ranks the
  results classified so above those that only contain the word ("Nuorten taidetalo",
  the venue of a course for people over 60), and the search page offers the matching
  filter as a link ("Show only Kuopio?") instead of filtering silently.

The words come from the reference data (single-word names in Finnish, Swedish and
English) and from ``EVERYDAY_WORDS``, analysed like any text.
"""

import time
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save

from kohtaamo.core.models import ArtForm, Municipality, TargetGroup

from .analysis import (
    LANGUAGES,
    STOP_WORDS,
    TYPO_MIN_LENGTH,
    analyse,
    deletion_variants,
    query_words,
    stemmed_lexemes,
    words,
)
from .models import Term, TermVariant

# What people call the audiences of target groups, beside the groups' own names.
EVERYDAY_WORDS = {
    ("target_group", "older-people"): {
        "fi": "ikäihminen ikääntynyt seniori vanhus eläkeläinen",
        "sv": "äldre senior seniorer pensionär",
        "en": "older senior seniors elderly pensioner",
    },
    ("target_group", "young-people"): {
        "fi": "nuori nuoriso",
        "sv": "ung unga ungdom ungdomar",
        "en": "young youth teenager teenagers",
    },
    ("target_group", "children"): {
        "fi": "lapsi",
        "sv": "barn",
        "en": "child children kids",
    },
    ("target_group", "children-and-families"): {
        "fi": "lapsiperhe perhe",
        "sv": "barnfamilj barnfamiljer familj familjer",
        "en": "family families",
    },
    ("target_group", "families"): {
        "fi": "perhe lapsiperhe",
        "sv": "familj familjer",
        "en": "family families",
    },
}
RELATED_MODELS = {"target_group": TargetGroup, "art_form": ArtForm}
# Another process's change to the reference data shows here within this many seconds.
LEXICON_SECONDS = 300
MIN_LEXEME_LENGTH = 3

_cache: dict[str, tuple[object, float]] = {}  # name: (value, when loaded)


def forget(**kwargs):
    _cache.clear()


for _model in (*RELATED_MODELS.values(), Municipality):
    post_save.connect(forget, sender=_model, dispatch_uid=f"search-vocabulary-save-{_model}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"search-vocabulary-del-{_model}")


def _cached(name, build):
    value, loaded = _cache.get(name, (None, 0.0))
    if value is None or time.monotonic() - loaded >= LEXICON_SECONDS:
        value = build()
        _cache[name] = (value, time.monotonic())
    return value


def classification_texts():
    """{(facet, code): {language: text}}: what the index adds to a document's text for
    each of its target groups and art forms."""
    return _cached("texts", _classification_texts)


def _classification_texts():
    texts = {}
    for facet, model in RELATED_MODELS.items():
        for item in model.objects.all():
            texts[(facet, item.code)] = {
                code: getattr(item, f"name_{code}", "") or "" for code in LANGUAGES
            }
    for key, by_language in EVERYDAY_WORDS.items():
        if key in texts:
            for code, extra in by_language.items():
                texts[key][code] = f"{texts[key][code]} {extra}"
    return texts


def _add(lexicon, text, language, key):
    # Swedish and English names by their Snowball stems only: a query's words have those
    # too, and the Swedish dictionary's compound search is too slow to run on every name
    # each time the cache fills.
    if language == "fi":
        lexemes = analyse(text, language)
    else:
        lexemes = [found for word in words(text) for found in stemmed_lexemes(word, language)]
    for lexeme in lexemes:
        if len(lexeme) >= MIN_LEXEME_LENGTH and lexeme not in STOP_WORDS.get(language, ()):
            lexicon.setdefault(lexeme, set()).add(key)


def _lexicon():
    """{lexeme: {(facet, code)}} of the words that name a classification."""
    return _cached("lexicon", _build_lexicon)


def _build_lexicon():
    lexicon = {}
    for facet, model in RELATED_MODELS.items():
        for item in model.objects.all():
            for code in LANGUAGES:
                name = getattr(item, f"name_{code}", "") or ""
                if len(words(name)) == 1:  # "Tanssi", not "Syrjäytymisvaarassa olevat nuoret"
                    _add(lexicon, name, code, (facet, item.code))
    for key, by_language in EVERYDAY_WORDS.items():
        for code, text in by_language.items():
            for word in words(text):
                _add(lexicon, word, code, key)
    for code, name_fi, name_sv in Municipality.objects.filter(is_active=True).values_list(
        "code", "name_fi", "name_sv"
    ):
        # A place name is its own lexeme (a query's "Kuopiossa" has the base form
        # "kuopio"): hundreds of names, not worth analysing each time the cache fills.
        for name in (name_fi, name_sv):
            if name and len(words(name)) == 1:
                lexicon.setdefault(words(name)[0], set()).add(("municipality", code))
    return lexicon


@dataclass(frozen=True)
class Recognised:
    """A query word that names a classification: ``facet`` one of the filters, with the
    ``codes`` it may mean ("nuorille": the target groups of young people)."""

    word: str
    facet: str
    codes: tuple[str, ...]


def recognise(q, lang="fi"):
    """The query's words that name a municipality, a target group or an art form, in the
    order typed (a word naming two kinds of thing gives one of each)."""
    found = []
    lexicon = None
    for word, forms in query_words(q, lang):
        singles = {form[0] for form in forms if len(form) == 1}
        if lexicon is None:
            lexicon = _lexicon()
        keys = set()
        for lexeme in singles:
            keys |= lexicon.get(lexeme, set())
        by_facet = {}
        for facet, code in sorted(keys):
            by_facet.setdefault(facet, []).append(code)
        for facet, codes in by_facet.items():
            found.append(Recognised(word, facet, tuple(codes)))
    return found


# --------------------------------------------------------------------------------------
# Spelling
# --------------------------------------------------------------------------------------


def _distance(a, b):
    """Edit distance (insertion, deletion, substitution) of two short words."""
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            )
        previous = current
    return previous[-1]


def _closest(word):
    """The indexed word closest to ``word`` within two edits, or ``None``: the words that
    share a one-letter deletion with it (``TermVariant``), checked by real distance."""
    if len(word) < TYPO_MIN_LENGTH:
        return None
    deletions = deletion_variants(word)
    candidates = set(
        TermVariant.objects.filter(variant__in=deletions).values_list("term__term", flat=True)
    )
    scored = sorted(
        (_distance(word, term), -len(term), term)
        for term in candidates
        if 0 < _distance(word, term) <= 2
    )
    return scored[0][2] if scored else None


def spelling_suggestion(q, lang="fi"):
    """The query with each word that the index does not know replaced by the closest
    word it does know ("kuorolauu" -> "kuorolaulu"); "" when there is nothing to suggest.
    For a search that found nothing: a few small lookups, never on a search with hits."""
    analysed = query_words(q, lang)
    lexemes = {lexeme for _, forms in analysed for form in forms for lexeme in form}
    known = set(Term.objects.filter(term__in=list(lexemes)[:500]).values_list("term", flat=True))
    changed, result = False, []
    for word, forms in analysed:
        if any(all(lexeme in known for lexeme in form) for form in forms):
            result.append(word)
            continue
        closest = _closest(word)
        changed = changed or closest is not None
        result.append(closest or word)
    return " ".join(result) if changed else ""
