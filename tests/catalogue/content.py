"""Catalogue content for the public-catalogue tests: real rows, published unless asked."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kohtaamo.accounts.models import Organisation
from kohtaamo.catalogue.models import Event, Place, Service
from kohtaamo.catalogue.states import Status
from kohtaamo.core.models import (
    AccessibilityFeature,
    ArtForm,
    Language,
    Municipality,
    TargetGroup,
    WellbeingStep,
)
from tests import factories

_numbers = itertools.count(1)


def provider(municipality_code="297", **fields):
    return factories.organisation(Organisation.Kind.ASSOCIATION, municipality_code, **fields)


def place(municipality_code="297", accessibility=(), **fields):
    number = next(_numbers)
    fields.setdefault("name_fi", f"Kulttuuritalo {number}")
    fields.setdefault("street_address_fi", f"Kirkkokatu {number}")
    fields.setdefault("postal_code", "70100")
    new = Place.objects.create(
        municipality=Municipality.objects.get(code=municipality_code), **fields
    )
    new.accessibility.set(AccessibilityFeature.objects.filter(code__in=accessibility))
    return new


def _classify(offering, steps, art_forms, target_groups, languages, accessibility):
    offering.steps.set(WellbeingStep.objects.filter(number__in=steps))
    offering.art_forms.set(ArtForm.objects.filter(code__in=art_forms))
    offering.target_groups.set(TargetGroup.objects.filter(code__in=target_groups))
    offering.languages.set(Language.objects.filter(code__in=languages))
    offering.accessibility.set(AccessibilityFeature.objects.filter(code__in=accessibility))


def service(
    name_fi=None,
    *,
    organisation=None,
    municipalities=("297",),
    places=(),
    steps=(2,),
    art_forms=("music",),
    target_groups=(),
    languages=("fi",),
    accessibility=(),
    status=Status.PUBLISHED,
    **fields,
):
    number = next(_numbers)
    if name_fi is None and not (fields.get("name_sv") or fields.get("name_en")):
        name_fi = f"Palvelu {number}"
    fields.setdefault("summary_fi", f"Lyhyt kuvaus {number}.")
    if not fields.get("is_free"):
        fields.setdefault("price_fi", "10 €")
    new = Service.objects.create(
        organisation=organisation or provider(),
        name_fi=name_fi or "",
        status=status,
        published_at=timezone.now() if status == Status.PUBLISHED else None,
        **fields,
    )
    _classify(new, steps, art_forms, target_groups, languages, accessibility)
    new.municipalities.set(Municipality.objects.filter(code__in=municipalities))
    new.places.set(places)
    return new


def event(
    name_fi=None,
    *,
    organisation=None,
    start=None,
    hours=2,
    place=None,
    municipality="297",
    steps=(1,),
    art_forms=("music",),
    target_groups=(),
    languages=("fi",),
    accessibility=(),
    status=Status.PUBLISHED,
    **fields,
):
    number = next(_numbers)
    if (
        name_fi is None
        and not (fields.get("name_sv") or fields.get("name_en"))
        and not fields.get("service")
    ):
        name_fi = f"Tapahtuma {number}"
    fields.setdefault("summary_fi", f"Tapahtuman kuvaus {number}.")
    if not fields.get("is_free"):
        fields.setdefault("price_fi", "5 €")
    start = start or timezone.now() + timedelta(days=number % 20 + 1)
    new = Event.objects.create(
        organisation=organisation or provider(),
        name_fi=name_fi or "",
        start=start,
        end=start + timedelta(hours=hours) if hours else None,
        place=place,
        municipality=place.municipality if place else Municipality.objects.get(code=municipality),
        status=status,
        published_at=timezone.now() if status == Status.PUBLISHED else None,
        **fields,
    )
    _classify(new, steps, art_forms, target_groups, languages, accessibility)
    return new


COORDINATES = {"latitude": Decimal("62.892500"), "longitude": Decimal("27.678000")}
