"""The dashboard, goal pages and report: what they show, bad parameters, constant query counts,
the cache and its refresh when attendance changes."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import attendance_services
from activities.models import ActivityForm, Venue
from goals import cache as goals_cache
from goals.models import Measurement
from tests.goals_support import count, make_activity, make_occurrence, make_wave

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 11, 15, 12, tzinfo=dt.UTC)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def steering(client_for):
    return client_for("steering")


@pytest.fixture
def some_data(organisation_a, venue):
    activity = make_activity(organisation_a, venue)
    count(make_occurrence(activity, dt.date(2025, 8, 20)), {("0-6", "f"): 4, ("0-6", "m"): 1, ("7-12", "f"): 3})
    count(make_occurrence(activity, dt.date(2024, 8, 20)), {("0-6", "f"): 2})
    return activity


def _more_data(organisation_a, organisation_b, venue, area):
    """Many more dates, forms, houses, measurements and survey answers."""
    house = Venue.objects.create(name="Föreningarnas hus", slug="foreningarnas-hus", area=area)
    forms = [ActivityForm.OPEN_ACTIVITY, ActivityForm.STUDY_CIRCLE, ActivityForm.CULTURAL_PROGRAMME]
    for number in range(24):
        activity = make_activity(
            organisation_a if number % 2 else organisation_b, house if number % 3 else venue,
            form=forms[number % 3], title=f"A{number}",
        )  # fmt: skip
        for months in range(0, 24, 3):
            day = dt.date(2023, 11, 5) + dt.timedelta(days=30 * months + number)
            occurrence = make_occurrence(activity, day)
            count(
                occurrence,
                {("13-15", "m"): number % 7 + 1, ("65+", "f"): 2},
                study_hours=2 if number % 3 == 1 else None,
            )
    wave = make_wave(opens=dt.date(2025, 3, 1), closes=dt.date(2025, 3, 31))
    from tests.goals_support import answer

    for number in range(12):
        answer(wave, safety="fairly_safe" if number % 3 else "very_unsafe", today=dt.date(2025, 3, 2))
    from goals import services

    services.record_wave_results(wave=wave)
    assert Measurement.objects.filter(wave=wave).count() == 3


def test_dashboard_shows_the_five_goals(steering, some_data):
    response = steering.get(reverse("goals-dashboard"), {"kvartal": "2025-Q3"}, **EN)
    assert response.status_code == 200
    content = response.content.decode()
    for number in range(1, 6):
        assert f'id="goal-{number}"' in content
    assert "Goals dashboard, Q3 2025" in content
    assert "How the status is decided" in content
    assert 'role="img"' in content and "<table" in content
    assert "No data yet" in content  # e.g. the survey


def test_default_period_is_the_last_full_year(steering):
    response = steering.get(reverse("goals-dashboard"), **EN)
    assert "Goals dashboard, 2024" in response.content.decode()
    assert '<option value="2024" selected>' in response.content.decode()
    assert "Without a choice, the dashboard shows the last full year" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kvartal": "2025-Q9"}, "The period was not understood, so 2024 is shown"),
        ({"kvartal": "x" * 500}, "The period was not understood, so 2024 is shown"),
        ({"period": "2025-H3"}, "The period was not understood, so 2024 is shown"),
        ({"period": "2031"}, "The period was not understood, so 2024 is shown"),
        ({"fran": "2025-03-01"}, "The dates from–to were not used: Give both a start date and an end date."),
        ({"fran": "2025-05-01", "till": "2025-04-01"}, "The end date is before the start date. 2024 is shown"),
        ({"fran": "2025-02-30", "till": "2025-04-01"}, "The dates from–to were not used: Enter a valid date."),
        ({"fran": "1990-01-01", "till": "2025-04-01"}, "Choose dates from 2000 to 2100."),
        ({"fran": "2001-01-01", "till": "2025-04-01"}, "Choose a range of at most 15 years."),
        ({"fran": "x" * 500, "till": "🙂"}, "Enter a valid date."),
        ({"hus": "no-such-house"}, "That house or place was not found"),
        ({"arrangor": "🙂"}, "That organisation was not found"),
        ({"aktivitet": "99999999999999999999"}, "That activity was not found"),
        ({"aktivitet": "abc"}, "That activity was not found"),
    ],
)
def test_bad_parameters_fall_back_with_a_message(steering, params, message):
    response = steering.get(reverse("goals-dashboard"), params, **EN)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Goals dashboard, 2024" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "title", "year_before"),
    [
        ({"period": "2025-H2"}, "H2 2025", "from H2 2024"),
        ({"period": "2025-08"}, "August 2025", "from August 2024"),
        ({"kvartal": "2025-Q3"}, "Q3 2025", "from Q3 2024"),
        (
            {"period": "", "fran": "2025-08-01", "till": "2025-08-31"},
            "1 August 2025 – 31 August 2025",
            "from 1 August 2024",
        ),
    ],
)
def test_the_period_picker(steering, some_data, params, title, year_before):
    content = steering.get(reverse("goals-dashboard"), params, **EN).content.decode()
    assert f"Goals dashboard, {title}" in content
    visits = content[content.index('id="indicator-visits"') :]
    visits = visits[: visits.index("</article>")]
    assert year_before in visits  # the same period a year earlier, whatever the kind
    assert "Nothing to compare with" not in visits.split("Change from a year earlier")[1].split("</dd>")[0]
    # The values in use are kept in the form and in the links.
    if "fran" in params:
        assert 'value="2025-08-01"' in content and "fran=2025-08-01&amp;till=2025-08-31" in content
    else:
        code = params.get("period") or params.get("kvartal")
        assert f'<option value="{code}" selected>' in content and f"period={code}" in content


def test_house_filter(steering, some_data, venue):
    response = steering.get(reverse("goals-dashboard"), {"kvartal": "2025-Q3", "hus": venue.slug}, **EN)
    content = response.content.decode()
    assert "Showing:" in content and venue.name in content
    assert "Not filtered by house or organisation" in content


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _queries(client, url, params):
    goals_cache.invalidate()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "args", "params"),
    [
        ("goals-dashboard", [], {"kvartal": "2025-Q3"}),
        ("goals-goal", [1], {"kvartal": "2025-Q3"}),
        ("goals-goal", [3], {"kvartal": "2025-Q3", "indelning": "manad"}),
        ("goals-goal", [4], {"kvartal": "2025-Q3", "indelning": "ar"}),
        ("goals-report", [], {"kvartal": "2025-Q3"}),
        ("goals-public", [], {}),
        ("goals-public", [], {"ar": "2025"}),
        ("goals-dashboard", [], {}),
        ("goals-dashboard", [], {"period": "2025-H1"}),
        ("goals-dashboard", [], {"period": "2025-08"}),
        ("goals-dashboard", [], {"fran": "2024-11-10", "till": "2025-08-20"}),
        ("goals-export-csv", [], {"period": "2024", "indelning": "manad"}),
    ],
)
def test_query_count_does_not_grow_with_the_data(
    client_for, some_data, organisation_a, organisation_b, venue, area, name, args, params
):
    client = client_for("steering")
    url = reverse(name, args=args)
    client.get(url, params)  # the roll-up is filled
    small = _queries(client, url, params)
    _more_data(organisation_a, organisation_b, venue, area)
    client.get(url, params)
    large = _queries(client, url, params)
    assert small == large


def test_dashboard_query_count_with_a_house_filter_is_constant(
    steering, some_data, organisation_a, organisation_b, venue, area
):
    params = {"kvartal": "2025-Q3", "hus": venue.slug, "arrangor": organisation_a.slug}
    small = _queries(steering, reverse("goals-dashboard"), params)
    _more_data(organisation_a, organisation_b, venue, area)
    assert _queries(steering, reverse("goals-dashboard"), params) == small


def test_dashboard_is_cached_and_refreshed_when_attendance_changes(steering, organisation_a, venue):
    activity = make_activity(organisation_a, venue)
    occurrence = make_occurrence(activity, dt.date(2025, 8, 20))
    url = reverse("goals-dashboard")
    first = steering.get(url, {"kvartal": "2025-Q3"}, **EN).content.decode()
    assert "No data yet" in first
    with CaptureQueriesContext(connection) as cached:
        again = steering.get(url, {"kvartal": "2025-Q3"}, **EN)
    assert _main(again.content.decode()) == _main(first)
    assert not any("activities_headcount" in q["sql"] or "goals_" in q["sql"] for q in cached.captured_queries)
    version = goals_cache.version()
    # A tally saved through the attendance service refreshes the cached dashboard.
    attendance_services.save_tally(
        occurrence_id=occurrence.pk, user=None, counts={"0-6:f": 7, "0-6:m": 6}, expected_version=0, now=NOW
    )
    assert goals_cache.version() != version
    refreshed = steering.get(url, {"kvartal": "2025-Q3"}, **EN).content.decode()
    assert refreshed != first
    assert '<dd class="goals-value">13' in refreshed.replace("\n", "")


def test_roll_up_follows_changes_of_attendance(steering, organisation_a, venue):
    from goals.indicators import DataSet
    from goals.models import Computation
    from goals.periods import Period

    activity = make_activity(organisation_a, venue)
    occurrence = make_occurrence(activity, dt.date(2025, 8, 20))
    quarter = Period.parse("2025-Q3")
    assert DataSet([quarter]).value(Computation.VISITS, 0) is None
    attendance_services.save_tally(
        occurrence_id=occurrence.pk, user=None, counts={"0-6:f": 3}, expected_version=0, now=NOW
    )
    assert DataSet([quarter]).value(Computation.VISITS, 0) == 3
    # The same total in other cells: the roll-up still notices (the summary's version changed).
    attendance_services.save_tally(
        occurrence_id=occurrence.pk, user=None, counts={"0-6:m": 3}, expected_version=1, now=NOW
    )
    data = DataSet([quarter])
    assert data.visits[0] == {("0-6", "f"): 0, ("0-6", "m"): 3}
    # Deleted through the bulk path without signals: noticed too.
    attendance_services.delete_head_counts_for(type(occurrence).objects.filter(pk=occurrence.pk))
    assert DataSet([quarter]).value(Computation.VISITS, 0) is None


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("per", ["manad", "kvartal", "ar"])
def test_goal_pages(steering, some_data, number, per):
    response = steering.get(reverse("goals-goal", args=[number]), {"kvartal": "2025-Q3", "indelning": per}, **EN)
    assert response.status_code == 200
    assert f"Goal #{number}" in response.content.decode()


def test_goal_page_of_a_year_per_quarter_shows_its_quarters(steering, some_data):
    params = {"period": "2025", "indelning": "kvartal"}
    content = steering.get(reverse("goals-goal", args=[4]), params, **EN).content.decode()
    visits = content[content.index('id="indicator-visits"') :]
    visits = visits[visits.index("against the same period a year earlier") :]
    visits = visits[: visits.index("</table>")]
    assert [f"Q{n} 2025" in visits for n in range(1, 5)] == [True] * 4
    assert '<th scope="row">2024</th>' not in visits
    one = steering.get(reverse("goals-goal", args=[1]), {"period": "2025-H2"}, **EN).content.decode()
    assert "Visits by age and gender, H2 2025" in one


def test_goal_one_shows_groups_and_the_reference(steering, some_data):
    content = steering.get(reverse("goals-goal", args=[1]), {"kvartal": "2025-Q3"}, **EN).content.decode()
    assert "Visits by age and gender, Q3 2025" in content
    assert "Under-reached" in content
    assert "an equal share for every age band" in content


def test_goal_two_shows_the_police_list(steering):
    content = steering.get(reverse("goals-goal", args=[2]), **EN).content.decode()
    assert "Norrköpings kommun, nyhet 2021-10-14" in content
    assert "Deadline 2023-08-19" in content


def test_unknown_goal_is_404(steering):
    assert steering.get(reverse("goals-goal", args=[99])).status_code == 404


def test_report_and_pdf(steering, some_data):
    response = steering.get(reverse("goals-report"), {"kvartal": "2025-Q3"}, **EN)
    assert "Goals report, Q3 2025" in response.content.decode()
    pdf = steering.get(reverse("goals-report-pdf"), {"kvartal": "2025-Q3"}, **EN)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_empty_database_says_no_data_yet_never_zero(steering):
    Measurement.objects.all().delete()
    content = steering.get(reverse("goals-dashboard"), {"kvartal": "2025-Q3"}, **EN).content.decode()
    assert content.count("No data yet") >= 10
    assert '<dd class="goals-value">0' not in content.replace("\n", "")
