from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class KlocketConfig(AppConfig):
    name = "klocket"
    verbose_name = _("KLOCKET portal")

    def ready(self):
        from klocket import lookups
        from klocket.roles import sync_role_permissions

        lookups.register()

        # Model permissions exist only after migrate; give each role its permissions then.
        post_migrate.connect(sync_role_permissions, dispatch_uid="klocket-sync-roles")
