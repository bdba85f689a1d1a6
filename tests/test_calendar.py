"""The public calendar: visibility, filters, views, bad input and query counts."""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityForm, Audience, Language, Occurrence, Organisation, Venue

ZONE = timezone.get_default_timezone()
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=ZONE)  # a Wednesday


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day: str, hour: int, minutes: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minutes), tzinfo=ZONE)


def dated(activity, day, hour=16, hours=2, **extra):
    start = at(day, hour)
    return Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=hours), **extra)


@pytest.fixture
def hidden(organisation_a, venue):
    """Activities residents must never see, each with a date tomorrow."""
    rows = {}
    for key, extra in {
        "draft": {"status": Activity.Status.DRAFT},
        "internal": {"form": ActivityForm.INTERNAL_MEETING},
        "private": {"is_public": False},
    }.items():
        activity = Activity.objects.create(
            title=f"Hemlig {key}",
            organiser=organisation_a,
            venue=venue,
            status=extra.pop("status", Activity.Status.PUBLISHED),
            **extra,
        )
        rows[key] = dated(activity, "2026-11-26")
    return rows


def body(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_list_shows_coming_dates_not_past_ones(client, activity):
    dated(activity, "2026-11-24")  # yesterday: part of the series, but over
    dated(activity, "2026-11-26")
    dated(activity, "2026-11-25", hour=8)  # earlier today, already ended
    page = body(client.get(reverse("calendar")))
    assert page.count("Läxhjälp") == 1
    assert "2026-11-26T16:00:00+01:00" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("calendar"),
        reverse("calendar-month", args=[2026, 11]),
        reverse("calendar-week", args=[2026, 48]),
        reverse("calendar-day", args=[2026, 11, 26]),
        reverse("home"),
    ],
)
def test_drafts_internal_and_private_never_shown(client, hidden, url, activity):
    dated(activity, "2026-11-26")
    page = body(client.get(url))
    assert "Hemlig" not in page
    assert "Läxhjälp" in page


@pytest.mark.django_db
def test_hidden_event_pages_are_404(client, hidden):
    for occurrence in hidden.values():
        assert client.get(occurrence.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_hidden_not_on_organisation_or_venue_pages(client, hidden, organisation_a, venue):
    assert "Hemlig" not in body(client.get(organisation_a.get_absolute_url()))
    assert "Hemlig" not in body(client.get(venue.get_absolute_url()))


@pytest.mark.django_db
def test_cancelled_date_shown_with_reason(client, activity):
    dated(activity, "2026-11-26", cancelled=True, cancel_reason="Ledaren är sjuk")
    page = body(client.get(reverse("calendar")))
    assert "Ledaren är sjuk" in page
    assert "occurrence-cancelled" in page


@pytest.fixture
def varied(activity, organisation_b, area):
    """A second activity differing in every filterable way from ``activity``."""
    other_venue = Venue.objects.create(name="Idrottens hus", slug="idrottens-hus", area=area)
    sport = Activity.objects.create(
        title="Fotboll",
        organiser=organisation_b,
        venue=other_venue,
        form=ActivityForm.SPORTS,
        status=Activity.Status.PUBLISHED,
    )
    sport.audiences.set(Audience.objects.filter(code="adults"))
    sport.languages.set(Language.objects.filter(code="ar"))
    activity.languages.set(Language.objects.filter(code="sv"))
    dated(activity, "2026-11-26")
    dated(sport, "2026-11-26", hour=18)
    return sport


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "shown", "not_shown"),
    [
        ("plats=kunskapens-hus", "Läxhjälp", "Fotboll"),
        ("plats=idrottens-hus", "Fotboll", "Läxhjälp"),
        ("for=youth", "Läxhjälp", "Fotboll"),
        ("form=idrott", "Fotboll", "Läxhjälp"),
        ("arrangor=sensus", "Fotboll", "Läxhjälp"),
        ("sprak=ar", "Fotboll", "Läxhjälp"),
        ("q=fotb", "Fotboll", "Läxhjälp"),
        ("for=youth&plats=kunskapens-hus", "Läxhjälp", "Fotboll"),
    ],
)
def test_filters(client, varied, query, shown, not_shown):
    page = body(client.get(reverse("calendar") + "?" + query))
    assert f">{shown}<" in page
    assert f">{not_shown}<" not in page


@pytest.mark.django_db
def test_co_organiser_filter_and_venue_override(client, varied, activity, organisation_b, area):
    activity.co_organisers.add(organisation_b)
    page = body(client.get(reverse("calendar") + "?arrangor=sensus"))
    assert ">Läxhjälp<" in page
    moved = dated(activity, "2026-11-27", venue=Venue.objects.get(slug="idrottens-hus"))
    page = body(client.get(reverse("calendar") + "?plats=idrottens-hus"))
    assert moved.get_absolute_url() in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["plats=nowhere", "form=internt_mote", "for=martians", "sprak=xx", "fran=2026-13-45", "fran=99999-01-01"]
)
def test_unknown_filter_values_are_ignored(client, varied, query):
    page = body(client.get(reverse("calendar") + "?" + query))
    assert ">Läxhjälp<" in page and ">Fotboll<" in page


@pytest.mark.django_db
def test_filters_kept_in_navigation_links(client, varied):
    page = body(client.get(reverse("calendar") + "?plats=kunskapens-hus&for=youth"))
    assert "fran=2026-12-25&amp;plats=kunskapens-hus&amp;for=youth" in page
    month = body(client.get(reverse("calendar-month", args=[2026, 11]) + "?plats=kunskapens-hus"))
    assert "/kalender/2026/12/?plats=kunskapens-hus" in month
    assert "/kalender.ics?plats=kunskapens-hus" in month


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/kalender/2026/13/",
        "/kalender/2026/0/",
        "/kalender/2026/2/30/",
        "/kalender/99999999999999999999/1/",
        "/kalender/1850/1/",
        "/kalender/vecka/2026/54/",
        "/kalender/vecka/2026/0/",
        "/evenemang/99999999/",
    ],
)
def test_impossible_dates_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_month_grid_summarises_busy_days(client, activity):
    for hour in range(8, 15):
        dated(activity, "2026-11-26", hour=hour, hours=1)
    page = body(client.get(reverse("calendar-month", args=[2026, 11])))
    day_link = reverse("calendar-day", args=[2026, 11, 26])
    assert page.count("Läxhjälp") == 3
    assert "+4" in page and day_link in page
    day = body(client.get(day_link))
    assert day.count(">Läxhjälp<") == 7


@pytest.mark.django_db
def test_list_continues_at_a_whole_day_when_long(client, activity, monkeypatch):
    from activities import calendar_views

    monkeypatch.setattr(calendar_views, "LIST_MAX_ROWS", 3)
    for day in ("2026-11-26", "2026-11-27"):
        for hour in (10, 12, 14):
            dated(activity, day, hour=hour, hours=1)
    page = body(client.get(reverse("calendar")))
    assert "2026-11-27T10:00" not in page
    assert "fran=2026-11-27" in page


@pytest.mark.django_db
def test_dst_day_keeps_local_wall_time(client, activity):
    dated(activity, "2027-03-28", hour=16)  # summer time starts that night
    page = body(client.get(reverse("calendar-day", args=[2027, 3, 28])))
    assert ">16:00<" in page
    assert "2027-03-28T16:00:00+02:00" in page


@pytest.mark.django_db
def test_event_page_json_ld_and_open_graph(client, occurrence, organisation_b):
    occurrence.activity.co_organisers.add(organisation_b)
    page = body(client.get(occurrence.get_absolute_url()))
    data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Event"
    assert data["name"] == "Läxhjälp"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Kunskapens hus"
    assert [o["name"] for o in data["organizer"]] == ["Hyresgästföreningen", "Sensus studieförbund"]
    assert dt.datetime.fromisoformat(data["startDate"]) == occurrence.start
    assert 'property="og:title" content="Läxhjälp"' in page
    occurrence.cancelled, occurrence.cancel_reason = True, "Stängt"
    occurrence.save()
    page = body(client.get(occurrence.get_absolute_url()))
    assert "EventCancelled" in page and "Stängt" in page


@pytest.mark.django_db
def test_event_page_sanitises_description(client, occurrence):
    activity = occurrence.activity
    activity.description = "**Välkommen!**\n\n<script>alert(1)</script> [länk](javascript:alert(1))"
    activity.save()
    page = body(client.get(occurrence.get_absolute_url()))
    assert "<strong>Välkommen!</strong>" in page
    assert "<script>alert(1)" not in page
    assert "javascript:alert" not in page


@pytest.mark.django_db
def test_event_page_lists_programme_and_other_dates(client, occurrence):
    from activities.models import ProgrammeItem

    ProgrammeItem.objects.create(occurrence=occurrence, start=dt.time(16), end=dt.time(16, 30), title="Välkomna")
    later = dated(occurrence.activity, "2026-12-03")
    page = body(client.get(occurrence.get_absolute_url()))
    assert "Välkomna" in page
    assert later.get_absolute_url() in page


def _grow(activity, organisation_b, n):
    base = at("2026-11-26", 9)
    for i in range(n):
        extra = Activity.objects.create(
            title=f"Aktivitet {i}-{n}", organiser=organisation_b, venue=activity.venue, status="published"
        )
        extra.co_organisers.add(activity.organiser)
        Occurrence.objects.create(
            activity=extra, start=base + dt.timedelta(hours=i), end=base + dt.timedelta(hours=i + 1)
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("calendar"),
        reverse("calendar") + "?for=youth&arrangor=sensus&sprak=sv&q=a",
        reverse("calendar-month", args=[2026, 11]),
        reverse("calendar-week", args=[2026, 48]),
        reverse("calendar-day", args=[2026, 11, 26]),
        "organisation",
        "venue",
    ],
)
def test_public_page_queries_do_not_grow(client, activity, organisation_b, url, django_assert_max_num_queries):
    if url == "organisation":
        url = activity.organiser.get_absolute_url()
    elif url == "venue":
        url = activity.venue.get_absolute_url()
    _grow(activity, organisation_b, 2)
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    _grow(activity, organisation_b, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


@pytest.mark.django_db
def test_event_page_query_count(client, occurrence, organisation_b, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        body(client.get(occurrence.get_absolute_url()))


@pytest.mark.django_db
def test_organisation_page_lists_co_organised_events(client, activity, organisation_b):
    activity.co_organisers.add(organisation_b)
    occurrence = dated(activity, "2026-11-27")
    assert occurrence.get_absolute_url() in body(client.get(organisation_b.get_absolute_url()))
    assert Organisation.objects.count() == 2


@pytest.mark.django_db
def test_cancelled_activity_stays_listed_as_cancelled(client, activity):
    from icalendar import Calendar

    occurrence = dated(activity, "2026-11-26")
    activity.status = Activity.Status.CANCELLED
    activity.save()
    page = body(client.get(reverse("calendar"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "occurrence-cancelled" in page and "The whole activity is cancelled." in page
    assert "EventCancelled" in body(client.get(occurrence.get_absolute_url()))
    feed = Calendar.from_ical(client.get(reverse("calendar-ics")).content)
    assert [str(event["STATUS"]) for event in feed.walk("VEVENT")] == ["CANCELLED"]


@pytest.mark.django_db
def test_grids_count_dates_on_their_local_day(client, activity):
    # 00:30 and 23:30 Stockholm time are 23:30 the day before and 22:30 in UTC: the grids count
    # them on their local day (the database groups by the Stockholm date).
    early = Occurrence.objects.create(activity=activity, start=at("2026-11-26", 0, 30), end=at("2026-11-26", 1, 30))
    late = Occurrence.objects.create(activity=activity, start=at("2026-11-26", 23, 30), end=at("2026-11-27", 0, 30))
    week = body(client.get(reverse("calendar-week", args=[2026, 48])))
    thursday = week[week.index('id="day-20261126"') : week.index('id="day-20261127"')]
    assert early.get_absolute_url() in thursday and late.get_absolute_url() in thursday
    assert "00:30" in thursday and "23:30" in thursday
    month = body(client.get(reverse("calendar-month", args=[2026, 11])))
    cell = month[month.index(reverse("calendar-day", args=[2026, 11, 26])) :]
    assert re.match(
        r'[^<]*"><span class="visually-hidden">torsdag 26 november</span><span aria-hidden="true">26</span>'
        r'<span class="day-count"><span class="visually-hidden">, </span><span class="count-number">2</span> '
        r'<span class="count-word">aktiviteter</span>',
        cell,
    )


@pytest.mark.django_db
def test_week_shows_the_first_dates_of_a_busy_day_in_order_and_links_the_rest(client, activity):
    for hour in range(20, 8, -1):  # created latest first: the order comes from the start times
        dated(activity, "2026-11-27", hour=hour, hours=1)
    page = body(client.get(reverse("calendar-week", args=[2026, 48]) + "?plats=kunskapens-hus"))
    friday = page[page.index('id="day-20261127"') : page.index('id="day-20261128"')]
    times = re.findall(r'<span class="occurrence-time"><time datetime="[^"]+">(\d\d:\d\d)</time>', friday)
    assert times == [f"{hour:02d}:00" for hour in range(9, 17)]  # the first eight of twelve
    day_link = reverse("calendar-day", args=[2026, 11, 27]) + "?plats=kunskapens-hus"
    assert f'<a href="{day_link}">+4 till<span class="visually-hidden"> 27 november</span></a>' in friday


@pytest.mark.django_db
def test_month_shows_the_first_three_titles_of_a_day_in_start_order(client, activity):
    for hour in (15, 9, 12, 10):
        dated(activity, "2026-11-26", hour=hour, hours=1)
    page = body(client.get(reverse("calendar-month", args=[2026, 11])))
    titles = re.findall(r"<li><a href=\"/evenemang/\d+/\">(\d\d:\d\d) <bdi>Läxhjälp</bdi></a></li>", page)
    assert titles == ["09:00", "10:00", "12:00"]
    assert "+1 till" in page


@pytest.mark.django_db
def test_filter_choices_mark_the_chosen_one_and_escape_names(client, activity, area):
    Venue.objects.create(name="<b>Källaren</b> & co", slug="kallaren", area=area)
    page = body(client.get(reverse("calendar") + "?plats=kallaren"))
    assert '<option value="kallaren" selected>&lt;b&gt;Källaren&lt;/b&gt; &amp; co</option>' in page
    assert '<option value="kunskapens-hus">' in page
    assert "<b>Källaren" not in page


@pytest.mark.django_db
def test_home_lists_the_next_three_dates_per_house(client, activity, venue, area):
    elsewhere = Venue.objects.create(name="Idrottens hus", slug="idrottens-hus", area=area, kind=venue.kind)
    for day in range(26, 31):
        dated(activity, f"2026-11-{day}")
    moved = dated(activity, "2026-11-26", hour=10, venue=elsewhere)  # this date is in the other house
    page = body(client.get(reverse("home")))
    houses = page[page.index('id="houses-heading"') : page.index('id="partners-heading"')]
    cards = {card.split("</a>")[0].split(">")[-1]: card for card in houses.split('<h3 class="h5 card-title">')[1:]}
    here, there = cards["Kunskapens hus"], cards["Idrottens hus"]
    assert len(re.findall(r"<li><a href=\"/evenemang/\d+/\">", here)) == 3
    assert moved.get_absolute_url() not in here and moved.get_absolute_url() in there


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "no_filter", "everyone"), [("sv", "Alla", "Alla åldrar"), ("en", "Everyone", "All ages")]
)
def test_audience_filter_names_each_choice_once(client, activity, language, no_filter, everyone):
    """The empty choice ("no filter") and the audience "everyone" read differently."""
    page = body(client.get(reverse("calendar"), HTTP_ACCEPT_LANGUAGE=language))
    select = re.search(r'<select[^>]*name="for".*?</select>', page, re.S).group(0)
    labels = re.findall(r"<option[^>]*>([^<]*)</option>", select)
    assert labels[0] == no_filter
    assert everyone in labels
    assert len(labels) == len(set(labels)) == Audience.objects.count() + 1
