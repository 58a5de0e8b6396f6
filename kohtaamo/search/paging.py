"""The page of a search: which results, in which order (decision 0024).

The order: name matches first (*tier* 0, the rest tier 1); within a tier, events
upcoming (*part* 0) soonest first and then begun ones (part 1) latest first, services
newest first. A set read whole is ordered more finely (decision 0027): first by how many
of the query's recognised classifications a document has (*fit*), and, within a tier,
named in the reader's language first (*own*). The page itself is always exact, however
the count was found:

* a set the share says is small is read whole (``read_small_set``): its rows, sorted
  here, give the page, and the same read gives its exact count and facet counts;
* a large set's page is taken *rank* by rank (name matches, then the rest), each either
  by *walking* an index in order (start or id) until enough rows match, or by *reading*
  the rank's matches and sorting them. The *reading plan* (``reading_plan``) chooses,
  per rank, whichever the share says touches fewer rows.
"""

from . import params as p
from . import sql
from .counting import settle
from .index import KINDS
from .models import SAMPLE_RANGE, SHARE_BOUND


def _order(kind, name_match, fits=(), own=None):
    """(columns k, part, tier, fit, own and their params) that put a set in the order of
    the page: results classified as the query's words say first (fit: how many of
    ``fits`` they miss), then name matches (tier 0), then those named in the reader's
    language (``own``); events upcoming (part 0) soonest first, then begun ones latest
    first; services newest first (k is minus the id, so ascending)."""
    tier_sql, tier_params = "0", []
    if name_match is not None:
        tier_sql, tier_params = f"CASE WHEN {name_match[0]} THEN 0 ELSE 1 END", name_match[1]
    fit_sql = " + ".join(f"CASE WHEN {condition} THEN 0 ELSE 1 END" for condition, _ in fits)
    fit_params = [value for _, values in fits for value in values]
    own_sql, own_params = "0", []
    if own is not None:
        own_sql, own_params = f"CASE WHEN {own[0]} THEN 0 ELSE 1 END", own[1]
    ranks = f"{tier_sql} AS tier, {fit_sql or '0'} AS fit, {own_sql} AS own"
    rank_params = [*tier_params, *fit_params, *own_params]
    if kind == "event":
        columns = f"d.start AS k, CASE WHEN d.start >= %s THEN 0 ELSE 1 END AS part, {ranks}"
        return columns, [sql.now(), *rank_params]
    return f"-d.object_id AS k, 0 AS part, {ranks}", rank_params


def _sorted_ids(rows):
    """Object ids of rows (object_id, key, part, tier, fit, own) in the page's order:
    best fit first, then name matches, then named in the reader's language; events
    upcoming soonest first, then begun latest first; services newest first."""
    groups = {}
    for row in rows:
        _, _, part, tier, fit, own = row
        groups.setdefault((fit, tier, own, part), []).append(row)
    ordered = []
    for (_, _, _, part), chunk in sorted(groups.items(), key=lambda item: item[0]):
        chunk.sort(key=lambda row: row[0])
        chunk.sort(key=lambda row: row[1], reverse=part == 1)
        ordered += [row[0] for row in chunk]
    return ordered


def read_small_set(kind, group, conditions, name_match, fits=(), own=None):
    """The whole of a set the share says is small, in one bounded query: its rows in the
    page's terms and, counted by the database, their tags; so its count, its facet
    counts and (sorted here) its page come from reading the set once. ``None`` when the
    set turns out larger than ``READ_LIMIT`` (its page is then taken rank by rank)."""
    columns, column_params = _order(kind, name_match, fits, own)
    where, params = sql.where(conditions)
    tags = sql.tags_of("b")
    fence = sql.materialized()
    statement = (
        f"WITH s AS {fence}(SELECT d.object_id, d.tags, {columns} "  # noqa: S608
        f"FROM search_document d WHERE {where}), "
        f"b AS {fence}(SELECT * FROM s LIMIT {p.READ_LIMIT + 1}) "
        "SELECT b.object_id, b.k, b.part, b.tier, b.fit, b.own, NULL, NULL FROM b"
    )
    if group.facets:
        statement += (
            " UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, t.value, COUNT(*) "  # noqa: S608
            f"FROM b {tags} GROUP BY t.value"
        )
    rows, counts = [], {name: {} for name in group.facets}
    found = sql.fetch(statement, [*column_params, *params])
    for object_id, key, part, tier, fit, own, tag, number in found:
        if tag is None:
            rows.append((object_id, key if key is not None else "", part, tier, fit, own))
            continue
        name, _, code = str(tag).partition(":")
        if name in counts:
            counts[name][code] = number
    settle(group, len(rows), counts, p.READ_LIMIT)
    if len(rows) > p.READ_LIMIT:
        return None
    return _sorted_ids(rows)


# The ranks of a page: every match (no text), or the name matches and then the rest.
EVERY, IN_NAME, NOT_IN_NAME = "every", "in name", "not in name"


def _rank_conditions(rank, walk, names):
    """Conditions of a rank; ``names`` the name match checked on rows and as the name
    index reads it (``sql.text_conditions``)."""
    if rank == EVERY:
        return []
    checked, indexed = names
    if rank == IN_NAME:
        return [checked if walk else indexed]
    return [(f"NOT ({checked[0]})", checked[1])]


def page(kind, conditions, plan, offset, limit, names=None, bands=()):
    """Ids of one page of a large set, best first, taking the ranks one after another
    (name matches first; then upcoming events soonest first and begun ones latest first,
    or services newest first). ``plan`` says per rank whether to walk an index in order
    or to read the rank's matches and sort them (see ``reading_plan``).

    The age band (``bands``) narrows only a read: a walk checks each row anyway, and
    PostgreSQL, thinking the band rare, would read the whole walk's range and sort it
    instead of stopping at the page (1.3 s for a common word among events)."""
    wanted = offset + limit
    if kind == "event":
        now = sql.now()
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
            where, params = sql.where([*conditions, *tier, *part, *([] if walk else bands)])
            needed = int(wanted - len(ids))
            if walk:
                statement = (
                    f"SELECT d.object_id FROM search_document d WHERE {where} "  # noqa: S608
                    f"ORDER BY {order} LIMIT {needed}"
                )
                ids += [row[0] for row in sql.fetch_walking(statement, params)]
            else:
                statement = (
                    f"WITH s AS {sql.materialized()}(SELECT d.object_id, d.start FROM "  # noqa: S608
                    f"search_document d WHERE {where}) "
                    f"SELECT object_id FROM s d ORDER BY {order} LIMIT {needed}"
                )
                ids += [row[0] for row in sql.fetch(statement, params)]
            if len(ids) >= wanted:
                return ids[offset:wanted]
    return ids[offset:wanted]


def reading_plan(kind, indexed, checked, name_match, count, wanted):
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
    where, params = sql.where(indexed)
    in_name_sql, in_name_params = "0, 0", []
    if name_match is not None:
        matched_sql, matched_params = sql.where([*checked, name_match])
        in_name_sql = (
            f"COUNT(CASE WHEN {name_match[0]} THEN 1 END), "
            f"COUNT(CASE WHEN {matched_sql} THEN 1 END)"
        )
        in_name_params = [*name_match[1], *matched_params]
    statement = (
        "SELECT (SELECT COUNT(*) FROM search_sample d WHERE d.kind = %s), "  # noqa: S608
        f"COUNT(*), {in_name_sql} FROM search_sample d WHERE {where}"
    )
    params = [int(KINDS[kind]), *in_name_params, *params]
    row = sql.fetch_from_share_index(statement, params)[0]
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
