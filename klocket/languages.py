"""The portal's interface languages: which exist, which a site offers, and what Django lacks.

One table (LANGUAGES_KNOWN) names every language the portal can speak, with its name in its
own script. A site chooses among them with KLOCKET_LANGUAGES (Swedish is always offered, and
always first). Django ships no locale data for Somali and Tigrinya: their entries go into
``django.conf.locale.LANG_INFO`` (Django's documented way to add a language), their date and
number formats live in klocket/formats/<code>/formats.py (from CLDR through Babel), and the
names of months and weekdays are translated in our catalogues (klocket/date_names.py).
"""

import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DEFAULT_LANGUAGE = "sv"

# code -> (English name, name in the language's own script, right-to-left)
LANGUAGES_KNOWN = {
    "sv": ("Swedish", "Svenska", False),
    "en": ("English", "English", False),
    "ar": ("Arabic", "العربية", True),
    "fa": ("Persian", "فارسی", True),
    "so": ("Somali", "Soomaali", False),
    "ti": ("Tigrinya", "ትግርኛ", False),
}

# Languages whose script needs a vendored font (static/fonts/, loaded only for them).
FONT_SCRIPTS = {"ar": "arabic", "fa": "arabic", "ti": "ethiopic"}


def lang_info() -> dict[str, dict]:
    """The entries for django.conf.locale.LANG_INFO: names in their own script for all six."""
    return {
        code: {"bidi": bidi, "code": code, "name": name, "name_local": local}
        for code, (name, local, bidi) in LANGUAGES_KNOWN.items()
    }


def parse_languages(name: str, value: str | None) -> list[str]:
    """The codes a site offers, from a comma-separated list; every language when unset.

    Unknown codes and duplicates are refused; Swedish is added when missing and put first.
    """
    if value is None or not value.strip():
        return list(LANGUAGES_KNOWN)
    codes = []
    for item in value.split(","):
        code = item.strip().lower()
        if not code:
            continue
        if code not in LANGUAGES_KNOWN:
            raise ImproperlyConfigured(
                f"{name}: {code!r} is not a language the portal has; choose among {', '.join(LANGUAGES_KNOWN)}."
            )
        if code in codes:
            raise ImproperlyConfigured(f"{name}: {code!r} is listed twice.")
        codes.append(code)
    if DEFAULT_LANGUAGE in codes:
        codes.remove(DEFAULT_LANGUAGE)
    return [DEFAULT_LANGUAGE, *codes]


REVIEWED = "reviewed"
_REVIEW_HEADER = re.compile(r'^"X-Review-Status: *([\w-]+)', re.M)
_review_cache: dict[Path, tuple[float, str]] = {}


def review_status(code: str) -> str:
    """The X-Review-Status header of the language's catalogue ("reviewed", "unreviewed", …).

    Read from locale/<code>/LC_MESSAGES/django.po, again whenever the file changes (a translator's
    save in Rosetta, a deploy); a catalogue without the header counts as unreviewed.
    """
    from django.conf import settings

    path = Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return "missing"
    cached = _review_cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    with path.open(encoding="utf-8") as po:
        head = po.read(4096)
    match = _REVIEW_HEADER.search(head)
    status = match.group(1).lower() if match else "unreviewed"
    _review_cache[path] = (mtime, status)
    return status


def is_unreviewed(code: str) -> bool:
    return code in LANGUAGES_KNOWN and review_status(code) != REVIEWED
