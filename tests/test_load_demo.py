from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from activities import demo, demo_attendance, demo_calendar
from activities.models import Area, HeadCount, Membership, Occurrence, OccurrenceAttendance, Organisation, Venue
from goals import demo as goals_demo
from goals.dashboard import build_dashboard
from goals.models import Indicator, Measurement, PoliceListEntry, SurveyResponse, SurveyWave, VisitMonth
from goals.periods import last_full_year

# Private persons named in the source document: never in demo data.
PRIVATE_NAMES = [
    "Danho", "Caroline", "Lena", "Cynthia", "Wael", "Julia", "Inger", "Borg", "Lindquist",
    "Lundström", "Kenneth", "Berglund", "Yasmine", "Jonas", "Marco", "Briones", "Hevzi",
    "Murina", "Hamza", "Morgan", "Fundin", "Wätte", "Linder", "Dahlqvist", "Hasselberg",
    "Rami", "Saadia", "Isaksson", "Nachla",
]  # fmt: skip


def counts():
    return (
        Area.objects.count(),
        Venue.objects.count(),
        Organisation.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
    )


def demo_data():
    """Everything the demo writes beyond places and people, with the values a second run must keep."""
    return (
        Occurrence.objects.count(),
        sorted(HeadCount.objects.values_list("occurrence_id", "band", "gender", "count")),
        OccurrenceAttendance.objects.count(),
        sorted(Measurement.objects.values_list("indicator__code", "period", "value")),
        SurveyWave.objects.count(),
        SurveyResponse.objects.count(),
        sorted(Indicator.objects.values_list("code", "baseline_period", "baseline_value", "target_value")),
        VisitMonth.objects.count(),
    )


@pytest.mark.django_db
def test_load_demo_twice_creates_nothing_new(settings):
    settings.DEBUG = True
    call_command("load_demo", "--with-users", stdout=StringIO())
    first = counts()
    assert first == (1, len(demo.VENUES), len(demo.ORGANISATIONS), len(demo.DEMO_USERS), 2)
    data = demo_data()
    out = StringIO()
    call_command("load_demo", "--with-users", stdout=out)
    assert counts() == first
    assert demo_data() == data
    lines = [line for line in out.getvalue().splitlines() if "loaded:" in line]
    assert len(lines) == 3 and all("0 new rows" in line for line in lines)


@pytest.mark.django_db
def test_load_demo_keeps_what_staff_changed(settings):
    call_command("load_demo", stdout=StringIO())
    Organisation.objects.filter(slug="sensus").update(description="Ändrad av personalen")
    call_command("load_demo", stdout=StringIO())
    assert Organisation.objects.get(slug="sensus").description == "Ändrad av personalen"


@pytest.mark.django_db
def test_houses_and_places_from_the_source_document():
    call_command("load_demo", stdout=StringIO())
    names = set(Venue.objects.values_list("name", flat=True))
    assert {"Kunskapens hus", "Föreningarnas hus", "Idrottens hus", "Fritidsbanken", "Fotbollsplanen"} <= names
    assert Venue.objects.filter(kind=Venue.Kind.ONLINE).exists()
    assert Venue.objects.filter(area__name="Klockaretorpet").count() == len(demo.VENUES)
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {"tenants_union", "housing_company", "church", "study_association", "sports_federation"} <= kinds


@pytest.mark.django_db
def test_demo_logins_refused_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_demo", "--with-users", stdout=StringIO())
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("module", [demo, demo_calendar, demo_attendance, goals_demo])
def test_no_private_person_in_demo_data(module):
    import inspect

    source = inspect.getsource(module)
    found = [name for name in PRIVATE_NAMES if name in source]
    assert not found, f"Demo data names private persons: {found}"


# What the demo shows on the goals dashboard ---------------------------------------------------------------


@pytest.mark.django_db
def test_after_load_demo_every_goal_has_a_value_a_trend_and_a_status(client, settings):
    settings.DEBUG = True
    call_command("load_demo", "--with-users", stdout=StringIO())
    client.force_login(get_user_model().objects.get(username="styrgrupp"))
    response = client.get(reverse("goals-dashboard"))
    assert response.status_code == 200
    board = response.context["board"]
    assert board.period == last_full_year(timezone.localdate())
    statuses = {summary.goal.number: summary.status for summary in board.goals}
    assert set(statuses) == {1, 2, 3, 4, 5} and None not in statuses.values(), statuses
    for summary in board.goals:
        headline = summary.headline
        assert headline.has_data and headline.trend is not None, summary.goal.number
    # The same statuses straight from the computations, not only as the page shows them.
    direct = build_dashboard(board.period)
    assert {summary.goal.number: summary.status for summary in direct.goals} == statuses
    # Every indicator has its target, computed ones a baseline from the demo's own data.
    assert not Indicator.objects.filter(target_value__isnull=True).exists()
    assert not Indicator.objects.filter(baseline_value__isnull=True).exclude(code="days-to-fix").exists()


@pytest.mark.django_db
def test_demo_survey_police_list_and_hand_entered_measurements():
    call_command("load_demo", stdout=StringIO())
    waves = list(SurveyWave.objects.order_by("opens_on"))
    assert len(waves) == 2 and waves[1].opens_on.year == waves[0].opens_on.year + 1
    assert all(wave.responses.count() >= 10 and wave.results_published_at for wave in waves)
    assert Measurement.objects.filter(wave__in=waves).count() == 6
    hand = Measurement.objects.filter(wave__isnull=True)
    assert hand.count() == 3 and all("påhittad" in m.source for m in hand)
    assert dict(PoliceListEntry.objects.values_list("year", "status")) == {
        2017: "utsatt",
        2019: "utsatt",
        2021: "not_listed",
        2023: "not_listed",
        2025: "not_listed",
    }


@pytest.mark.django_db
def test_demo_head_counts_are_seasonal_and_fit_each_activity():
    call_command("load_demo", stdout=StringIO())
    today = timezone.localdate()
    first = demo_calendar.history_start(today)
    assert (today - first).days > 2 * 365
    rows = HeadCount.objects.filter(day__gte=first).values_list("occurrence__activity__title", "day", "band", "count")
    by_band, by_month = {}, Counter()
    for title, day, band, count in rows:
        by_band.setdefault(title, Counter())[band] += count
        if title == "Läxhjälp":
            by_month[day.month] += count
    homework, preschool = by_band["Läxhjälp"], by_band["Öppen förskola"]
    assert (homework["7-12"] + homework["13-15"]) > 0.7 * sum(homework.values())
    assert (preschool["0-6"] + preschool["26-64"]) > 0.75 * sum(preschool.values())
    assert by_band["Fotboll för unga"]["65+"] == 0
    # Homework help pauses in the summer break and at Christmas; autumn is busy.
    assert by_month[7] == 0 and by_month[9] > by_month[6] > 0
    assert not HeadCount.objects.filter(day__month=12, day__day__in=[24, 25, 26]).exists()
    # Drafts, internal meetings and cancelled dates get no counts (the counting rule).
    counted = Occurrence.objects.filter(attendance__isnull=False)
    assert counted.count() == Occurrence.objects.countable().filter(attendance__isnull=False).count()
    assert not Occurrence.objects.filter(start__gt=timezone.now(), attendance__isnull=False).exists()
