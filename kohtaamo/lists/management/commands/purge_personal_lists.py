"""Delete personal lists nobody has changed for 90 days. Run it daily (cron, systemd
timer or the platform's scheduler): see docs/operations.md."""

from django.core.management.base import BaseCommand

from kohtaamo.lists.services import RETENTION, purge_old_lists


class Command(BaseCommand):
    help = f"Delete personal lists not changed for {RETENTION.days} days. Run daily."

    def handle(self, *args, **options):
        deleted = purge_old_lists()
        self.stdout.write(f"Deleted {deleted} personal list(s) older than {RETENTION.days} days.")
