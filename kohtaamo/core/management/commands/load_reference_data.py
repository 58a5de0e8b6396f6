from django.core.management.base import BaseCommand

from kohtaamo.core.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the reference data shipped with Kohtaamo (counties, municipalities, steps of "
        "cultural wellbeing, art forms, target groups, languages, accessibility features, "
        "funding sources). Existing items keep their admin edits unless --overwrite is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Reset edited items to the shipped names and descriptions.",
        )

    def handle(self, *args, overwrite=False, **options):
        report = load_reference_data(overwrite=overwrite)
        for line in report.lines():
            self.stdout.write(line)
