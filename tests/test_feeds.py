"""The calendar feeds: /kalender.ics, /evenemang/<pk>.ics, and the RSS and Atom feeds.

Feeds are parsed back with icalendar and ElementTree, as a calendar app or feed reader would.
"""

import datetime as dt
import xml.etree.ElementTree as ET
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from activities import feeds
from activities.models import Activity, ActivityForm, Audience, Language, Occurrence, Venue

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["calendar-ics", "calendar-rss", "calendar-atom"]


def local_at(days: int, hour: int = 16) -> dt.datetime:
    """An aware local time ``days`` from today at ``hour``:00."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


def add_date(activity, start: dt.datetime, *, hours: float = 2, **fields) -> Occurrence:
    return Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=hours), **fields)


def get_calendar(client, name="calendar-ics", query="", **headers) -> Calendar:
    response = client.get(reverse(name) + query, **headers)
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def uid_pk(uid) -> int:
    local_part, domain = str(uid).split("@")
    assert domain == "klocket-portal"
    return int(local_part.removeprefix("occurrence-"))


def shown(client, name: str, query: str = "") -> set[int]:
    """The occurrence pks a feed lists."""
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    if name == "calendar-ics":
        return {uid_pk(event["UID"]) for event in Calendar.from_ical(response.content).events}
    root = ET.fromstring(response.content)
    if name == "calendar-rss":
        links = [item.findtext("link") for item in root.iter("item")]
    else:
        links = [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]
    return {int(link.rstrip("/").rsplit("/", 1)[1]) for link in links}


@pytest.fixture
def other_venue(area):
    return Venue.objects.create(
        name="Idrottens hus", slug="idrottens-hus", area=area, address="Idrottsgatan 1, Norrköping"
    )


@pytest.fixture
def football(organisation_b, other_venue):
    """A published sports activity of organisation B at Idrottens hus, for youth, in Arabic."""
    activity = Activity.objects.create(
        title="Fotboll",
        summary="Träning på planen.",
        organiser=organisation_b,
        venue=other_venue,
        form=ActivityForm.SPORTS,
        status=Activity.Status.PUBLISHED,
    )
    activity.audiences.set(Audience.objects.filter(code="youth"))
    activity.languages.set(Language.objects.filter(code="ar"))
    return activity


@pytest.fixture
def hidden(organisation_a, venue):
    """Dates tomorrow of activities residents must never see, keyed by kind."""
    kinds = {
        "draft": {"title": "Hemligt utkast", "status": Activity.Status.DRAFT},
        "internal": {
            "title": "Projektgruppsmöte",
            "status": Activity.Status.PUBLISHED,
            "form": ActivityForm.INTERNAL_MEETING,
            "is_public": True,  # even when wrongly marked public
        },
        "not_public": {"title": "Stängd workshop", "status": Activity.Status.PUBLISHED, "is_public": False},
    }
    return {
        kind: add_date(Activity.objects.create(organiser=organisation_a, venue=venue, **fields), local_at(1))
        for kind, fields in kinds.items()
    }


# --- /kalender.ics ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_calendar_ics_is_an_inline_icalendar_file(client, occurrence):
    response = client.get(reverse("calendar-ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="klocket.ics"'
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//KLOCKET//")
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "KLOCKET"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Stockholm"
    assert [str(zone["TZID"]) for zone in calendar.timezones] == ["Europe/Stockholm"]
    assert len(calendar.events) == 1


@pytest.mark.django_db
def test_event_has_the_properties_calendar_apps_need(client, occurrence, users):
    activity = occurrence.activity
    activity.created_by = users["partner_a"]
    activity.description = "Ta med skolböckerna."
    activity.save()
    response = client.get(reverse("calendar-ics"), HTTP_ACCEPT_LANGUAGE="en")
    [event] = Calendar.from_ical(response.content).events
    page = f"http://testserver/evenemang/{occurrence.pk}/"

    assert str(event["UID"]) == f"occurrence-{occurrence.pk}@klocket-portal"
    assert event["DTSTAMP"].dt.tzinfo is not None and event["DTSTAMP"].dt.utcoffset() == dt.timedelta(0)
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event["DTSTART"].dt.replace(tzinfo=None) == timezone.localtime(occurrence.start).replace(tzinfo=None)
    assert event["DTSTART"].dt.hour == 16 and event["DTEND"].dt.hour == 18
    assert event["DTEND"].params["TZID"] == "Europe/Stockholm"
    assert str(event["SUMMARY"]) == "Läxhjälp"
    assert str(event["DESCRIPTION"]) == (
        f"Hjälp med läxorna för skolbarn.\n\nTa med skolböckerna.\n\nMore information: {page}"
    )
    assert str(event["URL"]) == page
    assert str(event["LOCATION"]) == "Kunskapens hus, Klockaretorpets centrum"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert [str(category) for category in event.categories] == ["Open activity"]
    assert event["ORGANIZER"].params["CN"] == "Hyresgästföreningen"
    assert str(event["ORGANIZER"]) == "http://testserver/partners/hyresgastforeningen/"
    assert event["LAST-MODIFIED"].dt == activity.updated.replace(microsecond=0)
    # No e-mail address of anyone, and times are never written in UTC.
    assert b"mailto:" not in response.content and b"@example.org" not in response.content
    events_part = response.content.split(b"END:VTIMEZONE")[1]
    assert b"DTSTART:" not in events_part and b"DTEND:" not in events_part


@pytest.mark.django_db
def test_uid_is_stable_between_fetches(client, occurrence, football):
    add_date(football, local_at(3))
    first = get_calendar(client)
    second = get_calendar(client)
    assert [str(event["UID"]) for event in first.events] == [str(event["UID"]) for event in second.events]
    assert len({str(event["UID"]) for event in first.events}) == 2


@pytest.mark.django_db
def test_uid_domain_comes_from_the_setting(client, occurrence, settings):
    settings.KLOCKET_FEED_UID_DOMAIN = "klocket.example.org"
    [event] = get_calendar(client).events
    assert str(event["UID"]) == f"occurrence-{occurrence.pk}@klocket.example.org"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 10, 24),  # the last Saturday of summer time
        dt.date(2026, 10, 25),  # the change to winter time
        dt.date(2026, 10, 26),
        dt.date(2027, 3, 27),
        dt.date(2027, 3, 28),  # the change to summer time
        dt.date(2027, 3, 29),
    ],
)
def test_dst_week_keeps_the_local_wall_time(client, activity, day):
    with time_machine.travel(dt.datetime(day.year, day.month, 1, 12, tzinfo=dt.UTC) - dt.timedelta(days=14)):
        occurrence = add_date(activity, dt.datetime(day.year, day.month, day.day, 10, tzinfo=STOCKHOLM))
        response = client.get(reverse("calendar-ics"))
    assert f"DTSTART;TZID=Europe/Stockholm:{day:%Y%m%d}T100000".encode() in response.content
    assert f"DTEND;TZID=Europe/Stockholm:{day:%Y%m%d}T120000".encode() in response.content
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.events
    assert uid_pk(event["UID"]) == occurrence.pk
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event["DTSTART"].dt.replace(tzinfo=None) == dt.datetime(day.year, day.month, day.day, 10)
    assert event["DTSTART"].dt.astimezone(dt.UTC) == occurrence.start
    # The VTIMEZONE itself gives the right offset, for apps that rely on it rather than the name.
    zone = calendar.timezones[0].to_tz()
    assert (
        dt.datetime(day.year, day.month, day.day, 10, tzinfo=zone).utcoffset()
        == occurrence.start.astimezone(STOCKHOLM).utcoffset()
    )


@pytest.mark.django_db
def test_night_across_the_dst_change_keeps_both_wall_times(client, activity):
    with time_machine.travel(dt.datetime(2026, 10, 10, 12, tzinfo=dt.UTC)):
        start = dt.datetime(2026, 10, 24, 22, tzinfo=STOCKHOLM)
        end = dt.datetime(2026, 10, 25, 4, tzinfo=STOCKHOLM)
        Occurrence.objects.create(activity=activity, start=start, end=end)
        [event] = get_calendar(client).events
    assert event["DTSTART"].dt.replace(tzinfo=None) == dt.datetime(2026, 10, 24, 22)
    assert event["DTEND"].dt.replace(tzinfo=None) == dt.datetime(2026, 10, 25, 4)
    # Seven real hours: the clock is turned back one hour during the night.
    assert event["DTEND"].dt.astimezone(dt.UTC) - event["DTSTART"].dt.astimezone(dt.UTC) == dt.timedelta(hours=7)


@pytest.mark.django_db
def test_multiline_text_with_commas_and_semicolons_round_trips(client, occurrence):
    activity = occurrence.activity
    activity.title = "Språkcafé; fika, samtal"
    activity.summary = ""
    activity.description = (
        "Rad ett, med komma; och semikolon.\nRad två: ett \\ bakstreck.\n\n"
        "- punkt ett\n- punkt två med en lång rad som måste vikas " + "ordentligt " * 12
    )
    activity.save()
    response = client.get(reverse("calendar-ics"))
    # Folded by the library: no physical line is longer than 75 octets.
    assert max(len(line) for line in response.content.split(b"\r\n")) <= 75
    [event] = Calendar.from_ical(response.content).events
    assert str(event["SUMMARY"]) == "Språkcafé; fika, samtal"
    assert str(event["DESCRIPTION"]).startswith(activity.description.strip() + "\n\n")


@pytest.mark.django_db
def test_cancelled_date_has_status_cancelled(client, occurrence):
    occurrence.cancelled = True
    occurrence.cancel_reason = "Ledaren är sjuk"
    occurrence.save()
    [event] = get_calendar(client, HTTP_ACCEPT_LANGUAGE="en").events
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Läxhjälp"
    assert str(event["DESCRIPTION"]).startswith("Cancelled: Ledaren är sjuk\n\n")


@pytest.mark.django_db
def test_the_dates_own_venue_overrides_the_activitys(client, occurrence, other_venue):
    other_venue.latitude, other_venue.longitude = 58.5800, 16.1500
    other_venue.save()
    occurrence.venue = other_venue
    occurrence.save()
    [event] = get_calendar(client).events
    assert str(event["LOCATION"]) == "Idrottens hus, Idrottsgatan 1, Norrköping"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (58.58, 16.15)


@pytest.mark.django_db
def test_window_is_30_days_back_to_365_days_ahead(client, activity):
    now = timezone.now()
    inside = [add_date(activity, now + dt.timedelta(days=days)) for days in (-29, -1, 1, 364)]
    for days in (-31, 366):
        add_date(activity, now + dt.timedelta(days=days))
    assert shown(client, "calendar-ics") == {occurrence.pk for occurrence in inside}


@pytest.mark.django_db
def test_dagar_sets_the_days_ahead(client, activity):
    now = timezone.now()
    soon, later, far = (add_date(activity, now + dt.timedelta(days=days)) for days in (5, 20, 390))
    assert shown(client, "calendar-ics", "?dagar=10") == {soon.pk}
    assert shown(client, "calendar-ics", "?dagar=400") == {soon.pk, later.pk, far.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "0", "-5", "401", "1e3", "٣", "99999999999999999999999", ""])
def test_bad_dagar_is_ignored(client, activity, value):
    now = timezone.now()
    occurrences = [add_date(activity, now + dt.timedelta(days=days)) for days in (5, 300)]
    assert shown(client, "calendar-ics", f"?dagar={value}") == {occurrence.pk for occurrence in occurrences}


@pytest.mark.django_db
def test_filtered_calendar_is_named_after_its_filters(client, occurrence, football, other_venue):
    calendar = get_calendar(client, query="?plats=idrottens-hus&form=idrott", HTTP_ACCEPT_LANGUAGE="en")
    assert str(calendar["X-WR-CALNAME"]) == "KLOCKET – Idrottens hus – Sports"


# --- /evenemang/<pk>.ics ----------------------------------------------------------------------


@pytest.mark.django_db
def test_occurrence_ics_is_a_download_with_one_event(client, occurrence):
    response = client.get(reverse("occurrence-ics", args=[occurrence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    day = timezone.localdate(occurrence.start)
    assert response["Content-Disposition"] == f'attachment; filename="laxhjalp-{day:%Y-%m-%d}.ics"'
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.events
    assert str(event["UID"]) == f"occurrence-{occurrence.pk}@klocket-portal"
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert [str(zone["TZID"]) for zone in calendar.timezones] == ["Europe/Stockholm"]
    [in_feed] = get_calendar(client).events
    assert str(in_feed["UID"]) == str(event["UID"])


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["draft", "internal", "not_public"])
def test_occurrence_ics_is_404_for_what_residents_may_not_see(client, hidden, kind):
    assert client.get(reverse("occurrence-ics", args=[hidden[kind].pk])).status_code == 404


@pytest.mark.django_db
def test_occurrence_ics_is_404_for_a_missing_date(client):
    assert client.get(reverse("occurrence-ics", args=[999999])).status_code == 404


# --- what every feed shares -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", FEEDS)
def test_hidden_activities_never_appear(client, name, hidden, occurrence):
    response = client.get(reverse(name))
    assert response.status_code == 200
    for title in ["Hemligt utkast", "Projektgruppsmöte", "Stängd workshop"]:
        assert title.encode() not in response.content
    assert shown(client, name) == {occurrence.pk}


@pytest.fixture
def two_activities(occurrence, football, other_venue):
    """Läxhjälp (A, Kunskapens hus, children/youth, sv) and Fotboll (B, Idrottens hus, youth, ar)."""
    occurrence.activity.languages.set(Language.objects.filter(code="sv"))
    occurrence.activity.audiences.set(Audience.objects.filter(code="children"))
    return {
        "homework": occurrence,
        "homework_elsewhere": add_date(occurrence.activity, local_at(2), venue=other_venue),
        "football": add_date(football, local_at(3)),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", FEEDS)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"homework", "homework_elsewhere", "football"}),
        ("?plats=idrottens-hus", {"homework_elsewhere", "football"}),
        ("?plats=kunskapens-hus", {"homework"}),
        ("?arrangor=sensus", {"football"}),
        ("?arrangor=hyresgastforeningen", {"homework", "homework_elsewhere"}),
        ("?for=youth", {"football"}),
        ("?for=children", {"homework", "homework_elsewhere"}),
        ("?form=idrott", {"football"}),
        ("?sprak=ar", {"football"}),
        ("?q=fotboll", {"football"}),
        ("?q=läxorna", {"homework", "homework_elsewhere"}),
        ("?plats=idrottens-hus&arrangor=hyresgastforeningen", {"homework_elsewhere"}),
    ],
)
def test_filters(client, two_activities, name, query, expected):
    assert shown(client, name, query) == {two_activities[key].pk for key in expected}


@pytest.mark.django_db
@pytest.mark.parametrize("name", FEEDS)
@pytest.mark.parametrize(
    "query",
    [
        "?plats=finns-inte",
        "?form=internt_mote",
        "?form=nonsense",
        "?for=aliens",
        "?sprak=xx",
        "?plats[]=a&plats=",
        "?dagar=x&fran=y&p=-1",
        "?q=",
        "?" + "a=1&" * 200,
    ],
)
def test_unknown_filter_values_are_ignored(client, two_activities, name, query):
    assert shown(client, name, query) == {occurrence.pk for occurrence in two_activities.values()}


@pytest.mark.django_db
@pytest.mark.parametrize("name", FEEDS)
def test_nul_character_is_a_bad_request(client, name):
    assert client.get(reverse(name) + "?arrangor=%00").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("name", FEEDS)
def test_overlong_search_is_not_an_error(client, two_activities, name):
    assert shown(client, name, "?q=" + "fotboll" * 500) == set()


@pytest.mark.django_db
@pytest.mark.parametrize("name", FEEDS)
def test_query_count_does_not_grow_with_the_events(client, name, organisation_a, area, django_assert_num_queries):
    def add(n):
        for i in range(n):
            count = Venue.objects.count()
            place = Venue.objects.create(name=f"Plats {count}", slug=f"plats-{count}", area=area, address="Gatan 1")
            activity = Activity.objects.create(
                title=f"Aktivitet {count}",
                organiser=organisation_a,
                venue=place,
                status=Activity.Status.PUBLISHED,
            )
            add_date(
                activity,
                local_at(i % 20 + 1),
                venue=place if i % 2 else None,
                cancelled=i % 3 == 0,
                cancel_reason="Sjuk" if i % 3 == 0 else "",
            )

    add(2)
    # No filter in the query: no filter table is read. The iCalendar feed: the dates with their
    # fingerprints and stored entries, the dates whose entries are new, then storing them (a
    # savepoint, the upsert, the clean-up of entries that left the window, the release).
    # RSS and Atom: the items.
    with django_assert_num_queries({"calendar-ics": 6}.get(name, 1)) as small:
        assert client.get(reverse(name)).status_code == 200
    add(18)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse(name))
    assert len(shown(client, name)) == 20
    assert response.status_code == 200


# --- RSS and Atom -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_rss_item_links_to_the_event_with_time_and_place(client, occurrence):
    response = client.get(reverse("calendar-rss"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "KLOCKET: coming activities"
    assert channel.findtext("link") == "http://testserver/kalender/"
    [item] = channel.iter("item")
    assert item.findtext("link") == f"http://testserver/evenemang/{occurrence.pk}/"
    assert item.findtext("guid") == f"http://testserver/evenemang/{occurrence.pk}/"
    assert item.findtext("title").startswith("Läxhjälp (")
    description = item.findtext("description")
    assert "<strong>When:</strong>" in description and "16:00–18:00" in description
    assert "<strong>Where:</strong> Kunskapens hus, Klockaretorpets centrum" in description
    assert "Hjälp med läxorna för skolbarn." in description
    assert item.findtext("category") == "Open activity"


@pytest.mark.django_db
def test_rss_link_keeps_the_filters(client, occurrence):
    channel = ET.fromstring(client.get(reverse("calendar-rss") + "?plats=kunskapens-hus").content).find("channel")
    assert channel.findtext("link") == "http://testserver/kalender/?plats=kunskapens-hus"


@pytest.mark.django_db
def test_rss_escapes_html_from_staff(client, occurrence):
    occurrence.activity.title = "<b>Fest</b>"
    occurrence.activity.summary = "<script>alert(1)</script>"
    occurrence.activity.save()
    [item] = ET.fromstring(client.get(reverse("calendar-rss")).content).iter("item")
    assert "<script>" not in item.findtext("description")
    assert "&lt;script&gt;" in item.findtext("description")
    assert item.findtext("title").startswith("&lt;b&gt;Fest&lt;/b&gt;")


@pytest.mark.django_db
def test_rss_marks_a_cancelled_date(client, occurrence):
    occurrence.cancelled = True
    occurrence.cancel_reason = "Ledaren är sjuk"
    occurrence.save()
    [item] = ET.fromstring(client.get(reverse("calendar-rss"), HTTP_ACCEPT_LANGUAGE="en").content).iter("item")
    assert item.findtext("title").startswith("Cancelled: Läxhjälp")
    assert "<strong>Cancelled:</strong> Ledaren är sjuk" in item.findtext("description")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["calendar-rss", "calendar-atom"])
def test_rss_and_atom_list_only_coming_dates_in_order_at_most_100(client, activity, name):
    now = timezone.now()
    add_date(activity, now - dt.timedelta(days=1))  # over
    ongoing = add_date(activity, now - dt.timedelta(hours=1))
    Occurrence.objects.bulk_create(
        Occurrence(activity=activity, start=now + dt.timedelta(hours=i), end=now + dt.timedelta(hours=i, minutes=30))
        for i in range(1, 106)
    )
    response = client.get(reverse(name))
    root = ET.fromstring(response.content)
    if name == "calendar-rss":
        links = [item.findtext("link") for item in root.iter("item")]
    else:
        links = [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]
    assert len(links) == feeds.RSS_MAX_ITEMS == 100
    expected = [ongoing, *Occurrence.objects.filter(start__gt=now).order_by("start")[:99]]
    assert links == [f"http://testserver/evenemang/{occurrence.pk}/" for occurrence in expected]


@pytest.mark.django_db
def test_atom_entry_links_to_the_event(client, occurrence):
    response = client.get(reverse("calendar-atom"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.findtext(f"{ATOM}title") == "KLOCKET: coming activities"
    assert root.findtext(f"{ATOM}subtitle").startswith("Coming public activities")
    [entry] = root.iter(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/evenemang/{occurrence.pk}/"
    assert "16:00–18:00" in entry.findtext(f"{ATOM}summary")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Hyresgästföreningen"
