"""The random share's own table (``Sample``), and full-text and tag indexes per kind
(decision 0010).

The share of existing documents is copied, so nothing needs re-indexing. On PostgreSQL
the share has its own ``tsv`` and GIN indexes, and the documents' words and tags share
one GIN index per kind: a search of services reads no posting of an event, one scan
intersects the words with the filters (the planner, misjudging compound words, used to
pick one and check the other on 40,000 rows), and no bitmap of every document of the
kind is added to them.
"""

import django.db.models.deletion
from django.db import migrations, models

SHARE_BOUND = 16
COLUMNS = (
    "id, kind, object_id, sort_name, start, first_day, last_day, age_min, age_max, is_free, "
    "card, sample, tags"
)

POSTGRES_FORWARD = [
    'ALTER TABLE search_sample ALTER COLUMN sort_name TYPE varchar(200) COLLATE "C"',
    "ALTER TABLE search_sample ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector",
    f"INSERT INTO search_sample ({COLUMNS}, tsv) SELECT {COLUMNS}, tsv FROM search_document "  # noqa: S608
    f"WHERE sample < {SHARE_BOUND}",
    "CREATE INDEX search_sample_tsv ON search_sample USING gin (tsv)",
    "CREATE INDEX search_sample_tags ON search_sample USING gin (tags)",
    # One index of words and tags per kind: a single scan of it intersects the words
    # with the filters, whatever the planner guesses of each alone.
    "CREATE INDEX search_document_service_words ON search_document USING gin (tsv, tags) "
    "WHERE kind = 1",
    "CREATE INDEX search_document_event_words ON search_document USING gin (tsv, tags) "
    "WHERE kind = 2",
    "DROP INDEX IF EXISTS search_document_tsv",
    "DROP INDEX IF EXISTS search_document_tags",
]
POSTGRES_BACKWARD = [
    "CREATE INDEX IF NOT EXISTS search_document_tsv ON search_document USING gin (tsv)",
    "CREATE INDEX IF NOT EXISTS search_document_tags ON search_document USING gin (tags)",
    "DROP INDEX IF EXISTS search_document_service_words",
    "DROP INDEX IF EXISTS search_document_event_words",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement)
        return
    schema_editor.execute(
        f"INSERT INTO search_sample ({COLUMNS}) SELECT {COLUMNS} FROM search_document "  # noqa: S608
        f"WHERE sample < {SHARE_BOUND}"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_small_share_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="Sample",
            fields=[
                (
                    "document",
                    models.OneToOneField(
                        db_column="id",
                        on_delete=django.db.models.deletion.DB_CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="search.document",
                    ),
                ),
                ("kind", models.PositiveSmallIntegerField(choices=[(1, "service"), (2, "event")])),
                ("object_id", models.BigIntegerField()),
                ("sort_name", models.CharField(blank=True, max_length=200)),
                ("start", models.DateTimeField(null=True)),
                ("first_day", models.DateField(null=True)),
                ("last_day", models.DateField(null=True)),
                ("age_min", models.PositiveSmallIntegerField(null=True)),
                ("age_max", models.PositiveSmallIntegerField(null=True)),
                ("is_free", models.BooleanField(default=False)),
                ("card", models.BooleanField(default=False)),
                ("sample", models.PositiveSmallIntegerField(default=0)),
                ("tags", models.JSONField(default=list)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["kind", "sample"], name="search_sample_kind_sample")
                ],
            },
        ),
        migrations.RemoveIndex(
            model_name="document",
            name="search_doc_small_share",
        ),
        migrations.RunPython(forward, backward),
    ]
