"""Our classifications published as HSDS taxonomies, with stable term ids.

A term's id is made from its taxonomy's code and its own code (``ids.name_id``), so it
is the same in every installation and survives renaming an item in the admin.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kohtaamo.catalogue import display, results
from kohtaamo.catalogue.models import Service
from kohtaamo.search.params import Filter, filter_named

from . import ids

VERSION = "1"


@dataclass(frozen=True)
class Taxonomy:
    code: str
    name: str | Promise  # lazy translation
    description: str | Promise  # lazy translation
    link_type: str  # attribute.link_type of a service's link to one of its terms
    search_filter: Filter | None = None  # the search engine's filter for it (None: filtered here)

    @property
    def id(self):
        return ids.name_id("taxonomy", self.code)


@dataclass(frozen=True)
class Term:
    taxonomy: Taxonomy
    code: str
    item: object = None  # a reference item with name_fi/sv/en, or None for a choice
    label: str = ""  # the lazy label of a choice

    @property
    def id(self):
        return ids.name_id("taxonomy_term", self.taxonomy.code, self.code)

    def name(self, language):
        """(name, language it is in)."""
        if self.item is None:
            with translation.override(language):
                return str(self.label), language
        found = display.text(self.item, "name", language)
        return found.value or self.code, found.language

    def description(self, language):
        if self.item is None:
            return ""
        return display.text(self.item, "description", language).value


STEPS = Taxonomy(
    "wellbeing-steps",
    _("Steps of cultural wellbeing"),
    _("How an activity supports wellbeing, in five steps from everyday culture to therapy."),
    "wellbeing_step",
    filter_named("step"),
)
ART_FORMS = Taxonomy(
    "art-forms",
    _("Art forms"),
    _("The art forms an activity is about."),
    "art_form",
    filter_named("art_form"),
)
TARGET_GROUPS = Taxonomy(
    "target-groups",
    _("Target groups"),
    _("The people an activity is meant for."),
    "target_group",
    filter_named("target_group"),
)
ACCESSIBILITY = Taxonomy(
    "accessibility",
    _("Accessibility"),
    _("How accessible an activity or its place is."),
    "accessibility",
    filter_named("accessibility"),
)
SERVICE_TYPES = Taxonomy(
    "service-types", _("Types of service"), _("What kind of activity a service is."), "service_type"
)
QUALITY = Taxonomy(
    "quality-criteria",
    _("Quality criteria"),
    _("Quality criteria of arts and culture for wellbeing that a service meets."),
    "quality_criterion",
)
TAXONOMIES = (STEPS, ART_FORMS, TARGET_GROUPS, ACCESSIBILITY, SERVICE_TYPES, QUALITY)
BY_ID = {taxonomy.id: taxonomy for taxonomy in TAXONOMIES}


def terms(taxonomy, references=None):
    """Every term of one taxonomy, in the order people see them."""
    references = references or results.reference_lists()
    if taxonomy is STEPS:
        return [Term(STEPS, str(step.number), step) for step in references.step]
    if taxonomy is ART_FORMS:
        return [Term(ART_FORMS, item.code, item) for item in references.art_form]
    if taxonomy is TARGET_GROUPS:
        return [Term(TARGET_GROUPS, item.code, item) for item in references.target_group]
    if taxonomy is ACCESSIBILITY:
        return [Term(ACCESSIBILITY, item.code, item) for item in references.accessibility]
    if taxonomy is SERVICE_TYPES:
        return [Term(SERVICE_TYPES, value, label=label) for value, label in Service.Kind.choices]
    return [Term(QUALITY, value, label=label) for value, label in Service.Quality.choices]


def all_terms(references=None):
    references = references or results.reference_lists()
    return [term for taxonomy in TAXONOMIES for term in terms(taxonomy, references)]


def terms_by_id(references=None):
    return {term.id: term for term in all_terms(references)}


def service_terms(service):
    """The terms a service is classified with (its links loaded or prefetched)."""
    found = [Term(STEPS, str(step.number), step) for step in service.steps.all()]
    found += [Term(ART_FORMS, item.code, item) for item in service.art_forms.all()]
    found += [Term(TARGET_GROUPS, item.code, item) for item in service.target_groups.all()]
    found += [Term(ACCESSIBILITY, item.code, item) for item in service.accessibility.all()]
    kinds = dict(Service.Kind.choices)
    if service.kind in kinds:
        found.append(Term(SERVICE_TYPES, service.kind, label=kinds[service.kind]))
    criteria = dict(Service.Quality.choices)
    found += [
        Term(QUALITY, code, label=criteria[code])
        for code in service.quality_criteria or []
        if code in criteria
    ]
    return found
