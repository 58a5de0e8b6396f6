"""Referrals' background work through Django's tasks API (docs/decisions/0013).

``manage.py referral_daily`` enqueues :func:`daily` once a day; a status change enqueues
its notifications in the same transaction as the move.
"""

from django.tasks import task

from . import notify, services


@task
def notify_status_change(change_id):
    return notify.status_changed(change_id)


@task
def daily():
    """Remind receivers of near deadlines, expire and return what is overdue, erase the
    personal data of referrals closed past the retention period, delete old drafts."""
    nudged = services.nudge_receivers()
    deadlines = services.process_deadlines()
    erased = services.erase_closed_personal_data()
    drafts = services.delete_abandoned_drafts()
    return {"nudged": nudged, **deadlines, "erased": erased, "drafts_deleted": drafts}
