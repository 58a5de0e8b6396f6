"""What a search asks and what it answers: the one list of filters and facets, the
parameters, the answer, and the limits every layer of the search keeps to.

The filters are listed once, here. The search form and its API (``catalogue.forms``),
the index that writes each document's tags (``index``), the engine that filters and
counts them (``query``) and the HSDS API's taxonomies (``interop.hsds.taxonomies``) all
read this list, so a new filter is added in one place and each of them follows (the
form still needs its field, the API its parameter description).

Nothing here touches the database: the layers that do are ``sql`` (the only module
that knows SQLite from PostgreSQL), ``counting``, ``paging`` and ``query.search``.
"""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Filter:
    """One filter of the search and its facet. ``relation`` and ``value`` name the
    catalogue's many-to-many relation the index reads the codes from (municipalities and
    counties come from a service's areas and places, the yes/no filters from flags)."""

    name: str
    yes_no: bool = False  # true/false rather than a list of codes
    relation: str = ""
    value: str = "code"


# In the order the search page shows them; a document's tags are "<name>:<code>".
FILTERS = (
    Filter("municipality"),  # Statistics Finland codes
    Filter("county"),  # wellbeing services county codes
    Filter("step", relation="steps", value="number"),  # 1..5
    Filter("art_form", relation="art_forms"),
    Filter("target_group", relation="target_groups"),
    Filter("language", relation="languages"),
    Filter("accessibility", relation="accessibility"),
    Filter("free", yes_no=True),
    Filter("card", yes_no=True),
)
FACETS = tuple(item.name for item in FILTERS)
# The filters whose values are lists of codes; the rest take yes or no.
CODE_FACETS = tuple(item.name for item in FILTERS if not item.yes_no)
YES_NO_FACETS = tuple(item.name for item in FILTERS if item.yes_no)
BY_NAME = {item.name: item for item in FILTERS}
# Not a filter: the tag "named:sv" says a document has a name in Swedish (or English), so
# that readers of that language see those first among equals.
NAMED = "named"


def filter_named(name):
    """The filter called ``name``; a ``KeyError`` for a name that is not one."""
    return BY_NAME[name]


# Up to this many matches counts are exact; above, estimated from a random share.
EXACT_LIMIT = 1000
# A result the share says is smaller than about this is read whole, in one query that
# gives its count (exact), its facet counts and its page; a disjunctive facet's set is
# read so only up to EXACT_LIMIT.
READ_LIMIT = 2500
# Pages beyond this are empty: nobody reads them, and deep pages cost.
MAX_OFFSET = 10_000
MAX_LIMIT = 100
MAX_FILTER_VALUES = 400


@dataclass
class SearchParams:
    q: str = ""
    municipality: list[str] = field(default_factory=list)  # Statistics Finland codes
    county: list[str] = field(default_factory=list)  # county codes
    step: list[int] = field(default_factory=list)  # 1..5
    art_form: list[str] = field(default_factory=list)  # ArtForm.code
    target_group: list[str] = field(default_factory=list)  # TargetGroup.code
    language: list[str] = field(default_factory=list)  # Language.code
    accessibility: list[str] = field(default_factory=list)  # AccessibilityFeature.code
    age: int | None = None  # offerings whose age range includes this age (open ends match)
    free: bool | None = None
    card: bool | None = None
    date_from: date | None = None  # events only: events that end (or start) on/after
    date_to: date | None = None  # events only: events that start on/before
    lang: str = "fi"  # the reader's language


@dataclass
class FacetValue:
    code: str
    count: int


@dataclass
class SearchResult:
    ids: list[int]  # this page, best first
    count: int  # total matches: exact, or an estimate above EXACT_LIMIT
    count_is_exact: bool
    facets: dict[str, list[FacetValue]]
    facets_are_exact: bool = True


class Nothing(Exception):
    """The query can match nothing (a word no document has): answer without asking."""


# --------------------------------------------------------------------------------------
# Values as the engine takes them: whatever a caller passes, never an error
# --------------------------------------------------------------------------------------


def codes(values, *, numbers=False):
    """A filter's codes: a list (or one value), trimmed, without repeats, bounded."""
    if values is None:
        return []
    if isinstance(values, (str, int)):
        values = [values]
    found = []
    for value in list(values)[:MAX_FILTER_VALUES]:
        text = str(value).strip()[:64]
        if numbers and text.isdigit():
            text = str(int(text))
        if text:
            found.append(text)
    return list(dict.fromkeys(found))


def day(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def age(value):
    try:
        return min(max(int(value), 0), 200)
    except (TypeError, ValueError, OverflowError):
        return None


def flag(value):
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    return None
