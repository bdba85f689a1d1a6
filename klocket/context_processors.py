import uuid

from django.conf import settings
from django.utils import translation

from klocket import languages, permissions


def portal(request):
    """What every page needs: the footer's partners and what the navigation may show."""
    from activities.models import Organisation

    user = getattr(request, "user", None)
    from klocket.cache import data_version

    return {
        # Evaluated only when the cached footer fragment (keyed by the data version) is stale.
        "footer_partners": Organisation.objects.active().only("name", "slug"),
        # Without a version (the shared cache does not answer) a one-off value: no stored fragment fits.
        "public_data_version": data_version() or uuid.uuid4().hex,
        "nav_is_staff": bool(user and permissions.has_any_role(user)),
        "admin_path": "/" + settings.ADMIN_PATH,
        # The footer says so while the page's catalogue is a first, unreviewed translation.
        "translation_unreviewed": languages.is_unreviewed(translation.get_language() or ""),
    }
