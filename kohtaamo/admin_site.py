from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.permissions import requires_two_factor
from kohtaamo.accounts.roles import Role

ADMIN_ROLES = {Role.ADMINISTRATOR, Role.COORDINATOR}


class KohtaamoAdminSite(admin.AdminSite):
    site_header = _("Kohtaamo administration")
    site_title = _("Kohtaamo administration")
    index_title = _("Administration")

    def has_permission(self, request):
        user = request.user
        if not user.is_active or not user.is_authenticated:
            return False
        if requires_two_factor(user) and not user.is_verified():
            return False
        return user.is_superuser or user.is_staff or bool(user.roles() & ADMIN_ROLES)
