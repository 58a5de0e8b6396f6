from django.core.management.base import BaseCommand

from kohtaamo.search.index import BATCH_SIZE, rebuild


class Command(BaseCommand):
    help = "Re-index every published service and event for search, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, batch_size, verbosity, **options):
        def progress(kind, done, total):
            if verbosity >= 2 or (verbosity >= 1 and done == total):
                self.stdout.write(f"{kind}: {done}/{total}")

        counts = rebuild(batch_size=max(1, batch_size), progress=progress)
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indexed {counts['service']} services and {counts['event']} events."
                )
            )
