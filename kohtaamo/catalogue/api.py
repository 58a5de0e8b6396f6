"""The public, read-only catalogue API (docs/decisions/0011-rest-api.md).

The same parameters as the search page, checked by the same form; the answer carries
the total, facet counts for every filter, and each text both resolved to ``lang`` and
in every language.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from kohtaamo.search.params import FACETS

from . import display, results
from .forms import EVENT, SERVICE, LanguageForm, PageForm, SearchForm
from .models import Event, Service
from .serializers import (
    ErrorSerializer,
    EventSerializer,
    ServiceSerializer,
    search_answer_serializer,
)


def _list_parameter(name, description, example):
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        many=True,
        explode=True,
        description=f"{description} Repeat the parameter or separate values with commas; "
        f"results match any of the values. Example: `{example}`.",
    )


LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=["fi", "sv", "en"],
    description="Language of the resolved texts and names. Default: the request's "
    "Accept-Language, else Finnish. A missing text falls back to another language; "
    "`text_languages` tells which.",
)
COMMON = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description="Free text. Finnish words are matched by their base forms and compound parts.",
    ),
    _list_parameter("municipality", "Municipality code (Statistics Finland, three digits).", "297"),
    _list_parameter("county", "Wellbeing services county code (two digits).", "13"),
    _list_parameter("step", "Step of cultural wellbeing, 1–5.", "1,2"),
    _list_parameter("art_form", "Art form code.", "music"),
    _list_parameter("target_group", "Target group code.", "older-people"),
    _list_parameter("language", "Language the activity is offered in (ISO 639 code).", "sv"),
    _list_parameter("accessibility", "Accessibility feature code.", "step-free-access"),
    OpenApiParameter(
        "age",
        OpenApiTypes.INT,
        description="Age of the participant (0–120): results whose age range includes it.",
    ),
    OpenApiParameter(
        "free", OpenApiTypes.BOOL, description="true: only free of charge; false: only paid."
    ),
    OpenApiParameter(
        "card",
        OpenApiTypes.BOOL,
        description="true: only with free places for culture card (Kaikukortti) holders.",
    ),
    LANG,
    OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1."),
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description="Results per page, 1–100 (default 20)."
    ),
]
DATES = [
    OpenApiParameter(
        "date_from",
        OpenApiTypes.DATE,
        description="Events that end on or after this day. Default: today.",
    ),
    OpenApiParameter(
        "date_to", OpenApiTypes.DATE, description="Events that start on or before this day."
    ),
]
FACETS_NOTE = (
    f"`facets` has counts for every filter ({', '.join(FACETS)}). A filter's own counts "
    "ignore its own chosen values, so each count says how many results there would be "
    "with that value chosen too."
)


# An unknown or unpublished id (DRF's own answer).
NOT_FOUND = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}


def _bad_request(errors):
    return Response({"errors": errors}, status=400)


def _language(request):
    """The ``lang`` asked for, else what the request's locale middleware chose."""
    requested = request.query_params.get("lang", "")
    return requested if requested in ("fi", "sv", "en") else display.current_language()


def _search(request, kind, serializer_class):
    lang = _language(request)
    with translation.override(lang):
        references = results.reference_lists()
        form = SearchForm(request.query_params, kind=kind, references=references)
        paging = PageForm(request.query_params)
        language = LanguageForm(request.query_params)
        errors = {}
        for checked in (form, paging, language):
            if not checked.is_valid():
                errors.update(
                    {name: [str(m) for m in messages] for name, messages in checked.errors.items()}
                )
        if errors:
            return _bad_request(errors)
        number, size = paging.cleaned_data["page"], paging.cleaned_data["page_size"]
        page = results.run(kind, form.search_params(lang), number, size, clamp=False)
        context = {"request": request, "lang": lang}
        url = request.build_absolute_uri()
        return Response(
            {
                "count": page.count,
                "count_is_exact": page.count_is_exact,
                "next": replace_query_param(url, "page", number + 1) if page.has_next() else None,
                "previous": _previous(url, number, page),
                "results": serializer_class(page.rows, many=True, context=context).data,
                "facets": results.named_facets(page.facets, references),
                "facets_are_exact": page.facets_are_exact,
            }
        )


def _previous(url, number, page):
    if number <= 1:
        return None
    target = min(number - 1, page.num_pages)
    if target == 1:
        return remove_query_param(url, "page")
    return replace_query_param(url, "page", target)


def _detail(request, queryset, pk, serializer_class):
    language = LanguageForm(request.query_params)
    if not language.is_valid():
        return _bad_request({"lang": language.errors["lang"]})
    lang = _language(request)
    with translation.override(lang):
        obj = get_object_or_404(queryset, pk=pk)
        if not obj.is_published:
            raise Http404
        return Response(serializer_class(obj, context={"request": request, "lang": lang}).data)


@extend_schema(
    operation_id="services_list",
    summary="Search services",
    description="Ongoing activities: courses, groups, guide services, artist visits... "
    "Services whose name matches `q` come first; services of equal rank are newest first. "
    + FACETS_NOTE,
    parameters=COMMON,
    responses={
        200: search_answer_serializer("ServiceSearch", ServiceSerializer),
        400: ErrorSerializer,
    },
    tags=["services"],
)
@api_view(["GET"])
def service_list(request):
    return _search(request, SERVICE, ServiceSerializer)


@extend_schema(
    operation_id="services_retrieve",
    summary="One service",
    parameters=[LANG],
    responses={200: ServiceSerializer, 400: ErrorSerializer, 404: NOT_FOUND},
    tags=["services"],
)
@api_view(["GET"])
def service_detail(request, pk):
    queryset = display.services_for_display(display.with_next_event(Service.objects.all()))
    return _detail(request, queryset, pk, ServiceSerializer)


@extend_schema(
    operation_id="events_list",
    summary="Search events",
    description="Dated events, from today on unless `date_from` says otherwise, in order "
    "of start time (or relevance with `q`). " + FACETS_NOTE,
    parameters=COMMON + DATES,
    responses={200: search_answer_serializer("EventSearch", EventSerializer), 400: ErrorSerializer},
    tags=["events"],
)
@api_view(["GET"])
def event_list(request):
    return _search(request, EVENT, EventSerializer)


@extend_schema(
    operation_id="events_retrieve",
    summary="One event",
    parameters=[LANG],
    responses={200: EventSerializer, 400: ErrorSerializer, 404: NOT_FOUND},
    tags=["events"],
)
@api_view(["GET"])
def event_detail(request, pk):
    return _detail(request, display.events_for_display(Event.objects.all()), pk, EventSerializer)
