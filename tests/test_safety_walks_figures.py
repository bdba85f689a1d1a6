"""Figures for goal #3 (found, handed over and fixed per walk and per quarter, median days to fix)
and the demo data."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safety_walks import selectors
from safety_walks.models import Deficiency, DeficiencyPhoto, ResidentReport, SafetyWalk, Status, StatusChange
from tests.test_safety_walks_support import advance, make_deficiency, make_walk, media  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_walks(area, organisation_a):
    first = make_walk(area, dt.date(2020, 9, 11))
    second = make_walk(area, dt.date(2020, 10, 5))
    a = advance(
        make_deficiency(first, party=organisation_a), Status.HANDED_OVER, Status.ACCEPTED, on=dt.date(2020, 9, 12)
    )
    advance(a, Status.FIXED, on=dt.date(2020, 9, 21))  # 10 days
    b = advance(
        make_deficiency(first, party=organisation_a), Status.HANDED_OVER, Status.ACCEPTED, on=dt.date(2020, 9, 12)
    )
    advance(b, Status.FIXED, on=dt.date(2020, 10, 11))  # 30 days
    advance(make_deficiency(first, party=organisation_a), Status.HANDED_OVER, on=dt.date(2020, 9, 12))
    c = advance(
        make_deficiency(second, party=organisation_a), Status.HANDED_OVER, Status.ACCEPTED, on=dt.date(2020, 10, 6)
    )
    advance(c, Status.FIXED, on=dt.date(2021, 1, 3))  # 90 days
    make_deficiency(second)
    return first, second


def test_figures_per_walk(two_walks):
    first, second = two_walks
    rows = selectors.figures_per_walk()
    assert [(row["date"], row["found"], row["handed_over"], row["fixed"]) for row in rows] == [
        (dt.date(2020, 9, 11), 3, 3, 2),
        (dt.date(2020, 10, 5), 2, 1, 1),
    ]
    assert rows[0]["walk"] == first


def test_figures_per_quarter(two_walks):
    rows = selectors.figures_per_quarter()
    assert rows == [
        {"year": 2020, "quarter": 3, "found": 3, "handed_over": 3, "fixed": 1},
        {"year": 2020, "quarter": 4, "found": 2, "handed_over": 1, "fixed": 1},
        {"year": 2021, "quarter": 1, "found": 0, "handed_over": 0, "fixed": 1},
    ]
    only_2020 = selectors.figures_per_quarter(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))
    assert [row["quarter"] for row in only_2020] == [3, 4]


def test_median_days_to_fix(two_walks, area):
    assert selectors.median_days_to_fix() == 30.0
    assert selectors.median_days_to_fix(end=dt.date(2020, 12, 31)) == 20.0
    assert selectors.median_days_to_fix(area=area, start=dt.date(2022, 1, 1)) is None


def test_verified_counts_as_fixed(two_walks, area):
    first, _second = two_walks
    later = make_walk(area, dt.date(2021, 4, 1))
    from safety_walks import services

    fixed = Deficiency.objects.filter(walk=first, status=Status.FIXED).first()
    services.change_status(deficiency=fixed, to_status=Status.VERIFIED, user=None, walk=later)
    assert selectors.figures_per_walk()[0]["fixed"] == 2
    assert selectors.median_days_to_fix() == 30.0


@pytest.mark.usefixtures("media")
def test_demo_walks_are_idempotent_and_follow_the_source(settings):
    with pytest.raises(CommandError):
        call_command("load_demo_safety_walks", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("load_demo_safety_walks", stdout=out)
    counts = (SafetyWalk.objects.count(), Deficiency.objects.count(), StatusChange.objects.count(),
              DeficiencyPhoto.objects.count(), ResidentReport.objects.count())  # fmt: skip
    assert counts[0] == 2 and counts[1] >= 8
    call_command("load_demo_safety_walks", stdout=(again := StringIO()))
    assert "0 new rows" in again.getvalue()
    assert (SafetyWalk.objects.count(), Deficiency.objects.count(), StatusChange.objects.count(),
            DeficiencyPhoto.objects.count(), ResidentReport.objects.count()) == counts  # fmt: skip
    pitch = Deficiency.objects.filter(place__startswith="Fotbollsplanen")
    assert pitch.count() == 2 and set(pitch.values_list("status", flat=True)) == {Status.VERIFIED}
    assert {check.walk.date for item in pitch for check in item.status_changes.filter(to_status=Status.VERIFIED)} == {
        dt.date(2020, 9, 21)
    }
    statuses = set(Deficiency.objects.values_list("status", flat=True))
    assert {Status.OBSERVED, Status.ACCEPTED, Status.FIXED, Status.VERIFIED, Status.DECLINED} <= statuses
    from tests.test_load_demo import PRIVATE_NAMES

    text = repr(list(Deficiency.objects.values_list("place", "description", "proposed_measure")))
    text += repr(list(SafetyWalk.objects.values_list("route", "summary")))
    assert not [name for name in PRIVATE_NAMES if name in text]
