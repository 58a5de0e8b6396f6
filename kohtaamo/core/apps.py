from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kohtaamo.core"
    label = "core"
    verbose_name = _("Reference data and audit log")

    def ready(self):
        from . import signals  # noqa: F401
