"""The buyers' daily run: close calls for offers whose deadline has passed and e-mail
each person the new services matching their saved searches. Run it once a day (cron,
a systemd timer or the platform's scheduler): see docs/operations.md."""

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus

from kohtaamo.buyers.tasks import send_alert_digests


class Command(BaseCommand):
    help = (
        "Close calls for offers past their deadline and send the daily saved-search "
        "digests (through the task backend). Run daily."
    )

    def handle(self, *args, **options):
        result = send_alert_digests.enqueue()
        if result.status == TaskResultStatus.SUCCESSFUL:
            done = result.return_value
            self.stdout.write(
                f"Closed {done['calls_closed']} call(s) for offers; "
                f"sent {done['digests_sent']} digest(s)."
            )
        elif result.status == TaskResultStatus.FAILED:
            self.stderr.write("The daily buyers' run failed:")
            for error in result.errors:
                self.stderr.write(error.traceback)
            raise SystemExit(1)
        else:
            self.stdout.write(f"Enqueued the daily buyers' run as task {result.id}.")
