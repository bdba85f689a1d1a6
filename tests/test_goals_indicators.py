"""Indicators computed from small hand-counted datasets: visits, evenness, dates held, popular
education, study hours, year-over-year comparisons, deficiencies, the police list, filters."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from activities.models import Activity, ActivityForm, Organisation, Venue
from goals import queries
from goals.dashboard import build_dashboard
from goals.detail import build_goal_detail
from goals.indicators import DataSet, Filters
from goals.models import Computation, Goal, PeriodKind, Status
from goals.periods import Period
from safety_walks import selectors as safety_selectors
from safety_walks.models import Status as DeficiencyStatus
from tests.goals_support import count, make_activity, make_occurrence
from tests.test_safety_walks_support import advance, make_deficiency, make_walk

pytestmark = pytest.mark.django_db

Q3_2025 = Period.parse("2025-Q3")
Q3_2024 = Period.parse("2024-Q3")
NOW = dt.datetime(2025, 11, 15, 12, tzinfo=dt.UTC)


@pytest.fixture
def other_venue(area):
    return Venue.objects.create(name="Idrottens hus", slug="idrottens-hus", area=area)


@pytest.fixture
def dataset(organisation_a, organisation_b, venue, other_venue):
    """Hand-counted: two quarters a year apart.

    2024-Q3: one open activity date at Kunskapens hus with 6 visits.
    2025-Q3: at Kunskapens hus an open date (10 visits: girls 0-6 4, boys 0-6 1, girls 7-12 3,
    boys 7-12 2) and a study-circle session of 3 study hours; at Idrottens hus a cultural programme
    by organisation B (5 visits of gender "other"); a cancelled date, an internal meeting, a draft,
    and a date in the future are not held.
    """
    open_activity = make_activity(organisation_a, venue, title="Läxhjälp")
    circle = make_activity(organisation_a, venue, form=ActivityForm.STUDY_CIRCLE, title="Cirkel")
    culture = make_activity(organisation_b, other_venue, form=ActivityForm.CULTURAL_PROGRAMME, title="Konsert")
    meeting = make_activity(organisation_a, venue, form=ActivityForm.INTERNAL_MEETING, title="Möte")
    draft = make_activity(organisation_a, venue, title="Utkast", status=Activity.Status.DRAFT)

    count(make_occurrence(open_activity, dt.date(2024, 8, 20)), {("0-6", "f"): 3, ("0-6", "m"): 3})
    count(
        make_occurrence(open_activity, dt.date(2025, 8, 20)),
        {("0-6", "f"): 4, ("0-6", "m"): 1, ("7-12", "f"): 3, ("7-12", "m"): 2},
    )
    count(make_occurrence(circle, dt.date(2025, 9, 3), hours=2.5), {("26-64", "f"): 4}, study_hours=3)
    count(make_occurrence(culture, dt.date(2025, 7, 1)), {("26-64", "x"): 5})
    make_occurrence(open_activity, dt.date(2025, 8, 27), cancelled=True)
    make_occurrence(meeting, dt.date(2025, 8, 28))
    make_occurrence(draft, dt.date(2025, 8, 29))
    make_occurrence(open_activity, dt.date(2025, 12, 2))  # after NOW
    return {"open": open_activity, "circle": circle, "culture": culture}


def _data(periods, **filters):
    return DataSet(periods, filters=Filters(**filters), now=NOW)


def test_visits_per_quarter(dataset):
    data = _data(Q3_2025.series(5))
    assert data.values(Computation.VISITS) == [6, None, None, None, 10 + 4 + 5]


def test_dates_held_and_popular_education(dataset):
    data = _data([Q3_2025])
    # open date, study-circle session, cultural programme; not the cancelled, internal, draft or future ones
    assert data.value(Computation.OCCURRENCES_HELD, 0) == 3
    assert data.value(Computation.POPULAR_EDUCATION, 0) == 2
    assert data.occurrences[0]["by_form"] == {"annan_folkbildning": 0, "kulturprogram": 1, "studiecirkel": 1}


def test_study_hours(dataset):
    assert _data([Q3_2025]).value(Computation.STUDY_HOURS, 0) == 3
    assert _data([Q3_2024]).value(Computation.STUDY_HOURS, 0) is None  # no circle: no data, not 0


def test_months_and_years(dataset):
    months = _data(Period.month(2025, 9).series(3))
    assert months.values(Computation.OCCURRENCES_HELD) == [1, 1, 1]  # July, August, September
    years = _data([Period.year(2024), Period.year(2025)])
    assert years.values(Computation.OCCURRENCES_HELD) == [1, 3]


def test_a_cancelled_activity_is_not_held(dataset):
    Activity.objects.filter(pk=dataset["culture"].pk).update(status=Activity.Status.CANCELLED)
    assert _data([Q3_2025]).value(Computation.OCCURRENCES_HELD, 0) == 2


def test_evenness_from_the_database(dataset):
    data = _data([Q3_2025])
    result = data.evenness(0)
    # Scored cells (7 bands x 2 genders, equal target 1/14 each): girls 0-6 4, boys 0-6 1,
    # girls 7-12 3, boys 7-12 2, women 26-64 4 of 14 scored visits; "other" (5) is not scored.
    shares = [4 / 14, 1 / 14, 3 / 14, 2 / 14, 4 / 14]
    tvd = 0.5 * (sum(abs(share - 1 / 14) for share in shares) + 9 * (1 / 14))
    assert result.score == pytest.approx(1 - tvd)
    assert result.unscored_visits == 5
    assert data.value(Computation.UNDER_REACHED, 0) == 9  # the nine groups nobody from


def test_filters_by_house_and_organisation(dataset, venue, other_venue, organisation_b):
    assert _data([Q3_2025], venue=venue).value(Computation.VISITS, 0) == 14
    assert _data([Q3_2025], venue=other_venue).value(Computation.VISITS, 0) == 5
    assert _data([Q3_2025], organisation=organisation_b).value(Computation.OCCURRENCES_HELD, 0) == 1
    assert _data([Q3_2025], venue=venue, organisation=organisation_b).value(Computation.VISITS, 0) is None


def test_a_date_moved_to_another_venue_counts_there(dataset, other_venue):
    moved = make_occurrence(dataset["open"], dt.date(2025, 9, 10), venue=other_venue)
    count(moved, {("65+", "f"): 7})
    assert _data([Q3_2025], venue=other_venue).value(Computation.VISITS, 0) == 12


def test_co_organisers_count_for_their_organisation(dataset, organisation_b):
    dataset["open"].co_organisers.add(organisation_b)
    assert _data([Q3_2025], organisation=organisation_b).value(Computation.OCCURRENCES_HELD, 0) == 2


def test_local_quarter_boundaries(organisation_a, venue):
    # 23:30 on 30 September local time is 21:30 UTC: still Q3 in Norrköping.
    activity = make_activity(organisation_a, venue)
    make_occurrence(activity, dt.date(2025, 9, 30), hour=23, hours=0.5)
    data = _data([Q3_2025, Q3_2025.shift(1)])
    assert data.values(Computation.OCCURRENCES_HELD) == [1, None]


@time_machine.travel(NOW, tick=False)
def test_year_over_year_on_the_dashboard(dataset):
    board = build_dashboard(Q3_2025)
    visits = next(s for s in board.indicators if s.indicator.code == "visits")
    assert visits.current.value == 19
    assert visits.year_before.value == 6
    assert visits.year_over_year.difference == 13
    assert visits.previous.value is None  # Q2 2025: no data
    assert visits.trend is None
    assert visits.status == Status.ON_TRACK  # better than a year earlier by more than 5 %
    held = next(s for s in board.indicators if s.indicator.code == "occurrences-held")
    assert held.year_before.value == 1 and held.current.value == 3


@time_machine.travel(NOW, tick=False)
def test_goal_page_per_month_quarter_and_year(dataset):
    goal = Goal.objects.get(number=4)
    per_month = build_goal_detail(goal, Q3_2025, PeriodKind.MONTH)
    visits = next(d for d in per_month.indicators if d.summary.indicator.code == "visits")
    assert [row.point.period.code for row in visits.rows][-3:] == ["2025-07", "2025-08", "2025-09"]
    august = next(row for row in visits.rows if row.point.period.code == "2025-08")
    assert august.point.value == 10 and august.year_before.value == 6 and august.change.difference == 4
    per_year = build_goal_detail(goal, Q3_2025, PeriodKind.YEAR)
    held = next(d for d in per_year.indicators if d.summary.indicator.code == "occurrences-held")
    assert [(row.point.period.code, row.point.value) for row in held.rows][-2:] == [("2024", 1), ("2025", 3)]


def test_no_data_yet_is_none_never_zero():
    board = build_dashboard(Q3_2025)
    for summary in board.indicators:
        if summary.indicator.computation != Computation.POLICE_LIST:
            assert summary.current is None or summary.current.value is None, summary.indicator.code
            assert summary.status is None


@pytest.fixture
def deficiencies(area, organisation_a):
    """Found on 2025-07-01, fixed after 10, 30 and 90 days (all in 2025-Q3); one still open."""
    walk = make_walk(area, dt.date(2025, 7, 1))
    a = advance(make_deficiency(walk, party=organisation_a), DeficiencyStatus.HANDED_OVER, DeficiencyStatus.ACCEPTED,
                on=dt.date(2025, 7, 2))  # fmt: skip
    advance(a, DeficiencyStatus.FIXED, on=dt.date(2025, 7, 11))
    b = advance(make_deficiency(walk, party=organisation_a), DeficiencyStatus.HANDED_OVER, DeficiencyStatus.ACCEPTED,
                on=dt.date(2025, 7, 2))  # fmt: skip
    advance(b, DeficiencyStatus.FIXED, on=dt.date(2025, 7, 31))
    c = advance(make_deficiency(walk, party=organisation_a), DeficiencyStatus.HANDED_OVER, DeficiencyStatus.ACCEPTED,
                on=dt.date(2025, 7, 2))  # fmt: skip
    advance(c, DeficiencyStatus.FIXED, on=dt.date(2025, 9, 29))
    make_deficiency(walk)
    return walk


def test_median_days_to_fix_and_fixed_per_quarter(deficiencies):
    days = sorted((d.fixed_on - d.found_on).days for d in deficiencies.deficiencies.filter(fixed_on__isnull=False))
    assert days == [10, 30, 90]
    data = _data([Q3_2025, Q3_2025.shift(1)])
    assert data.values(Computation.DEFICIENCIES_FIXED) == [3, 0]
    assert data.values(Computation.DAYS_TO_FIX) == [30, None]
    # The same measure as the safety-walk app's own selector.
    assert safety_selectors.median_days_to_fix(start=Q3_2025.start, end=Q3_2025.end) == 30


def test_fixed_before_any_deficiency_is_no_data(deficiencies):
    assert _data([Period.parse("2024-Q1")]).value(Computation.DEFICIENCIES_FIXED, 0) is None


def test_police_list_status_per_period():
    data = _data([Period.parse("2018-Q2"), Period.parse("2018-Q3")])
    assert data.value(Computation.POLICE_LIST, 0) == 1  # the 2017 list: utsatt område
    assert _data([Period.parse("2022-Q1")]).value(Computation.POLICE_LIST, 0) == 0
    assert _data([Period.parse("2016-Q1")]).value(Computation.POLICE_LIST, 0) is None


@time_machine.travel(NOW, tick=False)
def test_police_list_on_the_dashboard():
    board = build_dashboard(Period.parse("2025-Q3"))
    police = next(s for s in board.indicators if s.indicator.code == "police-list-status")
    assert [(p.period.code, p.value) for p in police.points] == [
        ("2017", 1), ("2019", 1), ("2021", 0), ("2023", 0), ("2025", 0)
    ]  # fmt: skip
    assert police.status == Status.ON_TRACK
    early = build_dashboard(Period.parse("2020-Q4"))
    assert next(s for s in early.indicators if s.indicator.code == "police-list-status").status == Status.AT_RISK


def test_queries_need_periods_without_gaps():
    with pytest.raises(ValueError):
        queries.visits_by_cell([Period.parse("2025-Q1"), Period.parse("2025-Q3")])


def test_hand_entered_values_fill_in_where_the_portal_has_none(dataset, users):
    from goals import services
    from goals.models import Indicator

    indicator = Indicator.objects.get(code="visits")
    services.record_measurement(
        indicator=indicator, period="2025-Q2", value="250", source="Kunskapens hus besöksstatistik",
        user=users["steering"], today=dt.date(2025, 11, 1),
    )  # fmt: skip
    with time_machine.travel(NOW, tick=False):
        board = build_dashboard(Q3_2025)
        visits = next(s for s in board.indicators if s.indicator.code == "visits")
        assert visits.previous.value == 250 and visits.previous.entered_by_hand
        # With a house filter the area-wide figure does not apply.
        filtered = build_dashboard(Q3_2025, filters=Filters(venue=Venue.objects.get(slug="kunskapens-hus")))
        assert next(s for s in filtered.indicators if s.indicator.code == "visits").previous.value is None


def test_organisations_fixture_kinds(organisation_a):
    assert organisation_a.kind == Organisation.Kind.TENANTS_UNION
    assert timezone.get_current_timezone_name() == "Europe/Stockholm"


@time_machine.travel(NOW, tick=False)
def test_goal_five_shows_dates_per_form(dataset):
    detail = build_goal_detail(Goal.objects.get(number=5), Q3_2025, PeriodKind.QUARTER)
    assert [value for value, _label in detail.popular_forms] == ["studiecirkel", "kulturprogram", "annan_folkbildning"]
    period, counts = detail.popular_rows[-1]
    assert period == Q3_2025 and counts == [1, 1, 0]
    assert detail.popular_rows[0][1] == [None, None, None]  # Q4 2024: no dates held, no data
