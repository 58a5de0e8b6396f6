"""The catalogue's search: ``search(kind, params)`` for the search page and the API.

Everything runs over the search index (``models.Document`` and the database's full-text
index beside it): one row per published service or event, so no query joins the
catalogue's tables. The same SQL runs on SQLite and PostgreSQL except for three pieces
chosen by ``connection.vendor``: the text match (FTS5 ``MATCH`` or tsvector ``@@``),
a facet filter (``json_each`` or jsonb ``?|`` over a GIN index) and facet counting.

Counting is what costs at national scale, so it is bounded (decision 0010): a set of up
to ``EXACT_LIMIT`` matches is counted exactly; a larger one is counted over a random
share of the documents (``Document.sample``) and scaled up, and the result says so
(``count_is_exact`` / ``facets_are_exact`` false). The page itself is always exact.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from django.db import connection
from django.utils import timezone

from .analysis import edit_distance_at_most_one, query_words
from .index import KINDS, TYPO_MIN_LENGTH
from .models import SAMPLE_RANGE, Term, TermVariant

FACETS = (
    "municipality",
    "county",
    "step",
    "art_form",
    "target_group",
    "language",
    "accessibility",
    "free",
    "card",
)
# Facets filtered by codes (free and card are yes/no filters on their own columns).
CODE_FACETS = FACETS[:7]

# Above this many matches counts are estimated from a sample.
EXACT_LIMIT = 1000
# The shares of documents tried in turn for an estimate: 1/8, 1/64, 1/512.
SAMPLE_BOUNDS = (SAMPLE_RANGE // 8, SAMPLE_RANGE // 64, SAMPLE_RANGE // 512)
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


# --------------------------------------------------------------------------------------
# Conditions: (sql, params) pairs over "search_document d"
# --------------------------------------------------------------------------------------


class Nothing(Exception):
    """The query can match nothing (a word no document has): answer without asking."""


def _codes(values, *, numbers=False):
    if values is None:
        return []
    if isinstance(values, (str, int)):
        values = [values]
    codes = []
    for value in list(values)[:MAX_FILTER_VALUES]:
        text = str(value).strip()[:64]
        if numbers and text.isdigit():
            text = str(int(text))
        if text:
            codes.append(text)
    return list(dict.fromkeys(codes))


def _tag_condition(name, codes):
    """Documents with any of these codes in facet ``name`` (``name`` is one of FACETS)."""
    tags = [f"{name}:{code}" for code in codes]
    if connection.vendor == "postgresql":
        return "d.tags ?| %s::text[]", [tags]
    marks = ", ".join(["%s"] * len(tags))
    sql = f"EXISTS (SELECT 1 FROM json_each(d.tags) AS t WHERE t.value IN ({marks}))"  # noqa: S608
    return sql, tags


def _day(value):
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


def _age(value):
    try:
        return min(max(int(value), 0), 200)
    except (TypeError, ValueError, OverflowError):
        return None


def _flag(value):
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    return None


KIND_CONDITION = "d.kind = %s"


def _base_conditions(kind, params):
    """Conditions that every count shares (kind, age, dates)."""
    ops = connection.ops
    conditions = [(KIND_CONDITION, [int(KINDS[kind])])]
    age = _age(params.age)
    if age is not None:
        conditions.append(
            (
                "(d.age_min IS NULL OR d.age_min <= %s) AND (d.age_max IS NULL OR d.age_max >= %s)",
                [age, age],
            )
        )
    if kind == "event":
        since, until = _day(params.date_from), _day(params.date_to)
        if since:
            conditions.append(("d.last_day >= %s", [ops.adapt_datefield_value(since)]))
        if until:
            conditions.append(("d.first_day <= %s", [ops.adapt_datefield_value(until)]))
    return conditions


def _filter_conditions(params):
    """{facet name: condition} for every facet the user has chosen values of."""
    conditions = {}
    for name in CODE_FACETS:
        codes = _codes(getattr(params, name, None), numbers=name == "step")
        if codes:
            conditions[name] = _tag_condition(name, codes)
    for name, column in (("free", "d.is_free"), ("card", "d.card")):
        value = _flag(getattr(params, name, None))
        if value is not None:
            conditions[name] = (f"{column} = %s", [value])
    return conditions


# --------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------


def _known(lexemes):
    known = set()
    lexemes = list(lexemes)
    for start in range(0, len(lexemes), 500):
        chunk = lexemes[start : start + 500]
        known.update(Term.objects.filter(term__in=chunk).values_list("term", flat=True))
    return known


def expand_typos(word):
    """Indexed words within one typo (insertion, deletion, substitution, swap) of ``word``."""
    if len(word) < TYPO_MIN_LENGTH:
        return set()
    variants = {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
    candidates = TermVariant.objects.filter(variant__in=variants).values_list(
        "term__term", flat=True
    )
    return {term for term in set(candidates) if edit_distance_at_most_one(word, term)}


def text_query(q, lang):
    """Per query word, the forms (tuples of indexed lexemes) that match it; raises
    ``Nothing`` when some word matches no indexed word, not even with one typo."""
    analysed = query_words(q, lang)
    if not analysed:
        return []
    known = _known({lexeme for _, forms in analysed for form in forms for lexeme in form})
    result = []
    for word, forms in analysed:
        usable = {form for form in forms if all(lexeme in known for lexeme in form)}
        if not usable:
            usable = {(term,) for term in expand_typos(word)}
        if not usable:
            raise Nothing
        result.append(sorted(usable))
    return result


def _fts_expression(words):
    def quoted(lexeme):
        return '"' + lexeme.replace('"', '""') + '"'

    parts = []
    for forms in words:
        alternatives = " OR ".join(
            "(" + " AND ".join(quoted(lexeme) for lexeme in form) + ")" for form in forms
        )
        parts.append(f"({alternatives})")
    return " AND ".join(parts)


def _tsquery_expression(words, weight=""):
    parts = []
    for forms in words:
        alternatives = " | ".join(
            "(" + " & ".join(f"'{lexeme}'{weight}" for lexeme in form) + ")" for form in forms
        )
        parts.append(f"({alternatives})")
    return " & ".join(parts)


def _text_conditions(words):
    """(match condition, name-match condition) for the analysed query words."""
    if connection.vendor == "postgresql":
        match = ("d.tsv @@ to_tsquery('simple', %s)", [_tsquery_expression(words)])
        in_name = ("d.tsv @@ to_tsquery('simple', %s)", [_tsquery_expression(words, ":A")])
        return match, in_name
    expression = _fts_expression(words)
    fts = "d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
    return (fts, [expression]), (fts, [f"name : ({expression})"])


# --------------------------------------------------------------------------------------
# Running it
# --------------------------------------------------------------------------------------


def _where(conditions):
    sql = " AND ".join(f"({condition})" for condition, _ in conditions)
    params = [param for _, values in conditions for param in values]
    return sql, params


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _page(kind, conditions, name_match, offset, limit):
    """Ids of one page, best first, taking the ranks one after another so that each query
    can walk an index in order (name matches first; then upcoming events soonest first
    and begun ones latest first, or services by name)."""
    wanted = offset + limit
    tiers = [[]]
    if name_match is not None:
        tiers = [[name_match], [(f"NOT ({name_match[0]})", name_match[1])]]
    if kind == "event":
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        parts = [
            ([("d.start >= %s", [now])], "d.start, d.object_id"),
            ([("d.start < %s", [now])], "d.start DESC, d.object_id"),
        ]
    else:
        parts = [([], "d.sort_name, d.object_id")]
    ids = []
    for tier in tiers:
        for part, order in parts:
            where, params = _where([*conditions, *tier, *part])
            sql = (
                f"SELECT d.object_id FROM search_document d WHERE {where} "  # noqa: S608
                f"ORDER BY {order} LIMIT {int(wanted - len(ids))}"
            )
            ids += [row[0] for row in _fetch(sql, params)]
            if len(ids) >= wanted:
                return ids[offset:wanted]
    return ids[offset:wanted]


def _small_page(kind, conditions, name_match, offset, limit):
    """The page of a set known to hold at most ``EXACT_LIMIT`` documents, in the same order
    as ``_page``, in one query that reads the whole set and sorts it. Walking an ordered
    index for a few matches reads most of the table when they are rarer than the planner
    thinks (an age of 75 and "working age" together): seconds at national scale."""
    tier_sql, tier_params = "0", []
    if name_match is not None:
        tier_sql, tier_params = f"CASE WHEN {name_match[0]} THEN 0 ELSE 1 END", name_match[1]
    if kind == "event":
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        columns = (
            "d.object_id, d.start, CASE WHEN d.start >= %s THEN 0 ELSE 1 END AS part, "
            f"{tier_sql} AS tier"
        )
        columns_params = [now, *tier_params]
        order = (
            "tier, part, CASE WHEN part = 0 THEN start END, "
            "CASE WHEN part = 1 THEN start END DESC, object_id"
        )
    else:
        columns = f"d.object_id, d.sort_name, {tier_sql} AS tier"
        columns_params = list(tier_params)
        order = "tier, sort_name, object_id"
    where, params = _where(conditions)
    sql = (
        f"SELECT object_id FROM (SELECT {columns} FROM search_document d "  # noqa: S608
        f"WHERE {where}) AS s ORDER BY {order} "
        f"LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    return [row[0] for row in _fetch(sql, [*columns_params, *params])]


def _probe(conditions, names):
    """(documents, {facet: {code: count}}) of at most ``EXACT_LIMIT + 1`` documents
    matching ``conditions``: one query that reads the set once, counts it and counts its
    tags (the count is exact, and so are the tags, when it is at most ``EXACT_LIMIT``)."""
    where, params = _where(conditions)
    if connection.vendor == "postgresql":
        tags = "CROSS JOIN LATERAL jsonb_array_elements_text(s.tags) AS t(value)"
        materialized = "MATERIALIZED "
    else:
        tags = ", json_each(s.tags) AS t"
        materialized = ""
    sql = (
        f"WITH s AS {materialized}(SELECT d.tags FROM search_document d "  # noqa: S608
        f"WHERE {where} LIMIT {EXACT_LIMIT + 1}) SELECT NULL, COUNT(*) FROM s"
    )
    if names:
        sql += f" UNION ALL SELECT t.value, COUNT(*) FROM s {tags} GROUP BY t.value"  # noqa: S608
    documents, counts = 0, {name: {} for name in names}
    for tag, count in _fetch(sql, params):
        if tag is None:
            documents = count
            continue
        name, _, code = str(tag).partition(":")
        if name in counts:
            counts[name][code] = count
    return documents, counts


def _size(conditions, names=()):
    """(count, exact, {facet: {code: count}}) of the documents matching ``conditions``:
    exact up to ``EXACT_LIMIT``, above that estimated from the largest random share of
    the documents (``sample < bound``) that holds at most ``EXACT_LIMIT`` of them; the
    facet counts of ``names`` come from the same share, scaled up."""
    count, counts = _probe(conditions, names)
    if count <= EXACT_LIMIT:
        return count, True, counts
    for bound in SAMPLE_BOUNDS:
        in_sample, counts = _probe([*conditions, _sample_condition(bound)], names)
        if in_sample <= EXACT_LIMIT:
            estimate = round(in_sample * SAMPLE_RANGE / bound)
            return max(estimate, EXACT_LIMIT + 1), False, _scaled(counts, bound)
    # Even the smallest share holds too many: count its tags without a limit.
    bound = SAMPLE_BOUNDS[-1]
    return EXACT_LIMIT * SAMPLE_RANGE // bound, False, _facet_counts(conditions, names, bound)


def _facet_counts(conditions, names, bound):
    """{facet: {code: count}} over the documents matching ``conditions`` in the share
    below ``bound``, scaled up."""
    if not names:
        return {}
    where, params = _where([*conditions, _sample_condition(bound)])
    if connection.vendor == "postgresql":
        tags = "CROSS JOIN LATERAL jsonb_array_elements_text(d.tags) AS t(value)"
    else:
        tags = ", json_each(d.tags) AS t"
    sql = (
        f"SELECT t.value, COUNT(*) FROM search_document d {tags} "  # noqa: S608
        f"WHERE {where} GROUP BY t.value"
    )
    counts = {name: {} for name in names}
    for tag, count in _fetch(sql, params):
        name, _, code = str(tag).partition(":")
        if name in counts:
            counts[name][code] = count
    return _scaled(counts, bound)


def _sample_condition(bound):
    """Documents in the random share ``bound / SAMPLE_RANGE``. Only the smaller shares have
    an index (``search_doc_sample_*``): a share of an eighth is too large for one to help,
    and PostgreSQL would otherwise build a bitmap of every eighth document to intersect."""
    return (f"d.sample < {int(bound)}", [])


def _scaled(counts, bound):
    scale = SAMPLE_RANGE / bound
    return {
        name: {code: round(count * scale) for code, count in by_code.items()}
        for name, by_code in counts.items()
    }


def _facets(base, filters, text, main):
    """Disjunctive facet counts: a facet's counts apply every filter but its own. ``main``
    is what ``_size`` answered for the whole search, with the counts of every facet that
    has no chosen value."""
    facets, exact = {}, main[1]
    groups = {None: main[2]}
    for name in filters:
        conditions = [*base, *text, *(c for n, c in filters.items() if n != name)]
        _, is_exact, counts = _size(conditions, [name])
        exact = exact and is_exact
        groups[name] = counts
    for counts in groups.values():
        for name, by_code in counts.items():
            facets[name] = sorted(
                (FacetValue(code, count) for code, count in by_code.items() if count > 0),
                key=lambda value: (-value.count, value.code),
            )
    return facets, exact


def search(
    kind: Literal["service", "event"],
    params: SearchParams,
    *,
    offset: int = 0,
    limit: int = 20,
    facets: bool = True,
) -> SearchResult:
    """Published services or events matching ``params``, best first (see the module)."""
    kind = "event" if kind == "event" else "service"
    try:
        offset = max(0, int(offset))
    except (TypeError, ValueError, OverflowError):
        offset = 0
    try:
        limit = max(0, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError, OverflowError):
        limit = 20
    empty = SearchResult(
        ids=[], count=0, count_is_exact=True, facets={name: [] for name in FACETS} if facets else {}
    )
    lang = str(params.lang or "fi")[:2].lower()
    try:
        words = text_query(params.q, lang)
    except Nothing:
        return empty

    base = _base_conditions(kind, params)
    filters = _filter_conditions(params)
    text, name_match = [], None
    if words:
        match, name_match = _text_conditions(words)
        text = [match]
    conditions = [*base, *text, *filters.values()]

    size = _size(conditions, [name for name in FACETS if name not in filters] if facets else ())
    count, count_is_exact, _ = size
    ids = []
    if limit and offset < MAX_OFFSET:
        if count_is_exact:
            if count:
                ids = _small_page(kind, conditions, name_match, offset, limit)
        else:
            ids = _page(kind, conditions, name_match, offset, limit)
    if count_is_exact:
        # The page already tells a lower bound that the probe cannot contradict.
        count = max(count, offset + len(ids)) if ids else count
    result = SearchResult(ids=ids, count=count, count_is_exact=count_is_exact, facets={})
    if facets:
        result.facets, result.facets_are_exact = _facets(base, filters, text, size)
    return result
