"""The search's SQL pieces: the only module of the search that knows SQLite from
PostgreSQL.

Conditions are ``(sql, params)`` pairs over ``search_document d`` (or the share,
``search_sample d``, which has the same columns). The same SQL runs on both databases
except for what is chosen here by ``connection.vendor``: the text match (FTS5 ``MATCH``
or tsvector ``@@``, with a name index of its own on PostgreSQL), a facet filter
(``json_each`` or jsonb ``?|`` over a GIN index), reading a row's tags, the age band that
PostgreSQL's indexes narrow an age filter with, the ``MATERIALIZED`` fence, and the
planner settings and time budgets that only PostgreSQL has (decisions 0023, 0024, 0035).
"""

from django.db import OperationalError, connection, transaction
from django.utils import timezone

from . import params as p
from .analysis import TYPO_MIN_LENGTH, edit_distance_at_most_one, query_words
from .index import KINDS
from .models import AGE_BANDS, Term, TermVariant


def postgresql():
    return connection.vendor == "postgresql"


# --------------------------------------------------------------------------------------
# Conditions
# --------------------------------------------------------------------------------------


def tag_condition(name, codes):
    """Documents with any of these codes in facet ``name`` (``name`` is one of FACETS)."""
    tags = [f"{name}:{code}" for code in codes]
    if postgresql():
        return "d.tags ?| %s::text[]", [tags]
    marks = ", ".join(["%s"] * len(tags))
    sql = f"EXISTS (SELECT 1 FROM json_each(d.tags) AS t WHERE t.value IN ({marks}))"  # noqa: S608
    return sql, tags


KIND_CONDITION = "d.kind = %s"


def base_conditions(kind, params):
    """Conditions that every count shares (kind, age, dates)."""
    ops = connection.ops
    conditions = [(KIND_CONDITION, [int(KINDS[kind])])]
    age = p.age(params.age)
    if age is not None:
        conditions.append(
            (
                "(d.age_min IS NULL OR d.age_min <= %s) AND (d.age_max IS NULL OR d.age_max >= %s)",
                [age, age],
            )
        )
    if kind == "event":
        since, until = p.day(params.date_from), p.day(params.date_to)
        if since:
            conditions.append(("d.last_day >= %s", [ops.adapt_datefield_value(since)]))
        if until:
            conditions.append(("d.first_day <= %s", [ops.adapt_datefield_value(until)]))
    return conditions


def age_band_conditions(params):
    """The age filter as PostgreSQL's word and tag indexes read it (migration 0006): the
    documents under the age's band, among which the exact age condition (a base
    condition) is then checked. Only for queries over ``search_document``: the share has
    no such index."""
    age = p.age(params.age)
    if age is None or not postgresql():
        return []
    band = max(low for low in AGE_BANDS if low <= age)
    return [("search_age_bands(d.age_min, d.age_max) @> ARRAY[%s]::integer[]", [band])]


def filter_conditions(params):
    """{facet name: condition} for every facet the user has chosen values of."""
    conditions = {}
    for name in p.CODE_FACETS:
        codes = p.codes(getattr(params, name, None), numbers=name == "step")
        if codes:
            conditions[name] = tag_condition(name, codes)
    for name in p.YES_NO_FACETS:
        value = p.flag(getattr(params, name, None))
        if value is not None:
            conditions[name] = tag_condition(name, ["true" if value else "false"])
    return conditions


def now():
    """The present moment as a parameter: where upcoming events end and begun ones start."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


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
            raise p.Nothing
        result.append(sorted(usable))
    return result


def fts_expression(words):
    def quoted(lexeme):
        return '"' + lexeme.replace('"', '""') + '"'

    parts = []
    for forms in words:
        alternatives = " OR ".join(
            "(" + " AND ".join(quoted(lexeme) for lexeme in form) + ")" for form in forms
        )
        parts.append(f"({alternatives})")
    return " AND ".join(parts)


def tsquery_expression(words, weight=""):
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


def text_conditions(words):
    """(match, name match, name match as the index reads it) for the analysed words.

    The two name conditions select the same documents. The first is checked on rows
    (cheaper per row, and the planner's estimate of it lets a walk in order stop
    early); the second reads name matches from the name index, where the first would
    have every document with the words anywhere read to check the weight."""
    if postgresql():
        expression = tsquery_expression(words)
        match = ("d.tsv @@ to_tsquery('simple', %s)", [expression])
        in_name = ("d.tsv @@ to_tsquery('simple', %s)", [tsquery_expression(words, ":A")])
        indexed = (f"{NAME_WORDS} @@ to_tsquery('simple', %s)", [expression])
        return match, in_name, indexed
    expression = fts_expression(words)
    fts = "d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
    in_name = (fts, [f"name : ({expression})"])
    return (fts, [expression]), in_name, in_name


# --------------------------------------------------------------------------------------
# Pieces of statements
# --------------------------------------------------------------------------------------


def where(conditions):
    sql = " AND ".join(f"({condition})" for condition, _ in conditions) or "1 = 1"
    params = [param for _, values in conditions for param in values]
    return sql, params


def materialized():
    # A fence: PostgreSQL plans what is inside for reading all of it (a bitmap for a small
    # set) instead of a scan it expects an outer LIMIT to stop early, and evaluates it
    # only as far as the outer query reads (decision 0010).
    return "MATERIALIZED " if postgresql() else ""


def tags_of(sql_alias):
    """A join that gives each tag of ``sql_alias``'s rows as ``t.value``."""
    if postgresql():
        return f"CROSS JOIN LATERAL jsonb_array_elements_text({sql_alias}.tags) AS t(value)"
    return f", json_each({sql_alias}.tags) AS t"


# --------------------------------------------------------------------------------------
# Running statements
# --------------------------------------------------------------------------------------


def fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_with(settings, sql, params):
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


def fetch_walking(sql, params):
    """Run a query that should walk an ordered index: the set is known to be large, so
    the first rows in order come soon. PostgreSQL, misjudging how common a word is (its
    statistics know few compound parts), would rather read all of a bitmap and sort it,
    or scan the table (0.8-2 s for a common word among a million events)."""
    if not postgresql():
        return fetch(sql, params)
    return fetch_with({"enable_bitmapscan": "off", "enable_seqscan": "off"}, sql, params)


def fetch_from_share_index(sql, params):
    """Run a query over the share that should read its word index. PostgreSQL would
    rather check the words on every row of the share (14 ms against 3 for a common word
    among events)."""
    if not postgresql():
        return fetch(sql, params)
    return fetch_with({"enable_seqscan": "off"}, sql, params)


def budgets_are_kept():
    """Whether ``fetch_within`` stops a query at its budget (PostgreSQL only)."""
    return postgresql()


def fetch_within(milliseconds, sql, params):
    """Run a query with a time budget (PostgreSQL); ``None`` when it ran out."""
    if not postgresql():
        return fetch(sql, params)
    try:
        return fetch_with({"statement_timeout": int(milliseconds)}, sql, params)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            return None
        raise
