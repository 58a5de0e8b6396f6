from django.core.management.base import BaseCommand

from kohtaamo.outcomes import shipped


class Command(BaseCommand):
    help = "Install the outcome instruments shipped with Kohtaamo (idempotent)."

    def handle(self, *args, **options):
        created = shipped.install()
        self.stdout.write(
            f"{created['instruments']} instruments and {created['scales']} scales created."
        )
