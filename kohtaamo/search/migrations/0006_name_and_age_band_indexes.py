"""PostgreSQL's word and tag indexes also read names alone and age ranges by band.

Names: a name match was the whole tsvector matched with weight A. GIN keeps no weights,
so the word index gave every document with the words anywhere and each was read from
the table to check the weight: 18,000 rows read to find 500 events with
"kulttuuriluotsi" in the name (80 ms). ``ts_filter(tsv, '{a}')`` is the name's words
alone; indexed, the name matches come straight from the index (9 ms). Names are short:
9 MB for services and 35 MB for events at national scale.

Ages: an age filter was checked on every row the index gave: "older people" with age 16
read 40,000 events from the table to find none (110 ms). ``search_age_bands(age_min,
age_max)`` is the lower ends of the bands (``models.AGE_BANDS``, frozen here) that a
range overlaps; as a column of the indexes it narrows an age filter to its band's
documents inside the index scan, and the exact check is left to those. The bands are
few and wide, so a document has at most seven keys, and an open range (all ages) all
of them.

SQLite's FTS5 table has a name column already, and its ages are checked row by row.
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
NAME_WORDS = "ts_filter(tsv, '{a}')"


def _index(name, columns, kind):
    return f"CREATE INDEX {name} ON search_document USING gin ({columns}) WHERE kind = {kind}"


POSTGRES_FORWARD = [_bands_function()]
POSTGRES_BACKWARD = []
for _kind, _number in (("service", 1), ("event", 2)):
    POSTGRES_FORWARD += [
        f"DROP INDEX search_document_{_kind}_words",
        _index(f"search_document_{_kind}_words", f"tsv, tags, {BANDS_COLUMN}", _number),
        _index(f"search_document_{_kind}_names", f"{NAME_WORDS}, tags, {BANDS_COLUMN}", _number),
    ]
    POSTGRES_BACKWARD += [
        f"DROP INDEX search_document_{_kind}_names",
        f"DROP INDEX search_document_{_kind}_words",
        _index(f"search_document_{_kind}_words", "tsv, tags", _number),
    ]
POSTGRES_BACKWARD.append("DROP FUNCTION search_age_bands(smallint, smallint)")


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0005_drop_name_order_index")]

    operations = [migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD))]
