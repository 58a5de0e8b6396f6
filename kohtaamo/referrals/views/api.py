"""The referral API for client-information systems (docs/decisions/0018).

A patient or client-information system writes a referral from where the professional
already works, and reads back those its organisation sent or received. It signs in with
its organisation's API key; the key acts as a professional of its unit (or organisation),
so the referral services make every decision exactly as they do for the pages: consent
before personal data, only the sending and the receiving side see a referral, and every
read of a client's personal data is written to the audit log.

Every refusal is a 4xx answer with a machine-readable body:
``{"code": "invalid", "errors": {"field": ["message"]}}``.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from kohtaamo.integrations.authentication import ApiKeyAuthentication, ApiKeyRateThrottle

from .. import services
from ..models import Referral
from ..serializers import (
    MAX_ID,
    ApiErrorSerializer,
    ReferralCreateSerializer,
    ReferralDetailSerializer,
    ReferralPageSerializer,
    ReferralSerializer,
)
from ..states import Status

MAX_PAGE_SIZE = 100


def _flatten(errors, prefix=""):
    """DRF's nested field errors as {"client.full_name": ["…"]}."""
    flat = {}
    if isinstance(errors, dict):
        for name, value in errors.items():
            name = "detail" if name in ("non_field_errors", "__all__") else name
            flat.update(_flatten(value, f"{prefix}{name}" if not prefix else f"{prefix}.{name}"))
        return flat
    if isinstance(errors, list) and errors and all(isinstance(e, (dict, list)) for e in errors):
        for index, value in enumerate(errors):
            flat.update(_flatten(value, f"{prefix}.{index}"))
        return flat
    messages = errors if isinstance(errors, list) else [errors]
    flat[prefix or "detail"] = [str(message) for message in messages]
    return flat


def api_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No referral of your organisation has this id."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(_("Your API key may not do this."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        errors = _flatten(exc.detail)
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "error"
        errors = {"detail": [str(exc.detail)]}
    response.data = {"code": code, "errors": errors}
    return response


def _service_error(error):
    """A referral service's refusal as a 400 answer, on its field where it names one."""
    code = getattr(error, "code", None) or "invalid"
    explicit = getattr(error, "code", None)
    if hasattr(error, "error_dict"):
        errors = {
            ("detail" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
        codes = {e.code for errs in error.error_dict.values() for e in errs if e.code}
        if not explicit and len(codes) == 1:
            code = codes.pop()
    else:
        errors = {"detail": [str(message) for message in error.messages]}
        codes = {e.code for e in error.error_list if e.code}
        if not explicit and len(codes) == 1:
            code = codes.pop()
    if code == "consent_required":
        errors = {"consent": errors.get("detail") or [m for ms in errors.values() for m in ms]}
    return Response({"code": code, "errors": errors}, status=400)


class ReferralApiView(APIView):
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [ApiKeyRateThrottle]

    def get_exception_handler(self):
        return api_exception_handler


def _with_relations(queryset):
    return queryset.select_related(
        "referral_type",
        "county",
        "issuing_unit",
        "receiving_unit",
        "receiving_service",
        "language",
        "preferred_municipality",
    ).prefetch_related("interests", "suggested_services", "suggested_events")


class ListParameters(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    updated_since = serializers.DateTimeField(required=False)
    page = serializers.IntegerField(min_value=1, max_value=100_000, required=False, default=1)
    page_size = serializers.IntegerField(
        min_value=1, max_value=MAX_PAGE_SIZE, required=False, default=20
    )


ERRORS = {
    401: OpenApiResponse(ApiErrorSerializer, description="No API key, or not a valid one."),
    403: OpenApiResponse(ApiErrorSerializer, description="The key may not do this."),
}

EXAMPLE = OpenApiExample(
    "A culture referral with consent",
    value={
        "referral_type": "kulttuurilahete",
        "receiving_unit": 12,
        "reasons": ["loneliness", "low_mood"],
        "interests": ["music"],
        "language": "fi",
        "client": {
            "full_name": "Etunimi Sukunimi",
            "birth_date": "1950-05-17",
            "phone": "+358 40 000 0000",
            "contact_preference": "phone",
        },
        "consent": {"shared": ["contact_details", "reasons"], "method": "verbal"},
    },
    request_only=True,
)


class ReferralCollection(ReferralApiView):
    @extend_schema(
        operation_id="referrals_list",
        summary="Referrals of your organisation",
        description="Referrals the API key's unit (or organisation) sent or received, "
        "newest first, without the client's personal data.",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
            OpenApiParameter(
                "updated_since",
                OpenApiTypes.DATETIME,
                description="Only referrals changed at or after this time.",
            ),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1."),
            OpenApiParameter(
                "page_size", OpenApiTypes.INT, description="Results per page, 1–100 (default 20)."
            ),
        ],
        responses={
            200: ReferralPageSerializer,
            400: OpenApiResponse(ApiErrorSerializer, description="A bad parameter."),
            **ERRORS,
        },
        tags=["referrals"],
    )
    def get(self, request):
        parameters = ListParameters(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        wanted = parameters.validated_data
        referrals = services.visible_referrals(request.user)
        if wanted.get("status"):
            referrals = referrals.filter(status=wanted["status"])
        if wanted.get("updated_since"):
            referrals = referrals.filter(updated_at__gte=wanted["updated_since"])
        referrals = referrals.order_by("-created_at", "-pk")
        number, size = wanted["page"], wanted["page_size"]
        count = referrals.count()
        rows = list(_with_relations(referrals)[(number - 1) * size : number * size])
        url = request.build_absolute_uri()
        previous = None
        if number > 1:
            previous = (
                remove_query_param(url, "page")
                if number == 2
                else replace_query_param(url, "page", number - 1)
            )
        return Response(
            {
                "count": count,
                "next": replace_query_param(url, "page", number + 1)
                if number * size < count
                else None,
                "previous": previous,
                "results": ReferralSerializer(rows, many=True).data,
            }
        )

    @extend_schema(
        operation_id="referrals_create",
        summary="Write and issue a referral",
        description="Writes the referral for the issuing unit and, unless `issue` is "
        "false, issues it at once. A personal referral needs the client's data and their "
        "consent to share them with the receiver (`consent`); an anonymous prescription "
        "carries neither. Nothing is saved when any check fails.",
        request=ReferralCreateSerializer,
        examples=[EXAMPLE],
        responses={
            201: ReferralSerializer,
            400: OpenApiResponse(
                ApiErrorSerializer,
                description="Field errors; `consent_required` when a personal referral "
                "has no consent.",
            ),
            **ERRORS,
        },
        tags=["referrals"],
    )
    def post(self, request):
        incoming = ReferralCreateSerializer(data=request.data, api_key=request.auth)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        consent = data.pop("consent", None)
        issue = data.pop("issue", True)
        try:
            referral = services.write_draft(
                request.user, services.Draft(**data), consent=consent, issue=issue
            )
        except DjangoValidationError as error:
            return _service_error(error)
        referral = _with_relations(Referral.objects.filter(pk=referral.pk)).get()
        response = Response(ReferralSerializer(referral).data, status=201)
        response["Location"] = request.build_absolute_uri(
            reverse("referrals_api:detail", args=[referral.pk])
        )
        return response


class ReferralItem(ReferralApiView):
    @extend_schema(
        operation_id="referrals_retrieve",
        summary="One referral with the client's data",
        description="The referral, the client's personal data (each read is written to "
        "the audit log; null for an anonymous prescription or once erased) and the status "
        "trail. The sending side sees the trail without the receiver's notes.",
        responses={
            200: ReferralDetailSerializer,
            404: OpenApiResponse(
                ApiErrorSerializer, description="No referral of your organisation has this id."
            ),
            **ERRORS,
        },
        tags=["referrals"],
    )
    def get(self, request, pk):
        if pk > MAX_ID:
            raise Http404
        referral = services.referral_for(request.user, pk)
        referral = _with_relations(Referral.objects.filter(pk=referral.pk)).get()
        context = {
            "client": services.client_details(request, referral, purpose="API: referral"),
            "history": services.status_history(request.user, referral),
        }
        return Response(ReferralDetailSerializer(referral, context=context).data)
