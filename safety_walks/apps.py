from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyWalksConfig(AppConfig):
    name = "safety_walks"
    verbose_name = _("Safety walks")
