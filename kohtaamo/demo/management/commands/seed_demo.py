from django.core.management.base import BaseCommand
from django.utils import translation

from kohtaamo import demo


class Command(BaseCommand):
    help = (
        "Create or refresh the demo network: organisations in three wellbeing services "
        "counties and one account for every role, all with the documented demo password. "
        "Safe to run again; refuses to run in production."
    )

    def handle(self, *args, **options):
        # English, as the README that explains the output.
        with translation.override("en"):
            demo.seed(stdout=self.stdout)
