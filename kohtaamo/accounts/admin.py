from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from kohtaamo.core import audit
from kohtaamo.core.admin import ReadOnlyAdmin
from kohtaamo.core.models import AuditEvent

from .audit_log import visible_audit_events
from .models import Membership, Organisation, Unit, User


class ScopedAdminMixin:
    """Lists only the rows the signed-in person's memberships reach."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        perm = f"{self.opts.app_label}.view_{self.opts.model_name}"
        return queryset.reachable_by(request.user, perm)


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["name_fi", "name_sv", "name_en", "kind", "municipality", "is_active"]
    autocomplete_fields = ["municipality"]


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name_fi", "kind", "municipality", "county", "is_active"]
    list_filter = ["kind", "county", "is_active"]
    search_fields = ["name_fi", "name_sv", "name_en", "business_id"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality", "county"]
    inlines = [UnitInline]
    fieldsets = [
        (None, {"fields": ["kind", "business_id", "is_active"]}),
        (_("Names"), {"fields": ["name_fi", "name_sv", "name_en"]}),
        (_("Area"), {"fields": ["municipality", "county"]}),
        (_("Contact"), {"fields": ["website", "email", "phone"]}),
    ]


@admin.register(Unit)
class UnitAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name_fi", "organisation", "kind", "municipality", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_fi", "name_sv", "organisation__name_fi"]
    autocomplete_fields = ["organisation", "municipality"]
    list_select_related = ["organisation", "municipality"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["organisation", "unit", "role", "is_active"]
    autocomplete_fields = ["organisation", "unit"]


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "user__full_name", "organisation__name_fi"]
    autocomplete_fields = ["user", "organisation", "unit"]
    list_select_related = ["user", "organisation", "unit"]


class KohtaamoUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class KohtaamoUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name", "preferred_language")
        field_classes = {"email": forms.EmailField}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = KohtaamoUserChangeForm
    add_form = KohtaamoUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_active", "last_login"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "preferred_language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "preferred_language",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.reachable_by(request.user, "accounts.view_user")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a platform superuser hands out the superuser and admin flags.
            fields += ["is_staff", "is_superuser"]
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            audit.record(
                audit.Action.VIEW,
                target_type="accounts.user",
                target_id=object_id,
                request=request,
                purpose="admin",
            )
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            audit.Action.CHANGE if change else audit.Action.CREATE,
            obj,
            request=request,
            fields=form.changed_data,
            purpose="admin",
        )


# The audit log is core's; who may read which events is decided here.
@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "occurred_at",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "ip_address",
    ]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "target_id"]
    date_hierarchy = "occurred_at"

    def get_queryset(self, request):
        return visible_audit_events(request.user)
