from django.contrib.auth.backends import ModelBackend

from . import permissions


class MembershipBackend(ModelBackend):
    """Signs people in by e-mail and password; permissions come from memberships.

    Django's per-user and per-group permission tables are not used: every answer comes
    from :mod:`kohtaamo.accounts.permissions`.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return {
            perm for perm in permissions.RULES if permissions.has_permission(user_obj, perm, obj)
        }

    def has_perm(self, user_obj, perm, obj=None):
        return permissions.has_permission(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        return permissions.has_module_permission(user_obj, app_label)


def throttled_username(request, credentials):
    """The account a login attempt is counted against: e-mail addresses are matched
    without regard to case, so 'Anna@' and 'anna@' share one failure count."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower() or None
