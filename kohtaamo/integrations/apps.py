from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "kohtaamo.integrations"
    label = "integrations"
    verbose_name = _("Integrations")

    def ready(self):
        # Status changes of referrals reach registered webhooks (signals.py).
        from . import signals  # noqa: F401
