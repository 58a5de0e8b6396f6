"""Send the webhook deliveries whose next attempt is due (retries after a failure).
Run it every few minutes (cron or a systemd timer): see docs/operations.md."""

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus

from kohtaamo.integrations.tasks import deliver_due_webhooks


class Command(BaseCommand):
    help = "Enqueue the webhook deliveries that are due to be sent or retried."

    def handle(self, *args, **options):
        result = deliver_due_webhooks.enqueue()
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"Enqueued {result.return_value['enqueued']} delivery(ies).")
        elif result.status == TaskResultStatus.FAILED:
            self.stderr.write("Enqueuing webhook deliveries failed:")
            for error in result.errors:
                self.stderr.write(error.traceback)
            raise SystemExit(1)
        else:
            self.stdout.write(f"Enqueued the webhook run as task {result.id}.")
