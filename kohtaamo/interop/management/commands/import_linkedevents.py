"""Import events, their places and organisers from a Linked Events API or file."""

from django.core.management.base import BaseCommand

from kohtaamo.catalogue.models import Source
from kohtaamo.interop import services

from ._report import write_report


class Command(BaseCommand):
    help = (
        "Import events from Linked Events. Give a JSON file or folder of pages, or an "
        "address (the API root or an event query); --since reads only changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source", nargs="?", help="A JSON file or folder, or an http(s) address."
        )
        parser.add_argument("--since", help="Only events changed since this date or time (ISO).")

    def handle(self, *args, **options):
        source = options["source"] or ""
        is_url = source.startswith(("http://", "https://"))
        run = services.run_import(
            Source.LINKED_EVENTS,
            {
                "path": "" if is_url or not source else source,
                "url": source if is_url else "",
                "since": options["since"],
            },
        )
        write_report(self, run)
        if run.state != run.State.FINISHED:
            raise SystemExit(1)
