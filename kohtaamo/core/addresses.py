"""The caller's network address, the same for the audit log, the login lockout and every
rate limit.

Behind ``TRUSTED_PROXY_COUNT`` proxies the address is the one the outermost trusted proxy
saw: each proxy appends the address that connected to it to ``X-Forwarded-For``, so the
N-th entry from the right is the client and anything left of it may be forged.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address(request) -> str | None:
    if request is None:
        return None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            address = _valid(hops[-proxies])
            if address:
                return address
    return request.META.get("REMOTE_ADDR") or None
