"""The address Kohtaamo is reached at, for links in e-mails and text messages.

In production ``KOHTAAMO_PUBLIC_URL`` names it. Without it, the address of the request
being answered is used: in development that is the host and port the server was
started with (``make run PORT=8001``), never a guessed ``:8000``. A message sent
outside any request (a scheduled task) without the setting gets links without a host,
which is why production sets it (docs/operations.md).
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost

_request_base: ContextVar[str] = ContextVar("request_base", default="")


def site_url() -> str:
    """``https://host[:port]`` without a trailing slash, or "" when nothing says it."""
    return settings.KOHTAAMO_PUBLIC_URL or _request_base.get()


class SiteUrlMiddleware:
    """Remembers the address of the request being answered for :func:`site_url`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            base = request.build_absolute_uri("/").rstrip("/")
        except DisallowedHost:
            base = ""
        token = _request_base.set(base)
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
