"""The catalogue's search: ``search(kind, params)`` for the search page and the APIs.

Everything runs over the search index (``models.Document`` and the database's full-text
index beside it): one row per published service or event, so no query joins the
catalogue's tables. The search is built in layers, each using only those before it:

1. ``params`` - what a search asks and answers: the one list of filters and facets,
   ``SearchParams``, ``SearchResult``, the limits;
2. ``sql`` - conditions and statements, the only module that knows SQLite from
   PostgreSQL;
3. ``counting`` - the count and the facet counts: estimated from the random *share* of
   the documents kept in ``Sample`` when large, read exactly when small (decision 0023);
4. ``paging`` - the page, always exact: a small set read whole, a large one rank by rank,
   each rank *walked* in index order or read and sorted, as the *reading plan* says
   (decision 0024);
5. ``search()`` here, which puts them together.

Decision 0035 says what the words share, walk, tier, rank and reading plan mean and why
SQLite is a full second engine.
"""

import time
from typing import Literal

from . import paging, sql, vocabulary
from . import params as p
from .counting import FACET_BUDGET_MS, Group, count_exactly, count_in_share
from .models import SHARE_BOUND
from .params import (
    FACETS,
    MAX_LIMIT,
    MAX_OFFSET,
    FacetValue,
    Nothing,
    SearchParams,
    SearchResult,
)

# Readers of these languages see results named in their language first among equals.
OWN_NAMES = ("sv", "en")

__all__ = [
    "FACETS",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "FacetValue",
    "Nothing",
    "SearchParams",
    "SearchResult",
    "search",
]


def _page_bounds(offset, limit):
    try:
        offset = max(0, int(offset))
    except (TypeError, ValueError, OverflowError):
        offset = 0
    try:
        limit = max(0, min(int(limit), p.MAX_LIMIT))
    except (TypeError, ValueError, OverflowError):
        limit = 20
    return offset, limit


def _facets(groups):
    facets = {}
    for group in groups:
        for name, by_code in group.counts.items():
            facets[name] = sorted(
                (FacetValue(code, n) for code, n in by_code.items() if n > 0),
                key=lambda value: (-value.count, value.code),
            )
    for name in FACETS:
        facets.setdefault(name, [])
    return facets


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
    offset, limit = _page_bounds(offset, limit)
    empty = SearchResult(
        ids=[], count=0, count_is_exact=True, facets={name: [] for name in FACETS} if facets else {}
    )
    lang = str(params.lang or "fi")[:2].lower()
    try:
        words = sql.text_query(params.q, lang)
    except Nothing:
        return empty

    base = sql.base_conditions(kind, params)
    bands = sql.age_band_conditions(params)
    filters = sql.filter_conditions(params)
    text, name_match, name_indexed, fits = [], None, None, []
    if words:
        match, name_match, name_indexed = sql.text_conditions(words)
        text = [match]
        fits = [
            sql.tag_condition(found.facet, found.codes)
            for found in vocabulary.recognise(params.q, lang)
        ]
    own = sql.tag_condition(p.NAMED, [lang]) if lang in OWN_NAMES else None
    common = [*base, *text]

    main = Group(None, list(filters), [n for n in FACETS if n not in filters] if facets else [])
    groups = [main]
    if facets:
        groups += [Group(name, [n for n in filters if n != name], [name]) for name in filters]

    def conditions_of(group, *, narrowed=True):
        return [*common, *(bands if narrowed else []), *(filters[name] for name in group.filters)]

    # 1. Large sets are estimated from the random share, the smallest share first.
    for bound in (SHARE_BOUND // 8, SHARE_BOUND):
        pending = [group for group in groups if not group.done]
        if pending:
            count_in_share(bound, pending, common, filters)
    # 2. The rest are small: read exactly (the main set together with its page).
    ids = None
    want_page = bool(limit) and offset < p.MAX_OFFSET
    facet_budget: float = FACET_BUDGET_MS
    for group in groups:
        if group.done:
            continue
        if group is main:
            ids = paging.read_small_set(kind, group, conditions_of(group), name_match, fits, own)
        else:
            started = time.perf_counter()
            count_exactly(group, conditions_of(group), facet_budget)
            if sql.budgets_are_kept():
                facet_budget -= (time.perf_counter() - started) * 1000
    # 3. The page of a large set.
    if ids is None:
        ids = []
        if want_page and main.count:
            indexed = [base[0], *bands, *text, *filters.values()]
            checked = base[1:]  # the exact age and the dates
            plan = paging.reading_plan(
                kind, indexed, checked, name_match, main.count, offset + limit
            )
            names = (name_match, name_indexed)
            ids = paging.page(
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
        result.facets = _facets(groups)
        result.facets_are_exact = all(group.exact for group in groups)
    return result
