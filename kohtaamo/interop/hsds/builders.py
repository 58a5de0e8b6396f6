"""Catalogue rows as HSDS 3.0 objects (plain dicts, ready for JSON).

HSDS fields are typed strings and numbers, never null: a field we have nothing for is
left out. Texts are resolved to one language with the catalogue's fallback (a missing
Swedish text is given in Finnish, say), because HSDS has one value per field.
Build inside ``translation.override(language)``: reverse() and labels follow it.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext

from kohtaamo.accounts.models import Organisation
from kohtaamo.cards.models import CardOffer, OfferDay
from kohtaamo.catalogue import display
from kohtaamo.catalogue.models import Place, Service

from . import ids, taxonomies

# The units of our published capacities (HSDS 3.1 service_capacity, docs/hsds-profile.md).
CARD_PLACE = "culture-card-place"
REFERRAL_PLACE = "referral-place"
COUNTRY = "FI"


def _text(obj, field, language):
    return display.text(obj, field, language).value


def _put(target, **fields):
    """Set only the fields that have a value: HSDS has no nulls."""
    for name, value in fields.items():
        if value not in (None, "", []):
            target[name] = value
    return target


def services_for_hsds(queryset, *, full=True):
    """Services with everything an HSDS service needs (``full``: its nested parts too),
    in a fixed number of queries."""
    today = timezone.localdate()
    offers = CardOffer.objects.filter(
        kind__in=[CardOffer.Kind.COURSE, CardOffer.Kind.STANDING]
    ).prefetch_related(Prefetch("days", queryset=OfferDay.objects.filter(day=today)))
    upcoming = (
        display.public_events()
        .filter(start__gte=timezone.now(), is_cancelled=False)
        .prefetch_related(Prefetch("card_offers", queryset=CardOffer.objects.all()))
        .order_by("start", "pk")
    )
    queryset = queryset.select_related("organisation__provider_profile").prefetch_related(
        Prefetch("card_offers", queryset=offers),
        Prefetch("events", queryset=upcoming, to_attr="hsds_upcoming"),
    )
    if not full:
        return queryset
    places = Place.objects.select_related("municipality__county").prefetch_related("accessibility")
    return queryset.prefetch_related(
        "steps",
        "art_forms",
        "target_groups",
        "languages",
        "accessibility",
        "funding_sources",
        "municipalities",
        Prefetch("places", queryset=places),
    )


def organisations_for_hsds(queryset):
    return queryset.select_related("provider_profile")


class Builder:
    """Builds HSDS objects for one request, in one language."""

    def __init__(self, request, language):
        self.request = request
        self.language = language
        self.now = timezone.now().replace(microsecond=0)

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    # --- taxonomies ---------------------------------------------------------------------

    def taxonomy(self, taxonomy):
        return {
            "id": taxonomy.id,
            "name": str(taxonomy.name),
            "description": str(taxonomy.description),
            "uri": self.absolute(reverse("hsds:taxonomy", args=[taxonomy.id])),
            "version": taxonomies.VERSION,
        }

    def taxonomy_term(self, term, *, detail=True):
        name, language = term.name(self.language)
        found = {
            "id": term.id,
            "code": term.code,
            "name": name,
            "description": term.description(self.language),
            "taxonomy": str(term.taxonomy.name),
            "taxonomy_id": term.taxonomy.id,
            "language": language,
            "term_uri": self.absolute(reverse("hsds:taxonomy_term", args=[term.id])),
        }
        if detail:
            found["taxonomy_detail"] = self.taxonomy(term.taxonomy)
        return found

    # --- organisations ------------------------------------------------------------------

    def organization(self, organisation, *, services=None, locations=None):
        profile = getattr(organisation, "provider_profile", None)
        description = _text(profile, "description", self.language) if profile else ""
        oid = ids.organization_id(organisation.pk)
        # Only what the catalogue already shows the public: the website (in JSON-LD) and
        # e-mail (as a calendar event's organiser); phones stay with the provider pages.
        found = _put(
            {"id": oid, "name": organisation.name or "", "description": description},
            email=organisation.email,
            website=organisation.website,
        )
        if services is None:
            return found
        found["organization_identifiers"] = (
            [
                {
                    "id": ids.name_id("organization_identifier", oid, "business-id"),
                    "organization_id": oid,
                    # org-id.guide's list for the Finnish Patent and Registration Office.
                    "identifier_scheme": "FI-PRO",
                    "identifier_type": "Y-tunnus",
                    "identifier": organisation.business_id,
                }
            ]
            if organisation.business_id
            else []
        )
        found["locations"] = [self.location(place) for place in locations or []]
        found["services"] = [self.service(service, full=True, nest=False) for service in services]
        return found

    # --- places -------------------------------------------------------------------------

    def location(self, place):
        lid = ids.location_id(place.pk)
        found = _put(
            {"id": lid, "location_type": "physical"},
            organization_id=ids.organization_id(place.organisation_id)
            if place.organisation_id
            else None,
            name=_text(place, "name", self.language),
            latitude=float(place.latitude) if place.latitude is not None else None,
            longitude=float(place.longitude) if place.longitude is not None else None,
            external_identifier=place.external_id,
            external_identifier_type=place.source if place.external_id else None,
        )
        street = _text(place, "street_address", self.language)
        municipality = place.municipality
        found["addresses"] = (
            [
                {
                    "id": ids.name_id("address", lid),
                    "location_id": lid,
                    "address_1": street,
                    "city": municipality.name,
                    # Finland has no states: the wellbeing services county is the region
                    # that organises social and health care.
                    "state_province": municipality.county.name,
                    "postal_code": place.postal_code,
                    "country": COUNTRY,
                    "address_type": "physical",
                }
            ]
            if street or place.postal_code
            else []
        )
        accessibility = [
            _put(
                {"id": ids.name_id("accessibility", lid, feature.code), "location_id": lid},
                description=feature.name,
                details=display.text(feature, "description", self.language).value,
            )
            for feature in place.accessibility.all()
        ]
        details = _text(place, "accessibility_info", self.language)
        if details:
            accessibility.append(
                {
                    "id": ids.name_id("accessibility", lid, "details"),
                    "location_id": lid,
                    "details": details,
                }
            )
        found["accessibility"] = accessibility
        return found

    def service_at_location(self, service, place, *, nest_service=True):
        sid = ids.service_id(service.pk)
        found = {
            "id": ids.service_at_location_id(service.pk, place.pk),
            "service_id": sid,
            "location_id": ids.location_id(place.pk),
            "location": self.location(place),
        }
        if nest_service:
            found["service"] = self.service(service)
        return found

    # --- services -----------------------------------------------------------------------

    def service(self, service, *, full=False, nest=True):
        """A service: the one-to-one fields (list form), or ``full`` with its parts.
        ``nest``: include the organisation (not inside an organisation's own list)."""
        sid = ids.service_id(service.pk)
        language = self.language
        description = _text(service, "description", language) or _text(service, "summary", language)
        free = gettext("Free of charge")
        found = _put(
            {
                "id": sid,
                "organization_id": ids.organization_id(service.organisation_id),
                "name": _text(service, "name", language),
                "status": "active",
            },
            description=description,
            url=self.absolute(reverse("catalogue:service", args=[service.pk])),
            email=service.contact_email,
            application_process=_text(service, "how_to_join", language),
            fees_description=free if service.is_free else _text(service, "price", language),
            minimum_age=service.age_min,
            maximum_age=service.age_max,
            last_modified=service.updated_at.isoformat(),
        )
        if nest:
            found["organization"] = self.organization(service.organisation)
        found["capacities"] = self.capacities(service)
        if not full:
            return found
        found["phones"] = (
            [
                {
                    "id": ids.name_id("phone", sid),
                    "service_id": sid,
                    "number": service.contact_phone,
                }
            ]
            if service.contact_phone
            else []
        )
        schedule = _text(service, "schedule", language)
        found["schedules"] = (
            [{"id": ids.name_id("schedule", sid), "service_id": sid, "description": schedule}]
            if schedule
            else []
        ) + [self.event_schedule(sid, event) for event in _upcoming(service)]
        found["service_areas"] = [
            {
                "id": ids.name_id("service_area", sid, municipality.code),
                "service_id": sid,
                "name": municipality.name,
                "extent_type": "municipality",
                "description": gettext("Municipality code %(code)s (Statistics Finland)")
                % {"code": municipality.code},
            }
            for municipality in service.municipalities.all()
        ]
        found["service_at_locations"] = [
            self.service_at_location(service, place, nest_service=False)
            for place in service.places.all()
        ]
        found["languages"] = [
            {
                "id": ids.name_id("language", sid, item.code),
                "service_id": sid,
                "name": item.name,
                "code": item.code,
            }
            for item in service.languages.all()
        ]
        found["funding"] = [
            {"id": ids.name_id("funding", sid, item.code), "service_id": sid, "source": item.name}
            for item in service.funding_sources.all()
        ]
        found["cost_options"] = (
            [
                {
                    "id": ids.name_id("cost_option", sid, "free"),
                    "service_id": sid,
                    "option": free,
                    "amount": 0,
                    "currency": "EUR",
                }
            ]
            if service.is_free
            else []
        )
        found["contacts"] = []
        found["attributes"] = [
            {
                "id": ids.name_id("attribute", sid, term.id),
                "link_id": sid,
                "link_entity": "service",
                "link_type": term.taxonomy.link_type,
                "taxonomy_term_id": term.id,
                "taxonomy_term": self.taxonomy_term(term, detail=False),
            }
            for term in taxonomies.service_terms(service)
        ]
        return found

    def event_schedule(self, sid, event):
        """One upcoming session of the service: a dated schedule with a link to it."""
        start = timezone.localtime(event.start)
        end = timezone.localtime(event.end) if event.end else None
        return _put(
            {
                "id": ids.name_id("schedule", sid, "event", event.pk),
                "service_id": sid,
                "valid_from": start.date().isoformat(),
                "valid_to": (end or start).date().isoformat(),
                "dtstart": start.isoformat(),
                "opens_at": start.strftime("%H:%M"),
                "schedule_link": self.absolute(reverse("catalogue:event", args=[event.pk])),
            },
            closes_at=end.strftime("%H:%M") if end and end.date() == start.date() else None,
            description=display.text(event, "name", self.language).value,
        )

    def capacities(self, service):
        """Free places for culture card holders and places kept for referred clients
        (HSDS 3.1 ``service_capacity``)."""
        sid = ids.service_id(service.pk)
        found = self.card_capacities(sid, service)
        if service.referral_places:
            # The catalogue records the number kept, not how many are in use: all of
            # them are given as available, dated by the service's last change.
            found.append(
                {
                    "id": ids.name_id("service_capacity", sid, REFERRAL_PLACE),
                    "service_id": sid,
                    "unit": {
                        "id": ids.name_id("unit", REFERRAL_PLACE),
                        "name": gettext("Place for a client with a culture referral"),
                        "scheme": "kohtaamo",
                        "identifier": REFERRAL_PLACE,
                        "uri": self.absolute(reverse("hsds:profile") + "#service-capacity"),
                    },
                    "available": service.referral_places,
                    "maximum": service.referral_places,
                    "description": capfirst(
                        Service._meta.get_field("referral_places").verbose_name
                    ),
                    "updated": service.updated_at.isoformat(),
                }
            )
        return found

    def card_capacities(self, sid, service):
        unit = {
            "id": ids.name_id("unit", CARD_PLACE),
            "name": gettext("Free place for a culture card holder"),
            "scheme": "kohtaamo",
            "identifier": CARD_PLACE,
            "uri": self.absolute(reverse("hsds:profile") + "#service-capacity"),
        }
        found = []
        for offer in service.card_offers.all():
            maximum = offer.places_offered
            if offer.kind == CardOffer.Kind.STANDING:
                today = next(iter(offer.days.all()), None)
                taken = today.places_taken if today is not None else 0
                description = gettext("Free places for culture card holders today")
            else:
                taken = offer.places_taken
                description = gettext("Free places for culture card holders")
            found.append(
                {
                    "id": ids.name_id("service_capacity", sid, offer.pk),
                    "service_id": sid,
                    "unit": unit,
                    "available": max(maximum - taken, 0),
                    "maximum": maximum,
                    "description": description,
                    "updated": self.now.isoformat(),
                }
            )
        for event in _upcoming(service):
            for offer in event.card_offers.all():
                start = timezone.localtime(event.start)
                found.append(
                    {
                        "id": ids.name_id("service_capacity", sid, offer.pk),
                        "service_id": sid,
                        "unit": unit,
                        "available": max(offer.places_left, 0),
                        "maximum": offer.places_offered,
                        "description": gettext("Free places for culture card holders on %(date)s")
                        % {"date": date_format(start, "SHORT_DATETIME_FORMAT")},
                        "updated": self.now.isoformat(),
                    }
                )
        return found


# A service's next sessions shown as its schedules and capacities.
UPCOMING = 20


def _upcoming(service):
    return getattr(service, "hsds_upcoming", [])[:UPCOMING]


def published_organisations():
    """Organisations that publish at least one service."""
    providers = display.public_services().values("organisation_id")
    return Organisation.objects.filter(is_active=True, pk__in=providers)


def organisation_detail_parts(organisation):
    """(services, locations) of an organisation's full HSDS object."""
    services = list(
        services_for_hsds(display.public_services().filter(organisation=organisation)).order_by(
            "name_fi", "pk"
        )
    )
    places = {}
    for service in services:
        for place in service.places.all():
            places.setdefault(place.pk, place)
    return services, list(places.values())
