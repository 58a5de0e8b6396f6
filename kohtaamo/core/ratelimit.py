"""Counting requests in the shared cache (docs/decisions/0037-shared-cache-and-limits.md).

Every limit — the APIs' throttles, failed logins per address, the public "ask for a
culture advisor" form — counts here, in fixed windows with the cache's atomic
increment, so several workers (and several machines on one Redis) share one count and
no two requests can both read "one left".
"""

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache
from redis.exceptions import RedisError
from rest_framework import throttling

from .addresses import client_address

PREFIX = "limit"
log = logging.getLogger(__name__)
CACHE_DOWN = (RedisError, OSError)


@dataclass(frozen=True)
class Count:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'5/hour' → (5, 3600), as DRF writes rates."""
    number, period = rate.split("/")
    return int(number), PERIODS[period.strip()[0]]


def _window(name: str, window: int) -> tuple[str, int]:
    now = time.time()
    start = int(now // window) * window
    return f"{PREFIX}:{name}:{window}:{start}", max(1, int(start + window - now + 0.999))


def hit(name: str, limit: int, window: int) -> Count:
    """Count one more event for ``name``; allowed while the window's count is ≤ ``limit``."""
    key, left = _window(name, window)
    try:
        cache.add(key, 0, timeout=window + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, timeout=window + 5)
            count = 1
    except CACHE_DOWN as error:
        # A cache that does not answer must not take the service down with it: the
        # request goes through uncounted, and the operator sees why.
        log.warning("Rate limit %s not counted: the cache did not answer (%s)", name, error)
        return Count(True, 0, left)
    return Count(count <= limit, count, left)


def peek(name: str, limit: int, window: int) -> Count:
    """The window's count without adding to it: is one more still allowed?"""
    key, left = _window(name, window)
    try:
        count = cache.get(key) or 0
    except CACHE_DOWN as error:
        log.warning("Rate limit %s not read: the cache did not answer (%s)", name, error)
        count = 0
    return Count(count < limit, count, left)


class FixedWindowThrottle(throttling.SimpleRateThrottle):
    """DRF's rate throttles on :func:`hit` instead of a read-then-write request history,
    which lets through every request that reads the history before another writes it."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.counted = hit(self.key, self.num_requests, self.duration)
        return self.counted.allowed

    def wait(self):
        return self.counted.retry_after

    def get_ident(self, request):
        return client_address(request) or ""


class AddressRateThrottle(FixedWindowThrottle, throttling.AnonRateThrottle):
    """The public APIs: requests per client address from anyone not signed in."""
