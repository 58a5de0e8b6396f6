"""The catalogue's search: ``search(kind, params)`` for the search page and the API.

Everything runs over the search index (``models.Document`` and the database's full-text
index beside it): one row per published service or event, so no query joins the
catalogue's tables. The same SQL runs on SQLite and PostgreSQL except for the pieces
chosen by ``connection.vendor``: the text match (FTS5 ``MATCH`` or tsvector ``@@``,
with a name index of its own on PostgreSQL), a facet filter (``json_each`` or jsonb
``?|`` over a GIN index), facet counting, and the age band that PostgreSQL's indexes
narrow an age filter with.

Counting is what costs at national scale (decision 0023). A search first reads the
random share of the documents kept in ``Sample`` (1/512 of them, then 1/64), once for
the result and every disjunctive facet: a large set is estimated from it and the answer
says so (``count_is_exact`` / ``facets_are_exact`` false). A set the share says is small
is read once, whole, for its exact count, its facet counts and its page. The page itself
is always exact: a large set's page is taken rank by rank (name matches first), each by
walking an index in order or by reading the rank's matches and sorting them, whichever
the share says reads fewer rows (decision 0024).
"""

import json
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from django.db import OperationalError, connection, transaction
from django.utils import timezone

from .analysis import edit_distance_at_most_one, query_words
from .index import KINDS, TYPO_MIN_LENGTH
from .models import AGE_BANDS, SAMPLE_RANGE, SHARE_BOUND, Term, TermVariant

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
# Facets filtered by codes (free and card take yes/no values, matched by their tags).
CODE_FACETS = FACETS[:7]

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


def _age_band_conditions(params):
    """The age filter as PostgreSQL's word and tag indexes read it (migration 0006): the
    documents under the age's band, among which the exact age condition (a base
    condition) is then checked. Only for queries over ``search_document``: the share has
    no such index."""
    age = _age(params.age)
    if age is None or connection.vendor != "postgresql":
        return []
    band = max(low for low in AGE_BANDS if low <= age)
    return [("search_age_bands(d.age_min, d.age_max) @> ARRAY[%s]::integer[]", [band])]


def _filter_conditions(params):
    """{facet name: condition} for every facet the user has chosen values of."""
    conditions = {}
    for name in CODE_FACETS:
        codes = _codes(getattr(params, name, None), numbers=name == "step")
        if codes:
            conditions[name] = _tag_condition(name, codes)
    for name in ("free", "card"):
        value = _flag(getattr(params, name, None))
        if value is not None:
            conditions[name] = _tag_condition(name, ["true" if value else "false"])
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


# Spelled as in the name indexes' definition (migration 0006), so that the planner
# uses them.
NAME_WORDS = "ts_filter(d.tsv, '{a}')"


def _text_conditions(words):
    """(match, name match, name match as the index reads it) for the analysed words.

    The two name conditions select the same documents. The first is checked on rows
    (cheaper per row, and the planner's estimate of it lets a walk in order stop
    early); the second reads name matches from the name index, where the first would
    have every document with the words anywhere read to check the weight."""
    if connection.vendor == "postgresql":
        expression = _tsquery_expression(words)
        match = ("d.tsv @@ to_tsquery('simple', %s)", [expression])
        in_name = ("d.tsv @@ to_tsquery('simple', %s)", [_tsquery_expression(words, ":A")])
        indexed = (f"{NAME_WORDS} @@ to_tsquery('simple', %s)", [expression])
        return match, in_name, indexed
    expression = _fts_expression(words)
    fts = "d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
    in_name = (fts, [f"name : ({expression})"])
    return (fts, [expression]), in_name, in_name


# --------------------------------------------------------------------------------------
# Running it
# --------------------------------------------------------------------------------------


def _where(conditions):
    sql = " AND ".join(f"({condition})" for condition, _ in conditions) or "1 = 1"
    params = [param for _, values in conditions for param in values]
    return sql, params


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _fetch_with(settings, sql, params):
    """Run one query with these planner settings (PostgreSQL), undone right after even
    inside a caller's transaction."""
    # Outside a caller's transaction the commit ends the settings; each statement more
    # is a round trip, and a search may make several of these.
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("; ".join(f"SET LOCAL {name} = {value}" for name, value in settings.items()))
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if nested:
            cursor.execute("; ".join(f"SET LOCAL {name} TO DEFAULT" for name in settings))
        return rows


def _fetch_walking(sql, params):
    """Run a query that should walk an ordered index: the set is known to be large, so
    the first rows in order come soon. PostgreSQL, misjudging how common a word is (its
    statistics know few compound parts), would rather read all of a bitmap and sort it,
    or scan the table (0.8-2 s for a common word among a million events)."""
    if connection.vendor != "postgresql":
        return _fetch(sql, params)
    return _fetch_with({"enable_bitmapscan": "off", "enable_seqscan": "off"}, sql, params)


def _fetch_within(milliseconds, sql, params):
    """Run a query with a time budget (PostgreSQL); ``None`` when it ran out."""
    if connection.vendor != "postgresql":
        return _fetch(sql, params)
    try:
        return _fetch_with({"statement_timeout": int(milliseconds)}, sql, params)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            return None
        raise


def _materialized():
    # A fence: PostgreSQL plans what is inside for reading all of it (a bitmap for a small
    # set) instead of a scan it expects an outer LIMIT to stop early, and evaluates it
    # only as far as the outer query reads (decision 0010).
    return "MATERIALIZED " if connection.vendor == "postgresql" else ""


def _tags_of(sql_alias):
    if connection.vendor == "postgresql":
        return f"CROSS JOIN LATERAL jsonb_array_elements_text({sql_alias}.tags) AS t(value)"
    return f", json_each({sql_alias}.tags) AS t"


def _tag_list(value):
    if isinstance(value, str):
        return json.loads(value)
    return value or []


@dataclass
class _Group:
    """A set to count: the whole search (``name`` None) or, for a disjunctive facet, the
    search without the filter ``name``; ``facets`` are the facets counted over it."""

    name: str | None
    filters: list[str]
    facets: list[str]
    count: int = 0
    exact: bool = True
    counts: dict = field(default_factory=dict)
    done: bool = False


def _estimate_minimum(bound, limit):
    """Matches a share below ``bound`` must hold for its count to be used as an estimate:
    enough that the estimate says more than ``limit`` (a set below it is read, and
    counted, whole), and at least 128 in the smallest share."""
    needed = limit * bound // SAMPLE_RANGE
    return max(needed, 128) if bound < SHARE_BOUND else max(needed, 1)


def _count_in_share(bound, groups, common, filters):
    """Count the still undecided ``groups`` within the random share ``sample < bound``
    of ``Sample``, reading the share once for all of them: each row carries which of the
    filters it passes, and every group is counted from the same rows."""
    names = list(filters)
    flags = [filters[name] for name in names]
    select = ", ".join(f"({sql}) AS f{i}" for i, (sql, _) in enumerate(flags))
    select_params = [value for _, values in flags for value in values]
    alternatives = []
    alternative_params = []
    for group in groups:
        wanted = [(sql, values) for name, (sql, values) in filters.items() if name in group.filters]
        if not wanted:
            alternatives, alternative_params = [], []
            break
        sql, values = _where(wanted)
        alternatives.append(f"({sql})")
        alternative_params += values
    conditions = [*common, (f"d.sample < {int(bound)}", [])]
    if alternatives:
        conditions.append((" OR ".join(alternatives), alternative_params))
    where, params = _where(conditions)
    tags = _tags_of("s")
    parts = []
    for index, group in enumerate(groups):
        passes = " AND ".join(f"s.f{names.index(name)}" for name in group.filters) or "1 = 1"
        parts.append(f"SELECT {index}, NULL, COUNT(*) FROM s WHERE {passes}")  # noqa: S608
        if group.facets:
            prefix = ""
            if len(group.facets) == 1:
                prefix = f" AND t.value LIKE '{group.facets[0]}:%%'"
            parts.append(
                f"SELECT {index}, t.value, COUNT(*) FROM s {tags} "  # noqa: S608
                f"WHERE {passes}{prefix} GROUP BY t.value"
            )
    sql = (
        f"WITH s AS {_materialized()}(SELECT d.tags{', ' if select else ''}{select} "  # noqa: S608
        f"FROM search_sample d WHERE {where}) " + " UNION ALL ".join(parts)
    )
    found = {index: [0, {name: {} for name in group.facets}] for index, group in enumerate(groups)}
    for index, tag, count in _fetch(sql, [*select_params, *params]):
        if tag is None:
            found[index][0] = count
            continue
        name, _, code = str(tag).partition(":")
        if name in found[index][1]:
            found[index][1][name][code] = count
    for index, group in enumerate(groups):
        in_share, counts = found[index]
        limit = READ_LIMIT if group.name is None else EXACT_LIMIT
        if in_share >= _estimate_minimum(bound, limit):
            group.count = max(round(in_share * SAMPLE_RANGE / bound), EXACT_LIMIT + 1)
            group.exact, group.done = False, True
            group.counts = _scaled(counts, bound)
        else:
            group.count = round(in_share * SAMPLE_RANGE / bound)
            group.counts = _scaled(counts, bound)


def _scaled(counts, bound):
    scale = SAMPLE_RANGE / bound
    return {
        name: {code: round(count * scale) for code, count in by_code.items()}
        for name, by_code in counts.items()
    }


# The disjunctive facets' sets that the share says are small are counted exactly within
# this many milliseconds in all, per search; past it the share's estimates are used (and
# the answer says so). Below the smallest useful remainder no count is started.
FACET_BUDGET_MS = 15
FACET_BUDGET_MIN_MS = 2


def _count_exactly(group, conditions, budget_ms=FACET_BUDGET_MS):
    """Count a group the share says is small, over the whole index, bounded: at most
    ``EXACT_LIMIT + 1`` documents are read (more means the share's estimate stands)."""
    if budget_ms < FACET_BUDGET_MIN_MS:
        group.exact, group.done = False, True
        return
    where, params = _where(conditions)
    tags = _tags_of("b")
    sql = (
        f"WITH s AS {_materialized()}(SELECT d.tags FROM search_document d "  # noqa: S608
        f"WHERE {where}), b AS {_materialized()}(SELECT tags FROM s LIMIT {EXACT_LIMIT + 1}) "
        "SELECT NULL, COUNT(*) FROM b"
    )
    if group.facets:
        sql += f" UNION ALL SELECT t.value, COUNT(*) FROM b {tags} GROUP BY t.value"  # noqa: S608
    rows = _fetch_within(budget_ms, sql, params)
    if rows is None:
        # Small by the share's count, yet costly to confirm (filters that are rare
        # together, each common alone): the share's figures stand, said to be estimates.
        group.exact, group.done = False, True
        return
    count, counts = 0, {name: {} for name in group.facets}
    for tag, number in rows:
        if tag is None:
            count = number
            continue
        name, _, code = str(tag).partition(":")
        if name in counts:
            counts[name][code] = number
    _settle(group, count, counts)


def _settle(group, count, counts, limit=None):
    limit = EXACT_LIMIT if limit is None else limit
    if count <= limit:
        group.count, group.exact, group.counts = count, True, counts
    else:
        # More than the limit after all: the share's figures (or the limit) stand.
        group.count, group.exact = max(group.count, limit + 1), False
    group.done = True


def _order(kind, name_match):
    """(columns k, part, tier and their params) that put a set in the order of the page:
    name matches first (tier 0); events upcoming (part 0) soonest first, then begun ones
    latest first; services newest first (k is minus the id, so ascending)."""
    tier_sql, tier_params = "0", []
    if name_match is not None:
        tier_sql, tier_params = f"CASE WHEN {name_match[0]} THEN 0 ELSE 1 END", name_match[1]
    if kind == "event":
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        columns = (
            f"d.start AS k, CASE WHEN d.start >= %s THEN 0 ELSE 1 END AS part, {tier_sql} AS tier"
        )
        return columns, [now, *tier_params]
    return f"-d.object_id AS k, 0 AS part, {tier_sql} AS tier", list(tier_params)


def _sorted_ids(kind, rows):
    """Object ids of rows (object_id, tags, key, part, tier) in the page's order: name
    matches first; events upcoming soonest first, then begun latest first; services
    newest first."""
    ordered = []
    for tier in (0, 1):
        for part in (0, 1):
            chunk = sorted(
                (row for row in rows if row[4] == tier and row[3] == part), key=lambda r: r[0]
            )
            chunk.sort(key=lambda row: row[2], reverse=part == 1)
            ordered += [row[0] for row in chunk]
    return ordered


def _read_small_set(kind, group, conditions, name_match):
    """The whole of a set the share says is small, in one bounded query: its rows in the
    page's terms and, counted by the database, their tags; so its count, its facet
    counts and (sorted here) its page come from reading the set once."""
    columns, column_params = _order(kind, name_match)
    where, params = _where(conditions)
    tags = _tags_of("b")
    sql = (
        f"WITH s AS {_materialized()}(SELECT d.object_id, d.tags, {columns} "  # noqa: S608
        f"FROM search_document d WHERE {where}), "
        f"b AS {_materialized()}(SELECT * FROM s LIMIT {READ_LIMIT + 1}) "
        "SELECT b.object_id, b.k, b.part, b.tier, NULL, NULL FROM b"
    )
    if group.facets:
        sql += (
            " UNION ALL SELECT NULL, NULL, NULL, NULL, t.value, COUNT(*) "  # noqa: S608
            f"FROM b {tags} GROUP BY t.value"
        )
    rows, counts = [], {name: {} for name in group.facets}
    for object_id, key, part, tier, tag, number in _fetch(sql, [*column_params, *params]):
        if tag is None:
            rows.append((object_id, None, key if key is not None else "", part, tier))
            continue
        name, _, code = str(tag).partition(":")
        if name in counts:
            counts[name][code] = number
    _settle(group, len(rows), counts, READ_LIMIT)
    if len(rows) > READ_LIMIT:
        return None
    return _sorted_ids(kind, rows)


# The ranks of a page: every match (no text), or the name matches and then the rest.
EVERY, IN_NAME, NOT_IN_NAME = "every", "in name", "not in name"


def _rank_conditions(rank, walk, names):
    """Conditions of a rank; ``names`` the name match checked on rows and as the name
    index reads it (``_text_conditions``)."""
    if rank == EVERY:
        return []
    checked, indexed = names
    if rank == IN_NAME:
        return [checked if walk else indexed]
    return [(f"NOT ({checked[0]})", checked[1])]


def _page(kind, conditions, plan, offset, limit, names=None, bands=()):
    """Ids of one page of a large set, best first, taking the ranks one after another
    (name matches first; then upcoming events soonest first and begun ones latest first,
    or services newest first). ``plan`` says per rank whether to walk an index in order
    or to read the rank's matches and sort them (see ``_reading_plan``).

    The age band (``bands``) narrows only a read: a walk checks each row anyway, and
    PostgreSQL, thinking the band rare, would read the whole walk's range and sort it
    instead of stopping at the page (1.3 s for a common word among events)."""
    wanted = offset + limit
    if kind == "event":
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        parts = [
            ([("d.start >= %s", [now])], "d.start, d.object_id"),
            ([("d.start < %s", [now])], "d.start DESC, d.object_id"),
        ]
    else:
        parts = [([], "d.object_id DESC")]
    ids = []
    for rank, walk in plan:
        tier = _rank_conditions(rank, walk, names)
        for part, order in parts:
            where, params = _where([*conditions, *tier, *part, *([] if walk else bands)])
            needed = int(wanted - len(ids))
            if walk:
                sql = (
                    f"SELECT d.object_id FROM search_document d WHERE {where} "  # noqa: S608
                    f"ORDER BY {order} LIMIT {needed}"
                )
                ids += [row[0] for row in _fetch_walking(sql, params)]
            else:
                sql = (
                    f"WITH s AS {_materialized()}(SELECT d.object_id, d.start FROM "  # noqa: S608
                    f"search_document d WHERE {where}) "
                    f"SELECT object_id FROM s d ORDER BY {order} LIMIT {needed}"
                )
                ids += [row[0] for row in _fetch(sql, params)]
            if len(ids) >= wanted:
                return ids[offset:wanted]
    return ids[offset:wanted]


def _reading_plan(kind, indexed, checked, name_match, count, wanted):
    """[(rank, walk?)] for the page of a set of about ``count`` documents.

    A walk in order of start or id checks documents one by one until ``wanted`` match:
    about wanted x (documents of the kind) / (matches in the rank) rows. Reading a
    rank's matches and sorting them reads every document that the word and tag index
    gives for the ``indexed`` conditions (words, tags, age band), the name index for
    name matches (the exact age, the dates, and for the other rank the name, are checked
    on each row: ``checked``). The random share tells the sizes; the cheaper way is
    taken for each rank."""
    # One pass over the share's candidates counts them, and the name matches among them
    # (which the name index gives) and among the matches (candidates that pass the
    # conditions checked on rows too).
    where, params = _where(indexed)
    in_name_sql, in_name_params = "0, 0", []
    if name_match is not None:
        matched_sql, matched_params = _where([*checked, name_match])
        in_name_sql = (
            f"COUNT(CASE WHEN {name_match[0]} THEN 1 END), "
            f"COUNT(CASE WHEN {matched_sql} THEN 1 END)"
        )
        in_name_params = [*name_match[1], *matched_params]
    sql = (
        "SELECT (SELECT COUNT(*) FROM search_sample d WHERE d.kind = %s), "  # noqa: S608
        f"COUNT(*), {in_name_sql} FROM search_sample d WHERE {where}"
    )
    params = [int(KINDS[kind]), *in_name_params, *params]
    if connection.vendor == "postgresql":
        # PostgreSQL would rather check the words on every row of the share than read
        # its word index (14 ms against 3 for a common word among events).
        row = _fetch_with({"enable_seqscan": "off"}, sql, params)[0]
    else:
        row = _fetch(sql, params)[0]
    walked, candidates, name_candidates, in_name = (
        value * (SAMPLE_RANGE // SHARE_BOUND) for value in row
    )
    candidates = max(candidates, count)

    def walk(matches, read):
        return matches > 0 and wanted * walked / matches <= read

    if name_match is None:
        return [(EVERY, walk(count, candidates))]
    return [
        (IN_NAME, walk(in_name, max(name_candidates, in_name))),
        (NOT_IN_NAME, walk(max(count - in_name, 0), candidates)),
    ]


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
    bands = _age_band_conditions(params)
    filters = _filter_conditions(params)
    text, name_match, name_indexed = [], None, None
    if words:
        match, name_match, name_indexed = _text_conditions(words)
        text = [match]
    common = [*base, *text]

    main = _Group(None, list(filters), [n for n in FACETS if n not in filters] if facets else [])
    groups = [main]
    if facets:
        groups += [_Group(name, [n for n in filters if n != name], [name]) for name in filters]

    def conditions_of(group, *, narrowed=True):
        return [*common, *(bands if narrowed else []), *(filters[name] for name in group.filters)]

    # 1. Large sets are estimated from the random share, the smallest share first.
    for bound in (SHARE_BOUND // 8, SHARE_BOUND):
        pending = [group for group in groups if not group.done]
        if pending:
            _count_in_share(bound, pending, common, filters)
    # 2. The rest are small: read exactly (the main set together with its page).
    ids = None
    want_page = bool(limit) and offset < MAX_OFFSET
    facet_budget = FACET_BUDGET_MS
    for group in groups:
        if group.done:
            continue
        if group is main:
            ids = _read_small_set(kind, group, conditions_of(group), name_match)
        else:
            started = time.perf_counter()
            _count_exactly(group, conditions_of(group), facet_budget)
            if connection.vendor == "postgresql":  # where the budget is enforced
                facet_budget -= (time.perf_counter() - started) * 1000
    # 3. The page of a large set.
    if ids is None:
        ids = []
        if want_page and main.count:
            indexed = [base[0], *bands, *text, *filters.values()]
            checked = base[1:]  # the exact age and the dates
            plan = _reading_plan(kind, indexed, checked, name_match, main.count, offset + limit)
            names = (name_match, name_indexed)
            ids = _page(
                kind, conditions_of(main, narrowed=False), plan, offset, limit, names, bands
            )
    elif want_page:
        ids = ids[offset : offset + limit]
    else:
        ids = []
    count = main.count
    if main.exact and ids:
        # The page already tells a lower bound that the count cannot contradict.
        count = max(count, offset + len(ids))
    result = SearchResult(ids=ids, count=count, count_is_exact=main.exact, facets={})
    if facets:
        result.facets = {}
        for group in groups:
            for name, by_code in group.counts.items():
                result.facets[name] = sorted(
                    (FacetValue(code, n) for code, n in by_code.items() if n > 0),
                    key=lambda value: (-value.count, value.code),
                )
        for name in FACETS:
            result.facets.setdefault(name, [])
        result.facets_are_exact = all(group.exact for group in groups)
    return result
