"""Shared helpers for the benchmark scenarios, one module per concern.

* :mod:`.context`: pointing Django at the run's database; :class:`Context`, what a
  scenario gets (scale, seeded random numbers, the database, data built by an earlier
  scenario of the same run).
* :mod:`.timing`: :func:`measure` (warm-up, samples, an untimed sanity check per sample),
  :func:`summarize` (p50/p95/p99/mean in milliseconds), :class:`Stopwatch`, :func:`log`.
* :mod:`.bulk`: :func:`copy_rows` streams rows into a table with PostgreSQL's COPY for
  the big tables; indexes dropped meanwhile, checkpoint, VACUUM.
* :mod:`.network`: :func:`build_network` makes the synthetic national network of
  organisations, units, people and memberships with ``bulk_create``.
* :mod:`.postgres`: :func:`explain` (EXPLAIN ANALYZE summary), :func:`run_pgbench`,
  :func:`machine_info`, creating and dropping the run's database.
* :mod:`.workers`: load from several processes at once.

Scenarios use them as ``lib.<name>``. Django is set up by ``bench/run.py`` before any
scenario runs; the Django imports in these modules are local so that the package can be
imported before that.
"""

from .bulk import apportion, checkpoint, copy_rows, indexes_dropped, vacuum_analyze
from .context import Context, setup_django
from .network import Network, build_network
from .postgres import (
    DEFAULT_DATABASE_URL,
    create_database,
    database_url,
    drop_database,
    explain,
    machine_info,
    pgbench_path,
    run_pgbench,
    server_settings,
)
from .timing import SanityError, Stopwatch, log, measure, percentile, sanity, summarize
from .workers import audit_record_worker, run_processes

__all__ = [
    "DEFAULT_DATABASE_URL",
    "Context",
    "Network",
    "SanityError",
    "Stopwatch",
    "apportion",
    "audit_record_worker",
    "build_network",
    "checkpoint",
    "copy_rows",
    "create_database",
    "database_url",
    "drop_database",
    "explain",
    "indexes_dropped",
    "log",
    "machine_info",
    "measure",
    "percentile",
    "pgbench_path",
    "run_pgbench",
    "run_processes",
    "sanity",
    "server_settings",
    "setup_django",
    "summarize",
    "vacuum_analyze",
]
