"""The documents' age ranges in PostgreSQL's word and tag indexes, by age band.

An age filter was checked on every row the index gave: "older people" with age 16 read
40,000 events from the table to find none (110 ms), and the facet count beside it ran
out of its budget. ``search_age_bands(age_min, age_max)`` is the lower ends of the bands
(``models.AGE_BANDS``, frozen here) that a range overlaps; as a third column of the
indexes it narrows an age filter to its band's documents inside the index scan, and the
exact check is left to those. The bands are few and wide, so a document has at most
seven keys, and an open range (all ages) all of them.
"""

from django.db import migrations

BANDS = (0, 7, 13, 18, 30, 65, 75)


def _bands_function():
    cases = []
    for index, low in enumerate(BANDS):
        overlaps = [f"(age_max IS NULL OR age_max >= {low})"]
        if index + 1 < len(BANDS):
            overlaps.append(f"(age_min IS NULL OR age_min < {BANDS[index + 1]})")
        cases.append(f"CASE WHEN {' AND '.join(overlaps)} THEN {low} END")
    # One plain expression: PostgreSQL inlines it, in the index and in the queries alike.
    return (
        "CREATE FUNCTION search_age_bands(age_min smallint, age_max smallint) "
        "RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
        f"SELECT array_remove(ARRAY[{', '.join(cases)}]::integer[], NULL) $$"
    )


BANDS_COLUMN = "search_age_bands(age_min, age_max)"
INDEXES = {
    "search_document_service_words": ("tsv", 1),
    "search_document_event_words": ("tsv", 2),
    "search_document_service_names": ("ts_filter(tsv, '{a}')", 1),
    "search_document_event_names": ("ts_filter(tsv, '{a}')", 2),
}


def _indexes(with_bands):
    statements = []
    for name, (words, kind) in INDEXES.items():
        columns = f"{words}, tags, {BANDS_COLUMN}" if with_bands else f"{words}, tags"
        statements += [
            f"DROP INDEX IF EXISTS {name}",
            f"CREATE INDEX {name} ON search_document USING gin ({columns}) WHERE kind = {kind}",
        ]
    return statements


POSTGRES_FORWARD = [_bands_function(), *_indexes(with_bands=True)]
POSTGRES_BACKWARD = [
    *_indexes(with_bands=False),
    "DROP FUNCTION IF EXISTS search_age_bands(smallint, smallint)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0006_name_word_indexes")]

    operations = [migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD))]
