"""What imports from PTV and Linked Events remember.

* :class:`ClassificationMapping` is the one editable table that says which source codes
  (PTV service classes, target groups, ontology terms, Linked Events keywords) are
  relevant and which of our art forms, target groups and steps each one means.
* :class:`ExternalRecord` links a source record (by its id at the source) to the row it
  became here, with the value of every field as last imported: a field whose local value
  no longer equals it was changed by a local editor and is never overwritten.
* :class:`Conflict` is such a field when the source changed it too; a coordinator keeps
  the local value or takes the imported one.
* :class:`ImportRun` is one run with its report; :class:`ImportChange` is what the run did
  to one row, with the values before, so that the run can be rolled back.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kohtaamo.catalogue.models import Source
from kohtaamo.core.models import ArtForm, TargetGroup, WellbeingStep


class Scheme(models.TextChoices):
    PTV_SERVICE_CLASS = "ptv_service_class", _("PTV service class")
    PTV_TARGET_GROUP = "ptv_target_group", _("PTV target group")
    ONTOLOGY_TERM = "ontology_term", _("Ontology term (address)")
    ONTOLOGY_LABEL = "ontology_label", _("Ontology term (Finnish word)")
    YSO_KEYWORD = "yso_keyword", _("Linked Events keyword (YSO id)")


class ClassificationMapping(models.Model):
    scheme = models.CharField(_("code list"), max_length=32, choices=Scheme)
    code = models.CharField(
        _("code"),
        max_length=300,
        help_text=_(
            "As the source writes it: P25.2, KR1.2, yso:p1808, an ontology address or a word."
        ),
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    relevant = models.BooleanField(
        _("import what has it"),
        default=False,
        help_text=_("Records with this code are imported; others are skipped."),
    )
    include_children = models.BooleanField(
        _("also its subclasses"),
        default=True,
        help_text=_("Service classes only: P25 also covers P25.1, P25.2 ..."),
    )
    art_forms = models.ManyToManyField(ArtForm, blank=True, verbose_name=_("art forms"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name=_("target groups"))
    steps = models.ManyToManyField(
        WellbeingStep, blank=True, verbose_name=_("steps of cultural wellbeing")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["scheme", "code"]
        verbose_name = _("classification mapping")
        verbose_name_plural = _("classification mappings")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="mapping_scheme_code_unique")
        ]

    def __str__(self):
        return f"{self.get_scheme_display()}: {self.code}"


class ImportRun(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed: nothing imported")
        ROLLED_BACK = "rolled_back", _("Rolled back")

    source = models.CharField(_("source"), max_length=20, choices=Source)
    origin = models.CharField(_("read from"), max_length=1000, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.RUNNING)
    started_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    rerun_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reruns",
        verbose_name=_("re-run of"),
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # [{"outcome", "kind", "id", "message", "params"}]; messages are English msgids,
    # translated when shown, so a report reads in the reader's language.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    error = models.JSONField(_("error"), default=dict, blank=True)
    rolled_back_at = models.DateTimeField(_("rolled back"), null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rolled back by"),
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        permissions = [
            ("rerun_importrun", "Can re-run an import"),
            ("rollback_importrun", "Can roll back an import"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.started_at:%Y-%m-%d %H:%M}"

    def count(self, outcome):
        return self.counts.get(outcome, 0)

    def error_text(self):
        return translate_message(self.error) if self.error else ""


def translate_message(entry):
    message = gettext(entry.get("message", ""))
    params = entry.get("params") or {}
    try:
        return message % params if params else message
    except (KeyError, TypeError, ValueError):
        return message


class ExternalRecord(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("organisation")
        SERVICE = "service", _("service")
        PLACE = "place", _("place")
        EVENT = "event", _("event")

    source = models.CharField(_("source"), max_length=20, choices=Source)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    external_id = models.CharField(_("id at the source"), max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(_("local id"))
    target = GenericForeignKey("content_type", "object_id")
    imported = models.JSONField(_("values as last imported"), default=dict, blank=True)
    original = models.JSONField(
        _("original codes"),
        default=dict,
        blank=True,
        help_text=_("The source's own classification codes, kept as they came."),
    )
    source_modified = models.CharField(_("changed at the source"), max_length=40, blank=True)
    first_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["source", "kind", "external_id"]
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "external_id"], name="external_record_unique"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.source}:{self.kind}:{self.external_id}"


class Conflict(models.Model):
    """A field a local editor changed that the source has changed as well."""

    class Resolution(models.TextChoices):
        KEEP_LOCAL = "keep_local", _("Kept the local value")
        TAKE_IMPORTED = "take_imported", _("Took the imported value")

    record = models.ForeignKey(
        ExternalRecord, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("record")
    )
    field = models.CharField(_("field"), max_length=64)
    local_value = models.JSONField(_("local value"), null=True, blank=True)
    imported_value = models.JSONField(_("imported value"), null=True, blank=True)
    run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="conflicts"
    )
    created_at = models.DateTimeField(_("found"), auto_now_add=True)
    resolution = models.CharField(_("resolution"), max_length=16, choices=Resolution, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import conflict")
        verbose_name_plural = _("import conflicts")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "field"],
                condition=models.Q(resolved_at__isnull=True),
                name="conflict_open_once_per_field",
            )
        ]

    def __str__(self):
        return f"{self.record} {self.field}"


class ImportChange(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="changes")
    record = models.ForeignKey(
        ExternalRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=16, choices=Action)
    # Field values (as stored in ExternalRecord.imported) before and after the run.
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    imported_before = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("change made by an import")
        verbose_name_plural = _("changes made by imports")
