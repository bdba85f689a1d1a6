from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities and places")

    def ready(self):
        from klocket.cache import bump_data_version

        # Cached public pages and feeds show these models: any change makes them stale.
        for name in ["Area", "Organisation", "Venue", "Activity", "Occurrence", "Recurrence", "ProgrammeItem"]:
            model = self.get_model(name)
            post_save.connect(bump_data_version, sender=model, dispatch_uid=f"public-cache-save-{name}")
            post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"public-cache-delete-{name}")
        activity = self.get_model("Activity")
        for field in ["co_organisers", "audiences", "languages"]:
            through = getattr(activity, field).through
            m2m_changed.connect(bump_data_version, sender=through, dispatch_uid=f"public-cache-m2m-{field}")
