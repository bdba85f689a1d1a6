"""Which dates count (activities/models/events.py): on the tally page and in goals #1, #4 and #5.

A date counts once it has started, when it is not cancelled and its activity is published and is
not an internal meeting; cancelling a whole activity cancels its dates from then on only.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from activities import attendance_services as services
from activities.models import Activity, ActivityForm, HeadCount, Occurrence
from goals import queries, rollup
from goals.periods import Period
from tests.test_attendance_helpers import EN, local, make_occurrence, tally_data

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2027, 3, 10, 19, 0, tzinfo=STOCKHOLM)  # a Wednesday evening
MARCH = [Period.month(2027, 3)]


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def tally_url(occurrence):
    return reverse("attendance-tally", args=[occurrence.pk])


def goal_figures():
    """Visits (goals #1 and #4, direct and from the roll-up), dates held (#4), popular education (#5)."""
    visits = queries.visits_by_cell(MARCH).get(0, {})
    assert rollup.visits_by_cell(MARCH).get(0, {}) == visits
    held = queries.occurrence_figures(MARCH).get(0, {"held": 0, "popular": 0})
    return sum(visits.values()), held["held"], held["popular"]


def add_counts(occurrence, visitors):
    """Head counts written around the tally (an import before the rule, or old data)."""
    services.add_head_count_rows([(occurrence, {("7-12", "f"): visitors})])


def published(organisation, venue, form=ActivityForm.CULTURAL_PROGRAMME, **fields):
    fields.setdefault("status", Activity.Status.PUBLISHED)
    return Activity.objects.create(title="Sagostund", organiser=organisation, venue=venue, form=form, **fields)


def test_a_held_date_of_a_published_activity_counts(client_for, organisation_a, venue):
    activity = published(organisation_a, venue)
    held = make_occurrence(activity, local(dt.date(2027, 3, 3), 16))
    response = client_for("partner_a").post(tally_url(held), tally_data(c_7_12_f=6), **EN)
    assert response.status_code == 302
    assert goal_figures() == (6, 1, 1)


def test_cancelling_a_series_keeps_its_held_dates_and_cancels_the_rest(client_for, organisation_a, venue, time_machine):
    activity = published(organisation_a, venue)
    earlier = make_occurrence(activity, local(dt.date(2027, 3, 3), 16))
    today = make_occurrence(activity, local(dt.date(2027, 3, 10), 20))  # after the cancelling
    services.save_tally(occurrence_id=earlier.pk, user=None, counts={"7-12:f": 6}, expected_version=0)

    activity.status = Activity.Status.CANCELLED
    activity.save()
    assert activity.cancelled_at == NOW

    client = client_for("partner_a")
    page = client.get(tally_url(earlier), **EN)
    assert "cancelled" not in page.content.decode()
    assert client.post(tally_url(earlier), tally_data(attendance_version=1, c_7_12_f=7), **EN).status_code == 302

    time_machine.move_to(NOW + dt.timedelta(hours=2), tick=False)  # the later date has started by now
    response = client.post(tally_url(today), tally_data(c_7_12_f=4), **EN)
    assert response.status_code == 200
    assert "This date was cancelled, so it cannot be counted." in response.content.decode()
    assert not HeadCount.objects.filter(occurrence=today).exists()
    add_counts(today, 4)  # counts that reached it some other way are still left out
    assert goal_figures() == (7, 1, 1)
    assert list(Occurrence.objects.countable()) == [earlier]


def test_publishing_again_clears_the_cancelling(organisation_a, venue):
    activity = published(organisation_a, venue, status=Activity.Status.CANCELLED)
    assert activity.cancelled_at == NOW
    activity.status = Activity.Status.PUBLISHED
    activity.save(update_fields=["status"])
    activity.refresh_from_db()
    assert activity.cancelled_at is None


def test_a_draft_cannot_be_tallied_and_does_not_count(client_for, organisation_a, venue):
    draft = published(organisation_a, venue, status=Activity.Status.DRAFT)
    held = make_occurrence(draft, local(dt.date(2027, 3, 3), 16))
    client = client_for("partner_a")
    message = "This activity is a draft. Publish it first, then count its dates."
    assert message in client.get(tally_url(held), **EN).content.decode()
    response = client.post(tally_url(held), tally_data(c_7_12_f=6), **EN)
    assert response.status_code == 200 and message in response.content.decode()
    assert not HeadCount.objects.filter(occurrence=held).exists()
    add_counts(held, 6)
    assert goal_figures() == (0, 0, 0)


def test_an_internal_meeting_is_refused_and_its_visitors_do_not_count(client_for, organisation_a, venue):
    meeting = published(organisation_a, venue, form=ActivityForm.INTERNAL_MEETING, is_public=False)
    held = make_occurrence(meeting, local(dt.date(2027, 3, 3), 16))
    client = client_for("partner_a")
    message = "Internal meetings are not counted: their participants are not visitors of KLOCKET."
    assert message in client.get(tally_url(held), **EN).content.decode()
    response = client.post(tally_url(held), tally_data(c_7_12_f=6), **EN)
    assert response.status_code == 200 and message in response.content.decode()
    assert not HeadCount.objects.filter(occurrence=held).exists()
    add_counts(held, 6)
    assert goal_figures() == (0, 0, 0)


def test_a_date_that_stops_counting_leaves_the_roll_up(organisation_a, venue):
    activity = published(organisation_a, venue)
    held = make_occurrence(activity, local(dt.date(2027, 3, 3), 16))
    add_counts(held, 6)
    assert goal_figures() == (6, 1, 1)  # stored in the roll-up now
    activity.status = Activity.Status.DRAFT
    activity.save()
    assert goal_figures() == (0, 0, 0)


@pytest.mark.parametrize(
    ("status", "form", "cancelled", "hours_ago", "expected"),
    [
        ("published", ActivityForm.OPEN_ACTIVITY, False, 1, None),
        ("published", ActivityForm.OPEN_ACTIVITY, False, -1, "future"),
        ("published", ActivityForm.OPEN_ACTIVITY, True, 1, "cancelled"),
        ("draft", ActivityForm.OPEN_ACTIVITY, False, 1, "draft"),
        ("published", ActivityForm.INTERNAL_MEETING, False, 1, "internal_meeting"),
    ],
)
def test_the_queryset_and_the_one_date_check_agree(organisation_a, venue, status, form, cancelled, hours_ago, expected):
    activity = published(organisation_a, venue, form=form, status=status)
    extra = {"cancelled": True, "cancel_reason": "Sjuk"} if cancelled else {}
    occurrence = make_occurrence(activity, NOW - dt.timedelta(hours=hours_ago), **extra)
    assert occurrence.counting_refusal() == expected
    assert Occurrence.objects.countable().filter(pk=occurrence.pk).exists() is (expected is None)


def test_a_cancelled_series_shows_its_held_dates_as_held_and_the_rest_as_cancelled(client, organisation_a, venue):
    from activities import selectors

    activity = published(organisation_a, venue)
    earlier = make_occurrence(activity, local(dt.date(2027, 3, 3), 16))
    later = make_occurrence(activity, local(dt.date(2027, 3, 17), 16))
    activity.status = Activity.Status.CANCELLED
    activity.save()
    earlier, later = (Occurrence.objects.select_related("activity").get(pk=o.pk) for o in (earlier, later))
    assert (earlier.is_cancelled, later.is_cancelled) == (False, True)
    assert "The whole activity is cancelled." not in client.get(earlier.get_absolute_url(), **EN).content.decode()
    assert "The whole activity is cancelled." in client.get(later.get_absolute_url(), **EN).content.decode()
    days = selectors.day_summaries(local(dt.date(2027, 3, 1), 0), local(dt.date(2027, 4, 1), 0), None, per_day=3)
    listed = {row.pk: row.is_cancelled for rows, _total in days.values() for row in rows}
    assert listed == {earlier.pk: False, later.pk: True}
