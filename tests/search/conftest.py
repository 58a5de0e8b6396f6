"""Builders for published catalogue content, saved the way providers save it (signals on)."""

import datetime

import pytest
from django.utils import timezone

from kohtaamo.catalogue.models import Event, Place, Service
from kohtaamo.core.models import (
    AccessibilityFeature,
    ArtForm,
    Language,
    Municipality,
    TargetGroup,
    WellbeingStep,
)
from kohtaamo.search.query import SearchParams, search
from tests import factories

M2M = {
    "steps": (WellbeingStep, "number"),
    "art_forms": (ArtForm, "code"),
    "target_groups": (TargetGroup, "code"),
    "languages": (Language, "code"),
    "accessibility": (AccessibilityFeature, "code"),
}


def _relate(obj, relations):
    for name, values in relations.items():
        model, key = M2M.get(name, (Municipality, "code"))
        getattr(obj, name).set(model.objects.filter(**{f"{key}__in": values}))


def make_service(name_fi="", *, municipalities=("297",), organisation=None, **fields):
    relations = {name: fields.pop(name) for name in [*M2M, "places"] if name in fields}
    fields.setdefault("status", "published")
    service = Service.objects.create(
        organisation=organisation or factories.organisation(), name_fi=name_fi, **fields
    )
    places = relations.pop("places", ())
    if places:
        service.places.set(places)
    _relate(service, {"municipalities": municipalities, **relations})
    return service


def make_event(name_fi="", *, days=7, municipality="297", organisation=None, **fields):
    relations = {name: fields.pop(name) for name in M2M if name in fields}
    fields.setdefault("status", "published")
    fields.setdefault("start", timezone.now() + datetime.timedelta(days=days))
    if municipality and "place" not in fields:
        fields["municipality"] = Municipality.objects.get(code=municipality)
    event = Event.objects.create(
        organisation=organisation or factories.organisation(), name_fi=name_fi, **fields
    )
    _relate(event, relations)
    return event


def make_place(name_fi, municipality="297", **fields):
    return Place.objects.create(
        name_fi=name_fi, municipality=Municipality.objects.get(code=municipality), **fields
    )


def found(kind="service", **params):
    """The ids a search returns (first page of 100)."""
    return search(kind, SearchParams(**params), limit=100, facets=False).ids


@pytest.fixture
def service():
    return make_service


@pytest.fixture
def event():
    return make_event
