"""Deployment checks of Kohtaamo's own (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, register

# Caches that one process keeps to itself: with several workers each counts alone.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.KOHTAAMO_ENV == "production" and backend in PER_PROCESS_CACHES:
        return [
            Error(
                "Production has no shared cache: every worker would count the API "
                "throttles and the login and form limits on its own.",
                hint="Set CACHE_URL to the Redis server, e.g. redis://127.0.0.1:6379/0 "
                "(docs/operations.md).",
                id="kohtaamo.E001",
            )
        ]
    return []
