from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Only for its commands, ``seed_demo`` and ``demo_otp``: no models, no pages."""

    name = "kohtaamo.demo"
    label = "demo"
    verbose_name = _("Demo data")
