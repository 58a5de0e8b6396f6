"""Buyers' background work, run through Django's tasks API.

Production runs these on the database backend's worker (``manage.py db_worker``);
elsewhere they run at once where they are enqueued (docs/decisions/0013). The tasks
API has no clock: ``manage.py send_alert_digests``, called daily by cron or a systemd
timer, enqueues the daily work.
"""

from django.tasks import task

from . import services


@task
def send_alert_digests():
    """Close calls past their deadline, then e-mail the saved-search digests."""
    closed = services.close_expired_calls()
    sent = services.send_alert_digests()
    return {"calls_closed": closed, "digests_sent": sent}


@task
def notify_matching_providers(call_id, site_url=""):
    return services.notify_matching_providers(call_id, site_url)
