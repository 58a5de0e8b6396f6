"""The part of an import that is the same for every source.

A source module (``ptv_v11``, ``linkedevents``) turns the source's JSON into
:class:`Item` objects: one row to create or update, its fields already in our terms
(see :mod:`.fields`), links to other imported records as :class:`Ref`. This module
writes them, one savepoint each, and remembers what it did for the report and for a
rollback.

The rule that protects local work: a field is written only while its local value still
equals the value last imported. When a local editor has changed it and the source
changes it too, the field becomes a :class:`~.models.Conflict` for a coordinator to
resolve; the local value stays.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from kohtaamo.accounts.models import Organisation
from kohtaamo.catalogue.models import Event, Place, Service
from kohtaamo.catalogue.services import publish_problems, publish_problems_by_field
from kohtaamo.catalogue.states import Move, Status, next_status
from kohtaamo.core.models import Language, Municipality

from . import fields as F
from .models import ClassificationMapping, Conflict, ExternalRecord, ImportChange, ImportRun

MODELS = {
    ExternalRecord.Kind.ORGANISATION: Organisation,
    ExternalRecord.Kind.SERVICE: Service,
    ExternalRecord.Kind.PLACE: Place,
    ExternalRecord.Kind.EVENT: Event,
}
# Problems listed one by one in a run's report; beyond this only counted.
MAX_LISTED = 500
# A long text without a length of its own (descriptions, instructions) is cut here, with
# a line in the report: about ten printed pages, far above any real description, and
# small enough that a record cannot make a page or an API answer megabytes long.
MAX_TEXT = 20_000
OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")


class RecordError(Exception):
    """One record cannot be imported; the message is an English msgid with params."""

    def __init__(self, message, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


class RecordSkipped(RecordError):
    """The record is left alone on purpose (reported as skipped, not failed)."""


class InputError(Exception):
    """The input as a whole cannot be read: nothing is imported."""

    def __init__(self, message, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


@dataclass(frozen=True)
class Ref:
    """Another imported record, by its id at the source."""

    kind: str
    external_id: str


@dataclass
class Item:
    kind: str
    external_id: str
    values: dict
    original: dict = field(default_factory=dict)
    source_modified: str = ""
    # Whether the source shows it to the public (PTV Published, Linked Events public).
    public: bool = True
    warnings: list = field(default_factory=list)
    # An existing local row to adopt instead of creating one (matched by business ID).
    match: dict = field(default_factory=dict)
    # Fields written only after every item of the run (links to records later in it).
    deferred: tuple = ()


class Mapping:
    """The classification mapping table, read once per run."""

    def __init__(self):
        self.rows = {}
        self.municipalities = dict(
            Municipality.objects.filter(is_active=True).values_list("code", "county__code")
        )
        self.languages = set(Language.objects.values_list("code", flat=True))
        self.municipality_names = {}
        for code, name_fi, name_sv in Municipality.objects.filter(is_active=True).values_list(
            "code", "name_fi", "name_sv"
        ):
            for name in (name_fi, name_sv, *name_fi.split(" - ")):
                self.municipality_names.setdefault(name.strip().lower(), code)
        rows = ClassificationMapping.objects.prefetch_related("art_forms", "target_groups", "steps")
        for row in rows:
            self.rows[(row.scheme, row.code.strip().lower())] = {
                "relevant": row.relevant,
                "include_children": row.include_children,
                "art_forms": {item.code for item in row.art_forms.all()},
                "target_groups": {item.code for item in row.target_groups.all()},
                "steps": {item.code for item in row.steps.all()},
            }

    def get(self, scheme, code):
        return self.rows.get((scheme, (code or "").strip().lower()))

    def lookup_class(self, scheme, code):
        """The row for a hierarchical code (P25.2.1 -> P25.2 -> P25), nearest first."""
        found = self.get(scheme, code)
        if found is not None:
            return found
        parts = (code or "").split(".")
        while len(parts) > 1:
            parts.pop()
            row = self.get(scheme, ".".join(parts))
            if row is not None and row["include_children"]:
                return row
        return None


class Report:
    def __init__(self):
        self.counts = dict.fromkeys(OUTCOMES, 0)
        self.counts["conflicts"] = 0
        self.problems = []
        self.unlisted = 0

    def add(self, outcome, kind="", external_id="", message="", params=None):
        if outcome in self.counts:
            self.counts[outcome] += 1
        if not message:
            return
        if len(self.problems) >= MAX_LISTED:
            self.unlisted += 1
            return
        self.problems.append(
            {
                "outcome": outcome,
                "kind": kind,
                "id": external_id,
                "message": message,
                "params": params or {},
            }
        )


class Importer:
    def __init__(self, run: ImportRun):
        self.run = run
        self.source = run.source
        self.report = Report()
        self.records: dict[tuple[str, str], ExternalRecord | None] = {}
        self._pending: list[Item] = []

    # ------------------------------------------------------------------ look-ups

    def record(self, kind, external_id):
        key = (kind, external_id)
        if key not in self.records:
            self.records[key] = ExternalRecord.objects.filter(
                source=self.source, kind=kind, external_id=external_id
            ).first()
        return self.records[key]

    def exists(self, kind, external_id):
        return self.record(kind, external_id) is not None

    def resolve(self, value):
        if isinstance(value, Ref):
            record = self.record(value.kind, value.external_id)
            return record.object_id if record else None
        if isinstance(value, list | tuple | set) and value and isinstance(next(iter(value)), Ref):
            ids = (self.resolve(ref) for ref in value)
            return sorted({pk for pk in ids if pk is not None})
        return value

    # ------------------------------------------------------------------ writing

    def add(self, item: Item):
        """Import one item inside its own savepoint; a failure rolls back only it."""
        try:
            with transaction.atomic():
                outcome = self._upsert(item)
        except RecordSkipped as error:
            self.report.add("skipped", item.kind, item.external_id, error.message, error.params)
            return "skipped"
        except RecordError as error:
            self.records.pop((item.kind, item.external_id), None)
            self.report.add("failed", item.kind, item.external_id, error.message, error.params)
            return "failed"
        except ValidationError as error:
            self.records.pop((item.kind, item.external_id), None)
            self.report.add(
                "failed",
                item.kind,
                item.external_id,
                gettext_noop("Not valid: %(errors)s"),
                {"errors": "; ".join(_validation_messages(error))},
            )
            return "failed"
        except DatabaseError as error:
            self.records.pop((item.kind, item.external_id), None)
            self.report.add(
                "failed",
                item.kind,
                item.external_id,
                gettext_noop("The database refused the record: %(error)s"),
                {"error": str(error)[:300]},
            )
            return "failed"
        self.report.add(outcome)
        for warning in item.warnings:
            message, params = warning
            self.report.add("warning", item.kind, item.external_id, message, params)
        if item.deferred:
            self._pending.append(item)
        return outcome

    def build(self, kind, external_id, function, *args):
        """Call a source module's ``function`` to make an item; a record of a shape it does
        not expect fails alone, with the reason, instead of stopping the run."""
        try:
            return function(*args)
        except RecordError as error:
            self.report.add("failed", kind, external_id, error.message, error.params)
        except (AttributeError, KeyError, TypeError, ValueError, IndexError) as error:
            self.report.add(
                "failed",
                kind,
                external_id,
                gettext_noop("Unexpected shape of the record: %(error)s"),
                {"error": f"{type(error).__name__}: {error}"[:300]},
            )
        return FAILED

    def skip(self, kind, external_id, message, **params):
        self.report.add("skipped", kind, external_id, message, params)

    def fail(self, kind, external_id, message, **params):
        self.report.add("failed", kind, external_id, message, params)

    def link_many(self, kind, external_id, name, ref):
        """Add one link to a many-to-many field of a record imported earlier."""
        record = self.record(kind, external_id)
        pk = self.resolve(ref)
        linked = record.imported.get(name, []) if record else []
        if record is None or pk is None or pk in linked:
            return
        item = Item(kind, external_id, {name: sorted({*linked, pk})}, deferred=(name,))
        try:
            with transaction.atomic():
                self._upsert(item, partial=True)
        except (RecordError, ValidationError, DatabaseError):
            self.report.add(
                "warning",
                kind,
                external_id,
                gettext_noop("A link to another record could not be set."),
            )

    def finish(self):
        """Write the fields that link to records later in the same run."""
        for item in self._pending:
            if not self.exists(item.kind, item.external_id):
                continue
            try:
                with transaction.atomic():
                    self._upsert(item, partial=True)
            except (RecordError, ValidationError, DatabaseError):
                self.report.add(
                    "warning",
                    item.kind,
                    item.external_id,
                    gettext_noop("A link to another record could not be set."),
                )
        self._pending = []

    def _values(self, model, item, partial):
        values = {}
        for name, raw in item.values.items():
            if (name in item.deferred) != partial:
                continue
            value = F.normalise(model, name, self.resolve(raw))
            unknown = F.unknown_codes(model, name, value)
            if unknown:
                raise RecordError(
                    gettext_noop("Unknown code for %(field)s: %(codes)s"),
                    field=name,
                    codes=", ".join(unknown),
                )
            if isinstance(value, str) and len(value) > MAX_TEXT and _unbounded(model, name):
                value = clip(value, MAX_TEXT)
                item.warnings.append(
                    (
                        gettext_noop("%(field)s was cut to %(limit)s characters."),
                        {"field": name, "limit": MAX_TEXT},
                    )
                )
            values[name] = value
        return values

    def _upsert(self, item, partial=False):
        model = MODELS[item.kind]
        values = self._values(model, item, partial)
        record = self.record(item.kind, item.external_id)
        obj = None
        if record is None:
            return self._create(model, item, values)
        obj = model.objects.select_for_update().filter(pk=record.object_id).first()
        if obj is None:
            # Deleted here after an import: a local decision the source does not undo.
            raise RecordSkipped(
                gettext_noop("Deleted in Kohtaamo after an import; not re-created.")
            )
        return self._update(model, item, values, record, obj, partial)

    def _create(self, model, item, values):
        record = None
        obj = model.objects.filter(**item.match).first() if item.match else None
        if obj is not None:
            # An existing local row (same business ID): adopt it, its values count as local.
            record = self._save_record(None, item, obj, imported={})
            return self._update(model, item, values, record, obj)
        obj = model()
        if hasattr(obj, "external_id"):
            obj.source = self.source
            obj.external_id = item.external_id[:200]
        _write(obj, model, values)
        status_before = {}
        if self._may_publish(obj, item):
            status_before = self._publish(obj)
        elif item.public and isinstance(obj, Service | Event):
            missing = ", ".join(publish_problems_by_field(obj))
            item.warnings.append(
                (
                    gettext_noop("Left as a draft; to publish it, fill in: %(fields)s"),
                    {"fields": missing},
                )
            )
        record = self._save_record(record, item, obj, imported=values)
        ImportChange.objects.create(
            run=self.run,
            record=record,
            content_type=ContentType.objects.get_for_model(model),
            object_id=obj.pk,
            action=ImportChange.Action.CREATED,
            after={**values, **{name: F.read(obj, name) for name in status_before}},
        )
        return "created"

    def _update(self, model, item, values, record, obj, partial=False):
        imported = dict(record.imported)
        changes = {}
        for name, new in values.items():
            current = F.read(obj, name)
            last = imported.get(name, _MISSING)
            if new == current:
                imported[name] = new
                self._close_conflict(record, name)
                continue
            # Never imported before (a field new to the mapping, an adopted row): only an
            # empty value is free to fill.
            edited_locally = current not in (None, "", []) if last is _MISSING else current != last
            if not edited_locally:
                changes[name] = new
                imported[name] = new
            elif last != new:
                self._open_conflict(record, name, current, new)
        before = {name: F.read(obj, name) for name in changes}
        if changes:
            _write(obj, model, changes)
        status_before = {}
        if not partial and self._may_publish(obj, item):
            status_before = self._publish(obj)
        elif not partial and not item.public:
            status_before = self._withdraw(obj)
        before.update(status_before)
        imported_before = record.imported
        record = self._save_record(record, item, obj, imported=imported)
        if not before:
            return "unchanged"
        ImportChange.objects.create(
            run=self.run,
            record=record,
            content_type=ContentType.objects.get_for_model(model),
            object_id=obj.pk,
            action=ImportChange.Action.UPDATED,
            before=before,
            after={name: F.read(obj, name) for name in before},
            imported_before=imported_before,
        )
        return "updated"

    def _save_record(self, record, item, obj, imported):
        original = item.original or (record.original if record else {})
        if record is None:
            record = ExternalRecord.objects.create(
                source=self.source,
                kind=item.kind,
                external_id=item.external_id,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                imported=imported,
                original=original,
                source_modified=item.source_modified,
                first_run=self.run,
                last_run=self.run,
            )
        else:
            changed = (
                record.object_id != obj.pk
                or record.imported != imported
                or record.original != original
                or (item.source_modified and record.source_modified != item.source_modified)
            )
            record.object_id = obj.pk
            record.imported = imported
            record.original = original
            if item.source_modified:
                record.source_modified = item.source_modified
            if changed:
                record.last_run = self.run
                record.save()
        self.records[(item.kind, item.external_id)] = record
        return record

    # ------------------------------------------------------------------ conflicts

    def _open_conflict(self, record, name, local, imported):
        conflict = Conflict.objects.filter(record=record, field=name, resolved_at=None).first()
        if conflict is None:
            Conflict.objects.create(
                record=record, field=name, local_value=local, imported_value=imported, run=self.run
            )
            self.report.counts["conflicts"] += 1
        elif conflict.imported_value != imported or conflict.local_value != local:
            conflict.imported_value = imported
            conflict.local_value = local
            conflict.run = self.run
            conflict.save()
            self.report.counts["conflicts"] += 1

    def _close_conflict(self, record, name):
        Conflict.objects.filter(record=record, field=name, resolved_at=None).delete()

    # ------------------------------------------------------------------ publication

    def _may_publish(self, obj, item):
        """Imported content is published when the source shows it, it is complete, and
        no one here has ever published, withdrawn or moderated it."""
        if not isinstance(obj, Service | Event) or not item.public:
            return False
        if obj.status != Status.DRAFT or obj.published_at or obj.moderation_reason:
            return False
        return not publish_problems(obj)

    def _publish(self, obj):
        before = {name: F.read(obj, name) for name in F.STATUS_FIELDS}
        obj.status = next_status(obj.status, Move.PUBLISH)
        obj.published_at = timezone.now()
        obj.save(update_fields=["status", "published_at", "updated_at"])
        return before

    def _withdraw(self, obj):
        """The source no longer shows it: take it off the public catalogue too."""
        if not isinstance(obj, Service | Event) or obj.status != Status.PUBLISHED:
            return {}
        before = {name: F.read(obj, name) for name in F.STATUS_FIELDS}
        obj.status = next_status(obj.status, Move.ARCHIVE)
        obj.save(update_fields=["status", "updated_at"])
        return before


_MISSING = object()
FAILED = object()


def clip(text, limit):
    """``text`` cut to at most ``limit`` characters, at a space, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",.;: ") + "…"


def source_time(value, name, warnings):
    """A record's time of change at the source, as the source wrote it; a value that is
    no time is left out with a warning instead of being kept as text."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return value.strip()[:40]
    warnings.append(
        (
            gettext_noop("%(field)s is not a time (%(value)s); left out."),
            {"field": name, "value": str(value)[:40]},
        )
    )
    return ""


def codes(values, name, warnings):
    """The text codes of a list from a source; values of another type (numbers, objects)
    are left out with a warning."""
    kept = [value for value in values if isinstance(value, str)]
    if len(kept) < len(values):
        wrong = [str(value)[:20] for value in values if not isinstance(value, str)]
        warnings.append(
            (
                gettext_noop("%(field)s has values that are not codes, left out: %(values)s"),
                {"field": name, "values": ", ".join(wrong[:10])},
            )
        )
    return kept


def _unbounded(model, name):
    """Whether the field is text without a length of its own (names have one and fail
    validation when longer)."""
    field = model._meta.get_field(name)
    return field.get_internal_type() == "TextField"


def _write(obj, model, values):
    """Write ``values`` to ``obj``: its own fields, validated and saved, then its
    many-to-many links (which need the saved row)."""
    for name, value in values.items():
        F.write_plain(obj, name, value)
    _validate(obj)
    obj.save()
    for name, value in values.items():
        if F.is_many(model, name):
            F.write_many(obj, name, value)


def _validate(obj):
    # Field rules (lengths, e-mail and URL shapes, coordinate ranges) and the model's own
    # invariants; uniqueness and relations are the database's to check.
    obj.full_clean(validate_unique=False, validate_constraints=False)


def _validation_messages(error):
    if hasattr(error, "message_dict"):
        return [
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in error.message_dict.items()
        ]
    return [str(message) for message in error.messages]
