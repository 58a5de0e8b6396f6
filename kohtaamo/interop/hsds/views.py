"""The HSDS 3.0 API: thin views that check parameters, find rows and build objects."""

from math import ceil
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, content_negotiation_class
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response

from kohtaamo.catalogue import display, results
from kohtaamo.catalogue.models import Service

from . import builders, ids, queries, schema, taxonomies
from .forms import PageForm, ServiceForm, TaxonomyTermForm

HSDS_VERSION = "3.0"
LANGUAGES = ("fi", "sv", "en")
PROFILE = Path(settings.BASE_DIR) / "docs" / "hsds-profile.md"


class JsonOnly(BaseContentNegotiation):
    """Always JSON: HSDS's own ``format`` parameter is not DRF's format override."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def content_language(request):
    """The first of fi, sv, en that Accept-Language asks for; Finnish otherwise."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    try:
        choices = trans_real.parse_accept_lang_header(header[:500])
    except ValueError:
        choices = ()
    for code, _quality in choices:
        code = code.lower()[:2]
        if code in LANGUAGES:
            return code
    return "fi"


def _answer(data, language, status=200):
    response = Response(data, status=status)
    response["Content-Language"] = language
    response["Vary"] = "Accept-Language"
    return response


def _bad_request(form, language):
    return _answer({"errors": form.error_dict()}, language, status=400)


def _paged(contents, total, number, size):
    pages = max(1, ceil(total / size))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": size,
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _checked(form_class, request, language, **kwargs):
    with translation.override(language):
        form = form_class(request.query_params, **kwargs)
        return form, form.is_valid()


# --- meta -------------------------------------------------------------------------------


@extend_schema(**schema.ROOT)
@api_view(["GET"])
@content_negotiation_class(JsonOnly)
def root(request):
    language = content_language(request)
    return _answer(
        {
            "version": HSDS_VERSION,
            "profile": request.build_absolute_uri(reverse("hsds:profile")),
            "openapi_url": request.build_absolute_uri(reverse("api_schema") + "?format=json"),
        },
        language,
    )


def profile(request):
    """Our HSDS profile, as the Markdown document in the repository."""
    return HttpResponse(
        PROFILE.read_text(encoding="utf-8"), content_type="text/markdown; charset=utf-8"
    )


# --- services ---------------------------------------------------------------------------


@extend_schema(**schema.SERVICES)
@api_view(["GET"])
@content_negotiation_class(JsonOnly)
def service_list(request):
    language = content_language(request)
    form, valid = _checked(ServiceForm, request, language, references=results.reference_lists())
    if not valid:
        return _bad_request(form, language)
    data = form.cleaned_data
    found = queries.ServiceQuery(data, language).page(data["page"], data["per_page"])
    with translation.override(language):
        services = builders.services_for_hsds(display.public_services(), full=False)
        rows = display.in_order(services, found.ids)
        build = builders.Builder(request, language)
        contents = [build.service(service) for service in rows]
    return _answer(_paged(contents, found.total, data["page"], data["per_page"]), language)


def _service_or_404(pk_text):
    parsed = ids.parse_row_id(pk_text, ids.SERVICE)
    if parsed is None or parsed[1]:
        raise Http404
    service = builders.services_for_hsds(display.public_services()).filter(pk=parsed[0]).first()
    if service is None:
        raise Http404
    return service


@extend_schema(**schema.SERVICE)
@api_view(["GET"])
@content_negotiation_class(JsonOnly)
def service_detail(request, id):
    language = content_language(request)
    service = _service_or_404(id)
    with translation.override(language):
        return _answer(builders.Builder(request, language).service(service, full=True), language)


# --- services at locations --------------------------------------------------------------

Link = Service.places.through


@extend_schema(**schema.SERVICE_AT_LOCATIONS)
@api_view(["GET"])
@content_negotiation_class(JsonOnly)
def service_at_location_list(request):
    language = content_language(request)
    references = results.reference_lists()
    form, valid = _checked(ServiceForm, request, language, references=references)
    if not valid:
        return _bad_request(form, language)
    data = form.cleaned_data
    number, size = data["page"], data["per_page"]
    plan = queries.ServiceQuery(data, language)
    links = Link.objects.all()
    if data["postcode"] and data["proximity"] is not None:
        links = links.filter(place_id__in=queries.places_near(data["postcode"], data["proximity"]))
    ranked = plan.all_service_ids()
    offset = (number - 1) * size
    if ranked is None:
        links = links.filter(service__in=plan.queryset().values("pk")).order_by(
            "service__name_fi", "service_id", "place__name_fi", "place_id"
        )
        total = links.count()
        pairs = list(links.values_list("service_id", "place_id")[offset : offset + size])
    else:
        rank = {pk: position for position, pk in enumerate(ranked)}
        found = links.filter(service_id__in=ranked).values_list("service_id", "place_id")
        ordered = sorted(found, key=lambda pair: (rank[pair[0]], pair[1]))
        total = len(ordered)
        pairs = ordered[offset : offset + size]
    with translation.override(language):
        services = {
            service.pk: service
            for service in builders.services_for_hsds(
                display.public_services().filter(pk__in={pair[0] for pair in pairs})
            )
        }
        build = builders.Builder(request, language)
        contents = []
        for service_pk, place_pk in pairs:
            # A row changed since the page was counted is left out, not an error.
            service = services.get(service_pk)
            places = service.places.all() if service is not None else ()
            place = next((p for p in places if p.pk == place_pk), None)
            if place is not None:
                contents.append(build.service_at_location(service, place))
    return _answer(_paged(contents, total, number, size), language)


@extend_schema(**schema.SERVICE_AT_LOCATION)
@api_view(["GET"])
@content_negotiation_class(JsonOnly)
def service_at_location_detail(request, id):
    language = content_language(request)
    parsed = ids.parse_row_id(id, ids.SERVICE_AT_LOCATION)
    if parsed is None:
        raise Http404
    service = builders.services_for_hsds(display.public_services()).filter(pk=parsed[0]).first()
    place = next((p for p in service.places.all() if p.pk == parsed[1]), None) if service else None
    if place is None:
        raise Http404
    with translation.override(language):
        build = builders.Builder(request, language)
        found = build.service_at_location(service, place, nest_service=False)
        found["service"] = build.service(service, full=True)
        return _answer(found, language)


# --- organisations ----------------------------------------------------------------------


@extend_schema(**schema.ORGANIZATIONS)
@api_view(["GET"])
@content_negotiation_class(JsonOnly)
def organization_list(request):
    language = content_language(request)
    form, valid = _checked(PageForm, request, language)
    if not valid:
        return _bad_request(form, language)
    data = form.cleaned_data
    organisations = builders.published_organisations()
    for word in data["search"].split()[:10]:
        organisations = organisations.filter(
            Q(name_fi__icontains=word) | Q(name_sv__icontains=word) | Q(name_en__icontains=word)
        )
    organisations = organisations.order_by("name_fi", "pk")
    total = organisations.count()
    offset = (data["page"] - 1) * data["per_page"]
    rows = builders.organisations_for_hsds(organisations)[offset : offset + data["per_page"]]
    with translation.override(language):
        build = builders.Builder(request, language)
        contents = [build.organization(organisation) for organisation in rows]
    return _answer(_paged(contents, total, data["page"], data["per_page"]), language)


@extend_schema(**schema.ORGANIZATION)
@api_view(["GET"])
@content_negotiation_class(JsonOnly)
def organization_detail(request, id):
    language = content_language(request)
    parsed = ids.parse_row_id(id, ids.ORGANIZATION)
    if parsed is None or parsed[1]:
        raise Http404
    organisation = (
        builders.organisations_for_hsds(builders.published_organisations())
        .filter(pk=parsed[0])
        .first()
    )
    if organisation is None:
        raise Http404
    services, locations = builders.organisation_detail_parts(organisation)
    with translation.override(language):
        build = builders.Builder(request, language)
        return _answer(
            build.organization(organisation, services=services, locations=locations), language
        )


# --- taxonomies -------------------------------------------------------------------------


def _matches(words, *texts):
    haystack = " ".join(texts).casefold()
    return all(word.casefold() in haystack for word in words)


@extend_schema(**schema.TAXONOMIES)
@api_view(["GET"])
@content_negotiation_class(JsonOnly)
def taxonomy_list(request):
    language = content_language(request)
    form, valid = _checked(PageForm, request, language)
    if not valid:
        return _bad_request(form, language)
    data = form.cleaned_data
    words = data["search"].split()
    with translation.override(language):
        build = builders.Builder(request, language)
        found = [
            build.taxonomy(taxonomy)
            for taxonomy in taxonomies.TAXONOMIES
            if _matches(words, str(taxonomy.name), str(taxonomy.description))
        ]
    return _answer(_slice(found, data), language)


def _slice(found, data):
    offset = (data["page"] - 1) * data["per_page"]
    return _paged(
        found[offset : offset + data["per_page"]], len(found), data["page"], data["per_page"]
    )


@extend_schema(**schema.TAXONOMY)
@api_view(["GET"])
@content_negotiation_class(JsonOnly)
def taxonomy_detail(request, id):
    language = content_language(request)
    taxonomy = taxonomies.BY_ID.get(str(id).lower())
    if taxonomy is None:
        raise Http404
    with translation.override(language):
        return _answer(builders.Builder(request, language).taxonomy(taxonomy), language)


@extend_schema(**schema.TAXONOMY_TERMS)
@api_view(["GET"])
@content_negotiation_class(JsonOnly)
def taxonomy_term_list(request):
    language = content_language(request)
    form, valid = _checked(TaxonomyTermForm, request, language)
    if not valid:
        return _bad_request(form, language)
    data = form.cleaned_data
    words = data["search"].split()
    chosen = data["taxonomy_id"] or taxonomies.TAXONOMIES
    references = results.reference_lists()
    with translation.override(language):
        build = builders.Builder(request, language)
        found = []
        if not data["parent_id"]:  # our taxonomies are flat: no term has a parent
            for taxonomy in chosen:
                for term in taxonomies.terms(taxonomy, references):
                    name, _language = term.name(language)
                    if _matches(words, name, term.code, term.description(language)):
                        found.append(build.taxonomy_term(term))
    return _answer(_slice(found, data), language)


@extend_schema(**schema.TAXONOMY_TERM)
@api_view(["GET"])
@content_negotiation_class(JsonOnly)
def taxonomy_term_detail(request, id):
    language = content_language(request)
    term = taxonomies.terms_by_id().get(str(id).lower())
    if term is None:
        raise Http404
    with translation.override(language):
        return _answer(builders.Builder(request, language).taxonomy_term(term), language)
