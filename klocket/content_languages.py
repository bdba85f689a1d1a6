"""Content in several languages: which languages staff may write in, and which text a reader gets.

Activities, venues, partners and safety walks keep their Swedish text in their own columns and
the other languages in one JSON field, ``i18n`` (django-modeltrans), under ``<field>_<code>``
(``title_ar``). The languages are the site's (``settings.LANGUAGES``), Swedish first; adding a
language to the setting needs no migration. The one rule of what a reader sees lives here:
the text in the reader's language when it is written, otherwise the Swedish text, told apart
by its language so the page can mark it ``lang="sv"``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.lookups import IContains
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def default_language() -> str:
    return settings.LANGUAGE_CODE


def content_languages() -> list[str]:
    """The site's language codes, Swedish (the default) first."""
    codes = [code for code, _name in settings.LANGUAGES]
    default = default_language()
    return [default, *(code for code in codes if code != default)]


def other_languages() -> list[str]:
    """The languages besides Swedish that staff may write texts in (all optional)."""
    return content_languages()[1:]


def is_rtl(code: str) -> bool:
    return code.split("-")[0] in settings.LANGUAGES_BIDI


def direction(code: str) -> str:
    return "rtl" if is_rtl(code) else "ltr"


def language_name(code: str) -> str:
    """The language's name in its own script (Django's data; the setting's name where it has none)."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return str(dict(settings.LANGUAGES).get(code, code))


def reader_language(code: str | None = None) -> str:
    """A known site language for ``code`` (default: the active one); anything else is Swedish."""
    code = (code or translation.get_language() or "").lower()
    known = content_languages()
    if code in known:
        return code
    base = code.split("-")[0]
    return base if base in known else default_language()


def field_key(field: str, code: str) -> str:
    return f"{field}_{code}"


def stored_text(obj, field: str, code: str) -> str:
    """The text of ``field`` written in ``code`` ('' when not written)."""
    if code == default_language():
        return getattr(obj, field) or ""
    text = (obj.i18n or {}).get(field_key(field, code)) or ""
    return text if text.strip() else ""


@dataclass(frozen=True)
class Text:
    """A text and the language it is written in; ``attrs`` marks a fallback (``lang="sv"``)."""

    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def dir(self) -> str:
        return direction(self.lang)

    @property
    def attrs(self) -> SafeString:
        """``lang`` and ``dir`` for the element holding the text when it is not in the page's language;
        ``dir="auto"`` otherwise, so a mixed-direction text does not upset the layout."""
        if self.is_fallback:
            return format_html('lang="{}" dir="{}"', self.lang, self.dir)
        return mark_safe('dir="auto"')  # noqa: S308 - a constant


def translated(obj, field: str, code: str | None = None) -> Text:
    """``field`` of ``obj`` in the reader's language, else in Swedish (marked as a fallback)."""
    wanted = reader_language(code)
    text = stored_text(obj, field, wanted)
    if text:
        return Text(text, wanted, False)
    default = default_language()
    return Text(getattr(obj, field) or "", default, wanted != default)


def texts(obj, code: str | None = None) -> dict[str, Text]:
    """Every translated field of ``obj`` (its ``i18n`` field's ``fields``) as ``translated`` gives it."""
    return {field: translated(obj, field, code) for field in obj._meta.get_field("i18n").fields}


def search_q(fields, text: str, prefix: str = "") -> Q:
    """Rows whose ``fields`` contain ``text`` (case-insensitively) in any of the site's languages:
    the Swedish columns and each language's key in ``i18n``. One condition, no extra query."""
    # The JSON keys as explicit expressions: django-modeltrans reads ``i18n__title_en`` lookups
    # as its own virtual fields, and has virtual fields only for the languages known at start-up.
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{prefix}{field}__icontains": text})
        for code in other_languages():
            condition |= Q(IContains(KeyTextTransform(field_key(field, code), f"{prefix}i18n"), text))
    return condition


def described_in(obj, field: str = "title") -> list[str]:
    """The languages ``field`` is written in, in the site's order (Swedish always, being required)."""
    return [code for code in content_languages() if stored_text(obj, field, code)]
