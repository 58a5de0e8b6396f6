"""A referral's status change reaches the organisations' webhooks.

This listens to the referrals' one status-change event
(:data:`kohtaamo.referrals.events.status_changed`), as the referrals' own notifications
do. The deliveries are written in the move's own transaction (a rolled-back move sends
nothing) and handed to the task backend only after it commits, so that a worker never
looks for rows it cannot see yet.
"""

from functools import partial

from django.db import transaction
from django.dispatch import receiver

from kohtaamo.referrals.events import status_changed as referral_status_changed

from . import services


def _enqueue(delivery_ids):
    from .tasks import deliver_webhook

    for delivery_id in delivery_ids:
        deliver_webhook.enqueue(delivery_id)


@receiver(referral_status_changed, dispatch_uid="integrations_status_change_webhooks")
def status_changed(sender, change, **kwargs):
    deliveries = services.queue_deliveries(change)
    ids = [delivery.pk for delivery in deliveries if delivery.pk]
    if ids:
        transaction.on_commit(partial(_enqueue, ids))
