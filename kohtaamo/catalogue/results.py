"""Running a checked search and turning its ids into rows, for the page, feed and API.

The search engine (:mod:`kohtaamo.search.query`) answers with ids, counts and facet
counts; this module fetches the rows to show in a fixed number of queries, keeps the
engine's order and clamps the page to the results that exist.
"""

from dataclasses import dataclass, field
from math import ceil

from django.utils.translation import gettext

from kohtaamo.search import query

from . import display
from .forms import EVENT, FACET_KEYS


@dataclass
class ResultPage:
    """One page of results, shaped like Django's ``Page`` for the pagination template."""

    rows: list
    number: int
    count: int
    count_is_exact: bool
    per_page: int
    facets: dict = field(default_factory=dict)
    facets_are_exact: bool = True

    @property
    def paginator(self):
        return self

    @property
    def num_pages(self):
        return pages_for(self.count, self.per_page)

    @property
    def is_truncated(self):
        """Whether more results exist than the pages reach (narrow the search to see them)."""
        return self.count > self.num_pages * self.per_page

    def has_next(self):
        return self.number < self.num_pages

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def start_index(self):
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def pages_for(count, per_page):
    # The engine serves no page past its deepest offset: offer no link to one.
    deepest = max(1, getattr(query, "MAX_OFFSET", 10_000) // per_page)
    return min(max(1, ceil(count / per_page)), deepest)


def rows_for(kind, ids):
    """The published rows with these ids, ready to show, in the given order."""
    if kind == EVENT:
        queryset = display.events_for_display(display.public_events())
    else:
        queryset = display.services_for_display(display.with_next_event(display.public_services()))
    return display.in_order(queryset, ids)


def run(kind, params, number, per_page, *, facets=True, clamp=True):
    """Search, then fetch page ``number`` (clamped to the last page when ``clamp``)."""
    found = query.search(
        kind, params, offset=(number - 1) * per_page, limit=per_page, facets=facets
    )
    last = pages_for(found.count, per_page)
    if clamp and number > last:
        number = last
        found = query.search(
            kind, params, offset=(number - 1) * per_page, limit=per_page, facets=facets
        )
    return ResultPage(
        rows=rows_for(kind, found.ids),
        number=number,
        count=found.count,
        count_is_exact=found.count_is_exact,
        per_page=per_page,
        facets=found.facets,
        facets_are_exact=getattr(found, "facets_are_exact", True),
    )


def all_ids(kind, params, cap):
    """Up to ``cap`` matching ids, in engine-sized slices (for the calendar feed)."""
    ids = []
    step = getattr(query, "MAX_LIMIT", 100)
    while len(ids) < cap:
        found = query.search(
            kind, params, offset=len(ids), limit=min(step, cap - len(ids)), facets=False
        )
        ids.extend(found.ids)
        if not found.ids or len(ids) >= found.count:
            break
    return ids[:cap]


def named_facets(facets, references):
    """Facet counts with each value's name in the active language, every key present."""
    names = {key: references.names(key) for key in FACET_KEYS if key not in ("free", "card")}
    yes_no = {"true": gettext("Yes"), "false": gettext("No")}
    named = {}
    for key in FACET_KEYS:
        lookup = names.get(key, yes_no)
        named[key] = [
            {"code": value.code, "count": value.count, "name": lookup.get(value.code, value.code)}
            for value in facets.get(key, [])
        ]
    return named
