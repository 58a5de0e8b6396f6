"""A search's planner settings last for its own query only (PostgreSQL)."""

import pytest
from django.db import connection, transaction

from kohtaamo.search import sql

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner settings are PostgreSQL's"
)

SETTINGS = {"enable_seqscan": "off", "enable_bitmapscan": "off"}
SHOW = "SELECT current_setting('enable_seqscan'), current_setting('enable_bitmapscan')"


def current():
    with connection.cursor() as cursor:
        cursor.execute(SHOW)
        return cursor.fetchone()


@pytest.mark.django_db
def test_settings_are_undone_inside_a_callers_transaction():
    with transaction.atomic():
        assert sql.fetch_with(SETTINGS, SHOW, []) == [("off", "off")]
        # The caller's transaction goes on: its later queries plan as usual.
        assert current() == ("on", "on")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_settings_end_with_their_own_transaction():
    assert sql.fetch_with(SETTINGS, SHOW, []) == [("off", "off")]
    assert current() == ("on", "on")
