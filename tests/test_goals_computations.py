"""The goals' arithmetic against small hand-counted examples: evenness, changes, status, suppression, periods."""

import datetime as dt

import pytest
from django.utils import translation

from goals import computations
from goals.computations import change, evenness, status_of, suppress_table, target_distribution
from goals.models import Direction, Status
from goals.periods import Period, PeriodError

BANDS = ["0-6", "7-12"]


def test_target_is_equal_bands_and_genders_by_default():
    target = target_distribution(BANDS)
    assert target == {("0-6", "f"): 0.25, ("0-6", "m"): 0.25, ("7-12", "f"): 0.25, ("7-12", "m"): 0.25}


def test_target_follows_a_reference_distribution_of_the_bands():
    target = target_distribution(BANDS, {"0-6": 40, "7-12": 60})
    assert target[("0-6", "f")] == pytest.approx(0.2)
    assert target[("7-12", "m")] == pytest.approx(0.3)


def test_evenness_by_hand():
    # 10 visits: girls 0-6: 4, boys 0-6: 1, girls 7-12: 3, boys 7-12: 2 -> shares .4 .1 .3 .2
    # against .25 each: |.15| + |.15| + |.05| + |.05| = .4, TVD = .2, score = .8
    visits = {("0-6", "f"): 4, ("0-6", "m"): 1, ("7-12", "f"): 3, ("7-12", "m"): 2}
    result = evenness(visits, target_distribution(BANDS))
    assert result.score == pytest.approx(0.8)
    assert result.scored_visits == 10
    # under half the target share (.125): only boys 0-6 with .1
    assert [(g.band, g.gender) for g in result.under_reached] == [("0-6", "m")]


def test_evenness_is_1_when_exactly_as_the_target_and_ignores_other_gender():
    visits = {("0-6", "f"): 5, ("0-6", "m"): 5, ("7-12", "f"): 5, ("7-12", "m"): 5, ("0-6", "x"): 7}
    result = evenness(visits, target_distribution(BANDS))
    assert result.score == pytest.approx(1.0)
    assert result.unscored_visits == 7
    assert result.under_reached == []


def test_evenness_against_a_population_reference():
    # target .2 .2 .3 .3; visits .4 .1 .3 .2 -> |.2|+|.1|+|0|+|.1| = .4 -> score .8
    visits = {("0-6", "f"): 4, ("0-6", "m"): 1, ("7-12", "f"): 3, ("7-12", "m"): 2}
    result = evenness(visits, target_distribution(BANDS, {"0-6": 40, "7-12": 60}))
    assert result.score == pytest.approx(0.8)


def test_evenness_without_visits_is_no_data_not_zero():
    assert evenness({}, target_distribution(BANDS)) is None
    assert evenness({("0-6", "x"): 3}, target_distribution(BANDS)) is None
    assert evenness({("0-6", "f"): 0}, target_distribution(BANDS)) is None


def test_total_variation_distance_of_disjoint_distributions_is_1():
    assert computations.total_variation_distance({"a": 1.0}, {"b": 1.0}) == 1.0


def test_change_and_direction():
    up = change(120, 100)
    assert up.difference == 20 and up.percent == 20 and up.movement == "up" and up.is_better
    down = change(80, 100, Direction.DECREASE)
    assert down.is_better
    assert change(None, 100) is None
    assert change(5, 0).percent is None
    assert change(3, 3).movement == "same"


AS_OF = dt.date(2025, 9, 30)


@pytest.mark.parametrize(
    ("value", "comparison", "direction", "expected"),
    [
        (110, 100, Direction.INCREASE, Status.ON_TRACK),
        (103, 100, Direction.INCREASE, Status.AT_RISK),
        (97, 100, Direction.INCREASE, Status.AT_RISK),
        (90, 100, Direction.INCREASE, Status.OFF_TRACK),
        (90, 100, Direction.DECREASE, Status.ON_TRACK),
        (110, 100, Direction.DECREASE, Status.OFF_TRACK),
        (5, 0, Direction.INCREASE, Status.ON_TRACK),
        (0, 0, Direction.INCREASE, Status.AT_RISK),
    ],
)
def test_status_without_target_compares_with_a_year_earlier(value, comparison, direction, expected):
    assert status_of(value=value, comparison=comparison, direction=direction, as_of=AS_OF) == expected


def test_status_without_anything_to_compare_is_none():
    assert status_of(value=10, comparison=None, direction=Direction.INCREASE, as_of=AS_OF) is None
    assert status_of(value=None, comparison=5, direction=Direction.INCREASE, as_of=AS_OF) is None


def test_status_along_the_straight_path_to_the_target():
    common = {
        "direction": Direction.INCREASE,
        "baseline": 100,
        "baseline_date": dt.date(2024, 12, 31),
        "target": 200,
        "deadline": dt.date(2026, 12, 31),
    }
    # Halfway in time (2025-12-31 is 365 of 730 days): the path expects 150.
    halfway = dt.date(2025, 12, 31)
    assert status_of(value=150, as_of=halfway, **common) == Status.ON_TRACK
    assert status_of(value=120, as_of=halfway, **common) == Status.AT_RISK
    assert status_of(value=100, as_of=halfway, **common) == Status.OFF_TRACK
    assert status_of(value=90, as_of=halfway, **common) == Status.OFF_TRACK
    assert status_of(value=200, as_of=halfway, **common) == Status.ON_TRACK
    # The deadline passed without the target: off track.
    assert status_of(value=190, as_of=dt.date(2027, 3, 31), **common) == Status.OFF_TRACK


def test_status_towards_a_target_value():
    assert status_of(value=50, target=50, direction=Direction.TARGET, as_of=AS_OF) == Status.ON_TRACK
    assert status_of(value=40, comparison=30, target=50, direction=Direction.TARGET, as_of=AS_OF) == Status.ON_TRACK
    assert status_of(value=30, comparison=40, target=50, direction=Direction.TARGET, as_of=AS_OF) == Status.OFF_TRACK


def test_police_list_status():
    deadline = dt.date(2023, 8, 19)
    assert computations.list_status(level=0, as_of=AS_OF, deadline=deadline) == Status.ON_TRACK
    assert computations.list_status(level=1, as_of=dt.date(2021, 3, 31), deadline=deadline) == Status.AT_RISK
    assert computations.list_status(level=1, as_of=AS_OF, deadline=deadline) == Status.OFF_TRACK
    assert computations.list_status(level=2, as_of=dt.date(2021, 3, 31), deadline=deadline, baseline=1) == (
        Status.OFF_TRACK
    )
    assert computations.list_status(level=None, as_of=AS_OF, deadline=deadline) is None


def test_worst_status():
    assert computations.worst([Status.ON_TRACK, None, Status.AT_RISK]) == Status.AT_RISK
    assert computations.worst([None, None]) is None


def test_small_cells_are_hidden_with_a_second_cell_in_their_row_and_column():
    table = {"0-6": {"f": 3, "m": 12}, "7-12": {"f": 20, "m": 30}}
    hidden = suppress_table(table)
    # 3 is under 5; its row and column would give it away from the totals, so 12 and 20 go too,
    # and then 30 (alone visible in both its row and its column) goes as well.
    assert hidden["0-6"]["f"] is None
    assert hidden["0-6"]["m"] is None
    assert hidden["7-12"]["f"] is None
    assert hidden["7-12"]["m"] is None


def test_suppression_leaves_tables_without_small_cells_alone():
    table = {"0-6": {"f": 5, "m": 12}, "7-12": {"f": 20, "m": 30}}
    assert suppress_table(table) == table


def test_suppression_with_two_small_cells_in_a_row():
    table = {"a": {"f": 2, "m": 4, "x": 50}, "b": {"f": 10, "m": 11, "x": 60}, "c": {"f": 12, "m": 13, "x": 70}}
    hidden = suppress_table(table)
    assert hidden["a"] == {"f": None, "m": None, "x": 50}
    # the columns f and m each had one hidden cell: their smallest visible cells go too
    assert hidden["b"]["f"] is None and hidden["b"]["m"] is None
    assert hidden["c"] == {"f": 12, "m": 13, "x": 70}


def test_single_values():
    assert computations.suppress(4) is None
    assert computations.suppress(0) is None
    assert computations.suppress(5) == 5
    assert computations.suppress(None) is None


def test_median():
    assert computations.median([10, 30, 90]) == 30
    assert computations.median([10, 30]) == 20
    assert computations.median([]) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2025", "2025"),
        ("2025-Q3", "2025-Q3"),
        ("2025-q3", "2025-Q3"),
        ("2025 Q3", "2025-Q3"),
        ("Q3 2025", "2025-Q3"),
        ("kv 3 2025", "2025-Q3"),
        ("2025-7", "2025-07"),
        ("2025-07", "2025-07"),
        ("2025-07-14", "2025-07-14"),
    ],
)
def test_periods_people_type(text, code):
    assert Period.parse(text).code == code


@pytest.mark.parametrize("text", ["", "2025-Q5", "2025-13", "2025-02-30", "next year", "1899", "2025-Q0", "🙂"])
def test_unknown_periods_have_a_message(text):
    with pytest.raises(PeriodError) as error:
        Period.parse(text)
    assert str(error.value)


def test_period_arithmetic():
    q = Period.parse("2025-Q1")
    assert q.previous().code == "2024-Q4"
    assert q.year_before().code == "2024-Q1"
    assert [p.code for p in q.series(3)] == ["2024-Q3", "2024-Q4", "2025-Q1"]
    assert Period.parse("2025-01").previous().code == "2024-12"
    assert Period.parse("2025").within("quarter")[-1].code == "2025-Q4"
    assert q.end == dt.date(2025, 3, 31)
    assert Period.parse("2024-02-29").year_before().code == "2023-02-28"


def test_half_years():
    half = Period.parse_choice("2025-H2")
    assert (half.start, half.end, half.code) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31), "2025-H2")
    assert Period.parse_choice("2025 halvår 1").code == "2025-H1"
    assert half.previous().code == "2025-H1" and half.shift(1).code == "2026-H1"
    assert half.year_before().code == "2024-H2"
    assert [p.code for p in half.within("quarter")] == ["2025-Q3", "2025-Q4"]
    assert Period.parse_choice("2025-Q3").code == "2025-Q3"  # the other kinds as before
    with pytest.raises(PeriodError):
        Period.parse_choice("2025-H3")
    with pytest.raises(PeriodError):
        Period.parse_choice("1999-H1")


def test_free_ranges():
    span = Period.between(dt.date(2024, 2, 10), dt.date(2024, 5, 20))
    assert span.code == "2024-02-10_2024-05-20" and not span.is_whole_months
    assert span.previous() == Period.between(dt.date(2023, 11, 1), dt.date(2024, 2, 9))  # 101 days before
    assert span.year_before() == Period.between(dt.date(2023, 2, 10), dt.date(2023, 5, 20))
    assert span.steps_per_year() is None
    pieces = span.pieces("month")
    assert [(p.start, p.end) for p in pieces] == [
        (dt.date(2024, 2, 10), dt.date(2024, 2, 29)),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 31)),
        (dt.date(2024, 4, 1), dt.date(2024, 4, 30)),
        (dt.date(2024, 5, 1), dt.date(2024, 5, 20)),
    ]
    assert [p.code for p in pieces[1:3]] == ["2024-03", "2024-04"]  # whole months stay months
    assert Period.between(dt.date(2024, 2, 29), dt.date(2024, 3, 31)).year_before().start == dt.date(2023, 2, 28)
    with translation.override("en"), pytest.raises(PeriodError, match="before the start"):
        Period.between(dt.date(2024, 5, 1), dt.date(2024, 4, 1))
    with pytest.raises(PeriodError):
        Period.between(dt.date(1990, 1, 1), dt.date(2024, 4, 1))
