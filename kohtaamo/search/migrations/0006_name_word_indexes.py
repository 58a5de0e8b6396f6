"""Indexes of the words of names alone, with the tags, per kind (PostgreSQL).

A name match used to be the whole tsvector matched with weight A. GIN keeps no weights,
so the word index gave every document with the words anywhere and each was read from
the table to check the weight: 18,000 rows read to find 500 events with "kulttuuriluotsi"
in the name (80 ms). ``ts_filter(tsv, '{a}')`` is the name's words alone; indexed, the
name matches come straight from the index (9 ms). Names are short: 8 MB for services
and 30 MB for events at national scale. SQLite's FTS5 table has a name column already.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE INDEX search_document_service_names ON search_document "
    "USING gin (ts_filter(tsv, '{a}'), tags) WHERE kind = 1",
    "CREATE INDEX search_document_event_names ON search_document "
    "USING gin (ts_filter(tsv, '{a}'), tags) WHERE kind = 2",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_service_names",
    "DROP INDEX IF EXISTS search_document_event_names",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0005_drop_name_order_index")]

    operations = [migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD))]
