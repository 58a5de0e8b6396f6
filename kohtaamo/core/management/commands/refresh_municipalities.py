from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kohtaamo.core import statfi


class Command(BaseCommand):
    help = (
        "Refresh the municipalities (Finnish and Swedish names, wellbeing services county) "
        "from Statistics Finland's classification API, as of 1 January of --year. New "
        "municipalities are created, changed names and counties are updated, municipalities "
        "no longer listed (merged) are marked out of use but never deleted, and returning ones "
        "are brought back into use. Names are official data: this overwrites names edited in "
        "the admin (load_reference_data does not). All or nothing: a failure changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            default=timezone.localdate().year,
            help="Use the classification of 1 January of this year (default: this year).",
        )
        parser.add_argument(
            "--api",
            default=settings.KOHTAAMO_CLASSIFICATION_API,
            help="Base address of the classification API (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change without saving anything.",
        )

    def handle(self, *args, year, api, dry_run, **options):
        self._check_arguments(year, api)
        try:
            official = statfi.fetch_municipalities(api, year)
            report = statfi.refresh_municipalities(official, dry_run=dry_run)
        except statfi.ClassificationUnreachable as error:
            raise CommandError(str(error)) from error
        except statfi.ClassificationError as error:
            raise CommandError(f"{error}. Nothing was changed.") from error
        self.stdout.write(
            f"{statfi.classification_id(year)}: {len(official)} municipalities on "
            f"1 January {year} (data: Statistics Finland, CC BY 4.0)"
        )
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")

    def _check_arguments(self, year, api):
        if not 1000 <= year <= 9999:
            raise CommandError(f"--year must be a four-digit year, not {year}.")
        if urlsplit(api).scheme not in ("http", "https"):
            raise CommandError(f"--api must be an http(s) address, not {api!r}.")
