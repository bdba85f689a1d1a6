"""Schedules and their dates (activities.services): generation, regeneration, copying."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from activities import services
from activities.models import Activity, Language, Occurrence, Organisation, Recurrence

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = dt.UTC


def at(year, month, day, hour=12, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture
def frozen(time_machine):
    """Freeze "now"; call frozen(datetime) to move it."""

    def move(moment):
        time_machine.move_to(moment, tick=False)

    return move


def schedule(activity, **fields):
    values = {
        "frequency": Recurrence.Frequency.WEEKLY,
        "weekdays": "0",
        "interval": 1,
        "start_date": dt.date(2027, 1, 4),
        "end_date": dt.date(2027, 3, 29),
        "start_time": dt.time(16),
        "end_time": dt.time(18),
    }
    values.update(fields)
    return Recurrence.objects.create(activity=activity, **values)


def local_starts(recurrence):
    return [
        occurrence.start.astimezone(STOCKHOLM)
        for occurrence in Occurrence.objects.filter(recurrence=recurrence).order_by("start")
    ]


def test_weekly_schedule_keeps_local_wall_time_across_both_dst_changes(activity, frozen):
    frozen(at(2026, 10, 1))
    recurrence = schedule(activity, weekdays="6", start_date=dt.date(2026, 10, 18), end_date=dt.date(2027, 4, 4))
    result = services.regenerate_occurrences(recurrence=recurrence)

    starts = local_starts(recurrence)
    assert result.created == len(starts) == 25
    assert {start.time() for start in starts} == {dt.time(16)}
    assert {start.weekday() for start in starts} == {6}
    by_day = {start.date(): start.astimezone(UTC) for start in starts}
    # Summer time (UTC+2) before 25 October, winter time (UTC+1) until 28 March, then summer again.
    assert by_day[dt.date(2026, 10, 18)].hour == 14
    assert by_day[dt.date(2026, 10, 25)].hour == 15
    assert by_day[dt.date(2027, 3, 21)].hour == 15
    assert by_day[dt.date(2027, 3, 28)].hour == 14
    ends = Occurrence.objects.filter(recurrence=recurrence).values_list("start", "end")
    assert {end - start for start, end in ends} == {dt.timedelta(hours=2)}


def test_skipped_dates_are_skipped(activity, frozen):
    frozen(at(2026, 12, 1))
    recurrence = schedule(
        activity,
        weekdays="1",
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2027, 1, 31),
        skip_dates="2027-01-12\n2027-01-26\nnot a date\n",
    )
    services.regenerate_occurrences(recurrence=recurrence)
    assert [start.date() for start in local_starts(recurrence)] == [dt.date(2027, 1, 5), dt.date(2027, 1, 19)]


def test_every_other_week_on_two_weekdays(activity, frozen):
    frozen(at(2026, 12, 1))
    recurrence = schedule(
        activity, weekdays="0,3", interval=2, start_date=dt.date(2027, 1, 4), end_date=dt.date(2027, 2, 28)
    )
    services.regenerate_occurrences(recurrence=recurrence)
    assert [start.date().isoformat() for start in local_starts(recurrence)] == [
        "2027-01-04",
        "2027-01-07",
        "2027-01-18",
        "2027-01-21",
        "2027-02-01",
        "2027-02-04",
        "2027-02-15",
        "2027-02-18",
    ]


def test_monthly_on_the_third_wednesday(activity, frozen):
    frozen(at(2026, 12, 1))
    recurrence = schedule(
        activity,
        frequency=Recurrence.Frequency.MONTHLY_NTH,
        weekdays="2",
        nth=Recurrence.Nth.THIRD,
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2027, 6, 30),
    )
    services.regenerate_occurrences(recurrence=recurrence)
    assert [start.date().isoformat() for start in local_starts(recurrence)] == [
        "2027-01-20",
        "2027-02-17",
        "2027-03-17",
        "2027-04-21",
        "2027-05-19",
        "2027-06-16",
    ]


def test_monthly_on_the_last_friday(activity):
    recurrence = Recurrence(
        frequency=Recurrence.Frequency.MONTHLY_NTH,
        weekdays="4",
        nth=Recurrence.Nth.LAST,
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2027, 3, 31),
        start_time=dt.time(18),
        end_time=dt.time(20),
    )
    assert recurrence.dates() == [dt.date(2027, 1, 29), dt.date(2027, 2, 26), dt.date(2027, 3, 26)]


@pytest.fixture
def series(activity, frozen):
    """Mondays 4 January–29 March 2027, 16–18, generated on 1 January; now is 10 February."""
    frozen(at(2027, 1, 1))
    recurrence = schedule(activity)
    services.regenerate_occurrences(recurrence=recurrence)
    frozen(at(2027, 2, 10))
    return recurrence


def test_changing_the_time_updates_future_dates_in_place_and_never_past_ones(series):
    before = {o.scheduled_date: (o.pk, o.start) for o in Occurrence.objects.filter(recurrence=series)}
    assert len(before) == 13

    series.start_time, series.end_time = dt.time(17), dt.time(19, 30)
    series.save()
    result = services.regenerate_occurrences(recurrence=series)

    after = {o.scheduled_date: o for o in Occurrence.objects.filter(recurrence=series)}
    assert set(after) == set(before)
    assert (result.created, result.deleted, result.updated) == (0, 0, 7)
    for day, occurrence in after.items():
        pk, old_start = before[day]
        assert occurrence.pk == pk  # the same row, so feeds keep the same UID
        local = occurrence.start.astimezone(STOCKHOLM)
        if day < dt.date(2027, 2, 10):
            assert occurrence.start == old_start
            assert local.time() == dt.time(16)
        else:
            assert (local.time(), occurrence.end.astimezone(STOCKHOLM).time()) == (dt.time(17), dt.time(19, 30))


def test_regeneration_leaves_moved_and_cancelled_dates_alone(series, venue):
    dates = {o.scheduled_date: o for o in Occurrence.objects.filter(recurrence=series)}
    moved = services.move_occurrence(
        occurrence=dates[dt.date(2027, 2, 15)], start=at(2027, 2, 16, 10), end=at(2027, 2, 16, 12)
    )
    cancelled = services.cancel_occurrence(occurrence=dates[dt.date(2027, 2, 22)], reason="Sportlov")

    series.start_time, series.end_time = dt.time(17), dt.time(19)
    series.end_date = dt.date(2027, 2, 20)  # the cancelled date falls outside the schedule now
    series.save()
    services.regenerate_occurrences(recurrence=series)

    moved.refresh_from_db()
    assert (moved.start, moved.end) == (at(2027, 2, 16, 10), at(2027, 2, 16, 12))
    cancelled.refresh_from_db()
    assert cancelled.cancelled and cancelled.cancel_reason == "Sportlov"
    assert cancelled.start == at(2027, 2, 22, 16)


def test_regeneration_deletes_future_dates_no_longer_in_the_schedule(series):
    series.start_date = dt.date(2027, 1, 18)  # drops two past dates from the schedule
    series.end_date = dt.date(2027, 3, 1)
    series.weekdays = "0,2"
    series.save()
    result = services.regenerate_occurrences(recurrence=series)

    days = sorted(Occurrence.objects.filter(recurrence=series).values_list("scheduled_date", flat=True))
    # Past dates stay even when the schedule no longer gives them.
    assert days[:6] == [dt.date(2027, 1, d) for d in (4, 11, 18, 25)] + [dt.date(2027, 2, 1), dt.date(2027, 2, 8)]
    future = [day for day in days if day > dt.date(2027, 2, 10)]
    assert future == [
        dt.date(2027, 2, 15),
        dt.date(2027, 2, 17),
        dt.date(2027, 2, 22),
        dt.date(2027, 2, 24),
        dt.date(2027, 3, 1),
    ]
    assert result.deleted == 4  # 8, 15, 22 and 29 March
    assert result.created == 3  # the Wednesdays


def test_more_than_a_thousand_dates_is_refused_and_creates_nothing(activity, frozen):
    frozen(at(2026, 12, 1))
    recurrence = schedule(
        activity, weekdays="0,1,2,3,4,5,6", start_date=dt.date(2027, 1, 1), end_date=dt.date(2029, 12, 31)
    )
    with pytest.raises(ValidationError) as caught:
        services.check_schedule_size(recurrence)
    assert caught.value.code == "too_many_dates"
    with pytest.raises(ValidationError):
        services.regenerate_occurrences(recurrence=recurrence)
    assert not Occurrence.objects.filter(recurrence=recurrence).exists()

    recurrence.end_date = dt.date(2027, 1, 1) + dt.timedelta(days=Recurrence.MAX_DATES - 1)
    assert len(services.check_schedule_size(recurrence)) == Recurrence.MAX_DATES


def test_duplicate_activity_is_a_draft_copy_with_its_own_dates(activity, frozen, users, organisation_b):
    frozen(at(2026, 12, 1))
    activity.co_organisers.set([organisation_b])
    activity.languages.set(Language.objects.filter(code="ar"))
    recurrence = schedule(activity)
    services.regenerate_occurrences(recurrence=recurrence)

    copy = services.duplicate_activity(activity=activity, user=users["partner_a"])

    assert copy.pk != activity.pk
    assert copy.status == Activity.Status.DRAFT
    assert "Läxhjälp" in copy.title
    assert copy.created_by == users["partner_a"]
    assert copy.organiser == activity.organiser and copy.venue == activity.venue
    assert list(copy.co_organisers.all()) == [organisation_b]
    assert set(copy.audiences.values_list("code", flat=True)) == {"children", "youth"}
    assert list(copy.languages.values_list("code", flat=True)) == ["ar"]
    copied_schedule = copy.recurrences.get()
    assert copied_schedule.pk != recurrence.pk
    assert copy.occurrences.count() == activity.occurrences.count() == 13
    assert not copy.occurrences.filter(recurrence=recurrence).exists()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED
    assert Organisation.objects.count() == 2


def test_cancelling_needs_a_reason_and_restoring_undoes_it(occurrence):
    with pytest.raises(ValidationError):
        services.cancel_occurrence(occurrence=occurrence, reason="  ")
    cancelled = services.cancel_occurrence(occurrence=occurrence, reason="Ledaren är sjuk")
    assert cancelled.cancelled and cancelled.is_detached
    restored = services.restore_occurrence(occurrence=occurrence)
    assert not restored.cancelled and restored.cancel_reason == ""


def test_deleting_a_schedule_keeps_past_and_hand_changed_dates(series):
    dates = {o.scheduled_date: o for o in Occurrence.objects.filter(recurrence=series)}
    services.cancel_occurrence(occurrence=dates[dt.date(2027, 3, 1)], reason="Lov")
    deleted = services.delete_recurrence(recurrence=series)
    assert deleted == 6
    left = sorted(Occurrence.objects.values_list("scheduled_date", flat=True))
    assert len(left) == 7 and left[-1] == dt.date(2027, 3, 1)
