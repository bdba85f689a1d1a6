"""Staff pages for activities: one page for an activity and its schedule, dates one by one,
duplicating, scope (404 outside one's organisations) and the admin for coordinators."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import services
from activities.models import Activity, ActivityForm, Audience, Occurrence, Recurrence
from tests import images

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2027, 1, 11, 10, 0, tzinfo=STOCKHOLM)  # a Monday morning
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def frozen_now(time_machine):
    """Every test here runs on Monday 11 January 2027, 10:00 in Norrköping."""
    time_machine.move_to(NOW, tick=False)


def at(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def form_data(organisation, venue, **changes):
    """What the activity page posts: a weekly Tuesday and Thursday schedule by default."""
    data = {
        "title": "Språkcafé",
        "summary": "Öva svenska över en kopp kaffe.",
        "description": "Alla nivåer är välkomna.",
        "form": ActivityForm.OPEN_ACTIVITY,
        "audiences": [str(pk) for pk in Audience.objects.filter(code="adults").values_list("pk", flat=True)],
        "organiser": str(organisation.pk),
        "venue": str(venue.pk),
        "image_alt": "",
        "cost": "",
        "how_to_join": "Kom bara.",
        "join_url": "",
        "accessibility": "",
        "is_public": "on",
        "status": Activity.Status.PUBLISHED,
        "when-repeats": Recurrence.Frequency.WEEKLY,
        "when-start_date": "2027-01-12",
        "when-end_date": "2027-03-25",
        "when-start_time": "16:00",
        "when-end_time": "18:00",
        "when-weekdays": ["1", "3"],
        "when-interval": "1",
        "when-nth": "",
        "when-skip_dates": "2027-02-23",
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def field(name):
    """Schedule fields carry the form prefix."""
    return f"when-{name}"


CREATE_URL = reverse("staff-activity-create")


def edit_url(activity):
    return reverse("staff-activity-edit", args=[activity.pk])


# Creating and editing ---------------------------------------------------------------------------------------


def test_partner_creates_a_weekly_activity_and_its_dates_exist(client_for, users, organisation_a, venue):
    response = client_for("partner_a").post(CREATE_URL, form_data(organisation_a, venue))

    activity = Activity.objects.get(title="Språkcafé")
    assert response.status_code == 302
    assert response["Location"] == edit_url(activity)
    assert activity.organiser == organisation_a
    assert activity.created_by == users["partner_a"]
    assert list(activity.audiences.values_list("code", flat=True)) == ["adults"]
    recurrence = activity.recurrences.get()
    assert (recurrence.weekdays, recurrence.skip_dates) == ("1,3", "2027-02-23")
    starts = [o.start.astimezone(STOCKHOLM) for o in activity.occurrences.order_by("start")]
    # Tuesdays and Thursdays 12 January–25 March, without 23 February: 21 dates at 16:00.
    assert len(starts) == 21
    assert starts[0] == at(2027, 1, 12, 16) and starts[-1] == at(2027, 3, 25, 16)
    assert at(2027, 2, 23, 16) not in starts
    assert {start.weekday() for start in starts} == {1, 3}

    page = client_for("partner_a").get(edit_url(activity), **EN).content.decode()
    assert "Coming dates (21)" in page
    assert reverse("staff-occurrence-cancel", args=[activity.occurrences.first().pk]) in page


def test_single_date_and_monthly_schedule(client_for, organisation_a, venue):
    client = client_for("partner_a")
    client.post(
        CREATE_URL,
        form_data(
            organisation_a, venue, title="Föreläsning", **{field("repeats"): "once", field("start_date"): "2027-02-03"}
        ),
    )
    lecture = Activity.objects.get(title="Föreläsning")
    assert [o.start for o in lecture.occurrences.all()] == [at(2027, 2, 3, 16)]

    client.post(
        CREATE_URL,
        form_data(
            organisation_a,
            venue,
            title="Stickcafé",
            **{
                field("repeats"): Recurrence.Frequency.MONTHLY_NTH,
                field("weekdays"): ["2"],
                field("nth"): "3",
                field("start_date"): "2027-01-01",
                field("end_date"): "2027-04-30",
                field("skip_dates"): "",
            },
        ),
    )
    circle = Activity.objects.get(title="Stickcafé")
    assert [o.start.date() for o in circle.occurrences.order_by("start")] == [
        dt.date(2027, 1, 20),
        dt.date(2027, 2, 17),
        dt.date(2027, 3, 17),
        dt.date(2027, 4, 21),
    ]


def test_editing_the_time_moves_coming_dates_in_place_and_keeps_hand_changes(client_for, organisation_a, venue):
    client = client_for("partner_a")
    client.post(CREATE_URL, form_data(organisation_a, venue))
    activity = Activity.objects.get()
    before = dict(activity.occurrences.values_list("scheduled_date", "pk"))
    first = activity.occurrences.order_by("start").first()
    services.cancel_occurrence(occurrence=first, reason="Sjukdom")

    response = client.post(
        edit_url(activity),
        form_data(organisation_a, venue, **{field("start_time"): "17:00", field("end_time"): "19:00"}),
    )
    assert response.status_code == 302
    after = {o.scheduled_date: o for o in activity.occurrences.all()}
    assert {day: o.pk for day, o in after.items()} == before
    assert after[dt.date(2027, 1, 12)].start == at(2027, 1, 12, 16)  # cancelled by hand: left alone
    assert after[dt.date(2027, 1, 14)].start == at(2027, 1, 14, 17)


def test_edit_page_shows_the_saved_schedule(client_for, organisation_a, venue):
    client = client_for("partner_a")
    client.post(CREATE_URL, form_data(organisation_a, venue))
    activity = Activity.objects.get()
    form = client.get(edit_url(activity)).context["schedule_form"]
    assert form.initial["repeats"] == Recurrence.Frequency.WEEKLY
    assert form.initial["weekdays"] == [1, 3]
    assert form.initial["start_time"] == dt.time(16)


def test_activity_with_dates_but_no_schedule_keeps_them(client_for, organisation_a, venue, activity, occurrence):
    response = client_for("partner_a").post(
        edit_url(activity), form_data(organisation_a, venue, title="Läxhjälp plus", **{field("repeats"): "keep"})
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Läxhjälp plus"
    assert list(activity.occurrences.all()) == [occurrence]
    assert not activity.recurrences.exists()


def test_internal_meetings_are_never_public(client_for, organisation_a, venue):
    client_for("partner_a").post(
        CREATE_URL, form_data(organisation_a, venue, form=ActivityForm.INTERNAL_MEETING, is_public="on")
    )
    assert Activity.objects.get().is_public is False


def test_partner_cannot_make_another_organisation_the_organiser(client_for, organisation_a, organisation_b, venue):
    response = client_for("partner_a").post(CREATE_URL, form_data(organisation_b, venue), **EN)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Activity.objects.exists()


def test_co_organiser_may_edit_but_must_stay_an_organiser(client_for, organisation_a, organisation_b, venue, activity):
    activity.co_organisers.set([organisation_b])
    url = edit_url(activity)
    client = client_for("partner_b")
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(organisation_a, venue, **{field("repeats"): "keep"}), **EN)
    assert "One of your organisations must be the main organiser or a co-organiser" in response.content.decode()
    response = client.post(
        url, form_data(organisation_a, venue, co_organisers=[str(organisation_b.pk)], **{field("repeats"): "keep"})
    )
    assert response.status_code == 302


# Bad input keeps what was entered ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({field("end_time"): "15:00"}, "The end time must be after the start time."),
        ({field("end_date"): "2027-01-01"}, "The last date cannot be before the first date."),
        ({field("weekdays"): None}, "Choose at least one weekday."),
        (
            {field("weekdays"): [str(n) for n in range(7)], field("end_date"): "2029-12-31", field("skip_dates"): ""},
            "This schedule would create more than 1000 dates.",
        ),
        ({field("repeats"): "monthly_nth", field("nth"): ""}, "Choose which weekday of the month"),
        ({field("skip_dates"): "2027-02-23\n23/2"}, "These are not dates written as YYYY-MM-DD: 23/2"),
        ({field("repeats"): "once", field("start_date"): "2027-01-04"}, "The schedule gives no coming dates."),
        ({"image": images.not_an_image("poster.jpg"), "image_alt": "A poster"}, "not an image we can read"),
        ({"image": images.oversized(size_bytes=5 * 1024 * 1024 + 1)}, "the limit is 5.0"),
        ({"image": images.png("poster.png")}, "Describe the image for people who cannot see it."),
    ],
    ids=[
        "end-before-start",
        "last-date-before-first",
        "no-weekday",
        "over-1000-dates",
        "no-nth",
        "bad-skip-date",
        "date-passed",
        "not-an-image",
        "image-too-big",
        "image-without-alt",
    ],
)
def test_bad_input_shows_errors_and_keeps_what_was_entered(client_for, organisation_a, venue, changes, message):
    data = form_data(organisation_a, venue, title="Titel som inte får försvinna", **changes)
    response = client_for("partner_a").post(CREATE_URL, data, **EN)

    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'role="alert"' in body
    assert "Titel som inte får försvinna" in body
    assert 'value="Öva svenska över en kopp kaffe."' in body
    assert not Activity.objects.exists()
    assert not Occurrence.objects.exists()


def test_a_coordinator_creates_a_past_season_with_its_dates(client_for, organisation_a, venue):
    """History: a schedule of spring 2020 creates its dates when the coordinator asks for them."""
    season = {
        field("start_date"): "2020-01-13",
        field("end_date"): "2020-06-12",
        field("weekdays"): ["0", "2", "4"],
        field("skip_dates"): "",
        field("include_past"): "on",
    }
    response = client_for("coordinator").post(CREATE_URL, form_data(organisation_a, venue, **season), follow=True, **EN)
    assert response.status_code == 200
    activity = Activity.objects.get()
    dates = list(activity.occurrences.order_by("start"))
    assert len(dates) == 66  # Mondays, Wednesdays and Fridays from 13 January to 12 June 2020
    assert dates[0].start == at(2020, 1, 13, 16) and dates[-1].start == at(2020, 6, 12, 16)
    assert "It has 66 dates that have passed: enter or import their head counts." in response.content.decode()
    # Saving again changes nothing and doubles nothing.
    client_for("coordinator").post(edit_url(activity), form_data(organisation_a, venue, **season))
    assert activity.occurrences.count() == 66


def test_without_the_tick_a_past_schedule_is_refused_and_partners_get_no_tick(client_for, organisation_a, venue):
    season = {field("start_date"): "2020-01-13", field("end_date"): "2020-06-12", field("skip_dates"): ""}
    response = client_for("coordinator").post(CREATE_URL, form_data(organisation_a, venue, **season), **EN)
    assert "The schedule gives no coming dates." in response.content.decode()
    assert "Also create the dates that have passed" in response.content.decode()
    response = client_for("partner_a").post(
        CREATE_URL, form_data(organisation_a, venue, **season, **{field("include_past"): "on"}), **EN
    )
    assert "The schedule gives no coming dates." in response.content.decode()
    assert "Also create the dates that have passed" not in response.content.decode()
    assert not Occurrence.objects.exists()


def test_errors_are_in_swedish_by_default(client_for, organisation_a, venue):
    response = client_for("partner_a").post(CREATE_URL, form_data(organisation_a, venue, **{field("weekdays"): None}))
    assert response.status_code == 200
    assert '<html lang="sv"' in response.content.decode()


def test_valid_image_with_alt_text_is_stored_small_and_without_gps(
    client_for, organisation_a, venue, settings, tmp_path
):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    response = client_for("partner_a").post(
        CREATE_URL,
        form_data(organisation_a, venue, image=images.jpeg_with_gps(size=(3000, 2000)), image_alt="Barn som läser"),
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    with Image.open(activity.image.path) as stored:
        assert max(stored.size) == 1600
        assert images.GPS_IFD not in stored.getexif()


def test_the_page_offers_fieldsets_and_labels(client_for):
    body = client_for("partner_a").get(CREATE_URL, **EN).content.decode()
    assert "<legend" in body and "On these weekdays" in body
    assert 'type="checkbox" class="form-check-input"  name="when-weekdays"' in body
    assert 'type="date" name="when-start_date"' in body
    assert "novalidate" in body


# Scope: other organisations' activities answer 404 --------------------------------------------------------


def test_partner_of_another_organisation_gets_404_and_changes_nothing(
    client_for, organisation_b, venue, activity, occurrence
):
    client = client_for("partner_b")
    urls = [
        edit_url(activity),
        reverse("staff-activity-duplicate", args=[activity.pk]),
        reverse("staff-occurrence-edit", args=[occurrence.pk]),
        reverse("staff-occurrence-cancel", args=[occurrence.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    posts = {
        urls[0]: form_data(organisation_b, venue, title="Övertagen"),
        urls[1]: {},
        urls[2]: {"date": "2027-01-20", "start_time": "10:00", "end_time": "11:00", "venue": "", "note": "x"},
        urls[3]: {"reason": "Övertagen"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    activity.refresh_from_db()
    occurrence.refresh_from_db()
    assert activity.title == "Läxhjälp"
    assert Activity.objects.count() == 1
    assert not occurrence.cancelled and not occurrence.is_detached and occurrence.note == ""


@pytest.mark.parametrize("role", ["steering", "outsider"])
def test_roles_without_activity_rights_get_404(client_for, role, activity):
    assert client_for(role).get(edit_url(activity)).status_code == 404
    assert client_for(role).post(CREATE_URL, {}).status_code == 404


def test_anonymous_users_go_to_login(client, activity):
    response = client.post(reverse("staff-activity-duplicate", args=[activity.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Activity.objects.count() == 1


# Duplicating ------------------------------------------------------------------------------------------------


def test_duplicate_asks_first_then_opens_the_draft_copy(client_for, users, organisation_a, venue):
    client = client_for("partner_a")
    client.post(CREATE_URL, form_data(organisation_a, venue))
    original = Activity.objects.get()
    url = reverse("staff-activity-duplicate", args=[original.pk])

    assert "Make a copy" in client.get(url, **EN).content.decode()
    assert Activity.objects.count() == 1

    response = client.post(url)
    copy = Activity.objects.exclude(pk=original.pk).get()
    assert response["Location"] == edit_url(copy)
    assert copy.status == Activity.Status.DRAFT
    assert copy.created_by == users["partner_a"]
    assert copy.occurrences.count() == original.occurrences.count() == 21


# One date: moving, cancelling, restoring -------------------------------------------------------------------


def test_moving_one_date_keeps_the_series(client_for, organisation_a, venue, area):
    from activities.models import Venue

    client = client_for("partner_a")
    client.post(CREATE_URL, form_data(organisation_a, venue))
    activity = Activity.objects.get()
    other_venue = Venue.objects.create(name="Idrottens hus", slug="idrottens-hus", area=area)
    target = activity.occurrences.get(scheduled_date=dt.date(2027, 1, 14))
    url = reverse("staff-occurrence-edit", args=[target.pk])

    response = client.post(url, {"date": "2027-01-15", "start_time": "18:00", "end_time": "17:00"}, **EN)
    assert "The end time must be after the start time." in response.content.decode()
    response = client.post(url, {"date": "2027-01-10", "start_time": "16:00", "end_time": "17:00"}, **EN)
    assert "Choose a day and time that have not passed." in response.content.decode()

    response = client.post(
        url,
        {"date": "2027-01-15", "start_time": "18:00", "end_time": "20:00", "venue": other_venue.pk, "note": "Flyttad"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.start, target.end) == (at(2027, 1, 15, 18), at(2027, 1, 15, 20))
    assert target.venue == other_venue and target.note == "Flyttad" and target.is_detached
    assert activity.occurrences.count() == 21

    # Saving the schedule again leaves the moved date where it is.
    client.post(edit_url(activity), form_data(organisation_a, venue, **{field("start_time"): "15:00"}))
    target.refresh_from_db()
    assert target.start == at(2027, 1, 15, 18)

    # Back to the usual venue.
    client.post(url, {"date": "2027-01-15", "start_time": "18:00", "end_time": "20:00", "venue": "", "note": ""})
    target.refresh_from_db()
    assert target.venue is None


def test_cancelling_needs_a_reason_and_can_be_undone(client_for, occurrence):
    client = client_for("partner_a")
    url = reverse("staff-occurrence-cancel", args=[occurrence.pk])

    response = client.post(url, {"reason": "   "}, **EN)
    assert response.status_code == 200
    assert "Give a reason when cancelling a date." in response.content.decode()
    occurrence.refresh_from_db()
    assert not occurrence.cancelled

    response = client.post(url, {"reason": "Ledaren är sjuk"})
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.cancelled and occurrence.cancel_reason == "Ledaren är sjuk"

    assert "Restore the date" in client.get(url, **EN).content.decode()
    client.post(url, {"action": "restore"})
    occurrence.refresh_from_db()
    assert not occurrence.cancelled and occurrence.cancel_reason == ""


def test_past_dates_are_read_only(client_for, activity):
    past = Occurrence.objects.create(activity=activity, start=at(2027, 1, 4, 16), end=at(2027, 1, 4, 18))
    client = client_for("partner_a")
    for name in ["staff-occurrence-edit", "staff-occurrence-cancel"]:
        response = client.post(reverse(name, args=[past.pk]), {"reason": "För sent", "date": "2027-02-01"})
        assert response["Location"] == edit_url(activity)
    past.refresh_from_db()
    assert not past.cancelled and past.start == at(2027, 1, 4, 16)
    page = client.get(edit_url(activity), **EN).content.decode()
    assert "Past dates (1)" in page
    assert reverse("staff-occurrence-cancel", args=[past.pk]) not in page


# The list of one's activities -------------------------------------------------------------------------------


def make_activities(count, organisation, venue, *, start=0):
    for number in range(start, start + count):
        activity = Activity.objects.create(
            title=f"Aktivitet {number}",
            organiser=organisation,
            venue=venue,
            status=Activity.Status.PUBLISHED if number % 2 else Activity.Status.DRAFT,
        )
        for week in range(1, 3):
            begin = at(2027, 1, 11 + week, 16)
            Occurrence.objects.create(activity=activity, start=begin, end=begin + dt.timedelta(hours=1))


def test_list_shows_own_coming_activities_and_drafts(client_for, organisation_a, organisation_b, venue, activity):
    make_activities(3, organisation_a, venue)
    Activity.objects.create(title="Annans", organiser=organisation_b, venue=venue, status=Activity.Status.DRAFT)
    Activity.objects.create(title="Gammal", organiser=organisation_a, venue=venue, status=Activity.Status.PUBLISHED)

    response = client_for("partner_a").get(reverse("staff-activities"), **EN)
    titles = [a.title for a in response.context["activities"]]
    assert titles == ["Aktivitet 0", "Aktivitet 1", "Aktivitet 2"]  # soonest first, then by title
    body = response.content.decode()
    assert "Draft" in body and "Annans" not in body
    assert "Gammal" not in body  # published, no coming dates

    response = client_for("partner_a").get(reverse("staff-activities") + "?alla=1")
    assert {"Gammal", "Läxhjälp"} <= {a.title for a in response.context["activities"]}
    first = response.context["activities"][0]
    assert first.coming_count == 2 and first.next_start == at(2027, 1, 12, 16)

    coordinator_titles = {
        a.title for a in client_for("coordinator").get(reverse("staff-activities")).context["activities"]
    }
    assert "Annans" in coordinator_titles


@pytest.mark.parametrize("role", ["partner_a", "coordinator"])
def test_list_query_count_does_not_grow(client_for, role, organisation_a, venue, django_assert_num_queries):
    client = client_for(role)
    url = reverse("staff-activities")
    make_activities(2, organisation_a, venue)
    client.get(url)  # warm up the session
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    small_count = len(small)  # read now: the next request resets the query log
    assert small_count <= 8
    make_activities(8, organisation_a, venue, start=2)
    with django_assert_num_queries(small_count):
        response = client.get(url)
    assert len(response.context["activities"]) == 10


def test_staff_home_links_to_the_activities(client_for):
    url = reverse("staff-activities")
    assert url in client_for("partner_a").get(reverse("staff-home")).content.decode()
    assert url not in client_for("steering").get(reverse("staff-home")).content.decode()


# The admin, for coordinators --------------------------------------------------------------------------------


def admin_activity_data(organisation, venue, **changes):
    data = {
        "title": "Läxhjälp i admin",
        "summary": "",
        "description": "",
        "organiser": organisation.pk,
        "form": ActivityForm.OPEN_ACTIVITY,
        "venue": venue.pk,
        "image_alt": "",
        "cost": "",
        "how_to_join": "",
        "join_url": "",
        "accessibility": "",
        "is_public": "on",
        "status": Activity.Status.DRAFT,
        "recurrences-TOTAL_FORMS": "1",
        "recurrences-INITIAL_FORMS": "0",
        "recurrences-MIN_NUM_FORMS": "0",
        "recurrences-MAX_NUM_FORMS": "1000",
        "recurrences-0-frequency": "weekly",
        "recurrences-0-weekdays": ["0"],
        "recurrences-0-interval": "1",
        "recurrences-0-nth": "",
        "recurrences-0-start_date": "2027-01-18",
        "recurrences-0-end_date": "2027-02-08",
        "recurrences-0-start_time": "16:00",
        "recurrences-0-end_time": "18:00",
        "recurrences-0-skip_dates": "",
    }
    data.update(changes)
    return data


def test_admin_saves_schedule_and_generates_dates(client_for, organisation_a, venue):
    client = client_for("coordinator")
    response = client.post(reverse("admin:activities_activity_add"), admin_activity_data(organisation_a, venue))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    activity = Activity.objects.get()
    recurrence = activity.recurrences.get()
    assert recurrence.weekdays == "0"
    assert [o.start for o in activity.occurrences.order_by("start")] == [
        at(2027, 1, 18, 16),
        at(2027, 1, 25, 16),
        at(2027, 2, 1, 16),
        at(2027, 2, 8, 16),
    ]
    pks = set(activity.occurrences.values_list("pk", flat=True))

    change = admin_activity_data(
        organisation_a,
        venue,
        **{
            "recurrences-INITIAL_FORMS": "1",
            "recurrences-0-id": str(recurrence.pk),
            "recurrences-0-activity": str(activity.pk),
            "recurrences-0-start_time": "17:00",
            "recurrences-0-end_time": "19:00",
        },
    )
    response = client.post(reverse("admin:activities_activity_change", args=[activity.pk]), change)
    assert response.status_code == 302
    assert set(activity.occurrences.values_list("pk", flat=True)) == pks
    assert {o.start.astimezone(STOCKHOLM).hour for o in activity.occurrences.all()} == {17}
    assert activity.history.count() == 2


def test_admin_refuses_a_schedule_of_over_1000_dates(client_for, organisation_a, venue):
    data = admin_activity_data(
        organisation_a,
        venue,
        **{"recurrences-0-weekdays": [str(n) for n in range(7)], "recurrences-0-end_date": "2030-12-31"},
    )
    response = client_for("coordinator").post(reverse("admin:activities_activity_add"), data, **EN)
    assert response.status_code == 200
    assert "more than 1000 dates" in response.content.decode()
    assert not Activity.objects.exists()


def test_admin_actions_publish_and_duplicate(client_for, organisation_a, venue):
    make_activities(2, organisation_a, venue)
    client = client_for("coordinator")
    url = reverse("admin:activities_activity_changelist")
    pks = [str(pk) for pk in Activity.objects.values_list("pk", flat=True)]

    client.post(url, {"action": "publish", "_selected_action": pks})
    assert set(Activity.objects.values_list("status", flat=True)) == {Activity.Status.PUBLISHED}

    client.post(url, {"action": "duplicate", "_selected_action": pks})
    assert Activity.objects.count() == 4
    assert Activity.objects.filter(status=Activity.Status.DRAFT).count() == 2


def test_admin_cancels_a_date_with_a_reason_and_detaches_it(client_for, occurrence):
    client = client_for("coordinator")
    url = reverse("admin:activities_occurrence_change", args=[occurrence.pk])
    local_start = occurrence.start.astimezone(STOCKHOLM)
    local_end = occurrence.end.astimezone(STOCKHOLM)
    data = {
        "activity": occurrence.activity_id,
        "start_0": local_start.date().isoformat(),
        "start_1": local_start.strftime("%H:%M"),
        "end_0": local_end.date().isoformat(),
        "end_1": local_end.strftime("%H:%M"),
        "venue": "",
        "note": "",
        "cancelled": "on",
        "cancel_reason": "",
        "programme-TOTAL_FORMS": "0",
        "programme-INITIAL_FORMS": "0",
        "programme-MIN_NUM_FORMS": "0",
        "programme-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data, **EN)
    assert response.status_code == 200
    assert "Give a reason when cancelling a date." in response.content.decode()

    response = client.post(url, {**data, "cancel_reason": "Stormen"})
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.cancelled and occurrence.cancel_reason == "Stormen" and occurrence.is_detached


@pytest.mark.parametrize(
    "name",
    ["admin:activities_activity_changelist", "admin:activities_occurrence_changelist", "admin:activities_activity_add"],
)
def test_admin_pages_open_for_coordinators(client_for, name, activity, occurrence):
    client = client_for("coordinator")
    assert client.get(reverse(name)).status_code == 200
    for object_page, pk in [
        ("admin:activities_activity_history", activity.pk),
        ("admin:activities_activity_change", activity.pk),
        ("admin:activities_occurrence_change", occurrence.pk),
    ]:
        assert client.get(reverse(object_page, args=[pk])).status_code == 200, object_page


def test_admin_removing_a_schedule_removes_its_coming_dates_only(client_for, organisation_a, venue):
    client = client_for("coordinator")
    client.post(reverse("admin:activities_activity_add"), admin_activity_data(organisation_a, venue))
    activity = Activity.objects.get()
    recurrence = activity.recurrences.get()
    kept = activity.occurrences.order_by("start").first()
    services.move_occurrence(occurrence=kept, start=at(2027, 1, 19, 16), end=at(2027, 1, 19, 18))
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    assert client.get(url).status_code == 200

    change = admin_activity_data(
        organisation_a,
        venue,
        **{
            "recurrences-INITIAL_FORMS": "1",
            "recurrences-0-id": str(recurrence.pk),
            "recurrences-0-activity": str(activity.pk),
            "recurrences-0-DELETE": "on",
        },
    )
    response = client.post(url, change)
    assert response.status_code == 302
    assert not activity.recurrences.exists()
    assert list(activity.occurrences.all()) == [kept]  # moved by hand: kept
