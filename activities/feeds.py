"""Calendar feeds: the iCalendar subscription, one date's .ics, and RSS/Atom of coming events.

Every feed reads the calendar's filters from the query string (selectors.CalendarFilters) and
shows only what residents may see (selectors.public_occurrences). The iCalendar files are built
with the icalendar library, which escapes and folds text as RFC 5545 requires:

- UID ``occurrence-<pk>@<KLOCKET_FEED_UID_DOMAIN>``: stable across fetches, so a subscribed
  calendar updates its entries instead of duplicating them.
- DTSTART/DTEND in local wall time with ``TZID=Europe/Stockholm`` and a VTIMEZONE, never
  shifted to UTC, so a 16:00 activity stays at 16:00 across the DST changes.
- A cancelled date stays in the feed with ``STATUS:CANCELLED`` so calendars strike it out.
- ``?lang=ar`` (else the visitor's Accept-Language) chooses the language: titles and texts in it
  where staff wrote them, otherwise in Swedish, with ``LANGUAGE=`` on SUMMARY and DESCRIPTION.
  An unknown ``?lang=`` gives Swedish.
"""

import datetime as dt
import functools
import hashlib
import logging
from dataclasses import dataclass
from functools import wraps

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db import DatabaseError, transaction
from django.db.models import F, FilteredRelation, Func, Q, TextField
from django.db.models.functions import MD5
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, formats, timezone, translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from activities import selectors
from activities.models import ActivityForm, FeedEntry, Occurrence
from activities.models.events import cancellation_reason
from klocket import content_languages
from klocket.cache import cache_public
from klocket.paths import int_path

ICS_DAYS_BEFORE = 30
ICS_DAYS_AHEAD = 365
ICS_MAX_DAYS_AHEAD = 400
# A safety limit for one file; the window moves forward every day, so later dates follow.
ICS_MAX_EVENTS = 5000
RSS_MAX_ITEMS = 100
# Long texts the feed does not show, left out of its one query.
ICS_UNUSED_FIELDS = [
    "activity__how_to_join",
    "activity__accessibility",
    "activity__image",
    "activity__image_alt",
    "activity__join_url",
    "activity__cost",
    "activity__venue__description",
    "activity__venue__accessibility",
    "activity__organiser__description",
    "activity__organiser__logo",
    "venue__description",
    "venue__accessibility",
]
logger = logging.getLogger(__name__)
PRODID = "-//KLOCKET//KLOCKET portal//EN"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


LANG_PARAM = "lang"


def feed_language(view):
    """Serve the feed in ``?lang=`` (an unknown code: Swedish); without it, in the language the
    LocaleMiddleware chose from the visitor's Accept-Language. Outside the page cache, whose key
    holds the active language."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        code = request.GET.get(LANG_PARAM, "").strip()
        if not code:
            return view(request, *args, **kwargs)
        with translation.override(content_languages.reader_language(code)):
            response = view(request, *args, **kwargs)
            response["Content-Language"] = get_language()
        return response

    return wrapped


# --- iCalendar --------------------------------------------------------------------------------


def _days_ahead(query) -> int:
    """``?dagar=N`` (1..400) sets how many days ahead the feed reaches; bad values are ignored."""
    value = query.get("dagar", "")
    if value.isascii() and value.isdigit() and 1 <= int(value) <= ICS_MAX_DAYS_AHEAD:
        return int(value)
    return ICS_DAYS_AHEAD


def occurrence_uid(occurrence: Occurrence) -> str:
    return f"occurrence-{occurrence.pk}@{settings.KLOCKET_FEED_UID_DOMAIN}"


@functools.lru_cache(maxsize=8)
def _vtimezone(first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE of the portal's zone for whole years (computed once per range; read only)."""
    return Timezone.from_tzinfo(
        timezone.get_default_timezone(),
        tzid=settings.TIME_ZONE,
        first_date=dt.date(first_year, 1, 1),
        last_date=dt.date(last_year, 12, 31),
    )


def _new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", vText(settings.TIME_ZONE))
    # Ask subscribed calendars to fetch again every few hours, so cancellations show soon.
    calendar.add("refresh-interval", dt.timedelta(hours=3), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT3H")
    return calendar


def _add_events(calendar: Calendar, events: list[Event], first: dt.datetime, last: dt.datetime):
    """The VTIMEZONE the events' TZID refers to (covering ``first`` to ``last``), then the events."""
    calendar.add_component(_vtimezone(timezone.localtime(first).year, timezone.localtime(last).year))
    for event in events:
        calendar.add_component(event)


def _place_text(place) -> str:
    return ", ".join(part for part in [place.name, place.address] if part)


class _EventWriter:
    """Makes VEVENTs for one request: texts, labels and partner addresses are worked out once."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self.stamp = timezone.now().replace(microsecond=0)
        self.form_labels = {value: str(label) for value, label in ActivityForm.choices}
        self.cancelled_title = _("Cancelled: %(title)s")
        self.cancelled_reason = _("Cancelled: %(reason)s")
        self.more_information = _("More information: %(url)s")
        self.home = request.build_absolute_uri(reverse("home"))
        self.organisers: dict[int, vCalAddress] = {}

    def organiser(self, organisation) -> vCalAddress:
        """A partner as ORGANIZER: its name and its public page, never an e-mail address."""
        if organisation.pk not in self.organisers:
            page = self.request.build_absolute_uri(organisation.get_absolute_url())
            address = vCalAddress(page if organisation.is_active else self.home)
            address.params["CN"] = organisation.name
            self.organisers[organisation.pk] = address
        return self.organisers[organisation.pk]

    def description(self, occurrence: Occurrence, url: str) -> tuple[str, str]:
        """The text and its language (that of the activity's summary or description shown)."""
        activity = occurrence.activity
        summary = content_languages.translated(activity, "summary")
        about = content_languages.translated(activity, "description")
        parts = []
        if occurrence.is_cancelled:
            parts.append(self.cancelled_reason % {"reason": occurrence.cancellation_reason})
        parts += [occurrence.note, summary.text, about.text.strip()]
        parts.append(self.more_information % {"url": url})
        language = (summary if summary else about).lang if (summary or about) else content_languages.reader_language()
        return "\n\n".join(part for part in parts if part), language

    def event(self, occurrence: Occurrence) -> Event:
        activity = occurrence.activity
        place = occurrence.place
        url = self.request.build_absolute_uri(occurrence.get_absolute_url())
        translated_title = content_languages.translated(activity, "title")
        title = translated_title.text
        if occurrence.is_cancelled:
            # Not every calendar app shows STATUS:CANCELLED: say it in the title too.
            title = self.cancelled_title % {"title": title}
        event = Event()
        event.add("uid", occurrence_uid(occurrence))
        event.add("dtstamp", self.stamp)
        # Local wall time with TZID=Europe/Stockholm: never shifted to UTC.
        event.add("dtstart", timezone.localtime(occurrence.start))
        event.add("dtend", timezone.localtime(occurrence.end))
        event.add("summary", title, parameters={"LANGUAGE": translated_title.lang})
        description, language = self.description(occurrence, url)
        event.add("description", description, parameters={"LANGUAGE": language})
        event.add("location", _place_text(place))
        if place.has_coordinates:
            event.add("geo", (float(place.latitude), float(place.longitude)))
        event.add("url", url)
        event.add("status", "CANCELLED" if occurrence.is_cancelled else "CONFIRMED")
        event.add("categories", [self.form_labels.get(activity.form, activity.form)])
        event.add("organizer", self.organiser(activity.organiser))
        event.add("last-modified", activity.updated)
        return event


def _ics_response(calendar: Calendar, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=ICS_CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _calendar_name(filters: selectors.CalendarFilters) -> str:
    labels = [
        str(label)
        for label in [
            filters.venue,
            filters.organiser,
            dict(ActivityForm.choices).get(filters.form) if filters.form else None,
            filters.audience,
            filters.language,
            f"“{filters.q}”" if filters.q else None,
        ]
        if label
    ]
    return " – ".join(["KLOCKET", *labels])


@require_safe
@feed_language
@cache_public("calendar_ics", params=(*selectors.CalendarFilters.QUERY_KEYS, "dagar", LANG_PARAM))
def calendar_ics(request):
    """The public calendar as an iCalendar subscription: 30 days back to ``?dagar`` days ahead."""
    filters = selectors.CalendarFilters.from_query(request.GET, with_options=False)
    now = timezone.now()
    start = now - dt.timedelta(days=ICS_DAYS_BEFORE)
    end = now + dt.timedelta(days=_days_ahead(request.GET))
    window = selectors.public_occurrences_between(start, end, filters)[:ICS_MAX_EVENTS]
    context = _request_fingerprint(request)
    rows = [
        (pk, fingerprint, body if stored_fingerprint == fingerprint else None)
        for pk, fingerprint, stored_fingerprint, body in window.annotate(
            fingerprint=_FINGERPRINT,
            entry=FilteredRelation("feed_entries", condition=Q(feed_entries__context=context)),
        ).values_list("pk", "fingerprint", "entry__fingerprint", "entry__body")
    ]
    calendar = _new_calendar(_calendar_name(filters))
    # A date may begin before the window or end after it, by at most a date's longest duration:
    # the VTIMEZONE covers those years too (at worst one year more than needed).
    _add_events(calendar, [], start - Occurrence.MAX_DURATION, end + Occurrence.MAX_DURATION)
    head, tail = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    body = "".join(_entries(request, rows, context, window_start=start)).encode()
    response = HttpResponse(head + body + b"END:VCALENDAR" + tail, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="klocket.ics"'
    return response


class _Netstrings(Func):
    """The fields as text, each as ``<length>:<text>`` (NULL as empty), in one flat ``||`` chain:
    unambiguous, and flat so SQLite's parser is not nested 50 levels deep as with Concat()."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, sql_params = compiler.compile(expression)
            text = f"COALESCE(CAST({sql} AS TEXT), '')"
            parts.append(f"LENGTH({text}) || ':' || {text}")
            params += [*sql_params, *sql_params]
        return "(" + " || '|' || ".join(parts) + ")", params


def _fingerprint_expression():
    """MD5, worked out by the database, of everything a VEVENT shows: the date, its activity, place
    and main organiser. When any of it changes, so does the fingerprint, and the entry is written
    again; the feed's query returns 32 characters per date instead of every text."""
    fields = [
        "start", "end", "cancelled", "cancel_reason", "note",
        "activity__title", "activity__summary", "activity__description", "activity__i18n", "activity__status",
        "activity__form", "activity__updated",
        "venue_id", "venue__name", "venue__address", "venue__latitude", "venue__longitude",
        "activity__venue_id", "activity__venue__name", "activity__venue__address",
        "activity__venue__latitude", "activity__venue__longitude",
        "activity__organiser_id", "activity__organiser__name", "activity__organiser__slug",
        "activity__organiser__is_active",
    ]  # fmt: skip
    return MD5(_Netstrings(*[F(name) for name in fields]))


_FINGERPRINT = _fingerprint_expression()


# Bump when the VEVENTs' wording or layout changes in the code: stored entries are then written anew.
FEED_ENTRY_FORMAT = 3  # 2: dates held before their activity was cancelled stay confirmed; 3: LANGUAGE=


def _request_fingerprint(request) -> str:
    """Everything a stored VEVENT depends on besides its date's data: the entry format, the
    icalendar version, the time zone, the site's address and paths, the UID domain, and the
    language with the very texts it translates to (a new translation rewrites the entries)."""
    parts = (
        FEED_ENTRY_FORMAT,
        icalendar.__version__,
        settings.TIME_ZONE,
        request.scheme,
        request.get_host(),
        int_path("occurrence-detail", pk=1),
        reverse("organisation-detail", kwargs={"slug": "x"}),
        reverse("home"),
        settings.KLOCKET_FEED_UID_DOMAIN,
        get_language(),
        _("Cancelled: %(title)s"),
        _("Cancelled: %(reason)s"),
        _("More information: %(url)s"),
        cancellation_reason(False, ""),
        *(str(label) for _value, label in ActivityForm.choices),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _entries(request, rows: list[tuple[int, str, str | None]], context: str, *, window_start) -> list[str]:
    """Each date's VEVENT in feed order: the stored entry when its fingerprint still matches.

    ``rows`` are (pk, fingerprint, stored VEVENT or None). Only the dates without a matching
    entry are read in full (one query), written by icalendar and stored (one upsert), so an
    edit re-writes only the dates it changed. Storing is best effort: if it fails (a date
    deleted meanwhile), the feed is still answered and the entries are written next time.
    """
    missing = [pk for pk, _fingerprint, body in rows if body is None]
    fresh: dict[int, str] = {}
    if missing:
        writer = _EventWriter(request)
        occurrences = selectors.public_occurrences().filter(pk__in=missing).defer(*ICS_UNUSED_FIELDS).in_bulk()
        entries = []
        for pk, fingerprint, body in rows:
            if body is None and pk in occurrences:
                fresh[pk] = writer.event(occurrences[pk]).to_ical().decode()
                entries.append(FeedEntry(occurrence_id=pk, context=context, fingerprint=fingerprint, body=fresh[pk]))
        _store(entries, window_start)
    return [fresh.get(pk, "") if body is None else body for pk, _fingerprint, body in rows]


def _store(entries: list, window_start: dt.datetime) -> None:
    try:
        with transaction.atomic():
            FeedEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["occurrence", "context"],
                update_fields=["fingerprint", "body"],
            )
            # Dates that ended before any feed's window never come back: their entries go.
            # (A date ending before a moment began before it: the start bound lets the index help.)
            gone = window_start - dt.timedelta(days=1)
            FeedEntry.objects.filter(occurrence__start__lt=gone, occurrence__end__lt=gone).delete()
    except DatabaseError:
        logger.warning("calendar feed: %s entries not stored", len(entries), exc_info=True)


@require_safe
@feed_language
@cache_public("occurrence_ics", params=(LANG_PARAM,))
def occurrence_ics(request, pk):
    """One public date as a file to add to one's own calendar."""
    occurrence = get_object_or_404(selectors.public_occurrences(), pk=pk)
    calendar = _new_calendar(content_languages.translated(occurrence.activity, "title").text)
    _add_events(calendar, [_EventWriter(request).event(occurrence)], occurrence.start, occurrence.end)
    local_date = timezone.localdate(occurrence.start)
    return _ics_response(calendar, f"{occurrence.activity.slug}-{local_date:%Y-%m-%d}.ics", attachment=True)


# --- RSS and Atom -----------------------------------------------------------------------------


@dataclass
class _FeedContext:
    request: HttpRequest
    filters: selectors.CalendarFilters


def _when(occurrence: Occurrence) -> str:
    start = timezone.localtime(occurrence.start)
    end = timezone.localtime(occurrence.end)
    date = formats.date_format(start, "DATE_FORMAT")
    if start.date() == end.date():
        return f"{date}, {start:%H:%M}–{end:%H:%M}"
    return f"{date}, {start:%H:%M} – {formats.date_format(end, 'DATE_FORMAT')}, {end:%H:%M}"


def _takes_sign_up(activity) -> bool:
    """Whether residents sign up for the activity (bookings.Registration, loaded with select_related)."""
    registration = getattr(activity, "registration", None) if hasattr(activity, "registration") else None
    return bool(registration and registration.enabled)


class CalendarRssFeed(Feed):
    """Coming public dates, in start order, at most 100, with the calendar's filters."""

    title = gettext_lazy("KLOCKET: coming activities")
    description = gettext_lazy("Coming public activities in KLOCKET, Klockaretorpet, Norrköping.")

    def get_object(self, request, *args, **kwargs):
        return _FeedContext(request, selectors.CalendarFilters.from_query(request.GET, with_options=False))

    def link(self, obj):
        query = obj.filters.as_query()
        return reverse("calendar") + (f"?{query}" if query else "")

    def feed_url(self, obj):
        return obj.request.get_full_path()

    def items(self, obj):
        return (
            selectors.public_occurrences(obj.filters)
            .upcoming()
            .select_related("activity__registration")[:RSS_MAX_ITEMS]
        )

    def item_title(self, item):
        title = content_languages.translated(item.activity, "title").text
        if item.is_cancelled:
            title = _("Cancelled: %(title)s") % {"title": title}
        # Feed readers read titles as HTML: escape them (see Django's Feed.item_title).
        return escape(f"{title} ({_when(item)})")

    def item_description(self, item):
        activity = item.activity
        rows = [(_("When"), _when(item)), (_("Where"), _place_text(item.place))]
        if item.is_cancelled:
            rows.insert(0, (_("Cancelled"), item.cancellation_reason))
        html = format_html_join("", "<p><strong>{}:</strong> {}</p>", rows)
        texts = [text for text in [item.note, content_languages.translated(activity, "summary").text] if text]
        html += format_html_join("", "<p>{}</p>", ((text,) for text in texts))
        if _takes_sign_up(activity):
            # The item's link is the event page, where the sign-up is.
            html += format_html("<p><strong>{}</strong></p>", _("Sign-up required"))
        return html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.activity.created

    def item_updateddate(self, item):
        return item.activity.updated

    def item_categories(self, item):
        return [item.activity.get_form_display()]

    def item_author_name(self, item):
        return item.activity.organiser.name


class CalendarAtomFeed(CalendarRssFeed):
    feed_type = feedgenerator.Atom1Feed
    subtitle = CalendarRssFeed.description


calendar_rss = require_safe(
    feed_language(
        cache_public("calendar_rss", params=(*selectors.CalendarFilters.QUERY_KEYS, LANG_PARAM))(CalendarRssFeed())
    )
)
calendar_atom = require_safe(
    feed_language(
        cache_public("calendar_atom", params=(*selectors.CalendarFilters.QUERY_KEYS, LANG_PARAM))(CalendarAtomFeed())
    )
)
