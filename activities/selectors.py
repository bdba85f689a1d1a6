"""Reads for the public calendar, its feeds and the home page.

``CalendarFilters.from_query`` turns a query string into filters, ignoring unknown values, so
every calendar page and feed accepts the same parameters:

    plats=<venue slug>  form=<activity form>  for=<audience code>  arrangor=<organisation slug>
    sprak=<language code>  q=<free text>  omrade=<area slug>

The API (api/) and the embeddable calendar read the same filters under English names.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Coalesce, RowNumber, TruncDate
from django.http import QueryDict
from django.utils import timezone

from activities.models import Activity, ActivityForm, Area, Audience, Language, Occurrence, Organisation, Venue
from activities.models.events import cancellation_reason, date_is_cancelled
from klocket import content_languages
from klocket.paths import int_path

MAX_QUERY_LENGTH = 100


@dataclass
class CalendarFilters:
    venue: Venue | None = None
    form: str | None = None
    audience: Audience | None = None
    organiser: Organisation | None = None
    language: Language | None = None
    q: str = ""
    area: Area | None = None
    options: dict = field(default_factory=dict, repr=False)

    PARAMS = {
        "venue": "plats",
        "form": "form",
        "audience": "for",
        "organiser": "arrangor",
        "language": "sprak",
        "area": "omrade",
    }
    # Every query parameter ``from_query`` reads (pages cached per filter: klocket/cache.py).
    QUERY_KEYS = (*PARAMS.values(), "q")

    @classmethod
    def from_query(cls, query: QueryDict, *, with_options: bool = True) -> "CalendarFilters":
        """Read filters from a query string. Unknown or malformed values are ignored.

        ``with_options`` also loads every choice (for the filter form); without it (feeds) a
        table is read only when its parameter is in the query.
        """

        def choices(key, rows):
            return list(rows) if with_options or query.get(key) else []

        venues = choices("plats", Venue.objects.filter(is_active=True).only("pk", "name", "slug", "kind"))
        organisations = choices("arrangor", Organisation.objects.active().only("pk", "name", "slug"))
        audiences = choices("for", Audience.objects.all())
        languages = choices("sprak", Language.objects.all())
        # One area today: no choice in the filter form, so the table is read only when asked.
        areas = list(Area.objects.only("pk", "name", "slug")) if query.get("omrade") else []

        def pick(items, key, attr):
            value = query.get(key, "")
            return next((item for item in items if getattr(item, attr) == value), None)

        form = query.get("form", "")
        public_forms = [value for value, _label in ActivityForm.choices if value != ActivityForm.INTERNAL_MEETING]
        return cls(
            venue=pick(venues, "plats", "slug"),
            form=form if form in public_forms else None,
            audience=pick(audiences, "for", "code"),
            organiser=pick(organisations, "arrangor", "slug"),
            language=pick(languages, "sprak", "code"),
            area=pick(areas, "omrade", "slug"),
            q=" ".join(query.get("q", "").split())[:MAX_QUERY_LENGTH],
            options={
                "venues": venues,
                "organisations": organisations,
                "audiences": audiences,
                "languages": languages,
                "forms": [(value, label) for value, label in ActivityForm.choices if value in public_forms],
            }
            if with_options
            else {},
        )

    @property
    def active(self) -> bool:
        return any([self.venue, self.form, self.audience, self.organiser, self.language, self.q, self.area])

    def as_query(self) -> str:
        """The filters as a query string (without a leading ?), to keep them across pages."""
        query = QueryDict(mutable=True)
        if self.venue:
            query["plats"] = self.venue.slug
        if self.form:
            query["form"] = self.form
        if self.audience:
            query["for"] = self.audience.code
        if self.organiser:
            query["arrangor"] = self.organiser.slug
        if self.language:
            query["sprak"] = self.language.code
        if self.q:
            query["q"] = self.q
        if self.area:
            query["omrade"] = self.area.slug
        return query.urlencode()

    def apply(self, occurrences):
        if self.venue:
            occurrences = occurrences.filter(Q(venue=self.venue) | Q(venue__isnull=True, activity__venue=self.venue))
        if self.area:
            occurrences = occurrences.filter(
                Q(venue__area=self.area) | Q(venue__isnull=True, activity__venue__area=self.area)
            )
        activity_filters = Q()
        if self.form:
            activity_filters &= Q(form=self.form)
        if self.q:
            # In every language staff wrote the title or summary in (klocket/content_languages.py).
            activity_filters &= content_languages.search_q(["title", "summary"], self.q)
        if self.organiser:
            activity_filters &= Q(organiser=self.organiser) | Q(
                pk__in=Activity.objects.filter(co_organisers=self.organiser).values("pk")
            )
        if self.audience:
            activity_filters &= Q(pk__in=Activity.objects.filter(audiences=self.audience).values("pk"))
        if self.language:
            activity_filters &= Q(pk__in=Activity.objects.filter(languages=self.language).values("pk"))
        if activity_filters:
            occurrences = occurrences.filter(activity__in=Activity.objects.filter(activity_filters).values("pk"))
        return occurrences


def public_occurrences(filters: CalendarFilters | None = None):
    """Occurrences residents may see (published, public, not internal), with what a listing shows."""
    occurrences = Occurrence.objects.filter(
        activity__status__in=Activity.LISTED_STATUSES, activity__is_public=True
    ).exclude(activity__form=ActivityForm.INTERNAL_MEETING)
    if filters is not None:
        occurrences = filters.apply(occurrences)
    return occurrences.for_listing()


def public_occurrences_between(start: dt.datetime, end: dt.datetime, filters: CalendarFilters | None = None):
    return public_occurrences(filters).between(start, end)


def listed_between(start: dt.datetime, end: dt.datetime, filters: CalendarFilters | None = None):
    """``public_occurrences_between`` without the long texts no listing row shows."""
    return public_occurrences_between(start, end, filters).defer(*LISTING_UNUSED_FIELDS)


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware start of a local day and of the next one (23 or 25 hours apart on DST days)."""
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()), zone)
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()), zone)
    return start, end


def group_by_day(occurrences) -> list[tuple[dt.date, list[Occurrence]]]:
    """Occurrences grouped by their local start date, in order."""
    days: dict[dt.date, list[Occurrence]] = {}
    for occurrence in occurrences:
        days.setdefault(timezone.localdate(occurrence.start), []).append(occurrence)
    return sorted(days.items())


# Long texts no listing shows, left out of the listing queries of the grids and the home page.
LISTING_UNUSED_FIELDS = [
    "activity__description",
    "activity__how_to_join",
    "activity__accessibility",
    "activity__venue__description",
    "activity__venue__accessibility",
    "activity__organiser__description",
    "venue__description",
    "venue__accessibility",
]


@dataclass(frozen=True, slots=True)
class ListedDate:
    """A public date as the grids and the houses' cards show it, read by the window query itself.

    It answers what a listing row asks of an Occurrence (``is_cancelled``,
    ``cancellation_reason``, ``get_absolute_url``) without building four model instances per row.
    """

    pk: int
    start: dt.datetime
    end: dt.datetime
    title: str
    place_name: str
    organiser_name: str
    cancelled: bool
    cancel_reason: str
    activity_status: str
    activity_cancelled_at: dt.datetime | None
    i18n: dict | None  # the title in other languages (klocket.content_languages.translated)

    @property
    def is_cancelled(self) -> bool:
        return date_is_cancelled(self.cancelled, self.activity_status, self.start, self.activity_cancelled_at)

    @property
    def cancellation_reason(self) -> str:
        return cancellation_reason(self.cancelled, self.cancel_reason)

    def get_absolute_url(self) -> str:
        return int_path("occurrence-detail", pk=self.pk)


_LISTED_FIELDS = (
    "pk", "start", "end", "activity__title", "place_name", "activity__organiser__name", "cancelled",
    "cancel_reason", "activity__status", "activity__cancelled_at", "activity__i18n",
)  # fmt: skip
_PLACE_NAME = Coalesce("venue__name", "activity__venue__name")


def _first_dates_per(occurrences, partition, per: int, **extra):
    """The first ``per`` dates (ListedDate) of each ``partition`` value, as (partition, rank, total,
    date) rows, in one query: ROW_NUMBER() and COUNT() over the partition, in start order. A busy
    window never brings thousands of rows to Python."""
    ranked = (
        occurrences.order_by()
        .annotate(
            part=partition,
            place_name=_PLACE_NAME,
            rank=Window(RowNumber(), partition_by=[partition], order_by=[F("start").asc(), F("pk").asc()]),
            part_total=Window(Count("pk"), partition_by=[partition]),
        )
        .filter(rank__lte=per, **extra)
        .values_list("part", "rank", "part_total", *_LISTED_FIELDS)
    )
    return [(part, rank, total, ListedDate(*fields)) for part, rank, total, *fields in ranked]


def _grouped(rows) -> dict:
    """(partition, rank, total, date) rows as {partition: ([dates in rank order], total)}."""
    groups: dict = {}
    for part, rank, total, row in rows:
        groups.setdefault(part, ([], total))[0].append((rank, row))
    return {part: ([row for _rank, row in sorted(ranked)], total) for part, (ranked, total) in groups.items()}


def day_summaries(start: dt.datetime, end: dt.datetime, filters: CalendarFilters | None, *, per_day: int):
    """For a month or week grid: each local (Stockholm) day's first ``per_day`` dates and its total."""
    local_day = TruncDate("start", tzinfo=timezone.get_default_timezone())
    in_window = public_occurrences_between(start, end, filters).filter(start__gte=start)
    return _grouped(_first_dates_per(in_window, local_day, per_day))


def upcoming_per_venue(venues, *, per_venue: int = 3, days: int = 14, now=None):
    """The next few public dates at each venue (the date's own venue, else the activity's)."""
    now = now or timezone.now()
    wanted = [venue.pk for venue in venues]
    if not wanted:
        return []
    coming = public_occurrences_between(now, now + dt.timedelta(days=days))
    place = Coalesce("venue_id", "activity__venue_id")
    chosen = _grouped(_first_dates_per(coming, place, per_venue, part__in=wanted))
    return [(venue, chosen.get(venue.pk, ([], 0))[0]) for venue in venues]


def upcoming_for_organisation(organisation, *, limit: int = 20, now=None):
    organised = Q(activity__organiser=organisation) | Q(
        activity__in=Activity.objects.filter(co_organisers=organisation).values("pk")
    )
    return public_occurrences().upcoming(now).filter(organised)[:limit]


def upcoming_at_venue(venue, *, limit: int = 20, now=None):
    here = Q(venue=venue) | Q(venue__isnull=True, activity__venue=venue)
    return public_occurrences().upcoming(now).filter(here)[:limit]


def other_dates(occurrence, *, limit: int = 10, now=None):
    """The activity's other coming dates, for the event page."""
    return (
        Occurrence.objects.filter(activity_id=occurrence.activity_id)
        .upcoming(now)
        .exclude(pk=occurrence.pk)
        .select_related("venue", "activity")
        .order_by("start")[:limit]
    )
