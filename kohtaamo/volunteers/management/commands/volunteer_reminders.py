"""Volunteers' regular run: requests nobody took by their deadline are marked unfilled
(the coordinator alerted, the requester told), and visits in the next 48 hours are
reminded to both sides. Run it every 15 minutes (cron, a systemd timer): each request
is alerted and reminded once, however often it runs (docs/operations.md)."""

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus

from kohtaamo.volunteers.tasks import volunteer_reminders


class Command(BaseCommand):
    help = (
        "Mark companion requests unfilled at their deadline and send the reminders "
        "48 hours before visits (through the task backend). Run every 15 minutes."
    )

    def handle(self, *args, **options):
        result = volunteer_reminders.enqueue()
        if result.status == TaskResultStatus.SUCCESSFUL:
            done = result.return_value
            self.stdout.write(
                f"{done['unfilled']} request(s) past their deadline; "
                f"{done['reminded']} reminder(s) sent."
            )
        elif result.status == TaskResultStatus.FAILED:
            self.stderr.write("The volunteers' run failed:")
            for error in result.errors:
                self.stderr.write(error.traceback)
            raise SystemExit(1)
        else:
            self.stdout.write(f"Enqueued the volunteers' run as task {result.id}.")
