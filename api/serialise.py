"""Rows as the API's JSON (see api/schemas.py): what the event page shows, with absolute links."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityForm, Audience, Organisation, Venue
from klocket.paths import int_path


class Links:
    """Absolute links for one request; each organisation's and place's page reversed once."""

    def __init__(self, request):
        self.base = f"{request.scheme}://{request.get_host()}"
        self._reversed: dict[tuple[str, str], str] = {}
        self.activities: dict[int, dict] = {}  # an activity's fields, shared by its dates on a page

    def absolute(self, path: str) -> str:
        return self.base + path

    def page(self, name: str, slug: str) -> str:
        key = (name, slug)
        if key not in self._reversed:
            self._reversed[key] = self.base + reverse(name, kwargs={"slug": slug})
        return self._reversed[key]

    def api(self, path: str, **query) -> str:
        from urllib.parse import urlencode

        return f"{self.base}/api/v1/{path}" + (f"?{urlencode(query)}" if query else "")

    def media(self, field) -> str | None:
        return self.base + field.url if field else None


def label(code: str, text) -> dict:
    return {"code": code, "label": str(text)}


def area_ref(area) -> dict:
    return {"slug": area.slug, "name": area.name}


def area(area, links: Links) -> dict:
    return {
        **area_ref(area),
        "municipality": area.municipality,
        "places_url": links.api("places/", area=area.slug),
        "events_url": links.api("events/", area=area.slug),
    }


def place_ref(venue, links: Links) -> dict:
    return {
        "slug": venue.slug,
        "name": venue.name,
        "kind": label(venue.kind, Venue.Kind(venue.kind).label),
        "area": area_ref(venue.area),
        "address": venue.address,
        "accessibility": venue.accessibility,
        "latitude": float(venue.latitude) if venue.latitude is not None else None,
        "longitude": float(venue.longitude) if venue.longitude is not None else None,
        "url": links.page("venue-detail", venue.slug),
    }


def place(venue, links: Links) -> dict:
    return {
        **place_ref(venue, links),
        "description": venue.description,
        "events_url": links.api("events/", place=venue.slug),
    }


def partner(organisation, links: Links) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": label(organisation.kind, Organisation.Kind(organisation.kind).label),
        "description": organisation.description,
        "website": organisation.website,
        "url": links.page("organisation-detail", organisation.slug),
        "events_url": links.api("events/", organiser=organisation.slug),
    }


def _activity_fields(activity, links: Links) -> dict:
    """What an activity and each of its dates share. Needs co_organisers, audiences and languages prefetched."""
    if activity.pk not in links.activities:
        links.activities[activity.pk] = _shared_fields(activity, links)
    return links.activities[activity.pk]


def _shared_fields(activity, links: Links) -> dict:
    organisers = [activity.organiser, *activity.co_organisers.all()]
    return {
        "title": activity.title,
        "summary": activity.summary,
        "description": activity.description,
        "form": label(activity.form, ActivityForm(activity.form).label),
        "organisers": [
            {"slug": org.slug, "name": org.name, "url": links.page("organisation-detail", org.slug)}
            for org in organisers
        ],
        # The enum's label, not get_code_display(), which hashes every lazy choice label per call.
        "audiences": [
            label(audience.code, Audience.Code(audience.code).label) for audience in activity.audiences.all()
        ],
        "languages": [{"code": language.code, "name": language.name} for language in activity.languages.all()],
        "cost": activity.cost or None,
        "is_free": not activity.cost,
        "how_to_join": activity.how_to_join,
        "join_url": activity.join_url or None,
        "image": links.media(activity.image),
        "image_alt": activity.image_alt,
    }


def activity(activity, links: Links) -> dict:
    return {
        "id": activity.pk,
        **_activity_fields(activity, links),
        "status": activity.status,
        "place": place_ref(activity.venue, links),
        "updated": activity.updated,
        "events_url": links.api("events/", activity=activity.pk),
    }


def event(occurrence, links: Links) -> dict:
    activity = occurrence.activity
    cancelled = occurrence.is_cancelled
    return {
        "id": occurrence.pk,
        "url": links.absolute(int_path("occurrence-detail", pk=occurrence.pk)),
        "ics_url": links.absolute(int_path("occurrence-ics", pk=occurrence.pk)),
        "activity_id": activity.pk,
        **_activity_fields(activity, links),
        "start": timezone.localtime(occurrence.start),
        "end": timezone.localtime(occurrence.end),
        "time_zone": settings.TIME_ZONE,
        "status": "cancelled" if cancelled else "scheduled",
        "cancellation_reason": occurrence.cancellation_reason if cancelled else None,
        "note": occurrence.note,
        "place": place_ref(occurrence.place, links),
        "updated": max(occurrence.updated, activity.updated),
    }
