"""Writing big tables fast: COPY, indexes dropped meanwhile, checkpoint and VACUUM.

The Django imports are local: this module is imported before Django is set up.
"""

import math
from contextlib import contextmanager


def apportion(total, weights):
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * weight / weight_sum for weight in weights]
    counts = [math.floor(quota) for quota in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: quotas[i] - counts[i], reverse=True)
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def copy_rows(table, columns, rows, *, chunk=200_000, progress=None):
    """Stream ``rows`` (an iterable of tuples) into ``table`` with COPY; returns the count."""
    from django.db import connection

    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    total = 0
    connection.ensure_connection()
    rows = iter(rows)
    while True:
        written = 0
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
                if written >= chunk:
                    break
        total += written
        if progress and written:
            progress(total)
        if written < chunk:
            return total


@contextmanager
def indexes_dropped(table):
    """Drop ``table``'s plain indexes (not those behind a primary key or unique
    constraint) for a bulk load, and build them again, with the same definitions, after."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [table],
        )
        definitions = cursor.fetchall()
        for name, _ in definitions:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield [name for name, _ in definitions]
    finally:
        with connection.cursor() as cursor:
            for _, definition in definitions:
                cursor.execute(definition)


def checkpoint():
    """Flush dirty pages now, so that a write measurement does not pay for the load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def vacuum_analyze(*tables):
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
