"""Reading the API's query parameters: filters, dates, the cursor and the language.

Filters go through the calendar's own parser (``activities.selectors.CalendarFilters``) under
their English names; unlike the calendar pages, which ignore what they do not know, the API
answers a value that matches nothing with ``400`` naming the parameter, so a typo in a
partner's snippet shows at once instead of listing everything.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.calendar_views import FIRST_YEAR, LAST_YEAR
from activities.selectors import CalendarFilters
from api.errors import ApiError

# API name -> the calendar's query parameter and the CalendarFilters attribute it fills.
FILTERS = {
    "area": ("omrade", "area"),
    "place": ("plats", "venue"),
    "form": ("form", "form"),
    "audience": ("for", "audience"),
    "organiser": ("arrangor", "organiser"),
    "language": ("sprak", "language"),
}
CURSOR_SALT = "api.events.cursor"


def api_language(value: str | None) -> str:
    """The language of labels and messages: a portal language, else Swedish."""
    codes = {code for code, _name in settings.LANGUAGES}
    value = (value or "").strip().lower()
    return value if value in codes else settings.LANGUAGE_CODE


def calendar_filters(values: dict[str, str | None], q: str | None) -> CalendarFilters:
    """The calendar's filters from the API's parameters; a value that matches nothing is a 400."""
    query = QueryDict(mutable=True)
    for name, (calendar_name, _attribute) in FILTERS.items():
        if values.get(name):
            query[calendar_name] = values[name]
    if q:
        query["q"] = q
    filters = CalendarFilters.from_query(query, with_options=False)
    for name, (_calendar_name, attribute) in FILTERS.items():
        if values.get(name) and not getattr(filters, attribute):
            raise ApiError(name, _("No %(name)s has the value %(value)s.") % {"name": name, "value": values[name]})
    return filters


def aware(value: dt.date | dt.datetime, parameter: str, *, end_of_day: bool = False) -> dt.datetime:
    """A date (the start of that local day, or of the next one) or a datetime (naive = Stockholm time)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ApiError(
            parameter, _("Give a date between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if not isinstance(value, dt.datetime):
        day = value + dt.timedelta(days=1) if end_of_day else value
        value = dt.datetime.combine(day, dt.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


def moment(value: str, parameter: str, *, end_of_day: bool = False) -> dt.datetime:
    """``from``/``to``: a date (YYYY-MM-DD) or an ISO 8601 date-time, as ``aware`` reads them."""
    value = value.strip()
    try:
        parsed = dt.date.fromisoformat(value) if len(value) == 10 else dt.datetime.fromisoformat(value)
    except ValueError:
        raise ApiError(parameter, _("Give a date as YYYY-MM-DD or a date and time as YYYY-MM-DDTHH:MM.")) from None
    return aware(parsed, parameter, end_of_day=end_of_day)


def make_cursor(*position) -> str:
    """An opaque, signed position: where the next page starts."""
    return signing.dumps(
        [value.isoformat() if isinstance(value, dt.datetime) else value for value in position], salt=CURSOR_SALT
    )


def _bad_cursor() -> ApiError:
    return ApiError("cursor", _("This cursor is not valid: start again from the first page."))


def read_event_cursor(value: str) -> tuple[dt.datetime, int]:
    """Where the previous page of events ended; a cursor not made here (or changed) is a 400."""
    try:
        start, pk = signing.loads(value, salt=CURSOR_SALT)
        moment = dt.datetime.fromisoformat(start)
        if type(pk) is not int or timezone.is_naive(moment):
            raise ValueError
    except (signing.BadSignature, ValueError, TypeError):
        raise _bad_cursor() from None
    return moment, pk


def read_activity_cursor(value: str) -> int:
    try:
        (pk,) = signing.loads(value, salt=CURSOR_SALT)
        if type(pk) is not int:
            raise ValueError
    except (signing.BadSignature, ValueError, TypeError):
        raise _bad_cursor() from None
    return pk
