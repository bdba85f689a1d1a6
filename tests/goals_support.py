"""Helpers for the goals tests: dated occurrences with head counts, deficiencies, survey answers."""

import datetime as dt
import itertools

from django.utils import timezone

from activities.models import Activity, ActivityForm, HeadCount, Occurrence, OccurrenceAttendance
from goals import services
from goals.models import SurveyWave

_keys = itertools.count(1)


def at(day: dt.date, hour: int = 16) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)), timezone.get_default_timezone())


def make_activity(organisation, venue, *, form=ActivityForm.OPEN_ACTIVITY, title="Aktivitet", **extra):
    extra.setdefault("status", Activity.Status.PUBLISHED)
    return Activity.objects.create(title=title, organiser=organisation, venue=venue, form=form, **extra)


def make_occurrence(activity, day: dt.date, *, hours: float = 2, cancelled=False, venue=None, hour=16):
    start = at(day, hour)
    return Occurrence.objects.create(
        activity=activity,
        start=start,
        end=start + dt.timedelta(hours=hours),
        cancelled=cancelled,
        cancel_reason="Sjukdom" if cancelled else "",
        venue=venue,
    )


def count(occurrence, cells: dict, *, study_hours=None):
    """Head counts {(band, gender): n} and the summary row, as the attendance services write them."""
    day = timezone.localdate(occurrence.start)
    HeadCount.objects.bulk_create(
        HeadCount(occurrence=occurrence, day=day, band=band, gender=gender, count=n)
        for (band, gender), n in cells.items()
    )
    return OccurrenceAttendance.objects.create(
        occurrence=occurrence,
        day=day,
        total=sum(cells.values()),
        counts={f"{band}:{gender}": n for (band, gender), n in cells.items() if n},
        study_hours=study_hours,
        version=1,
    )


def make_wave(name="Hösten 2026", opens=None, closes=None):
    today = timezone.localdate()
    return SurveyWave.objects.create(
        name=name, opens_on=opens or today - dt.timedelta(days=7), closes_on=closes or today + dt.timedelta(days=7)
    )


def answer(wave, *, safety="very_safe", attractiveness=4, visits="weekly", age_band="", gender="", today=None):
    return services.submit_answer(
        wave=wave,
        safety=safety,
        attractiveness=attractiveness,
        visits=visits,
        age_band=age_band,
        gender=gender,
        form_key=f"key-{next(_keys)}",
        today=today or wave.opens_on,
    )
