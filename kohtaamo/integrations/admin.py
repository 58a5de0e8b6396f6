from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.admin import ScopedAdminMixin
from kohtaamo.accounts.models import Organisation, Unit

from . import services
from .models import ApiKey, WebhookDelivery, WebhookEndpoint, webhook_event_types


class _OwnOrganisationsMixin:
    """Choices of organisation and unit only among those the administrator reaches."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.reachable_by(
                request.user, "accounts.change_organisation"
            )
        elif db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.select_related("organisation").reachable_by(
                request.user, "accounts.change_organisation"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ApiKey)
class ApiKeyAdmin(_OwnOrganisationsMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "unit",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "organisation__name_fi"]
    list_select_related = ["organisation", "unit"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "unit", "name"]
        return ["organisation", "unit", "name", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A key's reach is fixed when it is made: make a new key rather than move one.
        return ["organisation", "unit", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if change:
            ApiKey.objects.filter(pk=obj.pk).update(name=obj.name)
            return
        key, plain = services.create_api_key(
            organisation=obj.organisation, unit=obj.unit, name=obj.name, created_by=request.user
        )
        obj.pk = key.pk
        obj.prefix = key.prefix
        obj.user = key.user
        messages.warning(
            request,
            _("Copy the key now, it is not shown again: %(key)s") % {"key": plain},
        )

    def has_delete_permission(self, request, obj=None):
        # Revoked, not deleted: the audit log and the key's referrals keep pointing at it.
        return False

    @admin.action(description=_("Revoke the chosen keys"), permissions=["change"])
    def revoke(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        now = timezone.now()
        for key in keys:
            services.revoke_api_key(key, by=request.user, now=now)
        messages.success(
            request,
            ngettext("%(count)d key was revoked.", "%(count)d keys were revoked.", len(keys))
            % {"count": len(keys)},
        )


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=webhook_event_types,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Which status changes to send. None chosen: all."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["organisation", "url", "description", "events", "is_active", "secret"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(_OwnOrganisationsMixin, ScopedAdminMixin, admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "organisation", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "organisation__name_fi"]
    list_select_related = ["organisation"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "event_type",
        "endpoint",
        "status",
        "attempts",
        "response_code",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event_type"]
    list_select_related = ["endpoint"]
    fields = readonly_fields = (
        "endpoint",
        "event_id",
        "event_type",
        "payload",
        "status",
        "attempts",
        "response_code",
        "error",
        "next_attempt_at",
        "created_at",
        "delivered_at",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("last error"))
    def error(self, obj):
        """The receiver's HTTP status or one general reason, in the reader's language;
        an older row's network detail is not shown (it could map the network)."""
        if not obj.last_error or obj.last_error.startswith("HTTP "):
            return obj.last_error
        if obj.last_error in services.DELIVERY_ERRORS:
            return gettext(obj.last_error)
        return gettext(services.UNREACHABLE)
