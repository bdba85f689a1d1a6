from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

# Models whose changes make the goals' figures stale: (app label, model name).
WATCHED = [
    ("activities", "HeadCount"),
    ("activities", "OccurrenceAttendance"),
    ("activities", "Occurrence"),
    ("activities", "Activity"),
    ("activities", "Venue"),
    ("activities", "Organisation"),
    ("safety_walks", "Deficiency"),
    ("goals", "Goal"),
    ("goals", "Indicator"),
    ("goals", "Measurement"),
    ("goals", "PoliceListEntry"),
    ("goals", "ReferenceDistribution"),
    ("goals", "ReferenceShare"),
    ("goals", "SurveyWave"),
]


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals and follow-up")

    def ready(self):
        from django.apps import apps

        from goals.cache import invalidate

        # Cache invalidation only: the cached dashboard refreshes when attendance or anything else it
        # reads changes. No business logic runs in these receivers.
        for app_label, name in WATCHED:
            model = apps.get_model(app_label, name)
            post_save.connect(invalidate, sender=model, dispatch_uid=f"goals-cache-save-{app_label}-{name}")
            post_delete.connect(invalidate, sender=model, dispatch_uid=f"goals-cache-delete-{app_label}-{name}")
