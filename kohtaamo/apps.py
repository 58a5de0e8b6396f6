from django.contrib.admin.apps import AdminConfig


class KohtaamoAdminConfig(AdminConfig):
    default_site = "kohtaamo.admin_site.KohtaamoAdminSite"
