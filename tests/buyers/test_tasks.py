"""The daily run through the production task backend: the command only enqueues, and
the database worker (``manage.py db_worker``) sends the digest."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kohtaamo.buyers.models import SavedSearch
from tests import factories
from tests.catalogue import content

# The worker closes and reopens database connections as a long-running process should,
# so the test cannot hide its rows in a transaction; serialized rollback puts the
# reference data back afterwards (see tests/e2e/conftest.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_command_enqueues_and_the_database_worker_sends(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    owner = factories.user(preferred_language="fi")
    SavedSearch.objects.create(
        owner=owner,
        name="Musiikki",
        query="art_form=music",
        last_sent_at=timezone.now() - timedelta(hours=1),
    )
    content.service("Laulupiiri", art_forms=("music",))

    out = StringIO()
    call_command("send_alert_digests", stdout=out)
    assert "Enqueued" in out.getvalue()
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    assert len(mail.outbox) == 1
    assert "Laulupiiri" in mail.outbox[0].body and mail.outbox[0].to == [owner.email]
