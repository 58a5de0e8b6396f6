"""Volunteers' scheduled work, run through Django's tasks API (docs/decisions/0013):
``manage.py volunteer_reminders``, called by cron every 15 minutes or so, enqueues it."""

from django.tasks import task

from . import services


@task
def volunteer_reminders():
    """Requests unfilled at their deadline first, then reminders 48 hours before."""
    unfilled = services.alert_unfilled()
    reminded = services.send_reminders()
    return {"unfilled": unfilled, "reminded": reminded}
