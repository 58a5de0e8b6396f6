from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

# Session settings for every PostgreSQL connection (decision 0010): no JIT compilation
# (it costs tens of milliseconds and pays off only for long analytical queries, never for
# a search); no parallel workers (a request's query is short, and on a small server the
# workers take the cores other requests need); and room for a search's bitmaps to stay
# exact (with the default 4 MB a bitmap of a common word turns lossy and every row of its
# pages is checked again).
POSTGRES_SESSION = "SET jit = off; SET max_parallel_workers_per_gather = 0; SET work_mem = '32MB'"


def _configure_session(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(POSTGRES_SESSION)


class SearchConfig(AppConfig):
    name = "kohtaamo.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import signals  # noqa: F401

        connection_created.connect(_configure_session, dispatch_uid="search_session")
