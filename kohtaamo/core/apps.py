from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CoreConfig(AppConfig):
    name = "kohtaamo.core"
    label = "core"
    verbose_name = _("Reference data and audit log")

    def ready(self):
        from django.db.models import fields

        from . import checks, signals  # noqa: F401

        # Django's own label for a select's empty choice has no Finnish or Swedish
        # translation yet; Django asks projects to set their own here.
        fields.BLANK_CHOICE_LABEL = pgettext_lazy("empty choice of a drop-down list", "Choose")
