"""Counting a search's results and facets (decision 0023).

A search counts a *group* for the result and one for every disjunctive facet (the
search without that facet's own filter). Each group is counted in one of two ways:

* **in the share**: ``Sample`` holds a random share of the documents (1/64 of them; the
  first level reads 1/512). The share is read once per level for every still undecided
  group; a group with enough matches there is *estimated* (scaled up, said to be not
  exact) and is done.
* **exactly**: a group the share says is small is read from the whole index, bounded
  and, for a facet's group, within a time budget. The result's own group is read whole
  together with its page (``paging.read_small_set``).
"""

from dataclasses import dataclass, field

from . import params as p
from . import sql
from .models import SAMPLE_RANGE, SHARE_BOUND


@dataclass
class Group:
    """A set to count: the whole search (``name`` None) or, for a disjunctive facet, the
    search without the filter ``name``; ``facets`` are the facets counted over it."""

    name: str | None
    filters: list[str]
    facets: list[str]
    count: int = 0
    exact: bool = True
    counts: dict = field(default_factory=dict)
    done: bool = False


def estimate_minimum(bound, limit):
    """Matches a share below ``bound`` must hold for its count to be used as an estimate:
    enough that the estimate says more than ``limit`` (a set below it is read, and
    counted, whole), and at least 128 in the smallest share."""
    needed = limit * bound // SAMPLE_RANGE
    return max(needed, 128) if bound < SHARE_BOUND else max(needed, 1)


def count_in_share(bound, groups, common, filters):
    """Count the still undecided ``groups`` within the random share ``sample < bound``
    of ``Sample``, reading the share once for all of them: each row carries which of the
    filters it passes, and every group is counted from the same rows."""
    names = list(filters)
    flags = [filters[name] for name in names]
    select = ", ".join(f"({condition}) AS f{i}" for i, (condition, _) in enumerate(flags))
    select_params = [value for _, values in flags for value in values]
    alternatives = []
    alternative_params = []
    for group in groups:
        wanted = [condition for name, condition in filters.items() if name in group.filters]
        if not wanted:
            alternatives, alternative_params = [], []
            break
        condition, values = sql.where(wanted)
        alternatives.append(f"({condition})")
        alternative_params += values
    conditions = [*common, (f"d.sample < {int(bound)}", [])]
    if alternatives:
        conditions.append((" OR ".join(alternatives), alternative_params))
    where, params = sql.where(conditions)
    tags = sql.tags_of("s")
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
    statement = (
        f"WITH s AS {sql.materialized()}(SELECT d.tags{', ' if select else ''}{select} "  # noqa: S608
        f"FROM search_sample d WHERE {where}) " + " UNION ALL ".join(parts)
    )
    found = {index: [0, {name: {} for name in group.facets}] for index, group in enumerate(groups)}
    for index, tag, count in sql.fetch(statement, [*select_params, *params]):
        if tag is None:
            found[index][0] = count
            continue
        name, _, code = str(tag).partition(":")
        if name in found[index][1]:
            found[index][1][name][code] = count
    for index, group in enumerate(groups):
        in_share, counts = found[index]
        limit = p.READ_LIMIT if group.name is None else p.EXACT_LIMIT
        if in_share >= estimate_minimum(bound, limit):
            group.count = max(round(in_share * SAMPLE_RANGE / bound), p.EXACT_LIMIT + 1)
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


def count_exactly(group, conditions, budget_ms=FACET_BUDGET_MS):
    """Count a group the share says is small, over the whole index, bounded: at most
    ``EXACT_LIMIT + 1`` documents are read (more means the share's estimate stands)."""
    if budget_ms < FACET_BUDGET_MIN_MS:
        group.exact, group.done = False, True
        return
    where, params = sql.where(conditions)
    tags = sql.tags_of("b")
    fence = sql.materialized()
    statement = (
        f"WITH s AS {fence}(SELECT d.tags FROM search_document d "  # noqa: S608
        f"WHERE {where}), b AS {fence}(SELECT tags FROM s LIMIT {p.EXACT_LIMIT + 1}) "
        "SELECT NULL, COUNT(*) FROM b"
    )
    if group.facets:
        statement += f" UNION ALL SELECT t.value, COUNT(*) FROM b {tags} GROUP BY t.value"  # noqa: S608
    rows = sql.fetch_within(budget_ms, statement, params)
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
    settle(group, count, counts)


def settle(group, count, counts, limit=None):
    """Record a group's count read from the whole index: exact up to ``limit``."""
    limit = p.EXACT_LIMIT if limit is None else limit
    if count <= limit:
        group.count, group.exact, group.counts = count, True, counts
    else:
        # More than the limit after all: the share's figures (or the limit) stand.
        group.count, group.exact = max(group.count, limit + 1), False
    group.done = True
