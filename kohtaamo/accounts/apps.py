from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kohtaamo.accounts"
    label = "accounts"
    verbose_name = _("Organisations and users")

    def ready(self):
        from . import limits  # noqa: F401
