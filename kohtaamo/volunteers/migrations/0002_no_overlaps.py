"""What two volunteers accepting at once, or two lenders booking one kit, must never
break, kept by PostgreSQL: one volunteer holds no two overlapping assignments, and one
kit is not lent twice on the same day. SQLite has no exclusion constraints; there the
services check the same rule under a lock (docs/decisions, volunteers)."""

from django.db import migrations

from kohtaamo.core.migration_operations import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]

    operations = [
        PostgresOnlySQL("CREATE EXTENSION IF NOT EXISTS btree_gist", migrations.RunSQL.noop),
        PostgresOnlySQL(
            """
            ALTER TABLE volunteers_assignment
            ADD CONSTRAINT assignment_no_overlap_per_volunteer
            EXCLUDE USING gist (
                volunteer_id WITH =,
                tstzrange(starts_at, ends_at, '[)') WITH &&
            ) WHERE (is_active)
            """,
            "ALTER TABLE volunteers_assignment DROP CONSTRAINT assignment_no_overlap_per_volunteer",
        ),
        PostgresOnlySQL(
            """
            ALTER TABLE volunteers_kitloan
            ADD CONSTRAINT kit_loan_no_overlap
            EXCLUDE USING gist (
                kit_id WITH =,
                daterange(starts_on, ends_on, '[]') WITH &&
            ) WHERE (NOT is_cancelled)
            """,
            "ALTER TABLE volunteers_kitloan DROP CONSTRAINT kit_loan_no_overlap",
        ),
    ]
