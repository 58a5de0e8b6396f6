"""Webhook deliveries, run through Django's tasks API (docs/decisions/0013, 0018).

A status change enqueues one task per delivery once its transaction has committed. A
failed attempt is tried again after a growing pause: on a backend that can defer work
(the database backend in production) the task enqueues itself for that moment; on one
that cannot (the laptop demo's immediate backend) ``manage.py deliver_webhooks``, run
every few minutes by cron, enqueues what is due. Both paths claim a delivery before
sending it, so it is never sent twice at once.
"""

from django.tasks import task

from . import services
from .models import WebhookDelivery


@task
def deliver_webhook(delivery_id):
    delivery = services.deliver(delivery_id)
    if delivery is None:
        return {"sent": False}
    if (
        delivery.status == WebhookDelivery.Status.PENDING
        and deliver_webhook.get_backend().supports_defer
    ):
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return {"sent": True, "status": delivery.status, "response_code": delivery.response_code}


@task
def deliver_due_webhooks():
    """Enqueue every delivery whose next attempt is due."""
    ids = list(services.due_deliveries().values_list("pk", flat=True)[:1000])
    for delivery_id in ids:
        deliver_webhook.enqueue(delivery_id)
    return {"enqueued": len(ids)}
