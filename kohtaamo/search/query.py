"""The catalogue's search: one function, ``search(kind, params)``, for the page and the API.

First version: filters with the ORM and matches text with ``icontains``. The Finnish-aware
index replaces the text match without changing this contract.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal

from django.db.models import Q
from django.utils import timezone

from kohtaamo.catalogue.models import Event, Service
from kohtaamo.catalogue.states import Status

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


@dataclass
class SearchParams:
    q: str = ""
    municipality: list[str] = field(default_factory=list)
    county: list[str] = field(default_factory=list)
    step: list[int] = field(default_factory=list)
    art_form: list[str] = field(default_factory=list)
    target_group: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    age: int | None = None
    free: bool | None = None
    card: bool | None = None
    date_from: date | None = None
    date_to: date | None = None
    lang: str = "fi"


@dataclass
class FacetValue:
    code: str
    count: int


@dataclass
class SearchResult:
    ids: list[int]
    count: int
    count_is_exact: bool
    facets: dict[str, list[FacetValue]]


def _model(kind):
    return Event if kind == "event" else Service


def _filter(kind, params, skip=None):
    model = _model(kind)
    qs = model.objects.filter(status=Status.PUBLISHED)
    if kind == "service":
        municipality_paths = ("municipalities__code", "places__municipality__code")
        county_paths = ("municipalities__county__code", "places__municipality__county__code")
    else:
        municipality_paths = ("municipality__code",)
        county_paths = ("municipality__county__code",)

    def any_of(paths, values):
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{path}__in": values})
        return condition

    if params.municipality and skip != "municipality":
        qs = qs.filter(any_of(municipality_paths, params.municipality))
    if params.county and skip != "county":
        qs = qs.filter(any_of(county_paths, params.county))
    if params.step and skip != "step":
        qs = qs.filter(steps__number__in=params.step)
    for name, path in (
        ("art_form", "art_forms__code"),
        ("target_group", "target_groups__code"),
        ("language", "languages__code"),
        ("accessibility", "accessibility__code"),
    ):
        values = getattr(params, name)
        if values and skip != name:
            qs = qs.filter(**{f"{path}__in": values})
    if params.age is not None:
        qs = qs.filter(Q(age_min__isnull=True) | Q(age_min__lte=params.age))
        qs = qs.filter(Q(age_max__isnull=True) | Q(age_max__gte=params.age))
    if params.free is not None and skip != "free":
        qs = qs.filter(is_free=params.free)
    if params.card is not None and skip != "card":
        if kind == "event":
            qs = qs.filter(card_places__gt=0) if params.card else qs.filter(card_places=0)
        else:
            qs = qs.filter(card_places=params.card)
    if kind == "event":
        zone = timezone.get_current_timezone()
        if params.date_from:
            since = datetime.combine(params.date_from, time.min, zone)
            qs = qs.filter(Q(end__gte=since) | Q(end__isnull=True, start__gte=since))
        if params.date_to:
            until = datetime.combine(params.date_to, time.max, zone)
            qs = qs.filter(start__lte=until)
    for word in (params.q or "").split()[:10]:
        text = Q()
        for column in ("name", "summary", "description", "keywords"):
            for language in ("fi", "sv", "en"):
                text |= Q(**{f"{column}_{language}__icontains": word})
        qs = qs.filter(text)
    return qs.values_list("pk", flat=True).distinct()


def _facet_counts(kind, name, ids):
    model = _model(kind)
    rows = model.objects.filter(pk__in=ids)
    paths = {
        "step": ["steps__number"],
        "art_form": ["art_forms__code"],
        "target_group": ["target_groups__code"],
        "language": ["languages__code"],
        "accessibility": ["accessibility__code"],
        "municipality": (
            ["municipalities__code", "places__municipality__code"]
            if kind == "service"
            else ["municipality__code"]
        ),
        "county": (
            ["municipalities__county__code", "places__municipality__county__code"]
            if kind == "service"
            else ["municipality__county__code"]
        ),
    }
    counts = {}
    if name in ("free", "card"):
        for is_free, card in rows.values_list("is_free", "card_places"):
            value = is_free if name == "free" else bool(card)
            key = "true" if value else "false"
            counts[key] = counts.get(key, 0) + 1
    else:
        seen = set()
        for path in paths[name]:
            for pk, code in rows.values_list("pk", path):
                if code is not None and (pk, code) not in seen:
                    seen.add((pk, code))
                    counts[str(code)] = counts.get(str(code), 0) + 1
    return sorted(
        (FacetValue(code, count) for code, count in counts.items()),
        key=lambda value: (-value.count, value.code),
    )


def search(
    kind: Literal["service", "event"],
    params: SearchParams,
    *,
    offset: int = 0,
    limit: int = 20,
    facets: bool = True,
) -> SearchResult:
    kind = "event" if kind == "event" else "service"
    offset = max(0, int(offset))
    limit = max(0, min(int(limit), 200))
    ids = list(_filter(kind, params))
    order = "start" if kind == "event" else "name_fi"
    ordered = list(
        _model(kind).objects.filter(pk__in=ids).order_by(order, "pk").values_list("pk", flat=True)
    )
    result = SearchResult(
        ids=ordered[offset : offset + limit], count=len(ordered), count_is_exact=True, facets={}
    )
    if facets:
        for name in FACETS:
            result.facets[name] = _facet_counts(kind, name, list(_filter(kind, params, skip=name)))
    return result
