from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    AccessibilityFeature,
    ArtForm,
    County,
    FundingSource,
    Language,
    Municipality,
    TargetGroup,
    WellbeingStep,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows kept for the record (imports, the audit log): shown in the admin, never
    added, changed or deleted there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "name_en", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]
    fieldsets = [
        (None, {"fields": ["code", "sort_order", "is_active"]}),
        (_("Names"), {"fields": ["name_fi", "name_sv", "name_en"]}),
        (_("Descriptions"), {"fields": ["description_fi", "description_sv", "description_en"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Codes are used in URLs and APIs: fixed once the item exists.
        return ["code"] if obj else []


@admin.register(WellbeingStep)
class WellbeingStepAdmin(ReferenceItemAdmin):
    list_display = ["number", *ReferenceItemAdmin.list_display]
    fieldsets = [
        (None, {"fields": ["number", "code", "sort_order", "is_active"]}),
        *ReferenceItemAdmin.fieldsets[1:],
    ]


@admin.register(TargetGroup)
class TargetGroupAdmin(ReferenceItemAdmin):
    list_display = [*ReferenceItemAdmin.list_display, "is_priority_group"]
    list_filter = ["is_priority_group", "is_active"]
    fieldsets = [
        (None, {"fields": ["code", "sort_order", "is_active", "is_priority_group"]}),
        *ReferenceItemAdmin.fieldsets[1:],
    ]


for model in (ArtForm, Language, AccessibilityFeature, FundingSource):
    admin.site.register(model, ReferenceItemAdmin)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "county", "is_active"]
    list_filter = ["county", "is_active"]
    search_fields = ["code", "name_fi", "name_sv"]
    list_select_related = ["county"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []
