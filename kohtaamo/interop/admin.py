"""Imports in the admin: runs with their reports (re-run, roll back), conflicts to
resolve, the classification mapping to edit, and what each imported row came from."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.tasks import TaskResultStatus
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kohtaamo.core.admin import ReadOnlyAdmin

from . import services
from .engine import OUTCOMES
from .models import (
    ClassificationMapping,
    Conflict,
    ExternalRecord,
    ImportRun,
    translate_message,
)

COUNT_LABELS = {
    "created": _("created"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "skipped": _("skipped"),
    "failed": _("failed"),
    "conflicts": _("conflicts"),
}
OUTCOME_LABELS = {**COUNT_LABELS, "warning": _("warning")}
KIND_LABELS = dict(ExternalRecord.Kind.choices)


def _counts_text(run):
    return ", ".join(f"{run.count(name)} {COUNT_LABELS[name]}" for name in (*OUTCOMES, "conflicts"))


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "source", "state", "summary", "origin", "started_by"]
    list_filter = ["source", "state"]
    date_hierarchy = "started_at"
    change_form_template = "admin/interop/importrun/change_form.html"
    fields = readonly_fields = (
        "source",
        "origin",
        "state",
        "started_at",
        "finished_at",
        "started_by",
        "rerun_of",
        "summary",
        "error_message",
        "report",
        "rolled_back_at",
        "rolled_back_by",
    )
    list_select_related = ["started_by"]

    @admin.display(description=_("counts"))
    def summary(self, run):
        return _counts_text(run)

    @admin.display(description=_("why nothing was imported"))
    def error_message(self, run):
        return run.error_text() or "-"

    @admin.display(description=_("report"))
    def report(self, run):
        if not run.problems:
            return gettext("Nothing to report record by record.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            (
                (
                    OUTCOME_LABELS.get(problem.get("outcome"), problem.get("outcome")),
                    KIND_LABELS.get(problem.get("kind"), problem.get("kind") or "-"),
                    problem.get("id") or "-",
                    translate_message(problem),
                )
                for problem in run.problems
            ),
        )
        more = ""
        if run.count("unlisted"):
            count = run.count("unlisted")
            more = ngettext(
                "... and %(count)s more record, not listed.",
                "... and %(count)s more records, not listed.",
                count,
            ) % {"count": count}
        return format_html(
            '<table id="import-report"><caption>{}</caption><thead><tr>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table><p>{}</p>',
            gettext("Records with something to tell"),
            gettext("outcome"),
            gettext("kind"),
            gettext("id at the source"),
            gettext("reason"),
            rows,
            more,
        )

    def get_urls(self):
        return [
            path(
                "<int:run_id>/rerun/",
                self.admin_site.admin_view(self.rerun_view),
                name="interop_importrun_rerun",
            ),
            path(
                "<int:run_id>/rollback/",
                self.admin_site.admin_view(self.rollback_view),
                name="interop_importrun_rollback",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        services.fail_stale_runs()
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        services.fail_stale_runs()
        run = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "may_rerun": run is not None
            and request.user.has_perm("interop.rerun_importrun", run)
            and run.state != ImportRun.State.RUNNING,
            "may_rollback": run is not None
            and request.user.has_perm("interop.rollback_importrun", run)
            and run.state == ImportRun.State.FINISHED,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def rerun_view(self, request, run_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        run = get_object_or_404(ImportRun, pk=run_id)
        if not request.user.has_perm("interop.rerun_importrun", run):
            raise PermissionDenied
        result = services.rerun(run, request.user)
        if result.status != TaskResultStatus.SUCCESSFUL:
            # With a worker (production) the run appears in the list when it is done.
            self.message_user(request, gettext("The import will run in the background."))
            return redirect(reverse("admin:interop_importrun_changelist"))
        new_run = ImportRun.objects.get(pk=result.return_value["run"])
        self.message_user(
            request,
            gettext("Import run again: %(counts)s.") % {"counts": _counts_text(new_run)},
            messages.SUCCESS if new_run.state == ImportRun.State.FINISHED else messages.ERROR,
        )
        return redirect(reverse("admin:interop_importrun_change", args=[new_run.pk]))

    def rollback_view(self, request, run_id):
        run = get_object_or_404(ImportRun, pk=run_id)
        if not request.user.has_perm("interop.rollback_importrun", run):
            raise PermissionDenied
        if request.method == "POST":
            try:
                services.rollback(run, request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, gettext("The import was rolled back."), messages.SUCCESS)
            return redirect(reverse("admin:interop_importrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "run": run,
            "summary": _counts_text(run),
            "title": gettext("Roll back this import?"),
        }
        return TemplateResponse(request, "admin/interop/importrun/rollback.html", context)


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["record", "field", "local_value", "imported_value", "created_at", "resolution"]
    list_filter = ["resolution", "record__source", "record__kind"]
    search_fields = ["record__external_id", "field"]
    actions = ["keep_local", "take_imported"]
    list_select_related = ["record"]
    fields = readonly_fields = (
        "record",
        "target_link",
        "field",
        "local_value",
        "imported_value",
        "run",
        "created_at",
        "resolution",
        "resolved_at",
        "resolved_by",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("local row"))
    def target_link(self, conflict):
        return _target_link(conflict.record)

    def _resolve(self, request, queryset, resolution):
        done = 0
        for conflict in queryset.filter(resolved_at=None):
            try:
                services.resolve_conflict(conflict, resolution, request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)s conflict resolved.", "%(count)s conflicts resolved.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Keep the local value"), permissions=["change"])
    def keep_local(self, request, queryset):
        self._resolve(request, queryset, Conflict.Resolution.KEEP_LOCAL)

    @admin.action(description=_("Take the imported value"), permissions=["change"])
    def take_imported(self, request, queryset):
        self._resolve(request, queryset, Conflict.Resolution.TAKE_IMPORTED)


def _target_link(record):
    target = record.target
    if target is None:
        return "-"
    opts = target._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
    except NoReverseMatch:  # a model without an admin page: its name only
        return str(target)
    return format_html('<a href="{}">{}</a>', url, target)


@admin.register(ClassificationMapping)
class ClassificationMappingAdmin(admin.ModelAdmin):
    list_display = ["code", "scheme", "label", "relevant", "include_children"]
    list_filter = ["scheme", "relevant"]
    search_fields = ["code", "label"]
    # Checkboxes rather than the two-box filter widget, whose search icons carry ARIA
    # attributes axe refuses; the lists are short.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(ExternalRecord)
class ExternalRecordAdmin(ReadOnlyAdmin):
    list_display = ["external_id", "source", "kind", "target_link", "source_modified", "last_run"]
    list_filter = ["source", "kind"]
    search_fields = ["external_id"]
    fields = readonly_fields = (
        "source",
        "kind",
        "external_id",
        "target_link",
        "source_modified",
        "original",
        "imported",
        "first_run",
        "last_run",
    )

    @admin.display(description=_("local row"))
    def target_link(self, record):
        return _target_link(record)
