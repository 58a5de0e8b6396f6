"""A referral's status change reaches the organisations' webhooks.

The deliveries are written in the move's own transaction (a rolled-back move sends
nothing) and handed to the task backend only after it commits, so that a worker never
looks for rows it cannot see yet. The referral services need to know nothing of this.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from kohtaamo.referrals.models import StatusChange

from . import services


def _enqueue(delivery_ids):
    from .tasks import deliver_webhook

    for delivery_id in delivery_ids:
        deliver_webhook.enqueue(delivery_id)


@receiver(post_save, sender=StatusChange, dispatch_uid="integrations_status_change_webhooks")
def status_changed(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    deliveries = services.queue_deliveries(instance)
    ids = [delivery.pk for delivery in deliveries if delivery.pk]
    if ids:
        transaction.on_commit(partial(_enqueue, ids))
