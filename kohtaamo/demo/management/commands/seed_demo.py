from django.core.management.base import BaseCommand

from kohtaamo import demo


class Command(BaseCommand):
    help = (
        "Create or refresh the demo network: organisations in three wellbeing services "
        "counties and one account for every role, all with the documented demo password. "
        "Safe to run again; refuses to run in production."
    )

    def handle(self, *args, **options):
        demo.seed(stdout=self.stdout)
