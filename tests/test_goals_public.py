"""The public summary: aggregates only, every group under 5 people hidden, no personal data."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from goals import services
from tests.goals_support import answer, count, make_activity, make_occurrence, make_wave

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 11, 15, 12, tzinfo=dt.UTC)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _page(**params) -> str:
    response = Client().get(reverse("goals-public"), params or {"ar": "2025"}, **EN)
    assert response.status_code == 200
    return response.content.decode()


def test_public_summary_without_data():
    content = _page()
    assert "KLOCKET's goals: how we are doing" in content
    assert "No data yet" in content
    assert "Not on the list" in content  # the police list is public


def test_small_groups_are_hidden(organisation_a, venue):
    activity = make_activity(organisation_a, venue)
    # 2025: girls 7-12: 40, boys 7-12: 3 (hidden), girls 13-15: 20, boys 13-15: 30.
    count(
        make_occurrence(activity, dt.date(2025, 8, 20)),
        {("7-12", "f"): 40, ("7-12", "m"): 3, ("13-15", "f"): 20, ("13-15", "m"): 30, ("65+", "x"): 2},
    )
    content = _page()
    table = content[content.index("Visits by age and gender, 2025") :]
    table = table[: table.index("</table>")]
    assert ">40<" not in table  # hidden with the 3 in its row (its total would give the 3 away)
    assert ">3<" not in table
    assert "fewer than 5" in table
    assert "Visits counted as other or not stated gender: fewer than 5" in content
    assert "Hyresgästföreningen driver" not in content


def test_a_small_total_of_visits_is_hidden(organisation_a, venue):
    activity = make_activity(organisation_a, venue)
    count(make_occurrence(activity, dt.date(2025, 8, 20)), {("7-12", "f"): 3})
    content = _page()
    row = content[content.index("Visits counted</th>") :]
    row = row[: row.index("</tr>")]
    assert "fewer than 5" in row


def test_survey_results_with_small_groups(client_for):
    wave = make_wave(opens=dt.date(2025, 3, 1), closes=dt.date(2025, 3, 31))
    for number in range(12):
        answer(wave, safety="very_unsafe" if number < 2 else "fairly_safe", today=dt.date(2025, 3, 2))
    services.record_wave_results(wave=wave)
    content = _page()
    assert "Safety survey Hösten 2026" in content
    assert "(12 answers)" in content
    # 10 feel safe, 2 unsafe: the share of the 2 (and so of the 10) is not shown
    assert "not shown (a group of fewer than 5 people)" in content
    assert "83.3" not in content and "16.7" not in content


def test_public_summary_is_cached(organisation_a, venue):
    first = _page()
    activity = make_activity(organisation_a, venue)
    count(make_occurrence(activity, dt.date(2025, 8, 20)), {("7-12", "f"): 40})
    assert _page() != first  # saving attendance refreshed it
