"""Imports as background tasks (docs/decisions/0013 and 0016).

Production runs them on the database backend's worker; ``manage.py
run_scheduled_imports``, called by cron, enqueues the configured ones.
"""

from django.contrib.auth import get_user_model
from django.tasks import task

from kohtaamo.catalogue.models import Source

from . import services
from .models import ImportRun


def _run(source, options, user_id, rerun_of):
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    previous = ImportRun.objects.filter(pk=rerun_of).first() if rerun_of else None
    run = services.run_import(source, options, user=user, rerun_of=previous)
    return {"run": run.pk, "state": run.state, **run.counts}


@task
def import_ptv(options, user_id=None, rerun_of=None):
    return _run(Source.PTV, options, user_id, rerun_of)


@task
def import_linkedevents(options, user_id=None, rerun_of=None):
    return _run(Source.LINKED_EVENTS, options, user_id, rerun_of)


TASKS = {Source.PTV: import_ptv, Source.LINKED_EVENTS: import_linkedevents}
