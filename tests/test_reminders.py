"""manage.py send_reminders: the weekly e-mail to partner staff, and its systemd timer."""

import datetime as dt
import re
from io import StringIO
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import resolve

from activities.models import Activity, ActivityForm, Occurrence, OccurrenceAttendance
from klocket.models import ReminderSent
from safety_walks.models import Status
from tests.conftest import make_user
from tests.test_deploy_files import SYSTEMD, one, parse_unit
from tests.test_safety_walks_support import advance, make_deficiency, make_report, make_walk

SITE = "https://portal.example.se"
TODAY = dt.date(2026, 3, 2)  # a Monday
WALK = dt.date(2025, 1, 15)
ZONE = ZoneInfo("Europe/Stockholm")
RESIDENT_DETAILS = ["Ring Anna på 070-123 45 67", "anna.reporter@example.org", "Privat anteckning"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.KLOCKET_SITE_URL = SITE
    settings.KLOCKET_DEFICIENCY_OVERDUE_DAYS = 182


@pytest.fixture
def monday_morning():
    with time_machine.travel(dt.datetime(2026, 3, 2, 7, 0, tzinfo=ZONE), tick=False):
        yield


def handed_over(area, organisation, *, days_ago, place, status=Status.HANDED_OVER, walk_date=WALK):
    walk = area.safety_walks.filter(date=walk_date).first() or make_walk(area, walk_date)
    item = make_deficiency(
        walk,
        party=organisation,
        place=place,
        description=RESIDENT_DETAILS[0],
        private_note=RESIDENT_DETAILS[2],
    )
    on = TODAY - dt.timedelta(days=days_ago)
    steps = [Status.HANDED_OVER] if status == Status.HANDED_OVER else [Status.HANDED_OVER, Status.ACCEPTED]
    return advance(item, *steps, on=on)


def dated(activity, *, days_ago, hour=17, **fields):
    day = TODAY - dt.timedelta(days=days_ago)
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=ZONE)
    return Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=2), **fields)


def make_activity(organiser, venue, title, **fields):
    values = {"form": ActivityForm.OPEN_ACTIVITY, "status": Activity.Status.PUBLISHED}
    values.update(fields)
    return Activity.objects.create(title=title, organiser=organiser, venue=venue, **values)


@pytest.fixture
def world(area, venue, users, organisation_a, organisation_b, django_user_model):
    """Two partners with overdue deficiencies and uncounted dates, and people who must get nothing."""
    from klocket.roles import PARTNER_STAFF

    people = {
        "both": make_user(
            django_user_model, "both", group=PARTNER_STAFF, organisations=[organisation_a, organisation_b]
        ),
        "inactive": make_user(
            django_user_model, "inactive", group=PARTNER_STAFF, organisations=[organisation_a], is_active=False
        ),
        "no_email": make_user(django_user_model, "no-email", group=PARTNER_STAFF, organisations=[organisation_a]),
        "no_role": make_user(django_user_model, "no-role", organisations=[organisation_a]),
    }
    people["no_email"].email = ""
    people["no_email"].save()
    deficiencies = {
        "a_old": handed_over(area, organisation_a, days_ago=200, place="Gångtunneln under Ringvägen"),
        "a_accepted": handed_over(
            area, organisation_a, days_ago=183, place="Parkeringen vid hus 12", status=Status.ACCEPTED
        ),
        "a_limit": handed_over(area, organisation_a, days_ago=182, place="Exakt på gränsen"),
        "a_recent": handed_over(area, organisation_a, days_ago=10, place="Nyss överlämnad"),
        "b_old": handed_over(area, organisation_b, days_ago=300, place="Bakom Kunskapens hus"),
    }
    fixed = handed_over(area, organisation_a, days_ago=250, place="Redan lagad", status=Status.ACCEPTED)
    advance(fixed, Status.FIXED, on=TODAY - dt.timedelta(days=5))
    make_deficiency(area.safety_walks.get(), party=organisation_a, place="Inte överlämnad än")  # observed only
    report = make_report(area, contact=RESIDENT_DETAILS[1])
    report.deficiency = deficiencies["a_old"]
    report.status = "accepted"
    report.save()

    homework = make_activity(organisation_a, venue, "Läxhjälp")
    circle = make_activity(organisation_b, venue, "Svenska för nybörjare", form=ActivityForm.STUDY_CIRCLE)
    circle.co_organisers.add(organisation_a)
    dates = {
        "a_uncounted": dated(homework, days_ago=3),
        "a_first_day": dated(homework, days_ago=7, hour=10),
        "b_circle": dated(circle, days_ago=1),
    }
    counted = dated(homework, days_ago=2)
    OccurrenceAttendance.objects.create(occurrence=counted, day=counted.start.date(), total=12)
    dated(homework, days_ago=4, cancelled=True, cancel_reason="Sjuk ledare")
    dated(homework, days_ago=8)  # before the window
    dated(homework, days_ago=0, hour=18)  # today, not over
    dated(make_activity(organisation_a, venue, "Styrelsemöte", form=ActivityForm.INTERNAL_MEETING), days_ago=2)
    dated(make_activity(organisation_a, venue, "Utkast", status=Activity.Status.DRAFT), days_ago=2)
    dated(make_activity(organisation_b, venue, "Inställd kurs", status=Activity.Status.CANCELLED), days_ago=2)
    return {"people": people, "deficiencies": deficiencies, "dates": dates}


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def mail_to(mailoutbox, address):
    found = [message for message in mailoutbox if message.to == [address]]
    assert len(found) == 1, f"{address}: {len(found)} e-mails"
    return found[0]


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def test_each_person_gets_one_email_with_their_organisations_items(world, users, mailoutbox, monday_morning):
    run()
    assert sorted(message.to[0] for message in mailoutbox) == [
        "both@example.org",
        "partner-a@example.org",
        "partner-b@example.org",
    ]
    deficiencies, dates = world["deficiencies"], world["dates"]

    body_a = mail_to(mailoutbox, "partner-a@example.org").body
    # Overdue: more than 182 days with the party, handed over or accepted; not fixed, not observed only.
    for key in ("a_old", "a_accepted"):
        assert deficiencies[key].place in body_a
    for place in ("Exakt på gränsen", "Nyss överlämnad", "Redan lagad", "Inte överlämnad än"):
        assert place not in body_a
    assert deficiencies["b_old"].place not in body_a  # another organisation's
    # Uncounted dates of the last 7 days, organised or co-organised; nothing counted, cancelled,
    # older, from today, internal, draft or of a cancelled activity.
    assert "Läxhjälp" in body_a and "Svenska för nybörjare" in body_a
    for title in ("Styrelsemöte", "Utkast", "Inställd kurs"):
        assert title not in body_a
    tallies = [resolve(urlsplit(url).path) for url in links(mail_to(mailoutbox, "partner-a@example.org"))]
    tally_ids = sorted(match.kwargs["pk"] for match in tallies if match.url_name == "attendance-tally")
    assert tally_ids == sorted(occurrence.pk for occurrence in dates.values())

    body_b = mail_to(mailoutbox, "partner-b@example.org").body
    assert deficiencies["b_old"].place in body_b and deficiencies["a_old"].place not in body_b
    assert "Svenska för nybörjare" in body_b and "Läxhjälp" not in body_b

    body_both = mail_to(mailoutbox, "both@example.org").body
    assert deficiencies["a_old"].place in body_both and deficiencies["b_old"].place in body_both
    assert "Hyresgästföreningen" in body_both and "Sensus studieförbund" in body_both


def test_nobody_inactive_without_email_without_role_or_outside_gets_anything(world, users, mailoutbox, monday_morning):
    run()
    recipients = {message.to[0] for message in mailoutbox}
    for name in ("inactive", "no_role"):
        assert world["people"][name].email not in recipients
    for role in ("outsider", "coordinator", "steering", "superuser"):  # no membership: not a party's staff
        assert users[role].email not in recipients
    assert all(address.strip() for address in recipients)
    assert ReminderSent.objects.filter(user=world["people"]["no_email"]).count() == 0


def test_no_residents_personal_data_in_the_emails(world, mailoutbox, monday_morning):
    run()
    assert mailoutbox
    for message in mailoutbox:
        for detail in RESIDENT_DETAILS:
            assert detail not in message.body and detail not in message.subject


def test_links_are_absolute_and_open_the_right_pages(world, users, mailoutbox, client, monday_morning, organisation_a):
    run()
    message = mail_to(mailoutbox, "partner-a@example.org")
    urls = links(message)
    assert urls and all(url.startswith(SITE + "/") for url in urls)
    names = {resolve(urlsplit(url).path).url_name for url in urls if urlsplit(url).path != "/"}
    assert names == {"sw-followup", "sw-deficiency", "attendance-tally", "attendance-today"}
    assert f"{SITE}/personal/trygghetsvandringar/uppfoljning/{organisation_a.slug}/" in urls
    deficiency = world["deficiencies"]["a_old"]
    assert f"{SITE}{deficiency.get_absolute_url()}" in urls
    client.force_login(users["partner_a"])
    for url in urls:
        response = client.get(urlsplit(url).path, follow=True)
        assert response.status_code == 200, url  # partner A may open every link of their e-mail


def test_swedish_by_default_plain_text_one_subject_line(world, mailoutbox, monday_morning):
    run()
    message = mail_to(mailoutbox, "partner-a@example.org")
    assert "Belysning" in message.body and "Lighting" not in message.body  # the category, translated
    assert "\n" not in message.subject and "10" in message.subject  # ISO week 10
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)
    assert "<" not in message.body and "&amp;" not in message.body and "\n\n\n" not in message.body
    assert message.body.startswith("Hej partner-a,")


def test_dry_run_prints_who_would_get_what_and_sends_nothing(world, mailoutbox, monday_morning):
    out, _err = run("--dry-run")
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()
    assert "would send to partner-a <partner-a@example.org>: 2 overdue deficiencies (Hyresgästföreningen)" in out
    assert "3 dates without a head count" in out
    assert "Would send 3 reminders for 2026-03-02" in out and "Nothing was sent (--dry-run)." in out
    run()
    assert len(mailoutbox) == 3  # the dry run recorded nothing


def test_a_second_run_the_same_day_or_week_sends_nothing(world, mailoutbox, monday_morning):
    out, _err = run("--today", "2026-03-02")
    assert len(mailoutbox) == 3 and "Sent 3 reminders" in out
    assert "@" not in out  # the timer's log names nobody
    out, _err = run("--today", "2026-03-02")
    assert len(mailoutbox) == 3
    assert "Sent 0 reminders" in out and "3 people already reminded this week" in out
    run("--today", "2026-03-04")  # Wednesday of the same week
    assert len(mailoutbox) == 3
    assert set(ReminderSent.objects.values_list("sent_on", flat=True)) == {TODAY}


def test_next_week_they_are_reminded_again(world, mailoutbox, monday_morning):
    run("--today", "2026-03-02")
    with time_machine.travel(dt.datetime(2026, 3, 9, 7, 0, tzinfo=ZONE), tick=False):
        run("--today", "2026-03-09")
    assert len(mailoutbox) == 6
    assert ReminderSent.objects.filter(sent_on=dt.date(2026, 3, 9)).count() == 3
    week_11 = {message.to[0]: message.body for message in mailoutbox[3:]}
    assert "Exakt på gränsen" in week_11["partner-a@example.org"]  # 189 days now: overdue
    assert "Svenska för nybörjare" not in week_11["partner-b@example.org"]  # older than 7 days
    assert "Bakom Kunskapens hus" in week_11["partner-b@example.org"]  # still overdue: asked again


def test_a_failed_email_is_not_recorded_and_the_others_still_go(world, mailoutbox, monday_morning, monkeypatch):
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == ["both@example.org"]:
            raise OSError("mail server said no")
        return real_send(message, *args, **kwargs)

    last_week = TODAY - dt.timedelta(days=7)
    ReminderSent.objects.create(user=world["people"]["both"], sent_on=last_week)
    monkeypatch.setattr(EmailMessage, "send", send)
    with pytest.raises(CommandError, match="1 reminder could not be sent"):
        run()
    assert len(mailoutbox) == 2
    assert ReminderSent.objects.get(user=world["people"]["both"]).sent_on == last_week  # as before the run
    monkeypatch.setattr(EmailMessage, "send", real_send)
    run()
    assert [message.to for message in mailoutbox[2:]] == [["both@example.org"]]


def test_nothing_due_means_no_email(users, mailoutbox, monday_morning):
    out, _err = run()
    assert mailoutbox == [] and "Sent 0 reminders" in out


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "02/03/2026", "tomorrow", "2026-3-2", ""])
def test_a_bad_today_is_a_clear_command_error(db, value):
    with pytest.raises(CommandError, match="--today"):
        run("--today", value)


def test_without_a_site_url_it_refuses_before_sending(world, settings, mailoutbox, monday_morning):
    settings.KLOCKET_SITE_URL = ""
    with pytest.raises(CommandError, match="KLOCKET_SITE_URL"):
        run()
    assert mailoutbox == []


# The systemd units ------------------------------------------------------------------------------------------


def test_the_timer_runs_the_command_on_monday_mornings():
    timer = parse_unit(SYSTEMD / "klocket-reminders.timer")
    service = parse_unit(SYSTEMD / "klocket-reminders.service")
    assert one(timer, "Timer", "Unit") == "klocket-reminders.service"
    assert one(timer, "Timer", "OnCalendar").startswith("Mon *-*-* 0")
    assert one(timer, "Timer", "Persistent") == "true"
    assert one(service, "Service", "Type") == "oneshot"
    assert one(service, "Service", "ExecStart").split()[1:3] == ["manage.py", "send_reminders"]
    # Sends e-mail: SMTP needs the network, as the portal does.
    assert "AF_INET" in one(service, "Service", "RestrictAddressFamilies")


@pytest.mark.parametrize("value", ["portal.example.se", "ftp://portal.example.se", "https://portal.example.se/sub"])
def test_a_bad_site_url_stops_the_start_naming_the_variable(value):
    from tests.test_settings import run_manage

    result = run_manage("check", DJANGO_DEBUG="1", KLOCKET_SITE_URL=value)
    assert result.returncode != 0 and "KLOCKET_SITE_URL" in result.stderr
