"""Request handling shared by every page and API."""

import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

log = logging.getLogger("kohtaamo.requests")

# The public, read-only answers other sites may fetch from the browser (decision 0031):
# the catalogue API, HSDS and the calendar feeds. The referral API is not among them.
PUBLIC_READ_ONLY = {
    "catalogue_api:services",
    "catalogue_api:service",
    "catalogue_api:events",
    "catalogue_api:event",
    "catalogue:search_ics",
    "catalogue:event_ics",
}
PUBLIC_NAMESPACES = {"hsds"}


def _field_count(data: str) -> int:
    return sum(1 for part in data.split("&") if part) if data else 0


class TooManyFieldsMiddleware:
    """More query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS: a 400 and one warning
    line, before anything reads them. Django would raise on the first read of
    ``request.GET``, log an ERROR with a traceback, and with DEBUG on fail again while
    drawing its error page, a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        count = _field_count(request.META.get("QUERY_STRING", ""))
        if limit is not None and count > limit:
            log.warning(
                "Refused %s %s: %d query parameters, more than %d",
                request.method,
                request.path[:200],
                count,
                limit,
            )
            message = _("The address has too many parameters (at most %(limit)s).") % {
                "limit": limit
            }
            if request.path.startswith("/api/"):
                response = JsonResponse(
                    {"detail": message, "code": "too_many_parameters"}, status=400
                )
            else:
                response = HttpResponse(
                    message, status=400, content_type="text/plain; charset=utf-8"
                )
            # The line above says why; Django's own "Bad Request" line would only repeat it.
            response._has_been_logged = True
            return response
        return self.get_response(request)


def _is_public(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in PUBLIC_READ_ONLY or bool(set(match.namespaces) & PUBLIC_NAMESPACES)


class PublicCorsMiddleware:
    """``Access-Control-Allow-Origin: *`` on the public read-only APIs and feeds, so other
    sites can use them from the browser: reading only (GET, HEAD), never with the
    visitor's cookies, so nothing personal can be read across sites."""

    HEADERS = {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "Content-Language, Retry-After",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = _is_public(request.path_info)
        if (
            public
            and request.method == "OPTIONS"
            and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
        ):
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        if public:
            for header, value in self.HEADERS.items():
                response[header] = value
        return response
