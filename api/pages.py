"""Pages about the calendar beyond the portal: the API explained, the embeddable calendar
(an iframe for sites that cannot run scripts) and the builder that writes a partner's snippet."""

import json
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from activities import selectors
from activities.models import Area, Audience, Language, Organisation, Venue
from api import params
from api.errors import ApiError
from api.models import allowed_frame_ancestors
from klocket.cache import cache_public

EMBED_FILTERS = ("area", "place", "organiser", "audience", "language")
EMBED_PARAMS = (*EMBED_FILTERS, "limit", "lang")
DEFAULT_LIMIT, MAX_EMBED_LIMIT = 5, 20
WIDGET_PATH = "embed/klocket-calendar.js"
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "ckb"}


def _base(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@require_safe
@cache_public("api_page")
def api_page(request):
    example = {
        "items": [
            {
                "id": 1234,
                "url": f"{_base(request)}/evenemang/1234/",
                "ics_url": f"{_base(request)}/evenemang/1234.ics",
                "title": "Babyrytmik",
                "start": "2026-12-08T10:00:00+01:00",
                "end": "2026-12-08T11:00:00+01:00",
                "time_zone": "Europe/Stockholm",
                "status": "scheduled",
                "place": {"slug": "foreningarnas-hus", "name": "Föreningarnas hus", "address": "…"},
                "organisers": [{"slug": "svenska-kyrkan", "name": "Svenska kyrkan", "url": "…"}],
                "audiences": [{"code": "parents", "label": _("Parents")}],
                "is_free": True,
                "…": "…",
            }
        ],
        "next_cursor": "WyIyMDI2LTEy…",
        "next": f"{_base(request)}/api/v1/events/?cursor=WyIyMDI2LTEy…",
    }
    return render(
        request,
        "api/api_page.html",
        {
            "base": _base(request),
            "openapi_url": reverse("api-v1:openapi-json"),
            "builder_url": reverse("embed-builder"),
            "rate": settings.KLOCKET_API_RATE,
            "example": json.dumps(example, ensure_ascii=False, indent=2),
        },
    )


def _embed_query(request) -> tuple[dict, int, str]:
    """The embed's filters, number of dates and language from the query (bad values: ApiError)."""
    values = {name: request.GET.get(name, "").strip() or None for name in EMBED_FILTERS}
    try:
        limit = int(request.GET.get("limit") or DEFAULT_LIMIT)
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_EMBED_LIMIT:
        raise ApiError("limit", _("Give a number of dates from 1 to %(max)s.") % {"max": MAX_EMBED_LIMIT})
    return values, limit, params.api_language(request.GET.get("lang"))


def _calendar_link(filters) -> str:
    query = filters.as_query()
    return reverse("calendar") + (f"?{query}" if query else "")


@cache_public("embed_calendar", params=EMBED_PARAMS)
def _embed_calendar(request):
    try:
        values, limit, _lang = _embed_query(request)
        filters = params.calendar_filters(values, None)
    except ApiError as error:
        return render(request, "api/embed_calendar.html", {"error": error.message}, status=400)
    occurrences = list(selectors.public_occurrences(filters).upcoming()[:limit])
    return render(
        request,
        "api/embed_calendar.html",
        {"occurrences": occurrences, "calendar_url": _base(request) + _calendar_link(filters), "now": timezone.now()},
    )


@require_safe
@xframe_options_exempt
def embed_calendar(request):
    """The next dates for a partner's iframe; only the origins coordinators listed may frame it.

    ``frame-ancestors`` is set on every answer, cached or not (it is read from the database
    each time, so a newly listed website works at once); never ``*``.
    """
    with translation.override(params.api_language(request.GET.get("lang"))):
        response = _embed_calendar(request)
    ancestors = ["'self'", *allowed_frame_ancestors()]
    return csp_replace({"frame-ancestors": ancestors})(lambda request: response)(request)


def _snippets(base: str, values: dict, limit: int, lang: str, widget_lang: str, calendar_url: str) -> dict:
    """The two snippets a partner copies, and the element alone for the builder's preview."""
    chosen = {name: value for name, value in values.items() if value}
    element = format_html(
        '<klocket-calendar{} limit="{}" lang="{}">\n  <noscript><a href="{}">{}</a></noscript>\n</klocket-calendar>',
        format_html_join("", ' {}="{}"', chosen.items()),
        limit,
        widget_lang,
        calendar_url,
        _("See the coming activities in the KLOCKET calendar"),
    )
    script = format_html('<script src="{}/{}/{}" defer></script>', base, settings.STATIC_URL.strip("/"), WIDGET_PATH)
    iframe_src = f"{base}{reverse('embed-calendar')}?" + urlencode({**chosen, "limit": limit, "lang": lang})
    iframe = format_html(
        '<iframe src="{}" title="{}" style="width: 100%; height: 30rem; border: 0" loading="lazy"></iframe>',
        iframe_src,
        _("Coming activities at KLOCKET"),
    )
    return {"widget": f"{script}\n{element}", "widget_element": element, "iframe": iframe, "iframe_src": iframe_src}


@require_safe
@cache_public("embed_builder", params=EMBED_PARAMS)
def embed_builder(request):
    """Pick filters and a number of dates, see the preview, copy the snippet (works without JavaScript)."""
    error = None
    try:
        values, limit, lang = _embed_query(request)
        filters = params.calendar_filters(values, None)
    except ApiError as problem:
        error = problem
        values, limit, lang = dict.fromkeys(EMBED_FILTERS), DEFAULT_LIMIT, params.api_language(None)
        filters = params.calendar_filters({}, None)
    widget_lang = (request.GET.get("lang") or lang).strip().lower()[:8]
    if not widget_lang.isalpha():
        widget_lang = lang
    base = _base(request)
    calendar_url = base + _calendar_link(filters)
    return render(
        request,
        "api/embed_builder.html",
        {
            "error": error,
            "filters": filters,
            "limit": limit,
            "widget_lang": widget_lang,
            "snippets": _snippets(base, values, limit, lang, widget_lang, calendar_url),
            "areas": Area.objects.all(),
            "places": Venue.objects.filter(is_active=True).only("slug", "name"),
            "organisations": Organisation.objects.active().only("slug", "name"),
            "audiences": Audience.objects.all(),
            "spoken_languages": Language.objects.all(),
            "widget_languages": [("sv", "Svenska"), ("en", "English"), ("ar", "العربية")],
            "limits": range(1, MAX_EMBED_LIMIT + 1),
        },
        status=400 if error else 200,
    )
