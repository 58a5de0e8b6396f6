"""The full-text part of the index, which each database keeps in its own way.

SQLite: an FTS5 table of analysed words, its rowid the document's id. Diacritics are
kept: "ä" and "a" are different letters in Finnish (PostgreSQL's 'simple' does the same).
PostgreSQL: a tsvector column (name words weighted A, the rest B) and GIN indexes over it
and over the facet tags.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "name, body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_FORWARD = [
    # Byte order, as on SQLite: the sort key is built to sort Finnish that way.
    'ALTER TABLE search_document ALTER COLUMN sort_name TYPE varchar(200) COLLATE "C"',
    "ALTER TABLE search_document ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_document_tsv ON search_document USING gin (tsv)",
    "CREATE INDEX search_document_tags ON search_document USING gin (tags)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_tags",
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS tsv",
]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements.get(vendor, ()):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
