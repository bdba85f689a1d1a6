"""Study circles: participants, presence feeding head counts, study-hour arithmetic, rule
warnings, per-participant status, and the pages for them (grid, session, certificate)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import attendance_exports as exports
from activities import attendance_selectors as selectors
from activities import attendance_services as services
from activities.models import (
    Activity,
    ActivityForm,
    Gender,
    OccurrenceAttendance,
    Participant,
    ParticipantRole,
    Presence,
)
from goals import queries
from goals.periods import Period
from tests.test_attendance_helpers import EN, add_people, local, make_occurrence

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2027, 3, 10, 21, 0, tzinfo=STOCKHOLM)  # Wednesday evening


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def circle_of(organisation, venue, sessions):
    """sessions: (date, start hour, minutes)."""
    circle = Activity.objects.create(
        title="Svenska för föräldrar",
        organiser=organisation,
        venue=venue,
        form=ActivityForm.STUDY_CIRCLE,
        status=Activity.Status.PUBLISHED,
    )
    return circle, [make_occurrence(circle, local(day, hour), minutes) for day, hour, minutes in sessions]


@pytest.fixture
def weekly(organisation_a, venue):
    """Three Wednesdays 18:00-20:15 (3 study hours each) and one planned next week."""
    days = [dt.date(2027, 2, 24), dt.date(2027, 3, 3), dt.date(2027, 3, 10), dt.date(2027, 3, 17)]
    return circle_of(organisation_a, venue, [(day, 18, 135) for day in days])


PEOPLE = [
    ("Leila Ahmed", 1980, Gender.FEMALE, ParticipantRole.LEADER),
    ("Sara Lind", 1990, Gender.FEMALE, ParticipantRole.PARTICIPANT),
    ("Omar Hassan", 2010, Gender.MALE, ParticipantRole.PARTICIPANT),
    ("Kim Berg", 1960, Gender.OTHER, ParticipantRole.PARTICIPANT),
]


def tick(circle, pairs, shown=(), sessions=None, **extra):
    sessions = sessions or {occurrence for _person, occurrence in set(pairs) | set(shown)}
    return services.save_presences(
        activity=circle, user=None, ticked=set(pairs), shown=set(shown), sessions=sessions, **extra
    )


# Study hours -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [(44, 0), (45, 1), (89, 1), (90, 2), (135, 3), (179, 3), (180, 4), (240, 4), (600, 4)],
)
def test_default_study_hours_are_whole_45_minute_units_at_most_4(activity, minutes, hours):
    occurrence = make_occurrence(activity, local(dt.date(2027, 3, 1), 10), minutes=minutes)
    assert services.default_study_hours(occurrence) == hours


def test_lita_circle_gives_8_study_hours_and_warns(organisation_a, venue):
    """The LITA circle of the source document: 2 x 135 + 90 minutes = 3 + 3 + 2 = 8 study hours."""
    circle, _sessions = circle_of(
        organisation_a,
        venue,
        [(dt.date(2020, 11, 3), 18, 135), (dt.date(2020, 11, 10), 18, 135), (dt.date(2020, 11, 17), 18, 90)],
    )
    add_people(circle, PEOPLE)
    report = selectors.circle_report(circle)
    assert [s.hours for s in report.sessions] == [3, 3, 2]
    assert report.planned_hours == 8
    assert "8 study hours planned: a study circle needs at least 9." in report.warnings


def test_participant_status_counts_sessions_and_hours_attended(weekly):
    circle, sessions = weekly
    leader, sara, omar, kim = add_people(circle, PEOPLE)
    held = [s.pk for s in sessions[:3]]
    tick(
        circle,
        {(p.pk, s) for p in (leader, sara) for s in held} | {(omar.pk, held[0]), (kim.pk, held[1])},
        sessions=held,
    )
    report = selectors.circle_report(circle)
    status = {s.participant.name: (s.sessions, s.hours, s.reached) for s in report.participants}
    assert status == {
        "Leila Ahmed": (3, 9, True),
        "Sara Lind": (3, 9, True),
        "Omar Hassan": (1, 3, False),
        "Kim Berg": (1, 3, False),
    }
    assert report.held_hours == 9 and report.planned_hours == 12


def test_study_hours_set_per_session_change_the_totals(weekly):
    circle, sessions = weekly
    _leader, sara, *_rest = add_people(circle, PEOPLE)
    held = [s.pk for s in sessions[:3]]
    tick(circle, {(sara.pk, s) for s in held}, sessions=held, study_hours={held[0]: 2, held[1]: 4})
    report = selectors.circle_report(circle)
    assert [s.hours for s in report.sessions] == [2, 4, 3, 3]
    assert report.status_of(sara.pk).hours == 9
    assert OccurrenceAttendance.objects.get(occurrence_id=held[0]).study_hours == 2
    with pytest.raises(ValidationError):
        tick(circle, set(), sessions=held, study_hours={held[0]: 5})


def test_warnings_for_every_broken_rule(organisation_a, venue):
    # Four sessions in one week, 4 study hours each: too many sessions and hours in the week.
    monday = dt.date(2027, 3, 1)
    circle, _sessions = circle_of(organisation_a, venue, [(monday + dt.timedelta(days=i), 9, 180) for i in range(4)])
    add_people(
        circle,
        [
            ("Ali", 2016, Gender.MALE, ParticipantRole.PARTICIPANT),
            ("Bo", 1970, Gender.MALE, ParticipantRole.PARTICIPANT),
        ],
    )
    warnings = selectors.circle_report(circle).warnings
    assert "2 people on the list, leader included: a study circle needs at least 3." in warnings
    assert "No leader on the list." in warnings
    assert "1 participant is under 13 in 2027: participants are 13 or older." in warnings
    assert "Week 9 of 2027 has 4 sessions: at most 3 a week." in warnings
    assert "Week 9 of 2027 has 16 study hours: at most 12 a week." in warnings


def test_warnings_for_too_many_people_few_sessions_and_short_sessions(organisation_a, venue):
    circle, sessions = circle_of(organisation_a, venue, [(dt.date(2027, 3, 1), 18, 60), (dt.date(2027, 3, 8), 18, 120)])
    add_people(circle, [(f"Person {i}", 1990, Gender.FEMALE, ParticipantRole.PARTICIPANT) for i in range(20)])
    add_people(circle, [("Ledaren", 1970, Gender.MALE, ParticipantRole.LEADER)])
    tick(circle, set(), sessions=[sessions[0].pk], study_hours={sessions[0].pk: 3})
    warnings = selectors.circle_report(circle).warnings
    assert "21 people on the list, leader included: a study circle has at most 20." in warnings
    assert "2 sessions planned: a study circle needs at least 3." in warnings
    assert "The session on 2027-03-01 has 3 study hours but lasts only 60 minutes." in warnings


def test_a_good_circle_has_no_warnings(weekly):
    circle, _sessions = weekly
    add_people(circle, PEOPLE[:2] + [("Anna", 1999, Gender.FEMALE, ParticipantRole.PARTICIPANT)])
    assert selectors.circle_report(circle).warnings == []


# Participants ------------------------------------------------------------------------------------------------


def test_a_participant_cannot_be_added_twice(weekly):
    circle, _sessions = weekly
    add_people(circle, PEOPLE[:1])
    with pytest.raises(ValidationError) as caught:
        services.add_participant(
            activity=circle, name="  leila  AHMED ", birth_year=1980, gender="f", role=ParticipantRole.LEADER
        )
    assert caught.value.message_dict == {"name": ["leila AHMED, born 1980, is already on the list."]}
    # Same name, other birth year: another person.
    services.add_participant(activity=circle, name="Leila Ahmed", birth_year=2001, gender="f", role="participant")
    assert circle.participants.count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": " "}, "name"),
        ({"birth_year": 1899}, "birth_year"),
        ({"birth_year": 2028}, "birth_year"),
        ({"gender": "q"}, "gender"),
        ({"role": "boss"}, "role"),
    ],
)
def test_participant_fields_are_checked(weekly, values, field):
    circle, _sessions = weekly
    data = {"name": "Sara", "birth_year": 1990, "gender": "f", "role": "participant", **values}
    with pytest.raises(ValidationError) as caught:
        services.add_participant(activity=circle, **data)
    assert field in caught.value.message_dict


# Presence feeds the head counts ----------------------------------------------------------------------------------


def test_presence_feeds_the_head_counts_of_the_session(weekly):
    circle, sessions = weekly
    leader, sara, omar, kim = add_people(circle, PEOPLE)
    session = sessions[2]  # 2027-03-10
    tick(circle, {(p.pk, session.pk) for p in (leader, sara, omar, kim)})
    attendance = OccurrenceAttendance.objects.get(occurrence=session)
    # Ages in 2027: Sara 37 (26-64), Omar 17 (16-19), Kim 67 (65+); the leader counts as a leader.
    assert attendance.counts == {"16-19:m": 1, "26-64:f": 1, "65+:x": 1}
    assert (attendance.total, attendance.leaders, attendance.study_hours) == (3, 1, 3)
    assert attendance.source == "presence"
    assert queries.visits_by_cell([Period.month(2027, 3)]) == {
        0: {("16-19", "m"): 1, ("26-64", "f"): 1, ("65+", "x"): 1}
    }
    # Unticking follows through; changing a birth year recounts the sessions attended.
    tick(
        circle,
        {(leader.pk, session.pk), (sara.pk, session.pk), (kim.pk, session.pk)},
        shown={(p.pk, session.pk) for p in (leader, sara, omar, kim)},
    )
    services.update_participant(participant=kim, birth_year=2000)
    attendance.refresh_from_db()
    assert attendance.counts == {"26-64:f": 1, "26-64:x": 1} and attendance.total == 2


def test_only_boxes_a_person_changed_are_applied(weekly):
    """Two people save the same grid at once: each one's ticks survive the other's save."""
    circle, sessions = weekly
    _leader, sara, omar, _kim = add_people(circle, PEOPLE)
    session = sessions[0].pk
    tick(circle, {(sara.pk, session)}, shown=set(), sessions=[session])  # first person ticks Sara
    tick(circle, {(omar.pk, session)}, shown=set(), sessions=[session])  # second, from the same empty page
    assert set(Presence.objects.values_list("participant_id", flat=True)) == {sara.pk, omar.pk}


def test_future_and_locked_sessions_cannot_be_ticked(weekly, users, organisation_a, venue):
    circle, sessions = weekly
    _leader, sara, *_ = add_people(circle, PEOPLE)
    with pytest.raises(ValidationError) as caught:
        tick(circle, {(sara.pk, sessions[3].pk)})
    assert caught.value.code == "future"
    old = make_occurrence(circle, local(dt.date(2027, 1, 20), 18), minutes=135)
    with pytest.raises(ValidationError) as caught:
        services.save_presences(
            activity=circle, user=users["partner_a"], ticked={(sara.pk, old.pk)}, shown=set(), sessions=[old.pk]
        )
    assert caught.value.code == "locked"
    services.save_presences(
        activity=circle, user=users["coordinator"], ticked={(sara.pk, old.pk)}, shown=set(), sessions=[old.pk]
    )
    other, other_sessions = circle_of(organisation_a, venue, [(dt.date(2027, 3, 1), 18, 90)])
    with pytest.raises(ValidationError):
        tick(circle, {(sara.pk, other_sessions[0].pk)})


def test_removing_a_participant_recounts_their_sessions(weekly):
    circle, sessions = weekly
    leader, sara, *_ = add_people(circle, PEOPLE)
    tick(circle, {(sara.pk, sessions[0].pk), (leader.pk, sessions[0].pk)})
    sara_pk = sara.pk
    services.remove_participant(participant=sara)
    attendance = OccurrenceAttendance.objects.get(occurrence=sessions[0])
    assert attendance.total == 0 and attendance.leaders == 1
    assert not Participant.objects.filter(pk=sara_pk).exists()
    assert Presence.history.filter(participant_id=sara_pk, history_type="-").exists()
    assert Participant.history.filter(id=sara_pk, history_type="-").exists()


# Pages ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def listed(weekly):
    circle, sessions = weekly
    people = add_people(circle, PEOPLE)
    held = [s.pk for s in sessions[:3]]
    tick(circle, {(p.pk, s) for p in people[:2] for s in held} | {(people[2].pk, held[0])}, sessions=held)
    return circle, sessions, people


def test_circle_page_shows_grid_warnings_and_statuses(client_for, listed, django_assert_max_num_queries):
    circle, sessions, people = listed
    client = client_for("partner_a")
    response = client.get(reverse("attendance-circle", args=[circle.pk]), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sara Lind was there on 24 February" in html
    cell = f"{people[1].pk}_{sessions[0].pk}"
    assert f'value="{cell}" id="p{cell}" checked' in html
    assert "9 held of 12 planned (45 minutes each)" in html


def test_circle_page_query_count_does_not_grow(client_for, organisation_a, venue, django_assert_num_queries):
    client = client_for("partner_a")
    circle, sessions = circle_of(
        organisation_a, venue, [(dt.date(2027, 2, 1) + dt.timedelta(days=7 * i), 18, 135) for i in range(2)]
    )
    add_people(circle, PEOPLE[:2])
    url = reverse("attendance-circle", args=[circle.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    small_count = len(small)  # read now: the next request empties the query log
    for i in range(2, 5):
        make_occurrence(circle, local(dt.date(2027, 2, 1) + dt.timedelta(days=7 * i), 18), minutes=135)
    people = add_people(circle, [(f"Extra {i}", 1990, Gender.MALE, ParticipantRole.PARTICIPANT) for i in range(6)])
    tick(circle, {(p.pk, s.pk) for p in people for s in circle.occurrences.filter(start__lte=NOW)})
    client.get(url)  # warm any cached fragments, as before the small measurement
    with django_assert_num_queries(small_count):
        client.get(url)


def test_grid_post_saves_presence_and_study_hours(client_for, listed):
    circle, sessions, people = listed
    shown = ",".join(f"{p.pk}_{s.pk}" for p in people[:2] for s in sessions[:3]) + f",{people[2].pk}_{sessions[0].pk}"
    data = {
        "shown": shown,
        "session": [str(s.pk) for s in sessions[:3]],
        "present": [f"{people[3].pk}_{sessions[1].pk}", f"{people[0].pk}_{sessions[0].pk}"],
        f"hours_{sessions[0].pk}": "2",
        f"hours_{sessions[1].pk}": "3",
        f"hours_{sessions[2].pk}": "3",
    }
    response = client_for("coordinator").post(reverse("attendance-circle", args=[circle.pk]), data, **EN)
    assert response.status_code == 302
    present = set(Presence.objects.values_list("participant_id", "occurrence_id"))
    assert present == {(people[3].pk, sessions[1].pk), (people[0].pk, sessions[0].pk)}
    assert OccurrenceAttendance.objects.get(occurrence=sessions[0]).study_hours == 2


def test_grid_post_with_bad_hours_keeps_everything(client_for, listed):
    circle, sessions, _people = listed
    before = set(Presence.objects.values_list("pk", flat=True))
    client = client_for("coordinator")
    response = client.post(
        reverse("attendance-circle", args=[circle.pk]),
        {"session": [str(sessions[0].pk)], f"hours_{sessions[0].pk}": "9", "shown": ""},
        follow=True,
        **EN,
    )
    assert response.status_code == 200
    assert "Study hours per session are whole numbers from 0 to 4." in response.content.decode()
    assert set(Presence.objects.values_list("pk", flat=True)) == before


def test_session_page_ticks_presence(client_for, listed):
    circle, sessions, people = listed
    url = reverse("attendance-session", args=[circle.pk, sessions[2].pk])
    client = client_for("partner_a")
    assert "Who was there?" in client.get(url, **EN).content.decode()
    shown = ",".join(f"{p.pk}_{sessions[2].pk}" for p in people[:2])
    response = client.post(
        url,
        {
            "shown": shown,
            "session": str(sessions[2].pk),
            "present": [f"{people[3].pk}_{sessions[2].pk}", f"{people[0].pk}_{sessions[2].pk}"],
            f"hours_{sessions[2].pk}": "3",
        },
    )
    assert response.status_code == 302
    assert set(Presence.objects.filter(occurrence=sessions[2]).values_list("participant_id", flat=True)) == {
        people[0].pk,
        people[3].pk,
    }


def test_future_session_page_says_so_and_refuses(client_for, listed):
    circle, sessions, people = listed
    url = reverse("attendance-session", args=[circle.pk, sessions[3].pk])
    client = client_for("partner_a")
    response = client.post(
        url, {"shown": "", "session": str(sessions[3].pk), "present": f"{people[0].pk}_{sessions[3].pk}"}, **EN
    )
    assert response.status_code == 200
    assert "This date has not started yet." in response.content.decode()
    assert not Presence.objects.filter(occurrence=sessions[3]).exists()


def test_participant_pages_add_duplicate_edit_and_remove(client_for, listed):
    circle, _sessions, people = listed
    client = client_for("partner_a")
    add_url = reverse("attendance-participant-add", args=[circle.pk])
    data = {"name": "Nadia Noor", "birth_year": "1995", "gender": "f", "role": "participant", "contact": ""}
    assert client.post(add_url, data).status_code == 302
    response = client.post(add_url, {**data, "contact": "070-123 45 67"}, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nadia Noor, born 1995, is already on the list." in html and "070-123 45 67" in html
    response = client.post(add_url, {**data, "birth_year": "nineteen"}, **EN)
    assert "Enter a birth year such as 1987." in response.content.decode()
    edit_url = reverse("attendance-participant-edit", args=[circle.pk, people[2].pk])
    assert client.get(edit_url).status_code == 200
    client.post(
        edit_url, {"name": "Omar H.", "birth_year": "2010", "gender": "m", "role": "participant", "contact": ""}
    )
    assert Participant.objects.get(pk=people[2].pk).name == "Omar H."
    client.post(edit_url, {"action": "remove"})
    assert not Participant.objects.filter(pk=people[2].pk).exists()


def test_certificate_page_and_pdf(client_for, listed):
    circle, sessions, people = listed
    sara = people[1]
    client = client_for("partner_a")
    response = client.get(reverse("attendance-certificate", args=[circle.pk, sara.pk]), **EN)
    html = response.content.decode()
    assert "Certificate of participation in a study circle" in html
    for text in [
        "Sara Lind",
        "Svenska för föräldrar",
        "Hyresgästföreningen",
        "3 of 3",
        "9 study hours of 45 minutes",
        "24 February 2027 – 17 March 2027",
        "Signature of the circle leader",
    ]:
        assert text in html, text
    response = client.get(reverse("attendance-certificate-pdf", args=[circle.pk, sara.pk]), **EN)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 1
    assert b"595.2756 841.8898" in pdf  # A4 in points
    assert (
        "Certificate of participation in a study circle: Sara Lind".encode("utf-16-be").hex().upper().encode()
        in pdf.upper()
        or b"Sara Lind" in pdf
    )


def test_certificate_contents(listed):
    circle, _sessions, people = listed
    report = selectors.circle_report(circle)
    certificate = exports.certificate_for(
        report, report.status_of(people[2].pk), organisers=["Hyresgästföreningen", "ABF"]
    )
    assert certificate.name == "Omar Hassan"
    assert (certificate.sessions_attended, certificate.sessions_held, certificate.hours_attended) == (1, 3, 3)
    assert certificate.dates == [dt.date(2027, 2, 24)]
    assert (certificate.first_day, certificate.last_day) == (dt.date(2027, 2, 24), dt.date(2027, 3, 17))
    from django.utils import translation

    with translation.override("en"):
        lines = dict(exports.certificate_lines(certificate))
    assert lines["Organisers"] == "Hyresgästföreningen, ABF"
    assert lines["Sessions attended"] == "1 of 3"


def test_no_certificate_for_someone_who_never_came(client_for, listed):
    circle, _sessions, _people = listed
    newcomer = services.add_participant(activity=circle, name="Ny", birth_year=1999, gender="x", role="participant")
    client = client_for("partner_a")
    response = client.get(reverse("attendance-certificate", args=[circle.pk, newcomer.pk]), **EN)
    assert "has not attended any session yet" in response.content.decode()
    response = client.get(reverse("attendance-certificate-pdf", args=[circle.pk, newcomer.pk]))
    assert response.status_code == 302


def test_participant_lists_are_404_outside_the_organisations(client_for, listed, organisation_b):
    circle, sessions, people = listed
    client = client_for("partner_b")
    for url in [
        reverse("attendance-circle", args=[circle.pk]),
        reverse("attendance-session", args=[circle.pk, sessions[0].pk]),
        reverse("attendance-participant-edit", args=[circle.pk, people[0].pk]),
        reverse("attendance-certificate", args=[circle.pk, people[0].pk]),
        reverse("attendance-circle-export", args=[circle.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("attendance-participant-add", args=[circle.pk]),
        {"name": "X", "birth_year": "1990", "gender": "f", "role": "participant"},
    )
    assert response.status_code == 404
    assert not Participant.objects.filter(name="X").exists()
    # A co-organiser's staff see the list.
    circle.co_organisers.add(organisation_b)
    assert client.get(reverse("attendance-circle", args=[circle.pk])).status_code == 200


@pytest.fixture(autouse=True)
def _english_messages():
    """The rule warnings are asserted in English (the catalogue's source language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("title", "language", "heading"),
    [
        ("Studiecirkel: inredning", "sv", "Studiecirkel: inredning"),
        ("studiecirkel i inredning", "sv", "studiecirkel i inredning"),
        ("Svenska för föräldrar", "sv", "Studiecirkel: Svenska för föräldrar"),
        ("Study circle: interior design", "en", "Study circle: interior design"),
        ("Svenska för föräldrar", "en", "Study circle: Svenska för föräldrar"),
    ],
)
def test_circle_title_is_not_prefixed_twice_with_the_form(client_for, weekly, title, language, heading):
    circle, _sessions = weekly
    Activity.objects.filter(pk=circle.pk).update(title=title)
    response = client_for("partner_a").get(
        reverse("attendance-circle", args=[circle.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert f"<title>{heading} – KLOCKET</title>" in html


@pytest.mark.parametrize(("role", "locked"), [("partner_a", True), ("coordinator", False)])
def test_grid_says_why_old_sessions_are_locked_and_who_can_change_them(client_for, listed, role, locked):
    circle, _sessions, people = listed
    old = make_occurrence(circle, local(dt.date(2027, 1, 20), 18), minutes=135)
    tick(circle, {(people[0].pk, old.pk)}, sessions=[old.pk])
    html = client_for(role).get(reverse("attendance-circle", args=[circle.pk])).content.decode()
    cell = f"{people[0].pk}_{old.pk}"
    box = re.search(rf'<input type="checkbox"[^>]*id="p{cell}"[^>]*>', html).group(0)
    note = f"Träffar för mer än {services.LOCK_AFTER_DAYS} dagar sedan är låsta"
    assert (note in html) is locked
    assert ("disabled" in box) is locked
    assert ('aria-describedby="locked-note"' in box) is locked
    if locked:
        assert "En samordnare kan ändra dem" in html


def test_grid_region_is_labelled_focusable_and_explained(client_for, listed):
    circle, _sessions, _people = listed
    html = client_for("partner_a").get(reverse("attendance-circle", args=[circle.pk]), **EN).content.decode()
    region = re.search(r'<div class="presence-grid-wrap"[^>]*>', html).group(0)
    assert 'role="region"' in region and 'tabindex="0"' in region and 'aria-labelledby="grid-caption"' in region
    assert 'aria-describedby="grid-hint"' in region
    assert 'id="grid-hint">The table is wider than a phone screen: scroll it sideways to see every session.' in html
