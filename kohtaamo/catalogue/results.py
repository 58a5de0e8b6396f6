"""Running a checked search and turning its ids into rows, for the page, feed and API.

The search engine (:mod:`kohtaamo.search.query`) answers with ids, counts and facet
counts; this module fetches the rows to show in a fixed number of queries, keeps the
engine's order and clamps the page to the results that exist.
"""

import time
from dataclasses import dataclass, field
from math import ceil
from typing import Any

from django.db import connections, transaction
from django.db.models import IntegerField, Value
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import get_language, gettext

from kohtaamo.core.models import (
    AccessibilityFeature,
    ArtForm,
    County,
    Language,
    Municipality,
    TargetGroup,
    WellbeingStep,
)
from kohtaamo.search import query
from kohtaamo.search.params import FACETS, YES_NO_FACETS

from . import display
from .forms import EVENT, ReferenceLists
from .models import Event, Place, Service


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


# --------------------------------------------------------------------------------------
# Reference data (municipalities, counties, steps, art forms ...), cached in the process
# --------------------------------------------------------------------------------------

REFERENCE_MODELS = (
    Municipality,
    County,
    WellbeingStep,
    ArtForm,
    TargetGroup,
    Language,
    AccessibilityFeature,
)
# Another process's change to reference data shows here within this many seconds; a
# change made in this process shows at once (the signals below).
REFERENCE_SECONDS = 300

_references: dict[str, Any] = {
    "lists": None,
    "by_pk": None,
    "names": {},
    "loaded": 0.0,
    "unsettled": 0,
}


def reference_lists(*, reload=False):
    """``ReferenceLists`` of the filters, read from the database at most every few
    minutes: reference data rarely changes, and every search needs all of it."""
    cached = _references["lists"]
    fresh = time.monotonic() - _references["loaded"] < REFERENCE_SECONDS
    if cached is not None and fresh and not reload and not _references["unsettled"]:
        return cached
    lists = ReferenceLists.load()
    if not _references["unsettled"]:
        # Not while a change of this process is uncommitted: it may yet be rolled back.
        _references.update(lists=lists, by_pk=None, names={}, loaded=time.monotonic())
    return lists


LIST_MODELS = {
    "municipality": Municipality,
    "county": County,
    "step": WellbeingStep,
    "art_form": ArtForm,
    "target_group": TargetGroup,
    "language": Language,
    "accessibility": AccessibilityFeature,
}


def _references_by_pk(lists):
    """{model: {pk: (position in the model's order, object)}} of these lists."""
    if lists is _references["lists"] and _references["by_pk"] is not None:
        return _references["by_pk"]
    by_pk = {
        model: {item.pk: (i, item) for i, item in enumerate(getattr(lists, name))}
        for name, model in LIST_MODELS.items()
    }
    if lists is _references["lists"]:
        _references["by_pk"] = by_pk
    return by_pk


def forget_references(*, using="default", **kwargs):
    """Drop the cached reference data (a reference item was saved or deleted)."""
    _references.update(lists=None, by_pk=None, names={})
    if connections[using].in_atomic_block:
        _references["unsettled"] += 1

        def settled():
            _references["unsettled"] -= 1
            _references.update(lists=None, by_pk=None, names={})

        # A rolled-back change never settles: this process then stops caching.
        transaction.on_commit(settled, using=using)


for _model in REFERENCE_MODELS:
    post_save.connect(forget_references, sender=_model, dispatch_uid=f"refs-save-{_model}")
    post_delete.connect(forget_references, sender=_model, dispatch_uid=f"refs-del-{_model}")
post_migrate.connect(
    lambda **kwargs: _references.update(lists=None, by_pk=None, names={}),
    dispatch_uid="refs-migrate",
)


# --------------------------------------------------------------------------------------
# Rows of a page
# --------------------------------------------------------------------------------------

SERVICE_LINKS = (*display.CLASSIFICATION, "municipalities", "places")
EVENT_LINKS = display.CLASSIFICATION


def rows_for(kind, ids):
    """The published rows with these ids, ready to show, in the given order.

    A fixed number of queries whatever the page size: the rows (with organisation, and
    for events service and place), one query over every link table of the page, and for
    places one more each for the places and their accessibility. Linked reference items,
    municipalities too, are the cached ones (``reference_lists``), not read again.
    """
    ids = list(ids)
    if not ids:
        return []
    if kind == EVENT:
        queryset = display.public_events().select_related("organisation", "service", "place")
    else:
        queryset = display.with_next_event(display.public_services()).select_related("organisation")
    rows = display.in_order(queryset, ids)
    if rows:
        _attach_links(Event if kind == EVENT else Service, rows)
    return rows


def _link_fields(model, relation):
    """Names of the two foreign keys of ``model.<relation>``'s link table: the one to
    ``model`` and the one to the linked model."""
    through = getattr(model, relation).through
    target = model._meta.get_field(relation).related_model
    keys = [key for key in through._meta.get_fields() if key.many_to_one]
    source = next(key.name for key in keys if key.related_model is model)
    linked = next(key.name for key in keys if key.related_model is target)
    return through, source, linked


def _link_rows(model, relations, ids):
    """(relation index, source id, target id) of these relations for these ids, in one
    query over the link tables."""
    parts = []
    for index, relation in enumerate(relations):
        through, source, target = _link_fields(model, relation)
        parts.append(
            through.objects.filter(**{f"{source}__in": ids})
            .order_by()
            .values_list(Value(index, output_field=IntegerField()), source, target)
        )
    first, *rest = parts
    return list(first.union(*rest, all=True) if rest else first)


def _attach(obj, relation, found):
    """Give ``obj`` the items linked by ``relation``, from ``found`` ((position, item)
    pairs), in the position order; ``display.linked`` answers them without a query."""
    attached = getattr(obj, display.LINKED, None)
    if attached is None:
        attached = {}
        setattr(obj, display.LINKED, attached)
    attached[relation] = [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _attach_links(model, rows):
    relations = SERVICE_LINKS if model is Service else EVENT_LINKS
    targets = [model._meta.get_field(relation).related_model for relation in relations]
    linked = {row.pk: [[] for _ in relations] for row in rows}
    wanted = {target: set() for target in targets}
    for index, source, target in _link_rows(model, relations, [row.pk for row in rows]):
        linked[source][index].append(target)
        wanted[targets[index]].add(target)

    if model is Event:
        place_objects = [row.place for row in rows if row.place is not None]
        located = [*rows, *place_objects]
    else:
        place_objects = []
        if wanted.get(Place):
            place_objects = list(Place.objects.filter(pk__in=wanted[Place]))
        located = place_objects
    wanted[Municipality] = {obj.municipality_id for obj in located} - {None}

    by_pk = _references_by_pk(reference_lists())
    if any(not pks <= by_pk[target].keys() for target, pks in wanted.items() if target in by_pk):
        # Reference data added since the lists were read (in another process).
        by_pk = _references_by_pk(reference_lists(reload=True))

    _attach_municipalities(located, by_pk[Municipality])
    lookups = {**by_pk, Place: {place.pk: (i, place) for i, place in enumerate(place_objects)}}
    if place_objects:
        _attach_place_accessibility(place_objects, by_pk)

    for row in rows:
        for index, relation in enumerate(relations):
            lookup = lookups[targets[index]]
            _attach(row, relation, [lookup[pk] for pk in linked[row.pk][index] if pk in lookup])


def _attach_municipalities(objects, municipalities):
    """Give events and places their municipality from the cached reference lists. One
    missing there even after a reload is read from the database when asked for."""
    for obj in objects:
        found = municipalities.get(obj.municipality_id)
        if found is not None:
            obj.municipality = found[1]


def _attach_place_accessibility(places, by_pk):
    features = by_pk[AccessibilityFeature]
    linked = {place.pk: [] for place in places}
    if not linked:
        return
    for _, source, target in _link_rows(Place, ("accessibility",), list(linked)):
        if target in features:
            linked[source].append(features[target])
    for place in places:
        _attach(place, "accessibility", linked[place.pk])


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


def _facet_names(references):
    """{facet: {code: name}} in the active language, kept with the cached lists."""
    language = get_language()
    shared = references is _references["lists"]
    if shared and language in _references["names"]:
        return _references["names"][language]
    names = {key: references.names(key) for key in FACETS if key not in YES_NO_FACETS}
    if shared:
        _references["names"][language] = names
    return names


def named_facets(facets, references):
    """Facet counts with each value's name in the active language, every key present."""
    names = _facet_names(references)
    yes_no = {"true": gettext("Yes"), "false": gettext("No")}
    named = {}
    for key in FACETS:
        lookup = names.get(key, yes_no)
        named[key] = [
            {"code": value.code, "count": value.count, "name": lookup.get(value.code, value.code)}
            for value in facets.get(key, [])
        ]
    return named
