"""Turn culture card bookings not used by the end of their event into no-shows. Run it
hourly (cron, systemd timer or the platform's scheduler): see docs/operations.md."""

from django.core.management.base import BaseCommand

from kohtaamo.cards.services import mark_no_shows


class Command(BaseCommand):
    help = "Mark culture card bookings not used by the end of their event as no-shows."

    def handle(self, *args, **options):
        marked = mark_no_shows()
        self.stdout.write(f"Marked {marked} booking(s) as no-shows.")
