from django.core.management.base import BaseCommand

from kohtaamo.core.diagrams import document


class Command(BaseCommand):
    help = "Print the state diagrams drawn from the state tables (docs/state-diagrams.md)."

    def handle(self, *args, **options):
        self.stdout.write(document(), ending="")
