"""Instruments in the admin: where an operator enters a licensed instrument (with the
licence reference) or a county adapts its customer-experience form. Answers are not in
the admin: reading them goes through the services, which write the audit log."""

from django.contrib import admin

from .models import AnswerScale, Instrument, Item, MeasurementPlan


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = [
        "order",
        "code",
        "kind",
        "scale",
        "text_fi",
        "text_sv",
        "text_en",
        "unofficial_translation",
        "scored",
        "required",
    ]

    # Once answered, the items are shown but cannot change (a new version can).
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.has_answers)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.has_answers)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.has_answers)


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["key", "version", "name_fi", "scoring", "licensed", "county", "is_active"]
    list_filter = ["scoring", "licensed", "is_active", "county"]
    search_fields = ["key", "name_fi", "name_sv", "name_en"]
    inlines = [ItemInline]
    readonly_fields = ["shipped", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and (obj.shipped or obj.has_answers):
            fields += list(Instrument.LOCKED_FIELDS)
        return fields

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.has_answers)


@admin.register(AnswerScale)
class AnswerScaleAdmin(admin.ModelAdmin):
    list_display = ["code", "minimum", "maximum"]


@admin.register(MeasurementPlan)
class MeasurementPlanAdmin(admin.ModelAdmin):
    list_display = ["referral_type", "programme", "instrument", "point", "order", "is_active"]
    list_filter = ["county", "point", "is_active"]
    readonly_fields = ["county"]
