from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArtsInCareConfig(AppConfig):
    name = "kohtaamo.arts_in_care"
    label = "arts_in_care"
    verbose_name = _("Arts inside care: engagements, sessions and residencies")
