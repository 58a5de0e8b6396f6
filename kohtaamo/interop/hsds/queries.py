"""Which published services match the HSDS filters, best first.

Free text goes to the catalogue's own search (Finnish base forms and compound parts,
kohtaamo.search), together with the filters it knows (steps, art forms, target groups,
accessibility, municipality). The filters it does not know (organisation, modified
after, distance, service type, quality criteria) are applied here in the database; with
free text they narrow the engine's best ``SEARCH_CAP`` matches.
"""

import math
from dataclasses import dataclass

from django.db.models import Q

from kohtaamo.catalogue import display, results
from kohtaamo.catalogue.forms import SERVICE
from kohtaamo.catalogue.models import Place
from kohtaamo.search import query

from . import taxonomies

SEARCH_CAP = 1000
EARTH_RADIUS = 6_371_000  # metres

# Taxonomy -> how the database finds services with any of its term codes.
RELATIONS = {
    taxonomies.STEPS: "steps__number__in",
    taxonomies.ART_FORMS: "art_forms__code__in",
    taxonomies.TARGET_GROUPS: "target_groups__code__in",
    taxonomies.ACCESSIBILITY: "accessibility__code__in",
    taxonomies.SERVICE_TYPES: "kind__in",
}
# Taxonomy -> relation whose presence means 'classified in this taxonomy'.
PRESENCE = {
    taxonomies.STEPS: Q(steps__isnull=False),
    taxonomies.ART_FORMS: Q(art_forms__isnull=False),
    taxonomies.TARGET_GROUPS: Q(target_groups__isnull=False),
    taxonomies.ACCESSIBILITY: Q(accessibility__isnull=False),
    taxonomies.SERVICE_TYPES: Q(),
    taxonomies.QUALITY: ~Q(quality_criteria=[]),
}


@dataclass
class Found:
    ids: list  # this page's service keys, in order
    total: int


def _terms_by_taxonomy(terms):
    grouped = {}
    for term in terms:
        grouped.setdefault(term.taxonomy, []).append(term.code)
    return grouped


def _term_condition(taxonomy, codes):
    if taxonomy is taxonomies.QUALITY:
        condition = Q()
        for code in codes:
            # Codes are slugs; the JSON text holds each one quoted.
            condition |= Q(quality_criteria__icontains=f'"{code}"')
        return condition
    if taxonomy is taxonomies.STEPS:
        codes = [int(code) for code in codes]
    return Q(**{RELATIONS[taxonomy]: codes})


def postcode_municipalities(postcode):
    """Codes of the municipalities our places with this postal code are in."""
    return sorted(
        set(Place.objects.filter(postal_code=postcode).values_list("municipality__code", flat=True))
    )


def places_near(postcode, metres):
    """Keys of the places within ``metres`` of the centre of this postal code's places
    (we have no postal code areas: their centre is the mean of our places there)."""
    points = list(
        Place.objects.filter(
            postal_code=postcode, latitude__isnull=False, longitude__isnull=False
        ).values_list("latitude", "longitude")
    )
    if not points:
        return []
    lat = sum(float(p[0]) for p in points) / len(points)
    lon = sum(float(p[1]) for p in points) / len(points)
    dlat = math.degrees(metres / EARTH_RADIUS)
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    candidates = Place.objects.filter(
        latitude__gte=lat - dlat,
        latitude__lte=lat + dlat,
        longitude__gte=lon - dlon,
        longitude__lte=lon + dlon,
    ).values_list("pk", "latitude", "longitude")
    return [
        pk
        for pk, plat, plon in candidates
        if _distance(lat, lon, float(plat), float(plon)) <= metres
    ]


def _distance(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(h)))


class ServiceQuery:
    """The checked parameters of a ServiceForm, as database and engine conditions."""

    def __init__(self, data, language):
        self.data = data
        self.language = language
        self.terms = _terms_by_taxonomy(data["taxonomy_term_id"])
        self.db_conditions = []  # conditions the engine cannot apply
        self.engine_filters = {}
        self.nothing = False
        self._plan()

    def _plan(self):
        data = self.data
        for taxonomy, codes in self.terms.items():
            if taxonomy.search_filter:
                self.engine_filters[taxonomy.search_filter.name] = codes
            else:
                self.db_conditions.append(_term_condition(taxonomy, codes))
        for taxonomy in data["taxonomy_id"]:
            self.db_conditions.append(PRESENCE[taxonomy])
        if data["organization_id"]:
            self.db_conditions.append(Q(organisation_id__in=data["organization_id"]))
        if data["modified_after"] is not None:
            self.db_conditions.append(Q(updated_at__gte=data["modified_after"]))
        postcode = data["postcode"]
        if postcode and data["proximity"] is not None:
            self.db_conditions.append(Q(places__in=places_near(postcode, data["proximity"])))
        elif postcode:
            municipalities = postcode_municipalities(postcode)
            if not municipalities:
                self.nothing = True
            self.engine_filters["municipality"] = municipalities

    def _database_conditions(self):
        """Every condition, for a search without free text (the engine is not asked)."""
        conditions = list(self.db_conditions)
        for taxonomy, codes in self.terms.items():
            if taxonomy.search_filter:
                conditions.append(_term_condition(taxonomy, codes))
        municipalities = self.engine_filters.get("municipality")
        if municipalities:
            conditions.append(
                Q(municipalities__code__in=municipalities)
                | Q(places__municipality__code__in=municipalities)
            )
        return conditions

    def queryset(self):
        """Published services matching everything but the free text."""
        services = display.public_services()
        if self.nothing:
            return services.none()
        for condition in self._database_conditions():
            services = services.filter(condition)
        return services.distinct()

    def _engine_params(self):
        return query.SearchParams(q=self.data["search"], lang=self.language, **self.engine_filters)

    def page(self, number, size):
        """This page's service keys and the number of matches."""
        if self.nothing:
            return Found([], 0)
        offset = (number - 1) * size
        if not self.data["search"]:
            services = self.queryset().order_by("name_fi", "pk")
            total = services.count()
            return Found(list(services.values_list("pk", flat=True)[offset : offset + size]), total)
        params = self._engine_params()
        if not self.db_conditions:
            if offset >= query.MAX_OFFSET:
                found = query.search(SERVICE, params, offset=0, limit=1, facets=False)
                return Found([], found.count)
            found = query.search(SERVICE, params, offset=offset, limit=size, facets=False)
            return Found(list(found.ids), found.count)
        return self._narrowed(params, offset, size)

    def _narrowed(self, params, offset, size):
        ranked = results.all_ids(SERVICE, params, SEARCH_CAP)
        services = display.public_services()
        for condition in self.db_conditions:
            services = services.filter(condition)
        kept = set(services.filter(pk__in=ranked).values_list("pk", flat=True))
        ordered = [pk for pk in ranked if pk in kept]
        return Found(ordered[offset : offset + size], len(ordered))

    def all_service_ids(self):
        """Every matching key in order (free text: the engine's best SEARCH_CAP)."""
        if self.nothing:
            return []
        if not self.data["search"]:
            return None  # use queryset()
        params = self._engine_params()
        ranked = results.all_ids(SERVICE, params, SEARCH_CAP)
        if not self.db_conditions:
            return ranked
        services = display.public_services()
        for condition in self.db_conditions:
            services = services.filter(condition)
        kept = set(services.filter(pk__in=ranked).values_list("pk", flat=True))
        return [pk for pk in ranked if pk in kept]
