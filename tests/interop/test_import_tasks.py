"""Imports as background tasks, and the scheduled run that enqueues them."""

import pytest
from django.core.management import call_command

from kohtaamo.catalogue.models import Event, Service, Source
from kohtaamo.interop.models import ImportRun
from kohtaamo.interop.tasks import import_linkedevents, import_ptv

from .importing import LINKED_EVENTS_FILE, PTV_DIR, mark_relevant
from .test_import_http import api, serve_linked_events, serve_ptv  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_the_ptv_task_imports_and_returns_the_counts():
    mark_relevant("P6")

    result = import_ptv.enqueue({"path": str(PTV_DIR)})

    assert result.return_value["created"] == 5
    run = ImportRun.objects.get(pk=result.return_value["run"])
    assert run.source == Source.PTV
    assert Service.objects.filter(source=Source.PTV).count() == 2


def test_the_linked_events_task_imports():
    result = import_linkedevents.enqueue({"path": str(LINKED_EVENTS_FILE)})
    assert result.return_value["state"] == ImportRun.State.FINISHED
    assert Event.objects.count() == 6


def test_scheduled_imports_run_the_configured_areas_and_query(api, settings, capsys):  # noqa: F811
    settings.PTV_API_URL = serve_ptv(api)
    settings.PTV_IMPORT_AREAS = ["Municipality:491"]
    settings.LINKED_EVENTS_IMPORT_URL = serve_linked_events(api)
    mark_relevant("P6")

    call_command("run_scheduled_imports")

    out = capsys.readouterr().out
    assert "PTV Municipality:491: import #" in out
    assert Service.objects.filter(source=Source.PTV).count() == 2
    assert Event.objects.filter(source=Source.LINKED_EVENTS).count() == 6
    first = ImportRun.objects.get(source=Source.LINKED_EVENTS)

    # The next scheduled run asks Linked Events only for what changed since the last one.
    call_command("run_scheduled_imports")
    since = first.started_at.isoformat()
    asked = [
        r for r in api.requests if r.startswith("/linkedevents/") and "last_modified_since" in r
    ]
    assert asked
    assert ImportRun.objects.filter(source=Source.LINKED_EVENTS).count() == 2
    assert ImportRun.objects.filter(source=Source.LINKED_EVENTS).first().options["since"] == since


def test_nothing_is_scheduled_without_settings(settings, capsys):
    settings.PTV_IMPORT_AREAS = []
    settings.LINKED_EVENTS_IMPORT_URL = ""
    call_command("run_scheduled_imports")
    assert "No imports are configured" in capsys.readouterr().out
    assert not ImportRun.objects.exists()
