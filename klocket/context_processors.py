from django.conf import settings

from klocket import permissions


def portal(request):
    """What every page needs: the data version cached fragments are keyed by and what the
    navigation may show."""
    user = getattr(request, "user", None)
    from klocket.cache import data_version

    return {
        "public_data_version": data_version(),
        "nav_is_staff": bool(user and permissions.has_any_role(user)),
        "admin_path": "/" + settings.ADMIN_PATH,
    }
