"""Attendance services: saving tallies (rules, audit, query budget, concurrent saves), the
goal selectors, bulk loading, demo data and retention."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities import attendance_selectors as selectors
from activities import attendance_services as services
from activities.models import (
    Activity,
    ActivityForm,
    CountSource,
    Gender,
    HeadCount,
    Occurrence,
    OccurrenceAttendance,
    Participant,
    age_bands,
)
from tests.test_attendance_helpers import circle_with_presence, local, make_occurrence

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2027, 3, 10, 19, 0, tzinfo=STOCKHOLM)  # a Wednesday evening

PUBLISHED = Activity.Status.PUBLISHED


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def held(activity, frozen):
    """Homework help today 16:00-18:00 (over by NOW)."""
    return make_occurrence(activity, local(NOW.date(), 16))


def counts(**cells):
    """counts(f7_12=3, m65=1) -> {"7-12:f": 3, "65+:m": 1}."""
    result = {}
    for name, value in cells.items():
        gender, band = name[0], name[1:].replace("_", "-")
        band = "65+" if band == "65" else band
        result[f"{band}:{gender}"] = value
    return result


def save(occurrence, user, cells, *, version=0, leaders=0, first_time=0, **extra):
    return services.save_tally(
        occurrence_id=occurrence.pk,
        user=user,
        counts=cells,
        leaders=leaders,
        first_time=first_time,
        expected_version=version,
        **extra,
    )


# Saving a tally ---------------------------------------------------------------------------------------------


def test_save_tally_stores_one_row_per_counted_cell_and_a_summary(held, users):
    attendance = save(held, users["partner_a"], counts(f7_12=3, m7_12=2, x13_15=1), leaders=2, first_time=1)
    rows = {(r.band, r.gender): r.count for r in HeadCount.objects.filter(occurrence=held)}
    assert rows == {("7-12", "f"): 3, ("7-12", "m"): 2, ("13-15", "x"): 1}
    assert all(r.day == NOW.date() for r in HeadCount.objects.filter(occurrence=held))
    assert (attendance.total, attendance.leaders, attendance.first_time, attendance.version) == (6, 2, 1, 1)
    assert attendance.counts == {"13-15:x": 1, "7-12:f": 3, "7-12:m": 2}
    assert attendance.counted_by == users["partner_a"] and attendance.source == CountSource.TALLY


def test_correcting_a_tally_replaces_counts_and_keeps_a_history(held, users):
    save(held, users["partner_a"], counts(f7_12=3, m7_12=2))
    attendance = save(held, users["coordinator"], counts(f7_12=4), version=1)
    rows = {(r.band, r.gender): r.count for r in HeadCount.objects.filter(occurrence=held)}
    assert rows == {("7-12", "f"): 4, ("7-12", "m"): 0}  # the boy row is kept at 0, not deleted
    assert attendance.total == 4 and attendance.version == 2
    history = list(attendance.history.order_by("history_date", "history_id"))
    assert [(h.total, h.history_user, h.counts) for h in history] == [
        (5, users["partner_a"], {"7-12:f": 3, "7-12:m": 2}),
        (4, users["coordinator"], {"7-12:f": 4}),
    ]


def test_saving_a_tally_takes_at_most_10_queries(held, users):
    save(held, users["partner_a"], counts(f7_12=3))
    with CaptureQueriesContext(connection) as first:
        save(held, users["partner_a"], counts(f7_12=1, m0_6=2, x65=3), version=1, scope=Occurrence.objects.all())
    assert len(first) <= 10, [q["sql"] for q in first]
    new = make_occurrence(held.activity, local(NOW.date(), 10))
    with CaptureQueriesContext(connection) as second:
        save(new, users["partner_a"], {f"{b.code}:{g}": 1 for b in age_bands() for g in Gender.values})
    assert len(second) <= 10, [q["sql"] for q in second]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"start": NOW + dt.timedelta(hours=1)}, "future"),
        ({"cancelled": True, "cancel_reason": "Sjukdom"}, "cancelled"),
    ],
)
def test_future_and_cancelled_dates_cannot_be_counted(held, users, change, code):
    for name, value in change.items():
        setattr(held, name, value)
    if "start" in change:
        held.end = held.start + dt.timedelta(hours=2)
    held.save()
    with pytest.raises(ValidationError) as caught:
        save(held, users["coordinator"], counts(f7_12=1))
    assert caught.value.code == code
    assert not HeadCount.objects.exists() and not OccurrenceAttendance.objects.exists()


def test_counts_older_than_30_days_are_locked_for_partner_staff_but_not_coordinators(activity, users, frozen):
    old = make_occurrence(activity, local(NOW.date() - dt.timedelta(days=31), 16))
    recent = make_occurrence(activity, local(NOW.date() - dt.timedelta(days=30), 16))
    save(recent, users["partner_a"], counts(f7_12=1))
    with pytest.raises(ValidationError) as caught:
        save(old, users["partner_a"], counts(f7_12=1))
    assert caught.value.code == "locked"
    attendance = save(old, users["coordinator"], counts(f7_12=2))
    assert attendance.total == 2 and attendance.history.get().history_user == users["coordinator"]


def test_study_circle_sessions_are_not_tallied(organisation_a, venue, users, frozen):
    circle = Activity.objects.create(
        title="Cirkel", organiser=organisation_a, venue=venue, form=ActivityForm.STUDY_CIRCLE, status=PUBLISHED
    )
    session = make_occurrence(circle, local(NOW.date(), 16))
    with pytest.raises(ValidationError) as caught:
        save(session, users["coordinator"], counts(f20_25=1))
    assert caught.value.code == "study_circle"


@pytest.mark.parametrize(
    ("cells", "extra", "code"),
    [
        ({"7-12:f": -1}, {}, "count_range"),
        ({"7-12:f": 10_001}, {}, "count_range"),
        ({"7-12:f": 2}, {"first_time": 3}, "first_time_over_total"),
        ({"7-12:f": 2}, {"leaders": 20_000}, "count_range"),
        ({"5-9:f": 2}, {}, "unknown_cell"),
    ],
)
def test_absurd_numbers_are_refused(held, users, cells, extra, code):
    with pytest.raises(ValidationError) as caught:
        save(held, users["coordinator"], cells, **extra)
    assert caught.value.code == code


def test_scope_makes_other_organisations_dates_not_found(held, users):
    from klocket import permissions

    with pytest.raises(Occurrence.DoesNotExist):
        save(held, users["partner_b"], counts(f7_12=1), scope=permissions.editable_occurrences(users["partner_b"]))


# Concurrent saves -----------------------------------------------------------------------------------------------


def test_stale_version_is_refused_with_the_other_savers_numbers(held, users):
    """Two staff open the empty form (version 0); the first saves, the second is told, not overwritten."""
    save(held, users["partner_a"], counts(f7_12=5))
    with pytest.raises(services.TallyConflict) as caught:
        save(held, users["coordinator"], counts(m7_12=9))
    assert caught.value.attendance.counts == {"7-12:f": 5}
    assert caught.value.attendance.version == 1
    assert OccurrenceAttendance.objects.get().total == 5
    # Saving again with the version shown in the conflict replaces the numbers on purpose.
    assert save(held, users["coordinator"], counts(m7_12=9), version=1).total == 9


@pytest.mark.django_db(transaction=True)
def test_two_staff_saving_at_once_lose_nothing_silently(activity, users, frozen):
    """Both saves start from version 0 at the same moment: exactly one wins and one gets a conflict.

    On PostgreSQL the two saves run in two threads with their own connections and really meet
    at the row lock (SELECT ... FOR UPDATE). SQLite has no row locks and serialises whole
    transactions, so there the same two saves run one after the other, each in its own
    transaction, which is the order PostgreSQL's lock imposes: the rule checked is the same.
    """
    occurrence = make_occurrence(activity, local(NOW.date(), 16))
    outcomes = []
    wanted = [("partner_a", counts(f7_12=5)), ("coordinator", counts(m7_12=7))]

    def attempt(role, cells, barrier=None):
        try:
            if barrier is not None:
                barrier.wait(timeout=10)
            with transaction.atomic():
                attendance = save(occurrence, users[role], cells)
            outcomes.append(("saved", role, attendance.total))
        except services.TallyConflict as conflict:
            outcomes.append(("conflict", role, conflict.attendance.total))
        finally:
            if barrier is not None:
                connections.close_all()

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=attempt, args=(role, cells, barrier)) for role, cells in wanted]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    else:
        for role, cells in wanted:
            attempt(role, cells)

    assert sorted(kind for kind, _role, _total in outcomes) == ["conflict", "saved"], outcomes
    ((_kind, winner, saved_total),) = [o for o in outcomes if o[0] == "saved"]
    ((_kind, _loser, seen_total),) = [o for o in outcomes if o[0] == "conflict"]
    assert seen_total == saved_total  # the loser is shown the winner's numbers
    attendance = OccurrenceAttendance.objects.get(occurrence=occurrence)
    assert attendance.version == 1 and attendance.counted_by == users[winner]
    assert attendance.history.count() == 1
    assert sum(HeadCount.objects.filter(occurrence=occurrence).values_list("count", flat=True)) == saved_total


# Goal selectors -------------------------------------------------------------------------------------------------


def test_goal_sums_by_band_gender_month_venue_and_organisation(activity, organisation_b, area, users, frozen):
    from activities.models import Venue
    from goals import queries
    from goals.periods import Period

    other_venue = Venue.objects.create(name="Idrottens hus", slug="idrottens-hus", area=area)
    football = Activity.objects.create(
        title="Fotboll",
        organiser=organisation_b,
        venue=other_venue,
        form=ActivityForm.SPORTS,
        status=Activity.Status.PUBLISHED,
    )
    january = make_occurrence(activity, local(dt.date(2027, 1, 12), 16))
    february = make_occurrence(activity, local(dt.date(2027, 2, 9), 16))
    sports = make_occurrence(football, local(dt.date(2027, 2, 10), 17))
    make_occurrence(activity, local(dt.date(2027, 2, 16), 16), cancelled=True, cancel_reason="Stängt")
    coordinator = users["coordinator"]
    save(january, coordinator, counts(f7_12=3, m7_12=1))
    save(february, coordinator, counts(f7_12=2, x13_15=4))
    save(sports, coordinator, counts(m16_19=10))

    quarter = [Period.quarter(2027, 1)]
    months = [Period.month(2027, 1), Period.month(2027, 2), Period.month(2027, 3)]
    everyone = {("7-12", "f"): 5, ("7-12", "m"): 1, ("13-15", "x"): 4, ("16-19", "m"): 10}
    assert queries.visits_by_cell(quarter) == {0: everyone}
    assert queries.visits_by_cell(quarter, organisation=organisation_b) == {0: {("16-19", "m"): 10}}
    assert queries.visits_by_cell(quarter, venue=activity.venue) == {
        0: {("7-12", "f"): 5, ("7-12", "m"): 1, ("13-15", "x"): 4}
    }
    by_month = queries.visits_by_cell(months)
    assert {index: sum(cells.values()) for index, cells in by_month.items()} == {0: 4, 1: 16}
    held = queries.occurrence_figures(months)
    assert {index: figures["held"] for index, figures in held.items()} == {0: 1, 1: 2}


def test_month_sums_take_one_query_whatever_the_data(activity, users, frozen, django_assert_num_queries):
    from goals import queries
    from goals.periods import Period

    def add(n):
        occurrences = [make_occurrence(activity, local(dt.date(2027, 1, 1) + dt.timedelta(days=i), 10)) for i in n]
        services.add_head_count_rows([(o, {("7-12", "f"): 1, ("65+", "x"): 2}) for o in occurrences])

    months = [Period.month(2027, month) for month in range(1, 13)]
    add(range(2))
    with django_assert_num_queries(1):
        small = queries.visits_by_cell(months)
    add(range(2, 40))
    with django_assert_num_queries(1):
        large = queries.visits_by_cell(months)
    assert sum(sum(cells.values()) for cells in small.values()) == 6
    assert sum(sum(cells.values()) for cells in large.values()) == 120


# Bulk loading, generated and demo data ------------------------------------------------------------------------------


def test_add_head_count_rows_writes_rows_and_summaries_in_bulk(activity, frozen, django_assert_max_num_queries):
    occurrences = [make_occurrence(activity, local(dt.date(2027, 1, 1) + dt.timedelta(days=i), 10)) for i in range(30)]
    items = [(o, {(b.code, g): 1 for b in age_bands() for g in Gender.values}) for o in occurrences]
    with django_assert_max_num_queries(6):
        added = services.add_head_count_rows(items, leaders={occurrences[0].pk: 2}, batch_size=1000)
    assert added == 30 * 21 == HeadCount.objects.count()
    first = OccurrenceAttendance.objects.get(occurrence=occurrences[0])
    assert (first.total, first.leaders, first.version, first.source) == (21, 2, 1, CountSource.GENERATED)
    # The rows are as the tally page would have saved them: a coordinator can correct them.
    services.save_tally(
        occurrence_id=occurrences[0].pk,
        user=None,
        counts={"7-12:f": 5},
        expected_version=1,
    )
    assert OccurrenceAttendance.objects.get(occurrence=occurrences[0]).total == 5


def test_generated_head_counts_skip_future_cancelled_and_study_circles(activity, organisation_a, venue, frozen):
    import random

    circle = Activity.objects.create(
        title="C", organiser=organisation_a, venue=venue, form=ActivityForm.STUDY_CIRCLE, status=PUBLISHED
    )
    past = make_occurrence(activity, local(dt.date(2027, 1, 5), 10))
    cancelled = make_occurrence(activity, local(dt.date(2027, 1, 6), 10), cancelled=True, cancel_reason="x")
    future = make_occurrence(activity, local(dt.date(2027, 4, 6), 10))
    session = make_occurrence(circle, local(dt.date(2027, 1, 7), 10))
    occurrences = list(
        Occurrence.objects.select_related("activity").filter(pk__in=[past.pk, cancelled.pk, future.pk, session.pk])
    )
    added = services.generate_head_counts_for(occurrences, rng=random.Random(1), now=timezone.now())
    assert added == 21
    assert set(HeadCount.objects.values_list("occurrence_id", flat=True)) == {past.pk}
    assert services.delete_head_counts_for(Occurrence.objects.filter(pk=past.pk)) == 21
    assert not OccurrenceAttendance.objects.exists()


def test_demo_attendance_counts_past_dates_and_lists_roles_not_names(organisation_a, venue, activity, frozen):
    circle = Activity.objects.create(
        title="LITA", organiser=organisation_a, venue=venue, form=ActivityForm.STUDY_CIRCLE, status=PUBLISHED
    )
    for week in range(3):
        make_occurrence(circle, local(dt.date(2027, 2, 1) + dt.timedelta(weeks=week), 18), minutes=135)
    make_occurrence(activity, local(dt.date(2027, 3, 1), 16))
    make_occurrence(activity, local(dt.date(2027, 4, 1), 16))  # future: no counts
    from activities.demo_attendance import load_demo_attendance

    created = load_demo_attendance()
    assert created > 0
    assert OccurrenceAttendance.objects.filter(occurrence__activity=activity).count() == 1
    names = list(Participant.objects.filter(activity=circle).values_list("name", flat=True))
    assert names[0] == "Cirkelledare" and all(n.startswith(("Deltagare", "Cirkelledare")) for n in names)
    assert OccurrenceAttendance.objects.filter(occurrence__activity=circle).count() == 3
    assert load_demo_attendance() == 0  # idempotent


# Retention --------------------------------------------------------------------------------------------------------


def test_anonymising_old_lists_keeps_counts_and_study_hours(organisation_a, venue, time_machine):
    circle, people = circle_with_presence(organisation_a, venue)
    before_counts = dict(OccurrenceAttendance.objects.values_list("occurrence_id", "total"))
    report = selectors.circle_report(circle)
    hours_before = [status.hours for status in report.participants]
    time_machine.move_to(timezone.now() + dt.timedelta(days=365 * 3 + 40))
    dry = services.anonymise_participants(months=36, dry_run=True)
    assert dry.participants == 4 and Participant.objects.named().count() == 4
    result = services.anonymise_participants(months=36)
    assert result.participants == 4 and [c.pk for c in result.circles] == [circle.pk]
    names = sorted(Participant.objects.values_list("name", flat=True))
    assert names == ["Deltagare 2", "Deltagare 3", "Deltagare 4", "Ledare 1"]
    assert not Participant.objects.filter(birth_year__isnull=False).exists()
    assert not Participant.history.filter(name__in=["Sara Lind", "Leila Ahmed"]).exists()
    assert dict(OccurrenceAttendance.objects.values_list("occurrence_id", "total")) == before_counts
    assert [s.hours for s in selectors.circle_report(circle).participants] == hours_before
    assert services.anonymise_participants(months=36).participants == 0


def test_generated_load_data_gets_head_counts_through_the_hooks(db, monkeypatch):
    """What generate_load_data does once its two hooks call the attendance functions."""
    from django.core.management import call_command

    from activities.management.commands import generate_load_data as command

    monkeypatch.setattr(command, "generate_head_counts", services.generate_head_counts_for)
    monkeypatch.setattr(command, "delete_head_counts", services.delete_head_counts_for, raising=False)
    monkeypatch.setattr(command, "delete_generated_head_counts", services.delete_head_counts_for)
    call_command("generate_load_data", activities=20, occurrences=400, years=2, organisations=3, venues=2, stdout=None)
    rows = HeadCount.objects.count()
    held = Occurrence.objects.countable().exclude(activity__form=ActivityForm.STUDY_CIRCLE)
    assert rows == 21 * held.count() > 0
    assert OccurrenceAttendance.objects.count() == held.count()
    call_command("generate_load_data", activities=20, occurrences=400, years=2, organisations=3, venues=2, clear=True)
    assert HeadCount.objects.count() == 21 * held.count()  # replaced, not added to


def test_age_bands_come_from_the_setting_and_are_checked(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.KLOCKET_AGE_BANDS = [("0-17", 0, 17), ("18+", 18, None)]
    assert [band.label for band in age_bands()] == ["0–17", "18+"]
    assert services.all_cells()[:3] == [("0-17", "f"), ("0-17", "m"), ("0-17", "x")]
    for broken in ([("1-17", 1, 17), ("18+", 18, None)], [("0-17", 0, 17), ("19+", 19, None)], [("0-17", 0, 17)]):
        settings.KLOCKET_AGE_BANDS = broken
        with pytest.raises(ImproperlyConfigured):
            age_bands()
