from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuyersConfig(AppConfig):
    name = "kohtaamo.buyers"
    label = "buyers"
    verbose_name = _("Buyers: favourites, alerts and calls for offers")
