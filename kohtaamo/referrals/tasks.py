"""Referrals' background work through Django's tasks API (docs/decisions/0013).

A status change enqueues its notifications in the same transaction as the move. The
daily work is four tasks, enqueued in order by ``manage.py referrals_daily`` (cron or a
systemd timer, once a day); each is idempotent, so a second run the same day does
nothing twice.
"""

from django.tasks import task

from . import notify, services


@task
def notify_status_change(change_id):
    return notify.status_changed(change_id)


@task
def nudge_receivers():
    """Remind receiving units of referrals whose response deadline is near."""
    return services.nudge_receivers()


@task
def process_deadlines():
    """Expire what passed its expiry; return to the sender what went unanswered."""
    return services.process_deadlines()


@task
def erase_closed_personal_data():
    """Erase the personal data of referrals closed longer than the retention period."""
    return services.erase_closed_personal_data()


@task
def delete_abandoned_drafts():
    """Delete drafts never sent within REFERRAL_DRAFT_DAYS."""
    return services.delete_abandoned_drafts()


DAILY = (nudge_receivers, process_deadlines, erase_closed_personal_data, delete_abandoned_drafts)
