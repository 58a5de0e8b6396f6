"""The site's 404 handler: JSON under /api/, the usual page everywhere else.

An API address that matches no URL pattern (``/api/v1/services/abc/`` where an id must
be a number) never reaches a DRF view; without this, an API client would get an HTML
page where its schema promises JSON.
"""

from django.http import JsonResponse
from django.utils.translation import gettext
from django.views import defaults


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        # Both shapes our APIs document for 404: DRF's ``detail`` (catalogue, HSDS) and
        # ``code`` with ``errors`` (the referrals API).
        body = {"detail": gettext("Not found."), "code": "not_found", "errors": {}}
        return JsonResponse(body, status=404)
    return defaults.page_not_found(request, exception)
