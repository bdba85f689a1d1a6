"""Fill a database with a large, realistic, made-up KLOCKET calendar for load tests and benchmarks.

    python manage.py generate_load_data                 # 2,000 activities, 100,000 dates, 5 years
    python manage.py generate_load_data --clear --activities 20 --occurrences 300

The dates run from ``years - 1`` years ago to one year ahead, evenly enough that about 1,650
of the default 100,000 fall in the next 30 days. Most activities are weekly series with a
schedule (Recurrence); some are one-off events. The mix holds drafts, internal meetings,
non-public activities, cancelled activities and 2 % cancelled dates (from 10 activities and
50 dates on, at least one of each).

Generated rows are marked so ``--clear`` removes only them: organisations and venues have a
slug starting with ``gen-``, and generated activities (with their dates and schedules) belong
to a generated organisation. Everything is made up from word lists: no real person is named.
"""

import datetime as dt
import math
import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.text import slugify

from activities.models import (
    Activity,
    ActivityForm,
    Area,
    Audience,
    Language,
    Occurrence,
    Organisation,
    ProgrammeItem,
    Recurrence,
    Venue,
)

GENERATED_PREFIX = "gen-"
BATCH_SIZE = 5000
MAX_COUNT = 10_000_000
MAX_YEARS = 50
CANCEL_ONE_IN = 50  # 2 % of the dates are cancelled
MIN_ACTIVITIES_FOR_EVERY_CASE = 10
OTHER_VENUE_SHARE = 0.02
NOTE_SHARE = 0.01
PLACEMENT_CHOICES = 4  # places tried per series, to spread dates evenly

# -- Word lists (Swedish, made up; no persons) ------------------------------------------------

PLACE_WORDS = [
    "Lärkan", "Klockan", "Eken", "Linden", "Björken", "Rönnen", "Ängen", "Källan", "Gläntan", "Bryggan",
    "Tornet", "Ljuset", "Fyren", "Stjärnan", "Solrosen", "Blåklockan", "Vallmon", "Hägern", "Tranan",
    "Svalan", "Ekorren", "Lönnen", "Hasseln", "Syrenen", "Vitsippan", "Näktergalen", "Kompassen",
    "Ankaret", "Bron", "Dalen", "Kullen", "Strömmen", "Forsen", "Åsen", "Skogsbrynet", "Parken",
]  # fmt: skip
STREETS = [
    "Lärkgatan", "Ekvägen", "Klockaregatan", "Lindvägen", "Björkgatan", "Ängsvägen", "Källgränd",
    "Torggatan", "Skolgatan", "Parkvägen", "Rönnvägen", "Smedjegatan",
]  # fmt: skip
ORGANISATION_PATTERNS = {
    Organisation.Kind.TENANTS_UNION: ["Hyresgästföreningen, lokalföreningen {w}", "Boenderådet {w}"],
    Organisation.Kind.HOUSING_COMPANY: ["Bostadsbolaget {w}", "Fastighets AB {w}"],
    Organisation.Kind.CHURCH: ["Församlingen {w}", "Kyrkans mötesplats {w}"],
    Organisation.Kind.STUDY_ASSOCIATION: ["Studieförbundet {w}", "Bildningsförbundet {w}"],
    Organisation.Kind.SPORTS_FEDERATION: ["IK {w}", "{w}s idrottsförening", "Föreningsidrotten {w}"],
    Organisation.Kind.MUNICIPALITY: ["Fritidsgården {w}", "Kommunens mötesplats {w}"],
    Organisation.Kind.POLICE: ["Kommunpolisen, område {w}"],
    Organisation.Kind.ASSOCIATION: ["Föreningen {w}", "Kulturföreningen {w}", "Föräldranätverket {w}"],
    Organisation.Kind.OTHER: ["Nätverket {w}", "Initiativet {w}"],
}
ORGANISATION_KIND_WEIGHTS = {
    Organisation.Kind.ASSOCIATION: 10,
    Organisation.Kind.STUDY_ASSOCIATION: 5,
    Organisation.Kind.SPORTS_FEDERATION: 6,
    Organisation.Kind.CHURCH: 3,
    Organisation.Kind.TENANTS_UNION: 2,
    Organisation.Kind.MUNICIPALITY: 3,
    Organisation.Kind.HOUSING_COMPANY: 1,
    Organisation.Kind.POLICE: 1,
    Organisation.Kind.OTHER: 2,
}
VENUE_PATTERNS = {
    Venue.Kind.HOUSE: ["Träffpunkt {w}", "Mötesplats {w}", "Fritidsgården {w}", "Aulan i {w}skolan", "Lokal {w}"],
    Venue.Kind.OUTDOOR: ["{w}parken", "Torget vid {w}", "Bollplanen vid {w}", "Lekplatsen {w}"],
    Venue.Kind.ONLINE: ["Digitalt rum {w}"],
}
VENUE_KIND_WEIGHTS = {Venue.Kind.HOUSE: 65, Venue.Kind.OUTDOOR: 25, Venue.Kind.ONLINE: 10}

SUBJECTS = [
    "svenska", "arabiska", "engelska", "somaliska", "programmering", "sömnad", "matlagning", "foto",
    "samhällskunskap", "odling", "cykelreparation", "privatekonomi", "släktforskning", "måleri",
    "gitarr", "körsång", "datorkunskap", "körkortsteori", "litteratur", "film",
]  # fmt: skip
GROUPS = ["barn", "unga", "föräldrar", "vuxna", "seniorer", "alla", "tjejer", "killar", "familjer"]
SPORTS = [
    "Fotboll", "Basket", "Innebandy", "Boxning", "Dans", "Yoga", "Promenad", "Simning", "Gympa",
    "Pingis", "Schack", "Parkour", "Friidrott", "Badminton",
]  # fmt: skip
LECTURE_TOPICS = [
    "hyreskontraktet", "energi och el", "källsortering", "privatekonomi", "föräldraskap", "vården",
    "digital trygghet", "bedrägerier", "skolan", "jobbsökande", "hederskultur", "brandsäkerhet",
    "trafiksäkerhet", "föreningslivet", "studier efter gymnasiet",
]  # fmt: skip
WORKSHOP_TOPICS = [
    "Pyssel", "Keramik", "Sy om kläder", "Laga cykeln", "Bygg en fågelholk", "Skriv ditt CV", "Graffiti på duk",
    "Podcast", "Robotar", "Musikproduktion", "Odla på balkongen", "Baka bröd",
]  # fmt: skip
CULTURE = [
    "Konsert med ungdomskören", "Filmkväll", "Poesikväll", "Berättarkväll", "Teater för barn",
    "Musikquiz", "Konstutställning", "Kulturfest på torget", "Sagostund", "Öppen scen",
]  # fmt: skip
OPEN_ACTIVITIES = [
    "Läxhjälp", "Språkcafé", "Öppet hus", "Fika och prat", "Kvällsöppet", "Spelkväll", "Mammacafé",
    "Pappagruppen", "Stickcafé", "Fritidsbanken öppet", "Seniorträff", "Träffpunkt för nyanlända",
]  # fmt: skip
MEETINGS = [
    "Projektgruppsmöte", "Arbetsgruppsmöte", "Samverkansmöte", "Ledningsgruppsmöte", "Styrgruppsmöte",
    "Planeringsmöte", "Uppföljningsmöte",
]  # fmt: skip
SUMMARIES = [
    "Välkommen in, ingen anmälan behövs.",
    "Vi träffas, lär oss nytt och fikar tillsammans.",
    "För dig som vill komma igång, oavsett förkunskaper.",
    "Ledare finns på plats och hjälper till.",
    "Ta gärna med en vän!",
    "Ett samarbete mellan flera föreningar i området.",
    "Gratis och öppet för alla som bor i Klockaretorpet.",
]
DESCRIPTION_SENTENCES = [
    "Aktiviteten är en del av KLOCKET, där föreningar, kyrka, bostadsbolag och studieförbund samarbetar.",
    "Vi bjuder på kaffe, te och frukt.",
    "Lokalen har entré i markplan och hörslinga.",
    "Ingen förkunskap behövs, alla nivåer är välkomna.",
    "Samtalen förs på enkel svenska, och vi hjälper varandra med andra språk.",
    "Har du frågor? Fråga personalen i Kunskapens hus.",
    "Anmäl dig gärna i förväg så att vi vet hur många vi blir.",
    "Barn under tio år kommer i sällskap med en vuxen.",
]
CANCEL_REASONS = [
    "Ledaren är sjuk.",
    "Lokalen behövs till annat den dagen.",
    "För få anmälda.",
    "Helgdag.",
    "Ovädersvarning.",
    "Vi flyttar träffen till nästa vecka.",
]
NOTES = ["Ta med inneskor.", "Vi bjuder på fika.", "Med gästföreläsare.", "Extra lång träff."]

# Share of activities by form (internal meetings are never public).
FORM_WEIGHTS = {
    ActivityForm.OPEN_ACTIVITY: 24,
    ActivityForm.STUDY_CIRCLE: 15,
    ActivityForm.SPORTS: 15,
    ActivityForm.LECTURE: 9,
    ActivityForm.WORKSHOP: 9,
    ActivityForm.CULTURAL_PROGRAMME: 8,
    ActivityForm.OTHER_POPULAR_EDUCATION: 7,
    ActivityForm.INTERNAL_MEETING: 8,
    ActivityForm.SAFETY_WALK: 2,
}
# Forms that are mostly one-off events rather than weekly series.
ONE_OFF_FORMS = {ActivityForm.LECTURE, ActivityForm.CULTURAL_PROGRAMME, ActivityForm.SAFETY_WALK}
WEEKDAY_WEIGHTS = [12, 12, 12, 12, 10, 6, 5]  # Monday .. Sunday
DURATIONS = [60, 90, 120, 150, 180]  # minutes
DAY_START, DAY_END = 9 * 60, 21 * 60  # local time, minutes after midnight


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _unique(name: str, taken: set[str], *, separator: str = " ") -> str:
    """``name``, or ``name 2``, ``name 3``...: the first not in ``taken`` (compared in lower case)."""
    candidate, number = name, 2
    while candidate.lower() in taken:
        candidate, number = f"{name}{separator}{number}", number + 1
    taken.add(candidate.lower())
    return candidate


def _title(rng: random.Random, form: str) -> str:
    group = rng.choice(GROUPS)
    if form == ActivityForm.STUDY_CIRCLE:
        return f"Studiecirkel i {rng.choice(SUBJECTS)}"
    if form == ActivityForm.OTHER_POPULAR_EDUCATION:
        return f"{rng.choice(['Kurs', 'Samtalsgrupp', 'Träff'])} om {rng.choice(SUBJECTS)} för {group}"
    if form == ActivityForm.SPORTS:
        return f"{rng.choice(SPORTS)} för {group}"
    if form == ActivityForm.LECTURE:
        return f"{rng.choice(['Informationsmöte', 'Föreläsning', 'Frågestund'])} om {rng.choice(LECTURE_TOPICS)}"
    if form == ActivityForm.WORKSHOP:
        return f"Workshop: {rng.choice(WORKSHOP_TOPICS)}"
    if form == ActivityForm.CULTURAL_PROGRAMME:
        return rng.choice(CULTURE)
    if form == ActivityForm.INTERNAL_MEETING:
        return f"{rng.choice(MEETINGS)} {rng.choice(['KLOCKET', 'trygghet', 'Kunskapens hus', 'föreningarna'])}"
    if form == ActivityForm.SAFETY_WALK:
        return f"Trygghetsvandring vid {rng.choice(PLACE_WORDS)}"
    return f"{rng.choice(OPEN_ACTIVITIES)} för {group}"


def _status_and_visibility(rng: random.Random, form: str) -> tuple[str, bool]:
    """About 80 % published and public; the rest drafts, non-public or cancelled activities."""
    if form == ActivityForm.INTERNAL_MEETING:
        return Activity.Status.PUBLISHED, False
    roll = rng.random()
    if roll < 0.07:
        return Activity.Status.DRAFT, True
    if roll < 0.12:
        return Activity.Status.PUBLISHED, False
    if roll < 0.13:
        return Activity.Status.CANCELLED, True
    return Activity.Status.PUBLISHED, True


def _allocate(total: int, weights: list[float], cap: int) -> list[int]:
    """Split ``total`` into whole numbers proportional to ``weights``, none above ``cap``."""
    counts = [0] * len(weights)
    open_ = [i for i, weight in enumerate(weights) if weight > 0]
    remaining = total
    while remaining > 0 and open_:
        weight_sum = sum(weights[i] for i in open_)
        shares = {i: remaining * weights[i] / weight_sum for i in open_}
        given = {i: min(cap - counts[i], math.floor(shares[i])) for i in open_}
        # Largest remainders get the leftover units, one each.
        leftover = remaining - sum(given.values())
        for i in sorted(open_, key=lambda i: shares[i] - math.floor(shares[i]), reverse=True):
            if leftover <= 0:
                break
            if counts[i] + given[i] < cap:
                given[i] += 1
                leftover -= 1
        for i, amount in given.items():
            counts[i] += amount
            remaining -= amount
        open_ = [i for i in open_ if counts[i] < cap]
    return counts


@dataclass
class Span:
    """The generated period as whole weeks from a Monday: week ``w`` starts ``monday + 7 w`` days."""

    monday: dt.date
    weeks: int

    @classmethod
    def for_years(cls, today: dt.date, years: int) -> "Span":
        first = today - dt.timedelta(days=round(365.25 * (years - 1)))
        last = today + dt.timedelta(days=365)
        monday = first - dt.timedelta(days=first.weekday())
        return cls(monday=monday, weeks=(last - monday).days // 7)

    @property
    def days(self) -> int:
        return self.weeks * 7

    def day(self, index: int) -> dt.date:
        return self.monday + dt.timedelta(days=index)


def _times(rng: random.Random) -> tuple[dt.time, dt.time]:
    """A start and end between 09:00 and 21:00 local time, 1 to 3 hours long."""
    duration = rng.choice(DURATIONS)
    slots = list(range(DAY_START, DAY_END - duration + 1, 30))
    # Afternoons and evenings are busiest.
    weights = [3 if 15 * 60 <= slot <= 18 * 60 else 1 for slot in slots]
    start = rng.choices(slots, weights=weights)[0]
    end = start + duration
    return dt.time(start // 60, start % 60), dt.time(end // 60, end % 60)


def _weekdays(rng: random.Random, count: int) -> list[int]:
    chosen: set[int] = set()
    while len(chosen) < count:
        chosen.add(rng.choices(range(7), weights=WEEKDAY_WEIGHTS)[0])
    return sorted(chosen)


def _weekly_runs(
    rng: random.Random, span: Span, count: int, per_week: int, load: list[int]
) -> tuple[list[list[dt.date]], list[int], int]:
    """The dates of a weekly series of ``count`` dates somewhere in the span.

    A series may wrap from the end of the span to its start, and of a few random places it takes
    the one whose weeks hold the fewest dates so far (``load``, dates per week, is updated): so
    dates spread evenly over the span and any 30 days hold their share (about 1,650 of 100,000
    over 5 years). Each unbroken run becomes one schedule. Returns the runs, the weekdays and the
    interval in weeks.
    """
    per_week = min(7, max(per_week, math.ceil(count / span.weeks)))
    weekdays = _weekdays(rng, per_week)
    weeks_needed = math.ceil(count / per_week)
    interval = 2 if weeks_needed * 2 <= span.weeks and rng.random() < 0.1 else 1

    def weeks_from(first: int) -> list[int]:
        return [(first + step * interval) % span.weeks for step in range(weeks_needed)]

    candidates = [weeks_from(rng.randrange(span.weeks)) for _ in range(PLACEMENT_CHOICES)]
    weeks = min(candidates, key=lambda weeks: sum(load[week] for week in weeks))
    runs: list[list[dt.date]] = [[]]
    made = 0
    for index, week in enumerate(weeks):
        if index and week < weeks[index - 1]:
            runs.append([])
        for weekday in weekdays[: count - made]:
            runs[-1].append(span.day(week * 7 + weekday))
        load[week] += min(per_week, count - made)
        made += min(per_week, count - made)
    return [run for run in runs if run], weekdays, interval


def generate_head_counts(occurrences: list[Occurrence], *, rng: random.Random, now: dt.datetime) -> int:
    """Hook for the attendance feature: give past public dates head counts. Nothing yet.

    Called with each saved batch of generated occurrences (their activity is loaded); returns
    the number of rows it created. It gets its own random generator, so adding head counts
    leaves the generated calendar unchanged for a seed. ``delete_generated_head_counts`` is
    its counterpart for ``--clear``.
    """
    from activities.attendance_services import generate_head_counts_for

    return generate_head_counts_for(occurrences, rng=rng, now=now)


def delete_generated_head_counts(occurrences) -> int:
    """Hook for the attendance feature: delete the head counts of generated dates (a queryset)."""
    from activities.attendance_services import delete_head_counts_for

    return delete_head_counts_for(occurrences)


def _delete_rows(queryset) -> int:
    """Delete the queryset's rows in one statement, without loading them or sending signals.

    Generated rows have no history (bulk_create writes none); deleting them one by one through
    the ORM would write a history row for each and take minutes for 100,000 dates.
    """
    model = queryset.model
    ids_sql, params = queryset.values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({ids_sql})", params)  # noqa: S608 (quoted names)
        return cursor.rowcount


def generated_organisations():
    return Organisation.objects.filter(slug__startswith=GENERATED_PREFIX)


def generated_venues():
    return Venue.objects.filter(slug__startswith=GENERATED_PREFIX)


def generated_activities():
    return Activity.objects.filter(organiser__slug__startswith=GENERATED_PREFIX)


def clear_generated() -> dict[str, int]:
    """Delete every generated row and nothing else; CommandError when other data depends on them."""
    organisations = generated_organisations()
    activities = generated_activities()
    occurrences = Occurrence.objects.filter(activity__in=activities)
    co_organisers = Activity.co_organisers.through.objects.filter(
        Q(activity__in=activities) | Q(organisation__in=organisations)
    )
    deleted = {
        "head counts": delete_generated_head_counts(occurrences),
        "programme items": _delete_rows(ProgrammeItem.objects.filter(occurrence__in=occurrences)),
        "co-organiser links": _delete_rows(co_organisers),
        "audience links": _delete_rows(Activity.audiences.through.objects.filter(activity__in=activities)),
        "language links": _delete_rows(Activity.languages.through.objects.filter(activity__in=activities)),
        "dates": _delete_rows(occurrences),
        "schedules": _delete_rows(Recurrence.objects.filter(activity__in=activities)),
        "activities": _delete_rows(activities),
    }
    # The few venues and organisations go through the ORM, which refuses when data that was not
    # generated still uses them, and deletes their memberships.
    for label, queryset in [("venues", generated_venues()), ("organisations", organisations)]:
        try:
            _total, per_model = queryset.delete()
        except (ProtectedError, RestrictedError) as exc:
            blocking = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", [])
            kinds = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
            raise CommandError(
                f"Cannot remove the generated {label}: data that was not generated still uses them "
                f"({', '.join(kinds)}). Move or delete that data first."
            ) from None
        deleted[label] = per_model.get(queryset.model._meta.label, 0)
    return deleted


def analyze_tables():
    """Refresh the planner's statistics: right after a bulk load they still describe empty tables."""
    models = [
        Organisation,
        Venue,
        Activity,
        Activity.audiences.through,
        Activity.languages.through,
        Activity.co_organisers.through,
        Recurrence,
        Occurrence,
    ]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@dataclass
class Sizes:
    activities: int
    occurrences: int
    years: int
    organisations: int
    venues: int
    seed: int


class LoadDataGenerator:
    """Builds the generated rows with bulk_create, in batches, from one seeded random generator."""

    def __init__(self, sizes: Sizes, *, today: dt.date, log=None):
        self.sizes = sizes
        self.rng = random.Random(sizes.seed)
        self.head_count_rng = random.Random(sizes.seed + 1)
        self.today = today
        self.span = Span.for_years(today, sizes.years)
        self.zone = timezone.get_default_timezone()
        self.log = log or (lambda message: None)
        self.created: dict[str, int] = {}
        self.dates_made = self.cancel_at = 0

    def run(self) -> dict[str, int]:
        self.area = self.default_area()
        self.organisations = self.make_organisations()
        self.venues = self.make_venues()
        self.activities, one_off = self.make_activities()
        self.link_activities()
        self.make_dates(one_off)
        return self.created

    def _count(self, label: str, number: int):
        self.created[label] = self.created.get(label, 0) + number

    def default_area(self) -> Area:
        name = settings.KLOCKET_DEFAULT_AREA
        area = Area.objects.filter(name=name).first()
        return area or Area.objects.create(name=name, slug=slugify(name) or "area", municipality="Norrköping")

    def make_organisations(self) -> list[Organisation]:
        rng = self.rng
        names = {name.lower() for name in Organisation.objects.values_list("name", flat=True)}
        slugs = set(Organisation.objects.values_list("slug", flat=True))
        objs = []
        for _ in range(self.sizes.organisations):
            kind = _pick(rng, ORGANISATION_KIND_WEIGHTS)
            name = _unique(rng.choice(ORGANISATION_PATTERNS[kind]).format(w=rng.choice(PLACE_WORDS)), names)
            slug = _unique(f"{GENERATED_PREFIX}{slugify(name)[:120]}", slugs, separator="-")
            objs.append(
                Organisation(
                    name=name,
                    slug=slug,
                    kind=kind,
                    description=f"{name} ordnar aktiviteter i KLOCKET. {rng.choice(DESCRIPTION_SENTENCES)}",
                    website=f"https://{slug}.example.org/" if rng.random() < 0.5 else "",
                    is_active=rng.random() >= 0.05,
                )
            )
        created = Organisation.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        self._count("organisations", len(created))
        return created

    def make_venues(self) -> list[Venue]:
        rng = self.rng
        names = {name.lower() for name in Venue.objects.filter(area=self.area).values_list("name", flat=True)}
        slugs = set(Venue.objects.values_list("slug", flat=True))
        # The first three are a house, an outdoor place and an online room, so every kind is there.
        first_kinds = [Venue.Kind.HOUSE, Venue.Kind.OUTDOOR, Venue.Kind.ONLINE]
        objs = []
        for index in range(self.sizes.venues):
            kind = first_kinds[index] if index < len(first_kinds) else _pick(rng, VENUE_KIND_WEIGHTS)
            name = _unique(rng.choice(VENUE_PATTERNS[kind]).format(w=rng.choice(PLACE_WORDS)), names)
            slug = _unique(f"{GENERATED_PREFIX}{slugify(name)[:120]}", slugs, separator="-")
            online = kind == Venue.Kind.ONLINE
            objs.append(
                Venue(
                    name=name,
                    slug=slug,
                    kind=kind,
                    area=self.area,
                    address="Länken skickas till dig som anmäler dig."
                    if online
                    else f"{rng.choice(STREETS)} {rng.randint(1, 60)}, Norrköping",
                    description=f"{name} i Klockaretorpet." if not online else "Möten på distans.",
                    latitude=None if online else round(58.585 + rng.random() * 0.02, 6),
                    longitude=None if online else round(16.13 + rng.random() * 0.04, 6),
                    accessibility="" if online or rng.random() < 0.5 else "Entré i markplan utan trappsteg.",
                )
            )
        created = Venue.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        self._count("venues", len(created))
        return created

    def _venue_for(self, form: str) -> Venue:
        rng = self.rng
        by_kind = self.venues_by_kind
        if form == ActivityForm.SAFETY_WALK and by_kind[Venue.Kind.OUTDOOR]:
            return rng.choice(by_kind[Venue.Kind.OUTDOOR])
        if form == ActivityForm.INTERNAL_MEETING and by_kind[Venue.Kind.ONLINE] and rng.random() < 0.3:
            return rng.choice(by_kind[Venue.Kind.ONLINE])
        if form == ActivityForm.SPORTS and by_kind[Venue.Kind.OUTDOOR] and rng.random() < 0.4:
            return rng.choice(by_kind[Venue.Kind.OUTDOOR])
        return rng.choice(by_kind[Venue.Kind.HOUSE] or self.venues)

    def make_activities(self) -> tuple[list[Activity], list[bool]]:
        rng = self.rng
        self.venues_by_kind = {kind: [v for v in self.venues if v.kind == kind] for kind in Venue.Kind}
        # A few partners run most activities.
        organiser_weights = [rng.paretovariate(1.2) for _ in self.organisations]
        objs, one_off = [], []
        for _ in range(self.sizes.activities):
            form = _pick(rng, FORM_WEIGHTS)
            status, is_public = _status_and_visibility(rng, form)
            description = " ".join(rng.sample(DESCRIPTION_SENTENCES, k=rng.randint(1, 4)))
            objs.append(
                Activity(
                    title=_title(rng, form),
                    summary=rng.choice(SUMMARIES),
                    description=description,
                    organiser=rng.choices(self.organisations, weights=organiser_weights)[0],
                    form=form,
                    venue=self._venue_for(form),
                    cost="" if rng.random() < 0.9 else f"{rng.choice([20, 50, 100])} kr",
                    how_to_join=rng.choice(["Kom som du är.", "Anmäl dig till ledaren.", ""]),
                    is_public=is_public,
                    status=status,
                )
            )
            one_off.append(rng.random() < (0.75 if form in ONE_OFF_FORMS else 0.05))
        self._ensure_each_case(objs)
        created = Activity.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        self._count("activities", len(created))
        return created, one_off

    def _ensure_each_case(self, activities: list[Activity]):
        """From 10 activities on, there is at least one of each case the public pages must hide or show."""
        if len(activities) < MIN_ACTIVITIES_FOR_EVERY_CASE:
            return
        Status = Activity.Status

        def is_internal(a):
            return a.form == ActivityForm.INTERNAL_MEETING

        cases = [
            (is_internal, {"form": ActivityForm.INTERNAL_MEETING, "status": Status.PUBLISHED, "is_public": False}),
            (lambda a: a.status == Status.DRAFT and not is_internal(a), {"status": Status.DRAFT}),
            (lambda a: not a.is_public and not is_internal(a), {"status": Status.PUBLISHED, "is_public": False}),
            (lambda a: a.status == Status.CANCELLED, {"status": Status.CANCELLED, "is_public": True}),
            (
                lambda a: a.is_visible_to_public,
                {"form": ActivityForm.OPEN_ACTIVITY, "status": Status.PUBLISHED, "is_public": True},
            ),
        ]
        changed: set[int] = set()
        for present, values in cases:
            if any(present(activity) for activity in activities):
                continue
            # Change an activity residents would see, so no other case goes missing.
            unchanged = [i for i in range(len(activities)) if i not in changed]
            index = self.rng.choice([i for i in unchanged if activities[i].is_visible_to_public] or unchanged)
            changed.add(index)
            activity = activities[index]
            for name, value in values.items():
                setattr(activity, name, value)
            if "form" in values:
                activity.title = _title(self.rng, activity.form)

    def link_activities(self):
        """Audiences, languages and co-organisers through the M2M tables, in bulk."""
        rng = self.rng
        audiences = list(Audience.objects.order_by("position", "pk"))
        languages = list(Language.objects.order_by("position", "pk"))
        swedish = [language for language in languages if language.code == "sv"]
        others = [language for language in languages if language.code != "sv"]
        audience_links, language_links, co_links = [], [], []
        AudienceLink = Activity.audiences.through
        LanguageLink = Activity.languages.through
        CoOrganiserLink = Activity.co_organisers.through
        for activity in self.activities:
            for audience in rng.sample(audiences, k=min(len(audiences), rng.randint(1, 2))):
                audience_links.append(AudienceLink(activity_id=activity.pk, audience_id=audience.pk))
            spoken = list(swedish)
            if others and rng.random() < 0.4:
                spoken += rng.sample(others, k=min(len(others), rng.randint(1, 2)))
            for language in spoken:
                language_links.append(LanguageLink(activity_id=activity.pk, language_id=language.pk))
            if len(self.organisations) > 1 and rng.random() < 0.15:
                partner = rng.choice(self.organisations)
                if partner.pk != activity.organiser_id:
                    co_links.append(CoOrganiserLink(activity_id=activity.pk, organisation_id=partner.pk))
        for label, model, links in [
            ("audience links", AudienceLink, audience_links),
            ("language links", LanguageLink, language_links),
            ("co-organiser links", CoOrganiserLink, co_links),
        ]:
            model.objects.bulk_create(links, batch_size=BATCH_SIZE)
            self._count(label, len(links))

    def date_counts(self, one_off: list[bool]) -> list[int]:
        """How many dates each activity gets: one-offs 1 to 3, series the rest by random weight."""
        rng = self.rng
        total, cap = self.sizes.occurrences, self.span.days  # at most one date a day per activity
        counts = [rng.choice([1, 1, 1, 2, 3]) if single else 0 for single in one_off]
        # Trim one-offs when there are very few dates to give out.
        for index in range(len(counts) - 1, -1, -1):
            excess = sum(counts) - total
            if excess <= 0:
                break
            counts[index] -= min(counts[index], excess)
        weights = [0.0 if single else rng.lognormvariate(0, 0.8) for single in one_off]
        series = _allocate(total - sum(counts), weights, cap)
        counts = [a + b for a, b in zip(counts, series, strict=True)]
        leftover = total - sum(counts)
        if leftover:  # no series could take them: one-offs get more dates
            extra = _allocate(leftover, [1.0] * len(counts), cap)
            counts = [min(cap, a + b) for a, b in zip(counts, extra, strict=True)]
        return counts

    def make_dates(self, one_off: list[bool]):
        """Schedules and occurrences, saved in batches as they are made."""
        rng = self.rng
        counts = self.date_counts(one_off)
        schedules: list[Recurrence] = []
        pending: list[Occurrence] = []
        week_load = [0] * self.span.weeks
        for activity, single, count in zip(self.activities, one_off, counts, strict=True):
            if count == 0:
                continue
            if single:
                for index in sorted(rng.sample(range(self.span.days), k=count)):
                    pending.append(self._occurrence(activity, self.span.day(index), *_times(rng)))
            else:
                per_week = 2 if activity.form == ActivityForm.SPORTS or rng.random() < 0.1 else 1
                runs, weekdays, interval = _weekly_runs(rng, self.span, count, per_week, week_load)
                start_time, end_time = _times(rng)
                for run in runs:
                    schedule = None
                    if len(run) <= Recurrence.MAX_DATES:
                        schedule = Recurrence(
                            activity=activity,
                            frequency=Recurrence.Frequency.WEEKLY,
                            weekdays=",".join(str(day) for day in weekdays),
                            interval=interval,
                            start_date=run[0],
                            end_date=run[-1],
                            start_time=start_time,
                            end_time=end_time,
                        )
                        schedules.append(schedule)
                    for day in run:
                        pending.append(self._occurrence(activity, day, start_time, end_time, schedule))
            if len(pending) >= BATCH_SIZE:
                self._save_dates(schedules, pending)
                schedules, pending = [], []
        self._save_dates(schedules, pending)

    def _occurrence(self, activity, day, start_time, end_time, schedule=None) -> Occurrence:
        rng = self.rng
        occurrence = Occurrence(
            activity=activity,
            start=dt.datetime.combine(day, start_time, tzinfo=self.zone),
            end=dt.datetime.combine(day, end_time, tzinfo=self.zone),
            recurrence=schedule,
            scheduled_date=day if schedule else None,
        )
        # One date in each 50 (2 %) is cancelled, at a random place in the block.
        position = self.dates_made % CANCEL_ONE_IN
        if position == 0:
            self.cancel_at = rng.randrange(CANCEL_ONE_IN)
        self.dates_made += 1
        if position == self.cancel_at:
            occurrence.cancelled = True
            occurrence.cancel_reason = rng.choice(CANCEL_REASONS)
            occurrence.is_detached = True
        if len(self.venues) > 1 and rng.random() < OTHER_VENUE_SHARE:
            occurrence.venue = rng.choice([venue for venue in self.venues if venue.pk != activity.venue_id])
            occurrence.is_detached = True
        if rng.random() < NOTE_SHARE:
            occurrence.note = rng.choice(NOTES)
        return occurrence

    def _save_dates(self, schedules: list[Recurrence], occurrences: list[Occurrence]):
        Recurrence.objects.bulk_create(schedules, batch_size=BATCH_SIZE)
        Occurrence.objects.bulk_create(occurrences, batch_size=BATCH_SIZE)
        self._count("schedules", len(schedules))
        self._count("dates", len(occurrences))
        self._count("head counts", generate_head_counts(occurrences, rng=self.head_count_rng, now=timezone.now()))
        self.log(f"  {self.created['dates']:,} dates saved")


class Command(BaseCommand):
    help = (
        "Fill the database with a large made-up calendar for load tests: organisations and venues "
        "(slugs gen-...), activities, schedules and dates. --clear removes earlier generated data first."
    )

    LIMITS = {  # option: (minimum, maximum)
        "activities": (1, MAX_COUNT),
        "occurrences": (0, MAX_COUNT),
        "years": (1, MAX_YEARS),
        "organisations": (1, MAX_COUNT),
        "venues": (1, MAX_COUNT),
        "seed": (0, 2**63 - 1),
    }

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, default=2000, help="Number of activities (default 2000).")
        parser.add_argument("--occurrences", type=int, default=100_000, help="Number of dates in all (default 100000).")
        parser.add_argument(
            "--years",
            type=int,
            default=5,
            help="Years the dates span, ending one year ahead (default 5: four years back, one ahead).",
        )
        parser.add_argument("--organisations", type=int, default=40, help="Number of organisations (default 40).")
        parser.add_argument("--venues", type=int, default=25, help="Number of venues (default 25).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data.")
        parser.add_argument("--clear", action="store_true", help="Remove earlier generated data first.")

    def validate(self, options) -> Sizes:
        values = {}
        for name, (minimum, maximum) in self.LIMITS.items():
            value = options[name]
            if isinstance(value, bool) or not isinstance(value, int):
                try:
                    value = int(str(value))
                except ValueError:
                    raise CommandError(f"--{name} must be a whole number, not {value!r}.") from None
            if not minimum <= value <= maximum:
                raise CommandError(f"--{name} must be between {minimum:,} and {maximum:,}; got {value:,}.")
            values[name] = value
        sizes = Sizes(**values)
        capacity = sizes.activities * Span.for_years(timezone.localdate(), sizes.years).days
        if sizes.occurrences > capacity:
            raise CommandError(
                f"--occurrences {sizes.occurrences:,} is more than one date a day for each of "
                f"{sizes.activities:,} activities over {sizes.years} years (at most {capacity:,}): "
                "give more activities or years."
            )
        return sizes

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        sizes = self.validate(options)
        started = time.monotonic()
        try:
            with transaction.atomic():
                if options["clear"]:
                    deleted = ", ".join(f"{n:,} {label}" for label, n in clear_generated().items() if n)
                    self.stdout.write(
                        f"Removed earlier generated data in {time.monotonic() - started:.1f} s: {deleted}"
                        if deleted
                        else "No earlier generated data to remove."
                    )
                elif generated_organisations().exists() or generated_venues().exists():
                    raise CommandError(
                        "Generated data (slugs starting with gen-) is already in this database: "
                        "add --clear to replace it."
                    )
                generator = LoadDataGenerator(sizes, today=timezone.localdate(), log=self.progress)
                created = generator.run()
        except IntegrityError as exc:
            raise CommandError(f"The database refused the generated data: {exc}") from None
        analyze_tables()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated in {seconds:.1f} s (seed {sizes.seed}): "
                + ", ".join(f"{number:,} {label}" for label, number in created.items() if number)
            )
        )
        now = timezone.now()
        coming = Occurrence.objects.filter(
            activity__in=generated_activities(), start__gte=now, start__lt=now + dt.timedelta(days=30)
        )
        self.stdout.write(
            f"Dates in the next 30 days: {coming.count():,} "
            f"({coming.filter(activity__in=Activity.objects.public()).count():,} public)."
        )

    def progress(self, message: str):
        if self.verbosity >= 2:
            self.stdout.write(message)
