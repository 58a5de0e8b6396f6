"""Import services, service locations and organisations from the Finnish Service
Catalogue (PTV open API v11): from a file or folder of JSON, or from the live API."""

from django.core.management.base import BaseCommand

from kohtaamo.catalogue.models import Source
from kohtaamo.interop import services

from ._report import write_report


class Command(BaseCommand):
    help = (
        "Import culture services from PTV (open API v11). Give a JSON file or folder, or "
        "--area Municipality:<code> or --since <date> to read the live API."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="A PTV JSON file or a folder of them.")
        parser.add_argument("--area", help="Read the live API for an area, e.g. Municipality:091.")
        parser.add_argument("--since", help="Read the live API for changes since a date (ISO).")
        parser.add_argument("--url", help="The API's base address (default: settings.PTV_API_URL).")

    def handle(self, *args, **options):
        run = services.run_import(
            Source.PTV,
            {
                "path": options["path"],
                "area": options["area"],
                "since": options["since"],
                "url": options["url"],
            },
        )
        write_report(self, run)
        if run.state != run.State.FINISHED:
            raise SystemExit(1)
