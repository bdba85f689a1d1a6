from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AboutConfig(AppConfig):
    """The pages the law asks for (accessibility, privacy, cookies), easy-to-read Swedish, and
    the accessibility feedback."""

    name = "about"
    verbose_name = _("About the portal")
