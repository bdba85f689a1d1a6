"""A translator's save in Rosetta reaches every gunicorn worker without a deploy or a restart.

Rosetta writes locale/<code>/LC_MESSAGES/django.po and compiles django.mo next to it. Each
worker keeps the catalogues it has loaded in memory, so before each request this middleware
looks at the compiled catalogues' modification times (one stat per language) and, when one has
changed, drops the loaded catalogues with Django's own reloader (the one runserver uses), so the
request is translated from the new file. It sits before LocaleMiddleware, which then activates
the visitor's language afresh.
"""

from pathlib import Path

from django.conf import settings
from django.utils.translation.reloader import translation_file_changed


def catalogue_files() -> list[Path]:
    return [
        Path(directory) / code / "LC_MESSAGES" / "django.mo"
        for directory in settings.LOCALE_PATHS
        for code, _name in settings.LANGUAGES
    ]


def _mtimes() -> tuple[float, ...]:
    times = []
    for path in catalogue_files():
        try:
            times.append(path.stat().st_mtime_ns)
        except OSError:
            times.append(0)
    return tuple(times)


class TranslationReloadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seen = _mtimes()

    def __call__(self, request):
        now = _mtimes()
        if now != self.seen:
            self.seen = now
            translation_file_changed(sender=self, file_path=Path("django.mo"))
        return self.get_response(request)
