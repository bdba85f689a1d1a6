"""The read-only JSON API, /api/v1/: dated events, activities, places, partners and areas.

Public data only, read through the public calendar's querysets (``activities.selectors``).
Every endpoint is cached like the public pages (klocket/cache.py: refreshed when the data
changes, ETag and 304), rate limited per client (``KLOCKET_API_RATE``: 429 with Retry-After),
open to GET from any origin (django-cors-headers, no cookies). The OpenAPI 3.1 document is
/api/v1/openapi.json (django-ninja writes it from the signatures and api/schemas.py).

Query cost: a list of events is 1 query plus 3 prefetches (co-organisers, audiences,
languages), plus one per filter given (its value looked up): constant in the data size.
"""

import datetime as dt
from functools import wraps
from typing import Literal

from django.conf import settings
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from ninja import NinjaAPI, Path, Query
from ninja.decorators import decorate_view
from ninja.errors import ValidationError

from activities import selectors
from activities.models import Activity, ActivityForm, Area, Occurrence, Organisation, Venue
from api import params, schemas, serialise
from api.errors import ApiError, error_response, not_found, unknown_parameter
from klocket.cache import cache_public
from klocket.client_ip import client_ip

api = NinjaAPI(
    title="KLOCKET API",
    version="1",
    description=(
        "Read-only public data of the KLOCKET portal: dated events, activities, places, partners and areas. "
        "No key needed; GET from any origin. Explained with examples on the portal's page /api/."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    openapi_extra={"info": {"license": {"name": "Public data", "identifier": "CC0-1.0"}}},
)

MAX_LIMIT = 100
MAX_ID = 2**63 - 1
PublicForm = Literal[tuple(value for value, _label in ActivityForm.choices if value != ActivityForm.INTERNAL_MEETING)]
ERRORS = {400: schemas.Error, 429: schemas.Error}
DETAIL_ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}


@api.exception_handler(ApiError)
def _api_error(request, exc):
    return error_response(exc)


@api.exception_handler(ValidationError)
def _validation_error(request, exc):
    first = exc.errors[0] if exc.errors else {}
    location = first.get("loc") or ()
    # ("query", "limit") or ("query", "updated_since", "datetime"): the parameter is the second.
    parameter = str(location[1] if len(location) > 1 else location[0]) if location else None
    return error_response(ApiError(parameter, _("The value of %(name)s is not valid.") % {"name": parameter}))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(not_found())


def _client_key(group, request) -> str:
    """Per client address (klocket/client_ip.py); a request without one shares one count."""
    return client_ip(request) or "unknown"


def _rate_limited(request) -> JsonResponse | None:
    usage = get_usage(request, group="api", key=_client_key, rate=settings.KLOCKET_API_RATE, increment=True)
    if not usage or not usage["should_limit"]:
        return None
    response = error_response(
        ApiError(None, _("Too many requests: wait a moment and try again."), status=429, code="rate_limited")
    )
    response["Retry-After"] = str(max(usage["time_left"], 1))
    return response


def public_endpoint(prefix: str, query_params=()):
    """Rate limit, refuse unknown parameters, answer in ``lang``, cache (klocket/cache.py)."""
    allowed = frozenset(query_params) | {"lang"}
    cached = cache_public(f"api_{prefix}", params=allowed)

    def decorator(run):
        cached_run = cached(run)

        @wraps(run)
        def wrapped(request, *args, **kwargs):
            limited = _rate_limited(request)
            if limited is not None:
                return limited
            unknown = sorted(set(request.GET) - allowed)
            if unknown:
                return error_response(unknown_parameter(unknown[0]))
            with translation.override(params.api_language(request.GET.get("lang"))):
                response = cached_run(request, *args, **kwargs)
                response["Content-Language"] = translation.get_language()
            return response

        return wrapped

    return decorator


def _json(data) -> JsonResponse:
    """The answer as JSON straight from the serialised dicts (api/serialise.py).

    django-ninja would validate each nested object against api/schemas.py again (a quarter of
    the time of a page of 50 events); the schemas still document the answer, and
    tests/test_api_schema.py checks every answer against them.
    """
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


def _events():
    return (
        selectors.public_occurrences()
        .select_related("activity__venue__area", "venue__area")
        .prefetch_related("activity__co_organisers", "activity__audiences", "activity__languages")
    )


def _next_url(request, cursor: str) -> str:
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(request.path) + "?" + query.urlencode()


EVENT_PARAMS = (*params.FILTERS, "q", "activity", "from", "to", "updated_since", "limit", "cursor")
Lang = Query(None, description="Language of labels and messages: sv (default) or en; any other falls back to sv.")


@api.get("/events/", response={200: schemas.EventPage, **ERRORS}, tags=["events"], summary="Dated events")
@decorate_view(public_endpoint("events", EVENT_PARAMS))
def list_events(
    request,
    area: str | None = Query(None, max_length=100, description="Area slug, e.g. klockaretorpet."),
    place: str | None = Query(None, max_length=150, description="Place slug (GET /places/)."),
    form: PublicForm | None = Query(None, description="Form of the activity."),
    audience: str | None = Query(None, max_length=16, description="Audience code, e.g. children, youth."),
    organiser: str | None = Query(
        None, max_length=150, description="Partner slug (GET /partners/), main or co-organiser."
    ),
    language: str | None = Query(None, max_length=8, description="A language spoken, e.g. ar."),
    q: str | None = Query(None, max_length=100, description="Free text in title and summary."),
    activity: int | None = Query(None, ge=1, le=MAX_ID, description="Dates of one activity."),
    from_: str | None = Query(
        None,
        alias="from",
        max_length=40,
        description="Dates not over by then: a date (YYYY-MM-DD, its start) or a date-time (ISO 8601; "
        "without an offset it is Stockholm time). Default: now.",
    ),
    to: str | None = Query(
        None, max_length=40, description="Dates starting before then: a date (up to its end) or a date-time."
    ),
    updated_since: dt.datetime | None = Query(
        None, description="Only dates whose date or activity changed after this moment (cancellations included)."
    ),
    limit: int = Query(20, ge=1, le=MAX_LIMIT, description="Dates per page, at most 100."),
    cursor: str | None = Query(None, max_length=300, description="next_cursor of the previous page."),
    lang: str | None = Lang,
):
    filters = params.calendar_filters(
        {
            "area": area,
            "place": place,
            "form": form,
            "audience": audience,
            "organiser": organiser,
            "language": language,
        },
        q,
    )
    start = params.moment(from_, "from") if from_ else timezone.now()
    occurrences = filters.apply(_events()).filter(end__gt=start, start__gt=start - Occurrence.MAX_DURATION)
    if to:
        occurrences = occurrences.filter(start__lt=params.moment(to, "to", end_of_day=True))
    if activity:
        occurrences = occurrences.filter(activity_id=activity)
    if updated_since:
        since = params.aware(updated_since, "updated_since")
        occurrences = occurrences.filter(Q(updated__gt=since) | Q(activity__updated__gt=since))
    if cursor:
        after_start, after_pk = params.read_event_cursor(cursor)
        occurrences = occurrences.filter(Q(start__gt=after_start) | Q(start=after_start, pk__gt=after_pk))
    rows = list(occurrences[: limit + 1])
    links = serialise.Links(request)
    next_cursor = params.make_cursor(rows[limit - 1].start, rows[limit - 1].pk) if len(rows) > limit else None
    return _json(
        {
            "items": [serialise.event(row, links) for row in rows[:limit]],
            "next_cursor": next_cursor,
            "next": _next_url(request, next_cursor) if next_cursor else None,
        }
    )


@api.get(
    "/events/{event_id}/", response={200: schemas.Event, **DETAIL_ERRORS}, tags=["events"], summary="One dated event"
)
@decorate_view(public_endpoint("event"))
def get_event(request, event_id: int = Path(..., ge=1, le=MAX_ID), lang: str | None = Lang):
    occurrence = _events().filter(pk=event_id).first()
    if occurrence is None:
        raise not_found()
    return _json(serialise.event(occurrence, serialise.Links(request)))


ACTIVITY_PARAMS = ("area", "organiser", "form", "updated_since", "limit", "cursor")


def _activities():
    return (
        Activity.objects.public()
        .select_related("organiser", "venue__area")
        .prefetch_related("co_organisers", "audiences", "languages")
        .order_by("pk")
    )


@api.get("/activities/", response={200: schemas.ActivityPage, **ERRORS}, tags=["activities"], summary="Activities")
@decorate_view(public_endpoint("activities", ACTIVITY_PARAMS))
def list_activities(
    request,
    area: str | None = Query(None, max_length=100, description="Area slug (of the activity's usual place)."),
    organiser: str | None = Query(None, max_length=150, description="Partner slug, main or co-organiser."),
    form: PublicForm | None = Query(None, description="Form of the activity."),
    updated_since: dt.datetime | None = Query(None, description="Only activities changed after this moment."),
    limit: int = Query(20, ge=1, le=MAX_LIMIT, description="Activities per page, at most 100."),
    cursor: str | None = Query(None, max_length=300, description="next_cursor of the previous page."),
    lang: str | None = Lang,
):
    filters = params.calendar_filters({"area": area, "organiser": organiser}, None)
    activities = _activities()
    if filters.area:
        activities = activities.filter(venue__area=filters.area)
    if filters.organiser:
        activities = activities.filter(
            Q(organiser=filters.organiser)
            | Q(
                pk__in=Activity.co_organisers.through.objects.filter(organisation=filters.organiser).values(
                    "activity_id"
                )
            )
        )
    if form:
        activities = activities.filter(form=form)
    if updated_since:
        activities = activities.filter(updated__gt=params.aware(updated_since, "updated_since"))
    if cursor:
        activities = activities.filter(pk__gt=params.read_activity_cursor(cursor))
    rows = list(activities[: limit + 1])
    links = serialise.Links(request)
    next_cursor = params.make_cursor(rows[limit - 1].pk) if len(rows) > limit else None
    return _json(
        {
            "items": [serialise.activity(row, links) for row in rows[:limit]],
            "next_cursor": next_cursor,
            "next": _next_url(request, next_cursor) if next_cursor else None,
        }
    )


@api.get(
    "/activities/{activity_id}/",
    response={200: schemas.Activity, **DETAIL_ERRORS},
    tags=["activities"],
    summary="One activity",
)
@decorate_view(public_endpoint("activity"))
def get_activity(request, activity_id: int = Path(..., ge=1, le=MAX_ID), lang: str | None = Lang):
    activity = _activities().filter(pk=activity_id).first()
    if activity is None:
        raise not_found()
    return _json(serialise.activity(activity, serialise.Links(request)))


@api.get("/places/", response={200: list[schemas.Place], **ERRORS}, tags=["places"], summary="Places")
@decorate_view(public_endpoint("places", ("area",)))
def list_places(
    request, area: str | None = Query(None, max_length=100, description="Area slug."), lang: str | None = Lang
):
    filters = params.calendar_filters({"area": area}, None)
    venues = Venue.objects.filter(is_active=True).select_related("area")
    if filters.area:
        venues = venues.filter(area=filters.area)
    links = serialise.Links(request)
    return _json([serialise.place(venue, links) for venue in venues])


@api.get("/places/{slug}/", response={200: schemas.Place, **DETAIL_ERRORS}, tags=["places"], summary="One place")
@decorate_view(public_endpoint("place"))
def get_place(request, slug: str = Path(..., max_length=150), lang: str | None = Lang):
    venue = Venue.objects.filter(is_active=True, slug=slug).select_related("area").first()
    if venue is None:
        raise not_found()
    return _json(serialise.place(venue, serialise.Links(request)))


@api.get("/partners/", response={200: list[schemas.Partner], **ERRORS}, tags=["partners"], summary="Partners")
@decorate_view(public_endpoint("partners"))
def list_partners(request, lang: str | None = Lang):
    links = serialise.Links(request)
    return _json([serialise.partner(organisation, links) for organisation in Organisation.objects.active()])


@api.get(
    "/partners/{slug}/", response={200: schemas.Partner, **DETAIL_ERRORS}, tags=["partners"], summary="One partner"
)
@decorate_view(public_endpoint("partner"))
def get_partner(request, slug: str = Path(..., max_length=150), lang: str | None = Lang):
    organisation = Organisation.objects.active().filter(slug=slug).first()
    if organisation is None:
        raise not_found()
    return _json(serialise.partner(organisation, serialise.Links(request)))


@api.get("/areas/", response={200: list[schemas.Area], **ERRORS}, tags=["areas"], summary="Areas")
@decorate_view(public_endpoint("areas"))
def list_areas(request, lang: str | None = Lang):
    links = serialise.Links(request)
    return _json([serialise.area(area, links) for area in Area.objects.all()])
