"""The referrals' daily run: remind receivers of near deadlines, expire and return
overdue referrals, erase personal data past the retention period and delete drafts
never sent. Run it once a day (cron, a systemd timer): see docs/operations.md."""

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus

from kohtaamo.referrals.tasks import DAILY


class Command(BaseCommand):
    help = (
        "Enqueue the referrals' daily work (deadline reminders, expiry and returns, "
        "retention erasure, old drafts) through the task backend. Run daily."
    )

    def handle(self, *args, **options):
        failed = False
        for daily_task in DAILY:
            result = daily_task.enqueue()
            name = daily_task.name
            if result.status == TaskResultStatus.SUCCESSFUL:
                self.stdout.write(f"{name}: {result.return_value}")
            elif result.status == TaskResultStatus.FAILED:
                failed = True
                self.stderr.write(f"{name} failed:")
                for error in result.errors:
                    self.stderr.write(error.traceback)
            else:
                self.stdout.write(f"{name}: enqueued as task {result.id}")
        if failed:
            raise SystemExit(1)
