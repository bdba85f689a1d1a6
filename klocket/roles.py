"""The portal's roles, as Django groups, and the model permissions each one carries.

The groups themselves are created by a data migration (klocket/migrations/0001_roles.py);
their model permissions are synced after every migrate, because Django creates
permissions only once all migrations have run.
"""

from django.utils.translation import gettext_lazy as _

COORDINATOR = "Samordnare"
PARTNER_STAFF = "Partnerpersonal"
STEERING_GROUP = "Styrgrupp"
# Corrects and reviews the interface translations in Rosetta (/oversattning/); no staff pages.
TRANSLATOR = "Översättare"

ROLE_NAMES = [COORDINATOR, PARTNER_STAFF, STEERING_GROUP, TRANSLATOR]

ROLE_LABELS = {
    COORDINATOR: _("Coordinator"),
    PARTNER_STAFF: _("Partner staff"),
    STEERING_GROUP: _("Steering group"),
    TRANSLATOR: _("Translator"),
}

# app label -> models of that app each role may add/change/delete in the admin, and "view"
# for read-only. An app label alone means every model of the app.
ROLE_PERMISSIONS = {
    COORDINATOR: {
        "change": ["activities", "safety_walks", "about", "api"],
        "view": ["goals"],
    },
    PARTNER_STAFF: {"change": [], "view": []},
    TRANSLATOR: {"change": [], "view": []},
    STEERING_GROUP: {
        "change": ["goals"],
        "view": ["activities", "safety_walks"],
    },
}


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Give each role group exactly the model permissions listed in ROLE_PERMISSIONS."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    # post_migrate fires once per app with models; permissions of every app exist after the last one.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not None and sender is not with_models[-1]:
        return
    for name, rules in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        perms = Permission.objects.using(using).none()
        for app_label in rules["change"]:
            perms = perms | Permission.objects.using(using).filter(content_type__app_label=app_label)
        for app_label in rules["view"]:
            perms = perms | Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename__startswith="view_"
            )
        group.permissions.set(perms.distinct())
