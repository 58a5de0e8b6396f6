"""The demo catalogue step of ``seed_demo``: providers, places, services and events.

Demo rows are marked as imported (``Source.IMPORT``) with an external id that starts
with ``demo:`` ("demo:service:choir:297:0"). The catalogue's unique (source, external
id) constraint keeps each one single, and a run creates only the ids it does not find:
rows already there, and anything a tester changed in them, are left alone. To get a
fresh demo catalogue, delete the rows whose external id starts with ``demo:``.

Everything is written with ``bulk_create``, which sends no signals, so the new services
and events are indexed for search in one go at the end.
"""

import datetime
import random
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from kohtaamo.accounts.models import Organisation
from kohtaamo.catalogue.models import Event, Place, ProviderProfile, Service, Source
from kohtaamo.core.models import (
    AccessibilityFeature,
    ArtForm,
    FundingSource,
    Language,
    Municipality,
    TargetGroup,
    WellbeingStep,
)
from kohtaamo.search.index import index_documents

from . import catalogue_places as P
from .catalogue_events import session_specs, venue_event_specs
from .catalogue_providers import (
    CATALOGUE_ORGANISATIONS,
    owners_by_town,
    profile_texts,
    providers,
)
from .catalogue_services import service_specs
from .network import _unit

DEMO_SOURCE = Source.IMPORT
DEMO_PREFIX = "demo:"


def seed_catalogue(report):
    organisations = _organisations(report)
    today = timezone.localdate()
    places = P.place_specs(owners_by_town())
    services = service_specs()
    events = session_specs(services, today) + venue_event_specs(places, today)
    codes = _reference_ids()
    place_ids = _places(places, organisations, codes, report)
    service_ids, new_services = _services(services, organisations, place_ids, codes, report)
    new_events = _events(events, organisations, service_ids, place_ids, codes, report)
    _profiles(services, organisations, codes, report)
    index_documents("service", new_services)
    index_documents("event", new_events)


# --------------------------------------------------------------------------------------
# Organisations and profiles
# --------------------------------------------------------------------------------------


def _organisations(report):
    """The municipalities and providers the catalogue adds to the network's, by key."""
    names = [spec.names[0] for spec in CATALOGUE_ORGANISATIONS]
    found = {(o.kind, o.name_fi): o for o in Organisation.objects.filter(name_fi__in=names)}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    for spec in CATALOGUE_ORGANISATIONS:
        wanted = {
            "name_sv": spec.names[1],
            "name_en": spec.names[2],
            "municipality": municipalities[spec.municipality],
            "county_id": municipalities[spec.municipality].county_id,
            "website": spec.website,
            "is_active": True,
        }
        organisation = found.get((spec.kind, spec.names[0]))
        created = organisation is None
        if created:
            organisation = Organisation.objects.create(
                kind=spec.kind, name_fi=spec.names[0], **wanted
            )
        elif any(getattr(organisation, field) != value for field, value in wanted.items()):
            # Saved only when changed: a save re-indexes every service of the organisation.
            for field, value in wanted.items():
                setattr(organisation, field, value)
            organisation.save()
        report.count(Organisation, created)
        report.organisations[spec.key] = organisation
        for unit_spec in spec.units:
            report.units[spec.key, unit_spec.key] = _unit(organisation, unit_spec, report)
    return report.organisations


def _profiles(services, organisations, codes, report):
    """A provider profile for every organisation that offers something, made from what
    it offers."""
    offered = defaultdict(lambda: defaultdict(set))
    for spec in services:
        mine = offered[spec.provider]
        mine["art_forms"].update(spec.art_forms)
        mine["target_groups"].update(spec.target_groups)
        mine["municipalities"].update(spec.municipalities)
        mine["languages"].update(spec.languages)
    everyone = providers()
    wanted = {key: everyone[key] for key in offered if key in organisations}
    have = set(
        ProviderProfile.objects.filter(
            organisation__in=[organisations[key] for key in wanted]
        ).values_list("organisation_id", flat=True)
    )
    new = []
    for number, (key, provider) in enumerate(sorted(wanted.items())):
        organisation = organisations[key]
        if organisation.pk in have:
            continue
        new.append(
            ProviderProfile(
                organisation=organisation,
                contact_email=f"info@{provider.domain}",
                contact_phone=f"+358 40 000 0{900 + number % 100:03d}",
                website=organisation.website or f"https://{provider.domain}/",
                **profile_texts(provider),
            )
        )
    ProviderProfile.objects.bulk_create(new)
    created = {p.organisation_id: p for p in ProviderProfile.objects.filter(
        organisation__in=[p.organisation for p in new])}  # fmt: skip
    links = defaultdict(list)
    for key in wanted:
        profile = created.get(organisations[key].pk)
        if profile is None:
            continue
        for field, values in offered[key].items():
            links[field] += [(profile.pk, codes[field][value]) for value in sorted(values)]
    for field, pairs in links.items():
        _link(ProviderProfile, field, pairs)
    report.count_many(ProviderProfile, len(new), len(have))


# --------------------------------------------------------------------------------------
# Places, services and events
# --------------------------------------------------------------------------------------


def _reference_ids():
    return {
        "steps": dict(WellbeingStep.objects.values_list("number", "pk")),
        "art_forms": dict(ArtForm.objects.values_list("code", "pk")),
        "target_groups": dict(TargetGroup.objects.values_list("code", "pk")),
        "languages": dict(Language.objects.values_list("code", "pk")),
        "accessibility": dict(AccessibilityFeature.objects.values_list("code", "pk")),
        "funding_sources": dict(FundingSource.objects.values_list("code", "pk")),
        "municipalities": dict(Municipality.objects.values_list("code", "pk")),
    }


def _existing(model, kind):
    rows = model.objects.filter(source=DEMO_SOURCE, external_id__startswith=f"{DEMO_PREFIX}{kind}:")
    return dict(rows.values_list("external_id", "pk"))


def _create(model, rows, kind):
    """Bulk-create ``rows`` and return {external id: pk} of every demo row of the kind."""
    model.objects.bulk_create(rows, batch_size=500)
    return _existing(model, kind)


def _places(specs, organisations, codes, report):
    ids = _existing(Place, "place")
    new = [spec for spec in specs if spec.key not in ids]
    municipalities = codes["municipalities"]
    rows = [
        Place(
            source=DEMO_SOURCE,
            external_id=spec.key,
            organisation=organisations.get(spec.owner),
            name_fi=spec.names[0],
            name_sv=spec.names[1],
            name_en=spec.names[2],
            street_address_fi=spec.street,
            accessibility_info_fi=P.ACCESSIBILITY_INFO.get(spec.kind, ("", ""))[0],
            accessibility_info_en=P.ACCESSIBILITY_INFO.get(spec.kind, ("", ""))[1],
            postal_code=spec.postal_code,
            municipality_id=municipalities[spec.town],
            latitude=spec.latitude,
            longitude=spec.longitude,
        )
        for spec in new
    ]
    existing = len(ids)
    ids = _create(Place, rows, "place")
    _link(Place, "accessibility", [(ids[s.key], codes["accessibility"][c])
                                   for s in new for c in s.accessibility])  # fmt: skip
    report.count_many(Place, len(new), existing)
    return ids


SHARED_LINKS = ("steps", "art_forms", "target_groups", "languages", "accessibility")


def _offering(spec, organisations, status, rng, now):
    """The columns services and events share."""
    published = status == "published"
    return {
        "source": DEMO_SOURCE,
        "external_id": spec.key,
        "organisation": organisations[spec.provider],
        "age_min": spec.age_min,
        "age_max": spec.age_max,
        "is_free": spec.is_free,
        "status": status,
        "published_at": now - datetime.timedelta(days=rng.randint(1, 400)) if published else None,
        **spec.texts,
    }


def _services(specs, organisations, place_ids, codes, report):
    ids = _existing(Service, "service")
    new = [spec for spec in specs if spec.key not in ids]
    rng = random.Random("kohtaamo-demo-service-rows")
    now = timezone.now()
    coordinator = report.users.get("coordinator")
    rows = []
    for spec in new:
        moderated = bool(spec.moderation_reason)
        rows.append(
            Service(
                **_offering(spec, organisations, spec.status, rng, now),
                kind=spec.kind,
                card_places=spec.card_places,
                referral_places=spec.referral_places,
                booking_url=spec.booking_url,
                contact_phone=spec.contact_phone,
                contact_email=spec.contact_email,
                lifecycle=spec.lifecycle,
                quality_criteria=list(spec.quality),
                moderation_reason=spec.moderation_reason,
                moderated_by=coordinator if moderated else None,
                moderated_at=now - datetime.timedelta(days=3) if moderated else None,
            )
        )
    existing = len(ids)
    ids = _create(Service, rows, "service")
    links = _shared_links(new, ids, codes)
    links["municipalities"] = [(ids[s.key], codes["municipalities"][m])
                               for s in new for m in s.municipalities]  # fmt: skip
    links["places"] = [(ids[s.key], place_ids[p]) for s in new for p in s.places]
    links["funding_sources"] = [(ids[s.key], codes["funding_sources"][f])
                                for s in new for f in s.funding]  # fmt: skip
    for field, pairs in links.items():
        _link(Service, field, pairs)
    report.count_many(Service, len(new), existing)
    return ids, [ids[spec.key] for spec in new]


def _events(specs, organisations, service_ids, place_ids, codes, report):
    ids = _existing(Event, "event")
    new = [spec for spec in specs if spec.key not in ids]
    rng = random.Random("kohtaamo-demo-event-rows")
    now = timezone.now()
    municipalities = codes["municipalities"]
    rows = [
        Event(
            **_offering(spec, organisations, spec.status, rng, now),
            service_id=service_ids.get(spec.service),
            start=spec.start,
            end=spec.end,
            place_id=place_ids.get(spec.place),
            municipality_id=municipalities[spec.municipality],
            capacity=spec.capacity,
            registration=spec.registration,
            registration_ends=(
                spec.start - datetime.timedelta(days=1) if spec.registration == "required" else None
            ),
            card_places=spec.card_places,
            is_cancelled=spec.is_cancelled,
        )
        for spec in new
    ]
    existing = len(ids)
    ids = _create(Event, rows, "event")
    for field, pairs in _shared_links(new, ids, codes).items():
        _link(Event, field, pairs)
    report.count_many(Event, len(new), existing)
    return [ids[spec.key] for spec in new]


def _shared_links(specs, ids, codes):
    return {
        field: [(ids[spec.key], codes[field][value]) for spec in specs
                for value in getattr(spec, field)]
        for field in SHARED_LINKS
    }  # fmt: skip


def _link(model, field_name, pairs):
    """Insert rows of a many-to-many table. Plain SQL: building tens of thousands of
    through-model instances would take most of the demo's seeding time."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    quote = connection.ops.quote_name
    own = quote(through._meta.get_field(field.m2m_field_name()).column)
    other = quote(through._meta.get_field(field.m2m_reverse_field_name()).column)
    table = quote(through._meta.db_table)
    sql = f"INSERT INTO {table} ({own}, {other}) VALUES (%s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(dict.fromkeys(pairs)))
