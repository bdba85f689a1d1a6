"""Builders and fixtures shared by the attendance tests (imported by tests/test_attendance_*.py,
tests/matrix_attendance.py and tests/e2e/test_attendance.py). Holds no tests itself."""

import datetime as dt

from django.utils import timezone

from activities import attendance_services as services
from activities.models import Activity, ActivityForm, Gender, Occurrence, Participant, ParticipantRole

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)), timezone.get_default_timezone())


def make_occurrence(activity, start: dt.datetime, minutes: int = 120, **extra) -> Occurrence:
    return Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(minutes=minutes), **extra)


def held_today(activity, hour: int | None = None) -> Occurrence:
    """A date of ``activity`` that started an hour ago (or today at ``hour``)."""
    now = timezone.now()
    start = local(timezone.localdate(now), hour) if hour is not None else now - dt.timedelta(hours=1)
    return make_occurrence(activity, start)


def days_ago(activity, days: int, hour: int = 16) -> Occurrence:
    return make_occurrence(activity, local(timezone.localdate() - dt.timedelta(days=days), hour))


def make_circle(organisation, venue, *, title="Studiecirkel: svenska", sessions=3, first_days_ago=21, minutes=135):
    """A published study circle with weekly sessions, the first ``first_days_ago`` days ago."""
    circle = Activity.objects.create(
        title=title,
        organiser=organisation,
        venue=venue,
        form=ActivityForm.STUDY_CIRCLE,
        status=Activity.Status.PUBLISHED,
    )
    first = timezone.localdate() - dt.timedelta(days=first_days_ago)
    for week in range(sessions):
        make_occurrence(circle, local(first + dt.timedelta(weeks=week), 18), minutes=minutes)
    return circle


def add_people(circle, people):
    """people: (name, birth year, gender, role) tuples."""
    return [
        services.add_participant(
            activity=circle, name=name, birth_year=year, gender=gender, role=role, contact="", user=None
        )
        for name, year, gender, role in people
    ]


DEFAULT_PEOPLE = [
    ("Leila Ahmed", 1980, Gender.FEMALE, ParticipantRole.LEADER),
    ("Sara Lind", 1990, Gender.FEMALE, ParticipantRole.PARTICIPANT),
    ("Omar Hassan", 2005, Gender.MALE, ParticipantRole.PARTICIPANT),
    ("Kim Berg", 1960, Gender.OTHER, ParticipantRole.PARTICIPANT),
]


def circle_with_presence(organisation, venue, **options):
    """A circle with four people who were all at every held session."""
    circle = make_circle(organisation, venue, **options)
    people = add_people(circle, DEFAULT_PEOPLE)
    sessions = list(circle.occurrences.filter(start__lte=timezone.now()).values_list("pk", flat=True))
    services.save_presences(
        activity=circle,
        user=None,
        ticked={(person.pk, session) for person in people for session in sessions},
        shown=set(),
        sessions=sessions,
    )
    return circle, people


def first_participant(circle) -> Participant:
    return circle.participants.order_by("pk").first()


def tally_data(attendance_version=0, **counts):
    """POST data of the tally form: counts given as c_7_12_f=3; the rest empty."""
    data = {"version": str(attendance_version), "leaders": "", "first_time": ""}
    data.update({key: str(value) for key, value in counts.items()})
    return data
