"""Business actions of imports: run one, roll one back, resolve a conflict.

A run writes every record in its own savepoint inside one transaction, and indexes what
changed for search when it ends. An API is read whole before anything is written; a
file is read as a stream inside the transaction (:mod:`.reading`), so one that does not
parse, or an API that does not answer, still imports nothing.
"""

from collections.abc import Container, Iterable
from datetime import timedelta
from types import ModuleType
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.tasks import TaskResult
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kohtaamo.accounts.models import Organisation, User
from kohtaamo.catalogue.models import Event, Source
from kohtaamo.search.index import deferred_indexing

from . import fields as F
from . import http, linkedevents, ptv_v11, reading
from .engine import Importer, InputError, Mapping
from .models import Conflict, ExternalRecord, ImportChange, ImportRun

SOURCES: dict[str, ModuleType] = {Source.PTV: ptv_v11, Source.LINKED_EVENTS: linkedevents}


def _origin(source: str, options: dict[str, Any]) -> str:
    if options.get("path"):
        return str(options["path"])
    if source == Source.PTV:
        base = options.get("url") or settings.PTV_API_URL
        if options.get("area"):
            return f"{base} {options['area']}"
        return f"{base} since {options.get('since')}"
    return options.get("url") or settings.LINKED_EVENTS_API_URL


def _read(source: str, options: dict[str, Any], mapping: Mapping) -> Iterable[Any]:
    """Every record of the run: a file as a stream (read once per step of the import),
    an API's answers read and parsed before anything is written."""
    if options.get("path"):
        module = SOURCES[source]
        return reading.Files(options["path"], module.records_in, module.LIST_KEY)
    if source == Source.PTV:
        area = None
        if options.get("area"):
            area_type, _sep, code = options["area"].partition(":")
            if not area_type or not code:
                raise InputError(
                    gettext_noop("Give the area as Type:code, such as Municipality:091.")
                )
            area = (area_type, code)
        elif not options.get("since"):
            raise InputError(gettext_noop("Give a file, an area or a date to import since."))
        return ptv_v11.fetch(
            options.get("url") or settings.PTV_API_URL,
            http.get_json,
            mapping,
            area=area,
            since=options.get("since"),
        )
    return linkedevents.fetch(
        options.get("url") or settings.LINKED_EVENTS_API_URL,
        http.get_json,
        since=options.get("since"),
    )


def run_import(
    source: str,
    options: dict[str, Any],
    user: User | None = None,
    rerun_of: ImportRun | None = None,
) -> ImportRun:
    """Import from ``source`` (``ptv`` or ``linkedevents``) with ``options``: ``path``
    (a file or folder), or ``url`` with ``area``/``since``. Returns the ImportRun."""
    source = Source(source)
    options = {key: value for key, value in options.items() if value}
    fail_stale_runs()
    run = ImportRun.objects.create(
        source=source,
        origin=_origin(source, options)[:1000],
        options=options,
        started_by=user if getattr(user, "pk", None) else None,
        rerun_of=rerun_of,
    )
    importer = Importer(run)
    try:
        mapping = Mapping()
        records = _read(source, options, mapping)
        with transaction.atomic(), deferred_indexing():
            SOURCES[source].import_records(records, importer, mapping)
            importer.finish()
    except InputError as error:
        run.state = ImportRun.State.FAILED
        run.error = {"message": error.message, "params": _plain(error.params)}
    except Exception as error:
        # A fault of ours, not of the input: the run says so, and the traceback goes on
        # to the log (or the task's result) for the operator.
        run.state = ImportRun.State.FAILED
        run.error = {
            "message": gettext_noop("The import stopped on an unexpected error: %(error)s"),
            "params": {"error": f"{type(error).__name__}: {error}"[:300]},
        }
        run.finished_at = timezone.now()
        run.save()
        raise
    else:
        run.state = ImportRun.State.FINISHED
    report = importer.report
    if run.state == ImportRun.State.FAILED:
        report.counts = dict.fromkeys(report.counts, 0)
        report.problems = []
    run.counts = {**report.counts, "unlisted": report.unlisted}
    run.problems = report.problems
    run.finished_at = timezone.now()
    run.save()
    return run


def fail_stale_runs() -> int:
    """Mark failed the runs still "running" long after they started.

    A run writes in one transaction, so a run whose process was killed imported nothing;
    only its row, written before the transaction, is left saying "running", and the
    admin offers no re-run of a running import. Checked when a run starts and when the
    runs are shown. Returns how many were marked."""
    minutes = settings.IMPORT_RUN_STALE_MINUTES
    now = timezone.now()
    return ImportRun.objects.filter(
        state=ImportRun.State.RUNNING, started_at__lt=now - timedelta(minutes=minutes)
    ).update(
        state=ImportRun.State.FAILED,
        finished_at=now,
        error={
            "message": gettext_noop(
                "The run did not finish within %(minutes)s minutes (its process was "
                "probably stopped); nothing of it was imported. Run it again."
            ),
            "params": {"minutes": minutes},
        },
    )


def _plain(params: dict[str, Any]) -> dict[str, int | float | str]:
    return {
        key: value if isinstance(value, int | float) else str(value)
        for key, value in params.items()
    }


def rerun(run: ImportRun, user: User) -> TaskResult:
    """Run ``run``'s import again with the same options, as a background task: the
    task's result (the new run's id and counts, once it has run) is returned."""
    from .tasks import TASKS

    if not user.has_perm("interop.rerun_importrun", run):
        raise PermissionDenied
    return TASKS[Source(run.source)].enqueue(run.options, user_id=user.pk, rerun_of=run.pk)


# ---------------------------------------------------------------------------- rollback


def _later_runs(run: ImportRun, changes: Iterable[ImportChange]) -> list[ImportRun]:
    touched = {(change.content_type_id, change.object_id) for change in changes}
    later = ImportChange.objects.filter(
        run__id__gt=run.pk,
        run__state=ImportRun.State.FINISHED,
        object_id__in={object_id for _, object_id in touched},
    ).select_related("run")
    return sorted(
        {c.run for c in later if (c.content_type_id, c.object_id) in touched}, key=lambda r: r.pk
    )


def _has_other_dependents(obj: Model, created: Container[tuple[int, int]]) -> bool:
    """Whether deleting ``obj`` would take rows this run did not create with it."""
    if isinstance(obj, Organisation):
        if obj.units.exists() or obj.memberships.exists():
            return True
        related = [obj.services.all(), obj.events.all(), obj.places.all()]
    elif isinstance(obj, Event):
        related = [obj.sub_events.all()]
    else:
        return False
    for queryset in related:
        content_type = ContentType.objects.get_for_model(queryset.model)
        for pk in queryset.values_list("pk", flat=True):
            if (content_type.pk, pk) not in created:
                return True
    return False


def rollback(run: ImportRun, user: User) -> ImportRun:
    """Undo what ``run`` did: delete the rows it created and put back the values it
    changed. A value someone has changed since the run is kept (and counted)."""
    if not user.has_perm("interop.rollback_importrun", run):
        raise PermissionDenied
    with transaction.atomic(), deferred_indexing():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.state != ImportRun.State.FINISHED:
            raise ValidationError(_("Only a finished import can be rolled back."), code="state")
        changes = list(run.changes.select_related("content_type", "record").order_by("-id"))
        later = _later_runs(run, changes)
        if later:
            raise ValidationError(
                _("Later imports changed the same records; roll them back first: %(runs)s")
                % {"runs": ", ".join(f"#{r.pk}" for r in later)},
                code="later",
            )
        created = {
            (c.content_type_id, c.object_id)
            for c in changes
            if c.action == ImportChange.Action.CREATED
        }
        kept = 0
        for change in changes:
            model = change.content_type.model_class()
            assert model is not None  # an import writes only installed models
            obj = model._default_manager.filter(pk=change.object_id).first()
            if change.action == ImportChange.Action.CREATED:
                if obj is not None and _has_other_dependents(obj, created):
                    kept += 1
                    continue
                if obj is not None:
                    obj.delete()
                if change.record_id:
                    ExternalRecord.objects.filter(pk=change.record_id).delete()
                continue
            if obj is None:
                continue
            restored = [
                name for name in change.before if F.read(obj, name) == change.after.get(name)
            ]
            kept += len(change.before) - len(restored)
            plain = [name for name in restored if F.write_plain(obj, name, change.before[name])]
            if plain:
                obj.save()
            for name in restored:
                if F.is_many(model, name):
                    F.write_many(obj, name, change.before[name])
            record = change.record
            if record is not None:
                for name in restored:
                    if name not in F.FIELDS[model]:
                        continue
                    if name in change.imported_before:
                        record.imported[name] = change.imported_before[name]
                    else:
                        record.imported.pop(name, None)
                record.save(update_fields=["imported"])
        # Records this run linked to rows that existed before it (adopted by business ID).
        ExternalRecord.objects.filter(first_run=run).exclude(
            pk__in=[c.record_id for c in changes if c.action == ImportChange.Action.CREATED]
        ).delete()
        Conflict.objects.filter(run=run, resolved_at=None).delete()
        run.state = ImportRun.State.ROLLED_BACK
        run.rolled_back_at = timezone.now()
        run.rolled_back_by = user if getattr(user, "pk", None) else None
        run.counts = {**run.counts, "kept_on_rollback": kept}
        run.save()
    return run


# ---------------------------------------------------------------------------- conflicts


def resolve_conflict(conflict: Conflict, resolution: str, user: User) -> Conflict:
    """Keep the local value, or take the imported one, for one conflicting field."""
    resolution = Conflict.Resolution(resolution)
    if not user.has_perm("interop.change_conflict", conflict):
        raise PermissionDenied
    with transaction.atomic():
        conflict = Conflict.objects.select_for_update().select_related("record").get(pk=conflict.pk)
        if conflict.resolved_at is not None:
            raise ValidationError(_("This conflict is already resolved."), code="resolved")
        record = conflict.record
        obj = record.target
        if obj is None:
            raise ValidationError(_("The record no longer exists."), code="gone")
        name = conflict.field
        if resolution == Conflict.Resolution.TAKE_IMPORTED:
            if F.write_plain(obj, name, conflict.imported_value):
                obj.full_clean(validate_unique=False, validate_constraints=False)
                obj.save()
            else:
                F.write_many(obj, name, conflict.imported_value)
        # Either way the imported value is now the one seen: the next run leaves the
        # field alone until the source changes it again.
        record.imported[name] = conflict.imported_value
        record.save(update_fields=["imported"])
        conflict.resolution = resolution
        conflict.resolved_at = timezone.now()
        conflict.resolved_by = user if getattr(user, "pk", None) else None
        conflict.save()
    return conflict
