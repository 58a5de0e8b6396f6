from django.contrib import admin

from kohtaamo.accounts.admin import ScopedAdminMixin

from .models import Event, Place, ProviderProfile, Service

LANGUAGE_FIELDS = ("fi", "sv", "en")


@admin.register(ProviderProfile)
class ProviderProfileAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "contact_email", "updated_at"]
    search_fields = ["organisation__name_fi", "organisation__name_sv"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["art_forms", "target_groups", "municipalities", "languages"]


@admin.register(Place)
class PlaceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name_fi", "municipality", "organisation", "source"]
    list_filter = ["source"]
    search_fields = ["name_fi", "name_sv", "street_address_fi", "external_id"]
    autocomplete_fields = ["organisation", "municipality"]
    filter_horizontal = ["accessibility"]


@admin.register(Service)
class ServiceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name_fi", "organisation", "kind", "status", "lifecycle", "updated_at"]
    list_filter = ["status", "kind", "lifecycle", "source", "card_places", "is_free"]
    search_fields = ["name_fi", "name_sv", "name_en", "external_id"]
    autocomplete_fields = ["organisation", "places"]
    filter_horizontal = [
        "steps",
        "art_forms",
        "target_groups",
        "languages",
        "accessibility",
        "municipalities",
        "funding_sources",
    ]
    readonly_fields = ["published_at", "moderated_by", "moderated_at", "created_at", "updated_at"]
    list_select_related = ["organisation"]


@admin.register(Event)
class EventAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "organisation", "start", "municipality", "status", "is_cancelled"]
    list_filter = ["status", "is_cancelled", "source"]
    search_fields = ["name_fi", "name_sv", "name_en", "external_id"]
    autocomplete_fields = ["organisation", "service", "place", "municipality", "super_event"]
    filter_horizontal = ["steps", "art_forms", "target_groups", "languages", "accessibility"]
    readonly_fields = ["published_at", "moderated_by", "moderated_at", "created_at", "updated_at"]
    date_hierarchy = "start"
    list_select_related = ["organisation", "municipality"]
