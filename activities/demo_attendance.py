"""Demo head counts for ``load_demo``: plausible, seasonal and deterministic. Not used at runtime.

Every demo date that counts (``Occurrence.objects.countable()``) and has no counts yet gets head
counts by age band and gender from its activity's profile (homework help mostly 7-15, the open
preschool 0-6 with their adults, lectures adults, ...), scaled by the month (fewer in summer and
around Christmas, more on the football pitch in summer) and growing by about a tenth a year, so
the goals dashboard has trends to show. Study-circle sessions get their study hours too; one
circle gets a presence list with roles, never names. Rows are written in bulk and the goals'
monthly roll-up is refreshed once afterwards by the caller.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from activities.attendance_services import add_head_count_rows, add_participant, default_study_hours, save_presences
from activities.demo_calendar import history_start
from activities.models import Activity, ActivityForm, CountSource, Gender, Occurrence, ParticipantRole, age_bands

BANDS = ["0-6", "7-12", "13-15", "16-19", "20-25", "26-64", "65+"]

# (visitors on an ordinary date, share of each band in BANDS order, share of girls/women,
#  share of "other or not stated")
PROFILES = {
    "homework": (22, [0, 0.46, 0.34, 0.12, 0.03, 0.05, 0], 0.55, 0.02),
    "preschool": (18, [0.52, 0.04, 0, 0, 0.08, 0.32, 0.04], 0.62, 0.01),
    "coding": (11, [0, 0.25, 0.45, 0.25, 0.05, 0, 0], 0.38, 0.04),
    "parents": (9, [0, 0, 0, 0, 0.05, 0.9, 0.05], 0.72, 0.01),
    "mentoring": (10, [0, 0, 0.5, 0.4, 0.1, 0, 0], 0.5, 0.03),
    "counselling": (7, [0, 0, 0, 0.35, 0.35, 0.3, 0], 0.52, 0.02),
    "circle": (7, [0, 0, 0, 0, 0.06, 0.6, 0.34], 0.62, 0.01),
    "lecture": (16, [0, 0, 0, 0.04, 0.14, 0.64, 0.18], 0.55, 0.01),
    "course": (13, [0, 0, 0, 0, 0.1, 0.7, 0.2], 0.5, 0.01),
    "honour": (14, [0, 0, 0, 0.1, 0.1, 0.78, 0.02], 0.66, 0.01),
    "jobs": (8, [0, 0, 0, 0, 0.3, 0.7, 0], 0.45, 0.01),
    "culture": (28, [0.05, 0.1, 0.05, 0.05, 0.1, 0.4, 0.25], 0.54, 0.01),
    "football": (20, [0, 0.5, 0.35, 0.15, 0, 0, 0], 0.3, 0.01),
    "open": (15, [0.05, 0.15, 0.12, 0.1, 0.1, 0.38, 0.1], 0.52, 0.02),
}

PROFILE_OF_TITLE = {
    "Läxhjälp": "homework",
    "Öppen förskola": "preschool",
    "Programmering för unga": "coding",
    "Stöd till tonårsföräldrar": "parents",
    "Mentorskapsprogram för elever": "mentoring",
    "Studierådgivning": "counselling",
    "Föreläsning: privatekonomi, försäkringar och lån": "lecture",
    "Kurs: rättigheter och skyldigheter i boendet": "course",
    "Informationsträff om hedersrelaterat förtryck": "honour",
    "Hjälp att skaffa egen försörjning (Portalen)": "jobs",
    "Livsberättelser från området": "culture",
    "Fotboll för unga": "football",
}

PROFILE_OF_FORM = {
    ActivityForm.STUDY_CIRCLE: "circle",
    ActivityForm.CULTURAL_PROGRAMME: "culture",
    ActivityForm.LECTURE: "lecture",
    ActivityForm.OTHER_POPULAR_EDUCATION: "course",
    ActivityForm.SPORTS: "football",
}

# Visitors by month compared with an ordinary month: the summer and Christmas dip, the autumn start.
MONTH_FACTOR = {1: 0.9, 2: 1.0, 3: 1.05, 4: 1.0, 5: 0.95, 6: 0.75, 7: 0.5, 8: 0.8, 9: 1.1, 10: 1.05, 11: 1.0, 12: 0.8}
OUTDOOR_MONTH_FACTOR = {3: 0.7, 4: 0.9, 5: 1.1, 6: 1.25, 7: 1.1, 8: 1.2, 9: 1.1, 10: 0.9, 11: 0.7}
GROWTH_PER_YEAR = 0.1

DEMO_CIRCLE_PEOPLE = [  # (role, age this year, gender): roles only, never names
    (ParticipantRole.LEADER, 45, Gender.FEMALE),
    (ParticipantRole.PARTICIPANT, 34, Gender.FEMALE),
    (ParticipantRole.PARTICIPANT, 52, Gender.MALE),
    (ParticipantRole.PARTICIPANT, 19, Gender.MALE),
    (ParticipantRole.PARTICIPANT, 67, Gender.FEMALE),
    (ParticipantRole.PARTICIPANT, 28, Gender.OTHER),
]


def profile_for(activity: Activity) -> str:
    return PROFILE_OF_TITLE.get(activity.title) or PROFILE_OF_FORM.get(activity.form, "open")


def expected_visitors(profile: str, day: dt.date, *, first_day: dt.date) -> float:
    size = PROFILES[profile][0]
    months = OUTDOOR_MONTH_FACTOR if profile == "football" else MONTH_FACTOR
    years = max(0.0, (day - first_day).days / 365.25)
    return size * months.get(day.month, 1.0) * (1 + GROWTH_PER_YEAR * years)


def head_counts(rng: random.Random, profile: str, visitors: float) -> dict[tuple[str, str], int]:
    """Counts for every cell of the configured bands (zeros too) around ``visitors`` in all."""
    _size, shares, girls, other = PROFILES[profile]
    by_band = dict(zip(BANDS, shares, strict=True))
    counts = {}
    for band in age_bands():
        share = by_band.get(band.code, 1 / len(BANDS))
        for gender, gender_share in ((Gender.FEMALE, girls), (Gender.MALE, 1 - girls - other), (Gender.OTHER, other)):
            mean = visitors * share * gender_share
            counts[(band.code, str(gender))] = max(0, round(rng.gauss(mean, mean**0.5 * 0.6))) if mean else 0
    return counts


def _presence_circle(now: dt.datetime) -> int:
    """One demo study circle (the oldest held one) with a list of roles and ticked presences."""
    demo_circles = Activity.objects.filter(form=ActivityForm.STUDY_CIRCLE).exclude(organiser__slug__startswith="gen-")
    if demo_circles.filter(participants__isnull=False).exists():
        return 0  # one demo list is enough; a second run adds nothing
    circle = (
        demo_circles.filter(occurrences__in=Occurrence.objects.countable(now), occurrences__attendance__isnull=True)
        .order_by("occurrences__start", "pk")
        .first()
    )
    if circle is None:
        return 0
    rng = random.Random(circle.pk)
    this_year = timezone.localdate(now).year
    people = []
    for number, (role, age, gender) in enumerate(DEMO_CIRCLE_PEOPLE, start=1):
        label = "Cirkelledare" if role == ParticipantRole.LEADER else f"Deltagare {number - 1}"
        people.append(
            add_participant(
                activity=circle, name=label, birth_year=this_year - age, gender=gender, role=role, contact=""
            )
        )
    sessions = list(
        Occurrence.objects.countable(now)
        .filter(activity=circle, attendance__isnull=True)
        .order_by("start")
        .values_list("pk", flat=True)
    )
    ticked = {
        (person.pk, session)
        for person in people
        for session in sessions
        if person.role == ParticipantRole.LEADER or rng.random() < 0.8
    }
    result = save_presences(activity=circle, user=None, ticked=ticked, shown=set(), sessions=sessions, now=now)
    return len(people) + result.added


@transaction.atomic
def load_demo_attendance(*, now: dt.datetime | None = None, seed: int = 9) -> int:
    """Head counts for every demo date that counts and has none yet, and one circle's presence list.

    Idempotent: dates that already have counts and circles that already have a list are left
    alone. Deterministic for a seed and a day. Returns the number of rows created.
    """
    now = now or timezone.now()
    created = _presence_circle(now)
    dates = list(
        Occurrence.objects.countable(now)
        .filter(attendance__isnull=True)
        .exclude(activity__organiser__slug__startswith="gen-")
        .select_related("activity")
        .order_by("start", "pk")
    )
    if not dates:
        return created
    first_day = history_start(timezone.localdate(now))
    rng = random.Random(seed)
    items, leaders, hours = [], {}, {}
    for occurrence in dates:
        profile = profile_for(occurrence.activity)
        day = timezone.localdate(occurrence.start)
        items.append((occurrence, head_counts(rng, profile, expected_visitors(profile, day, first_day=first_day))))
        leaders[occurrence.pk] = rng.randint(1, 3)
        if occurrence.activity.form == ActivityForm.STUDY_CIRCLE:
            leaders[occurrence.pk] = 1
            hours[occurrence.pk] = default_study_hours(occurrence)
    created += add_head_count_rows(items, leaders=leaders, study_hours=hours, source=CountSource.GENERATED)
    return created + len(dates)
