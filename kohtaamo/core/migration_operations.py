"""Migration operations that only one database can run.

Some rules only PostgreSQL can keep in the database (exclusion constraints over time
ranges); SQLite, which the demo and the quick tests use, has no such constraint, and
the services check the same rule there under a lock. An operation here does its work
on PostgreSQL and nothing elsewhere, so one migration serves both.
"""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """``RunSQL`` that runs on PostgreSQL only."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
