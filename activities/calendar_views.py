"""The public calendar: a list of the coming days, a month grid, a week and a day, and the event page.

Every view reads the same filters from the query string (selectors.CalendarFilters), keeps
them in its links, and works without JavaScript.
"""

import calendar
import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from activities import selectors
from klocket import content_languages
from klocket.cache import cache_public
from klocket.paths import int_path

LIST_DAYS = 30
LIST_MAX_ROWS = 60
MONTH_TITLES_PER_DAY = 3
WEEK_TITLES_PER_DAY = 8
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _valid_date(year, month, day=1) -> dt.date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        raise Http404 from None


def _parse_day(value: str | None) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def _context(request, filters, view, **extra):
    query = filters.as_query()
    today = timezone.localdate()
    feed_query = f"?{query}" if query else ""
    return {
        "filters": filters,
        "filter_query": query,
        "view": view,
        "today": today,
        "list_url": reverse("calendar") + feed_query,
        "week_url": reverse("calendar-week", args=[*today.isocalendar()[:2]]) + feed_query,
        "month_url": reverse("calendar-month", args=[today.year, today.month]) + feed_query,
        "ics_path": reverse("calendar-ics") + feed_query,
        "rss_url": reverse("calendar-rss") + feed_query,
        **extra,
    }


@require_safe
@cache_public("calendar_list", params=(*selectors.CalendarFilters.QUERY_KEYS, "fran"))
def calendar_list(request):
    """The coming 30 days grouped by day: the default view, made for phones."""
    filters = selectors.CalendarFilters.from_query(request.GET)
    today = timezone.localdate()
    first_day = _parse_day(request.GET.get("fran")) or today
    start, _ = selectors.local_day_bounds(first_day)
    _, end = selectors.local_day_bounds(first_day + dt.timedelta(days=LIST_DAYS - 1))
    if first_day == today:
        start = timezone.now()  # today: only what has not ended yet
    rows = list(selectors.listed_between(start, end, filters)[: LIST_MAX_ROWS + 1])
    days = selectors.group_by_day(rows)
    next_day = first_day + dt.timedelta(days=LIST_DAYS)
    if len(rows) > LIST_MAX_ROWS and len(days) > 1:
        # Too much for one page: end at a whole day and continue from the next one.
        next_day = days[-1][0]
        days = days[:-1]
    last_day = days[-1][0] if days and next_day != first_day + dt.timedelta(days=LIST_DAYS) else None
    return render(
        request,
        "activities/calendar_list.html",
        _context(
            request,
            filters,
            "list",
            days=days,
            first_day=first_day,
            last_day=last_day or first_day + dt.timedelta(days=LIST_DAYS - 1),
            previous_day=first_day - dt.timedelta(days=LIST_DAYS) if first_day > today else None,
            next_day=next_day,
        ),
    )


@require_safe
@cache_public("calendar_month", params=selectors.CalendarFilters.QUERY_KEYS)
def calendar_month(request, year, month):
    filters = selectors.CalendarFilters.from_query(request.GET)
    first = _valid_date(year, month)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start, _ = selectors.local_day_bounds(weeks[0][0])
    _, end = selectors.local_day_bounds(weeks[-1][-1])
    summaries = selectors.day_summaries(start, end, filters, per_day=MONTH_TITLES_PER_DAY)
    query = filters.as_query()
    today = timezone.localdate()
    grid = [
        [{**_grid_day(day, summaries.get(day, ([], 0)), today, query), "in_month": day.month == month} for day in week]
        for week in weeks
    ]
    previous_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "activities/calendar_month.html",
        _context(
            request,
            filters,
            "month",
            month=first,
            grid=grid,
            weekdays=[weeks[0][i] for i in range(7)],
            previous_month=previous_month if previous_month.year >= FIRST_YEAR else None,
            next_month=next_month if next_month.year <= LAST_YEAR else None,
        ),
    )


def _day_url(day: dt.date, query: str) -> str:
    path = int_path("calendar-day", year=day.year, month=day.month, day=day.day)
    return f"{path}?{query}" if query else path


def _grid_day(day: dt.date, summary, today: dt.date, query: str) -> dict:
    """One day of the month or week grid with its texts worked out here (42 cells a month)."""
    shown, total = summary
    more = max(total - len(shown), 0)
    return {
        "date": day,
        "is_today": day == today,
        "url": _day_url(day, query),
        "label": date_format(day, "WEEKDAY_MONTH_DAY_FORMAT"),
        "short_label": date_format(day, "MONTH_DAY_FORMAT") if more else "",
        "occurrences": shown,
        "total": total,
        "count_word": ngettext("activity", "activities", total) if total else "",
        "more": more,
        "more_text": ngettext("+%(counter)s more", "+%(counter)s more", more) % {"counter": more} if more else "",
    }


@require_safe
@cache_public("calendar_week", params=selectors.CalendarFilters.QUERY_KEYS)
def calendar_week(request, year, week):
    filters = selectors.CalendarFilters.from_query(request.GET)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except (ValueError, OverflowError):
        raise Http404 from None
    start, _ = selectors.local_day_bounds(monday)
    _, end = selectors.local_day_bounds(monday + dt.timedelta(days=6))
    summaries = selectors.day_summaries(start, end, filters, per_day=WEEK_TITLES_PER_DAY)
    query = filters.as_query()
    today = timezone.localdate()
    days = [
        _grid_day(day, summaries.get(day, ([], 0)), today, query)
        for day in (monday + dt.timedelta(days=offset) for offset in range(7))
    ]
    previous_monday = monday - dt.timedelta(days=7)
    next_monday = monday + dt.timedelta(days=7)
    return render(
        request,
        "activities/calendar_week.html",
        _context(
            request,
            filters,
            "week",
            week=week,
            monday=monday,
            sunday=monday + dt.timedelta(days=6),
            days=days,
            previous_week=previous_monday.isocalendar()[:2] if previous_monday.year >= FIRST_YEAR else None,
            next_week=next_monday.isocalendar()[:2] if next_monday.year <= LAST_YEAR else None,
        ),
    )


@require_safe
@cache_public("calendar_day", params=selectors.CalendarFilters.QUERY_KEYS)
def calendar_day(request, year, month, day):
    filters = selectors.CalendarFilters.from_query(request.GET)
    date = _valid_date(year, month, day)
    start, end = selectors.local_day_bounds(date)
    occurrences = selectors.listed_between(start, end, filters).filter(start__gte=start)
    return render(
        request,
        "activities/calendar_day.html",
        _context(
            request,
            filters,
            "day",
            date=date,
            occurrences=occurrences,
            previous_date=date - dt.timedelta(days=1),
            next_date=date + dt.timedelta(days=1),
        ),
    )


@require_safe
@cache_public("occurrence_detail")
def occurrence_detail(request, pk):
    occurrence = get_object_or_404(
        selectors.public_occurrences()
        .select_related("venue__area", "activity__venue__area", "activity__registration")
        .prefetch_related("activity__co_organisers", "activity__audiences", "activity__languages", "programme"),
        pk=pk,
    )
    from bookings.selectors import sign_up_for

    activity = occurrence.activity
    # Places left cost one query (none without sign-up); a booking bumps the data version of
    # klocket.cache, so this cached page is rendered afresh after each sign-up or cancellation.
    sign_up = sign_up_for(occurrence)
    return render(
        request,
        "activities/occurrence_detail.html",
        {
            "occurrence": occurrence,
            "activity": activity,
            # The texts in the reader's language, else in Swedish marked lang="sv".
            "texts": content_languages.texts(activity),
            "other_dates": selectors.other_dates(occurrence),
            "json_ld": _event_json_ld(request, occurrence, sign_up),
            "sign_up": sign_up,
        },
    )


def _event_json_ld(request, occurrence, sign_up=None) -> dict:
    activity = occurrence.activity
    place = occurrence.place
    title = content_languages.translated(activity, "title")
    summary = content_languages.translated(activity, "summary")
    description = content_languages.translated(activity, "description")
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": title.text,
        # The language of the texts given here: the reader's where written, else Swedish.
        "inLanguage": title.lang,
        "startDate": timezone.localtime(occurrence.start).isoformat(),
        "endDate": timezone.localtime(occurrence.end).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if occurrence.is_cancelled
        else "https://schema.org/EventScheduled",
        "url": request.build_absolute_uri(occurrence.get_absolute_url()),
        "organizer": [
            {"@type": "Organization", "name": organisation.name}
            for organisation in [activity.organiser, *activity.co_organisers.all()]
        ],
        "isAccessibleForFree": not activity.cost,
    }
    if summary or description:
        data["description"] = summary.text or description.text[:300]
    if place.kind == place.Kind.ONLINE:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "name": place.name}
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        data["location"] = {
            "@type": "Place",
            "name": place.name,
            "address": place.address or place.area.name,
        }
    if activity.image:
        data["image"] = request.build_absolute_uri(activity.image.url)
    if sign_up is not None:
        offer = {
            "@type": "Offer",
            "url": request.build_absolute_uri(reverse("booking-sign-up", args=[occurrence.pk])),
            "availability": sign_up.availability.schema_availability,
        }
        if not activity.cost:
            offer.update(price=0, priceCurrency="SEK")
        data["offers"] = offer
    return data
