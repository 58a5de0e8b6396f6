from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "kohtaamo.referrals"
    label = "referrals"
    verbose_name = _("Culture referrals")

    def ready(self):
        # A status change reaches the people concerned through the one event (events.py).
        from . import notify

        notify.listen()
