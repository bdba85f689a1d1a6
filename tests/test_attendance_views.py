"""Today and the tally page: listing, saving, reopening, conflicts, bad input, query counts,
and the purge_participants command."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import attendance_services as services
from activities.models import Activity, ActivityForm, HeadCount, OccurrenceAttendance, Participant
from tests.test_attendance_helpers import EN, add_people, circle_with_presence, local, make_occurrence, tally_data

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2027, 3, 10, 19, 0, tzinfo=STOCKHOLM)  # a Wednesday evening
TODAY_URL = reverse("attendance-today")


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def held(activity):
    return make_occurrence(activity, local(NOW.date(), 16))


def tally_url(occurrence):
    return reverse("attendance-tally", args=[occurrence.pk])


# Today ------------------------------------------------------------------------------------------------------


def test_today_lists_todays_dates_and_recent_uncounted_ones(client_for, activity, organisation_b, venue, held):
    later = make_occurrence(activity, local(NOW.date(), 20))
    counted = make_occurrence(activity, local(NOW.date() - dt.timedelta(days=2), 16))
    uncounted = make_occurrence(activity, local(NOW.date() - dt.timedelta(days=3), 16))
    make_occurrence(activity, local(NOW.date() - dt.timedelta(days=20), 16))  # too long ago for the list
    services.save_tally(occurrence_id=counted.pk, user=None, counts={"7-12:f": 2}, expected_version=0)
    theirs = Activity.objects.create(title="Sensus kör", organiser=organisation_b, venue=venue)
    make_occurrence(theirs, local(NOW.date(), 17))
    response = client_for("partner_a").get(TODAY_URL, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert tally_url(held) in html and tally_url(later) in html and tally_url(uncounted) in html
    assert tally_url(counted) not in html
    assert "Sensus kör" not in html
    assert "Not started yet" in html and "Not counted yet" in html


def test_today_query_count_does_not_grow_with_the_data(client_for, activity, django_assert_num_queries):
    client = client_for("partner_a")
    make_occurrence(activity, local(NOW.date(), 10))
    client.get(TODAY_URL)
    with CaptureQueriesContext(connection) as small:
        client.get(TODAY_URL)
    small_count = len(small)
    for day in range(0, 10):
        for hour in (9, 11, 13):
            occurrence = make_occurrence(activity, local(NOW.date() - dt.timedelta(days=day), hour))
            if day % 2:
                services.save_tally(occurrence_id=occurrence.pk, user=None, counts={"0-6:x": 1}, expected_version=0)
    client.get(TODAY_URL)
    with django_assert_num_queries(small_count):
        client.get(TODAY_URL)


def test_study_circle_sessions_link_to_their_presence_list(client_for, organisation_a, venue):
    circle = Activity.objects.create(
        title="Cirkel", organiser=organisation_a, venue=venue, form=ActivityForm.STUDY_CIRCLE
    )
    session = make_occurrence(circle, local(NOW.date(), 17))
    html = client_for("partner_a").get(TODAY_URL, **EN).content.decode()
    assert reverse("attendance-session", args=[circle.pk, session.pk]) in html
    assert "Presence not ticked yet" in html
    response = client_for("partner_a").get(tally_url(session))
    assert response.status_code == 302 and response["Location"] == reverse(
        "attendance-session", args=[circle.pk, session.pk]
    )


# The tally page ---------------------------------------------------------------------------------------------------


def test_tally_page_has_a_labelled_counter_per_band_and_gender(client_for, held):
    response = client_for("partner_a").get(tally_url(held), **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-tally-visitor="1"') == 21
    for label in [
        "Add one girl 7–12",
        "Remove one boy 0–6",
        "Add one woman 26–64",
        "Add one girl or woman 16–19",
        "Add one person of other or unstated gender 65+",
        "Add one leader or volunteer",
    ]:
        assert f'"{label}"' in html, label
    assert 'name="c_7_12_f"' in html and 'name="c_65plus_x"' in html
    assert "js/tally.js" in html and 'name="version" value="0"' in html


def test_saving_and_reopening_shows_the_counts(client_for, held):
    client = client_for("partner_a")
    response = client.post(
        tally_url(held), tally_data(c_7_12_f=3, c_7_12_m="2", c_65plus_x=1, leaders=2, first_time=1), **EN
    )
    assert response.status_code == 302 and response["Location"] == TODAY_URL
    attendance = OccurrenceAttendance.objects.get(occurrence=held)
    assert attendance.counts == {"65+:x": 1, "7-12:f": 3, "7-12:m": 2} and attendance.leaders == 2
    today = client.get(TODAY_URL, **EN).content.decode()
    assert "Saved: 6 visitors at Läxhjälp." in today and "Counted: 6 visitors" in today
    html = client.get(tally_url(held), **EN).content.decode()
    assert 'name="c_7_12_f" value="3"' in html and 'name="version" value="1"' in html
    assert '<output id="tally-total">6</output>' in html
    assert "Changes to these counts" in html and "partner-a" in html


def test_saving_a_tally_takes_at_most_10_queries_through_the_page(client_for, held):
    client = client_for("partner_a")
    client.post(tally_url(held), tally_data(c_7_12_f=3))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(tally_url(held), tally_data(1, c_7_12_f=4, c_0_6_m=1))
    assert response.status_code == 302
    # Session, user and role lookups included; the save itself (lock, rows, summary, history) is 6.
    # The test's SAVEPOINT/RELEASE pair stands for BEGIN/COMMIT, which Django does not log.
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= 10, "\n".join(sql[:120] for sql in statements)


def test_second_saver_sees_a_conflict_with_both_sets_of_numbers(client_for, held, users):
    services.save_tally(occurrence_id=held.pk, user=users["coordinator"], counts={"7-12:f": 5}, expected_version=0)
    client = client_for("partner_a")
    response = client.post(tally_url(held), tally_data(0, c_7_12_m=7, leaders=1), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved counts for this date while you were counting" in html
    assert "coordinator saved 5 visitors at" in html
    assert 'name="c_7_12_m" value="7"' in html  # the second saver's own numbers are kept
    assert html.count("Saved by the other person: 5") == 1 and 'name="version" value="1"' in html
    assert OccurrenceAttendance.objects.get().counts == {"7-12:f": 5}  # nothing replaced silently
    response = client.post(tally_url(held), tally_data(1, c_7_12_m=7), **EN)
    assert response.status_code == 302
    assert OccurrenceAttendance.objects.get().counts == {"7-12:m": 7}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"c_7_12_f": "-1"}, "Enter a whole number from 0 to 10,000."),
        ({"c_7_12_f": "10001"}, "Enter a whole number from 0 to 10,000."),
        ({"c_7_12_f": "many"}, "Enter a whole number from 0 to 10,000."),
        ({"c_7_12_f": "2", "first_time": "7"}, "First-time visitors cannot be more than the visitors counted (6)."),
    ],
)
def test_bad_numbers_get_a_message_and_keep_what_was_entered(client_for, held, data, message):
    response = client_for("partner_a").post(tally_url(held), tally_data(c_0_6_m="4", **data), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "Nothing has been saved yet." in html
    assert 'name="c_0_6_m" value="4"' in html and f'value="{data["c_7_12_f"]}"' in html
    assert 'aria-invalid="true"' in html
    assert not HeadCount.objects.exists()


def test_tampered_version_or_missing_fields_never_500(client_for, held):
    client = client_for("partner_a")
    for data in [{}, {"version": "x"}, {"version": "-3", "c_7_12_f": "1"}]:
        response = client.post(tally_url(held), data, **EN)
        assert response.status_code == 200
    assert not HeadCount.objects.exists()


def test_future_and_cancelled_dates_show_why_and_refuse(client_for, activity):
    future = make_occurrence(activity, local(NOW.date(), 20))
    cancelled = make_occurrence(activity, local(NOW.date(), 10), cancelled=True, cancel_reason="Sjukdom")
    client = client_for("partner_a")
    for occurrence, message in [
        (future, "This date has not started yet."),
        (cancelled, "This date was cancelled, so it cannot be counted."),
    ]:
        html = client.get(tally_url(occurrence), **EN).content.decode()
        assert message in html and "data-tally" not in html
        response = client.post(tally_url(occurrence), tally_data(c_7_12_f=1), **EN)
        assert response.status_code == 200 and message in response.content.decode()
    assert not HeadCount.objects.exists()


def test_old_counts_are_read_only_for_partner_staff_and_editable_for_coordinators(client_for, activity):
    old = make_occurrence(activity, local(NOW.date() - dt.timedelta(days=40), 16))
    services.save_tally(occurrence_id=old.pk, user=None, counts={"7-12:f": 2}, expected_version=0)
    html = client_for("partner_a").get(tally_url(old), **EN).content.decode()
    assert "Counts older than 30 days are locked." in html and "data-tally" not in html
    assert "<caption>Saved counts</caption>" in html
    response = client_for("partner_a").post(tally_url(old), tally_data(1, c_7_12_f=9), **EN)
    assert response.status_code == 200
    assert OccurrenceAttendance.objects.get().total == 2


def test_coordinator_corrects_old_counts(client, users, activity):
    old = make_occurrence(activity, local(NOW.date() - dt.timedelta(days=40), 16))
    services.save_tally(
        occurrence_id=old.pk,
        user=users["partner_a"],
        counts={"7-12:f": 2},
        expected_version=0,
        now=NOW - dt.timedelta(days=35),  # counted when it was five days old
    )
    client.force_login(users["coordinator"])
    assert client.post(tally_url(old), tally_data(1, c_7_12_f=9)).status_code == 302
    attendance = OccurrenceAttendance.objects.get()
    assert attendance.total == 9
    assert [h.history_user.username for h in attendance.history.order_by("history_date", "history_id")] == [
        "partner-a",
        "coordinator",
    ]


def test_other_organisations_staff_get_404_on_get_and_post(client_for, held):
    client = client_for("partner_b")
    assert client.get(tally_url(held)).status_code == 404
    assert client.post(tally_url(held), tally_data(c_7_12_f=1)).status_code == 404
    assert not HeadCount.objects.exists()
    assert client_for("steering").get(tally_url(held)).status_code == 404


# purge_participants ---------------------------------------------------------------------------------------------


def test_purge_participants_command_with_dry_run(organisation_a, venue, time_machine, settings):
    circle, _people = circle_with_presence(organisation_a, venue)
    time_machine.move_to(NOW + dt.timedelta(days=365 * 2), tick=False)
    settings.KLOCKET_PARTICIPANT_RETENTION_MONTHS = 12
    out = StringIO()
    call_command("purge_participants", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would anonymise 4 participants in 1 study circles" in text and "Nothing was changed" in text
    assert circle.title in text
    assert Participant.objects.named().count() == 4
    out = StringIO()
    call_command("purge_participants", stdout=out)
    assert "Anonymised 4 participants in 1 study circles" in out.getvalue()
    assert Participant.objects.named().count() == 0
    out = StringIO()
    call_command("purge_participants", "--months", "36", stdout=out)
    assert "Anonymised 0 participants" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("purge_participants", "--months", "0")


def test_anonymised_lists_cannot_be_changed(client_for, organisation_a, venue, time_machine):
    circle, people = circle_with_presence(organisation_a, venue)
    time_machine.move_to(NOW + dt.timedelta(days=365 * 4), tick=False)
    services.anonymise_participants(months=36)
    client = client_for("coordinator")
    html = client.get(reverse("attendance-circle", args=[circle.pk]), **EN).content.decode()
    assert "This list was anonymised" in html and "Leila" not in html
    assert client.get(reverse("attendance-certificate", args=[circle.pk, people[1].pk])).status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - a ValidationError from the service
        add_people(circle, [("Ny", 1990, "f", "participant")])


def test_conflict_with_counts_saved_by_nobody_names_another_user(client_for, held):
    """Generated or imported counts have no user; the conflict message says 'another user', no 500."""
    services.save_tally(occurrence_id=held.pk, user=None, counts={"7-12:f": 5}, expected_version=0)
    response = client_for("partner_a").post(tally_url(held), tally_data(0, c_7_12_m=7), **EN)
    assert response.status_code == 200
    assert "another user saved 5 visitors at" in response.content.decode()
