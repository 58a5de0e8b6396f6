from django.conf import settings
from django.contrib import admin


def site(request):
    user = getattr(request, "user", None)
    return {
        "site_name": settings.KOHTAAMO_SITE_NAME,
        "is_production": settings.PRODUCTION,
        "show_admin_link": bool(
            user is not None and user.is_authenticated and admin.site.has_permission(request)
        ),
    }
