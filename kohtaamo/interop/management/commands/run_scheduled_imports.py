"""The scheduled imports: each PTV area in settings.PTV_IMPORT_AREAS, and the Linked
Events query in settings.LINKED_EVENTS_IMPORT_URL (only what changed since its last
finished run). Call it from cron or a systemd timer (docs/operations.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus

from kohtaamo.catalogue.models import Source
from kohtaamo.interop.models import ImportRun
from kohtaamo.interop.tasks import import_linkedevents, import_ptv


class Command(BaseCommand):
    help = "Enqueue the imports configured in settings (PTV areas, a Linked Events query)."

    def handle(self, *args, **options):
        enqueued = []
        for area in settings.PTV_IMPORT_AREAS:
            enqueued.append((f"PTV {area}", import_ptv.enqueue({"area": area})))
        if settings.LINKED_EVENTS_IMPORT_URL:
            last = (
                ImportRun.objects.filter(
                    source=Source.LINKED_EVENTS,
                    state=ImportRun.State.FINISHED,
                    options__url=settings.LINKED_EVENTS_IMPORT_URL,
                )
                .order_by("-started_at")
                .first()
            )
            since = last.started_at.isoformat() if last else ""
            enqueued.append(
                (
                    "Linked Events",
                    import_linkedevents.enqueue(
                        {"url": settings.LINKED_EVENTS_IMPORT_URL, "since": since}
                    ),
                )
            )
        if not enqueued:
            self.stdout.write(
                "No imports are configured (PTV_IMPORT_AREAS, LINKED_EVENTS_IMPORT_URL)."
            )
        failed = False
        for name, result in enqueued:
            if result.status == TaskResultStatus.SUCCESSFUL:
                done = result.return_value
                self.stdout.write(f"{name}: import #{done['run']} {done['state']}.")
                failed = failed or done["state"] != ImportRun.State.FINISHED
            elif result.status == TaskResultStatus.FAILED:
                failed = True
                self.stderr.write(f"{name}: the task failed.")
                for error in result.errors:
                    self.stderr.write(error.traceback)
            else:
                self.stdout.write(f"{name}: enqueued as task {result.id}.")
        if failed:
            raise SystemExit(1)
