import uuid

from django.conf import settings
from django.utils import translation

from klocket import languages, permissions


def portal(request):
    """What every page needs: the data version cached fragments are keyed by and what the
    navigation may show."""
    user = getattr(request, "user", None)
    from klocket.cache import data_version

    return {
        # Without a version (the shared cache does not answer) a one-off value: no stored fragment fits.
        "public_data_version": data_version() or uuid.uuid4().hex,
        "nav_is_staff": bool(user and permissions.has_any_role(user)),
        "admin_path": "/" + settings.ADMIN_PATH,
        # The footer says so while the page's catalogue is a first, unreviewed translation.
        "translation_unreviewed": languages.is_unreviewed(translation.get_language() or ""),
    }
