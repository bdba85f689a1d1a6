"""Issue #13, the steering group's yearly questions: head counts entered for 2020 at Kunskapens hus
are read back for "2020, Kunskapens hus" on the dashboard, in the exports and on the public page.

The data is written through the services (a single date per occurrence, a tally per date), as
staff enter it.
"""

import csv
import datetime as dt
import io
import re
from collections import Counter

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from activities import attendance_services, services
from activities.models import Venue
from goals import cache as goals_cache
from tests.goals_support import at, make_activity

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 11, 15, 12, tzinfo=dt.UTC)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

# (day, house, cells): Kunskapens hus ("kh") in 2020 and around it, and another house ("fh").
TALLIES = [
    (dt.date(2019, 12, 31), "kh", {"0-6:f": 9}),  # the year before
    (dt.date(2020, 1, 1), "kh", {"0-6:f": 4, "7-12:m": 6}),
    (dt.date(2020, 2, 10), "kh", {"7-12:f": 8, "7-12:m": 2, "65+:x": 1}),
    (dt.date(2020, 3, 3), "fh", {"0-6:f": 50}),  # not at Kunskapens hus
    (dt.date(2020, 5, 20), "kh", {"13-15:m": 12, "26-64:f": 7}),
    (dt.date(2020, 9, 1), "kh", {"26-64:f": 3, "26-64:m": 5, "13-15:m": 1}),
    (dt.date(2020, 12, 31), "kh", {"65+:f": 11, "0-6:f": 2}),
    (dt.date(2021, 1, 1), "kh", {"65+:f": 40}),  # the year after
]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def houses(area, venue):
    return {"kh": venue, "fh": Venue.objects.create(name="Föreningarnas hus", slug="foreningarnas-hus", area=area)}


@pytest.fixture
def tallies(organisation_a, houses):
    activities = {key: make_activity(organisation_a, house, title=f"Öppet hus {key}") for key, house in houses.items()}
    for day, key, counts in TALLIES:
        occurrence = services.create_single_occurrence(
            activity=activities[key], start=at(day), end=at(day) + dt.timedelta(hours=2)
        )
        attendance_services.save_tally(
            occurrence_id=occurrence.pk, user=None, counts=counts, expected_version=0, now=NOW
        )
    return activities


def expected(start: dt.date, end: dt.date, house="kh") -> Counter:
    cells = Counter()
    for day, key, counts in TALLIES:
        if start <= day <= end and key == house:
            for cell, value in counts.items():
                band, gender = cell.split(":")
                cells[(band, gender)] += value
    return cells


def _visits_table(html: str, caption: str) -> list[list[str]]:
    table = html[html.index(caption) :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [[cell.strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


def test_2020_at_kunskapens_hus_on_the_dashboard(client_for, tallies, venue):
    response = client_for("steering").get(reverse("goals-dashboard"), {"period": "2020", "hus": venue.slug}, **EN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Goals dashboard, 2020" in content and "Showing: Kunskapens hus." in content
    rows = _visits_table(content, "Visits by age and gender, 2020</caption>")
    assert rows[0] == ["Age", "Girl or woman", "Boy or man", "Other or not stated", "Total"]
    cells = expected(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    genders = ["f", "m", "x"]
    body, footer = rows[1:-1], rows[-1]
    for row in body:
        band = row[0].replace("–", "-").split(" ")[0]
        values = [int(value) for value in row[1:]]
        assert values[:3] == [cells[(band, gender)] for gender in genders], band
        assert values[3] == sum(values[:3])
    column_totals = [sum(cells[(b, g)] for b, g in cells if g == gender) for gender in genders]
    assert footer == ["Total", *map(str, column_totals), str(sum(cells.values()))]
    year_total = sum(cells.values())
    assert year_total == 62  # the 2020 tallies at Kunskapens hus, not the 50 elsewhere, not 2019 or 2021
    # The goal #4 figure is the same year total, against 2019's.
    visits = content[content.index('id="indicator-visits"') :]
    visits = visits[: visits.index("</article>")]
    assert f'<dd class="goals-value">{year_total}' in visits.replace("\n", "")
    assert "from 2019" in visits


def test_2020_query_count_does_not_grow_with_the_data(client_for, tallies, venue, organisation_a):
    client = client_for("steering")
    params = {"period": "2020", "hus": venue.slug}
    goals_cache.invalidate()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("goals-dashboard"), params)
    activity = make_activity(organisation_a, venue, title="Läxhjälp")
    for number in range(30):
        day = dt.date(2020, 1, 5) + dt.timedelta(days=11 * number)
        occurrence = services.create_single_occurrence(activity=activity, start=at(day), end=at(day, 18))
        attendance_services.save_tally(
            occurrence_id=occurrence.pk, user=None, counts={"7-12:f": number + 1}, expected_version=0, now=NOW
        )
    goals_cache.invalidate()
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("goals-dashboard"), params)
    assert len(large) == len(small)


def test_activity_filter(client_for, tallies, organisation_a, venue):
    other = make_activity(organisation_a, venue, title="Läxhjälp")
    day = dt.date(2020, 6, 2)
    occurrence = services.create_single_occurrence(activity=other, start=at(day), end=at(day, 18))
    attendance_services.save_tally(
        occurrence_id=occurrence.pk, user=None, counts={"7-12:f": 30}, expected_version=0, now=NOW
    )
    client = client_for("steering")
    whole = client.get(reverse("goals-dashboard"), {"period": "2020", "hus": venue.slug}, **EN).content.decode()
    assert _visits_table(whole, "Visits by age and gender, 2020</caption>")[-1][-1] == "92"
    one = client.get(reverse("goals-dashboard"), {"period": "2020", "aktivitet": other.pk}, **EN).content.decode()
    assert "Showing: Läxhjälp." in one
    assert _visits_table(one, "Visits by age and gender, 2020</caption>")[-1] == ["Total", "30", "0", "0", "30"]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_2020_is_exported_per_quarter_and_month(client_for, tallies, venue):
    client = client_for("steering")
    response = client.get(reverse("goals-export-csv"), {"period": "2020", "hus": venue.slug})
    assert 'filename="klocket-mal-2020-kvartal.csv"' in response["Content-Disposition"]
    rows = {(row[2], row[4]): row for row in _csv(response)[1:]}
    for number, (start, end) in enumerate(
        [((1, 1), (3, 31)), ((4, 1), (6, 30)), ((7, 1), (9, 30)), ((10, 1), (12, 31))], start=1
    ):
        total = sum(expected(dt.date(2020, *start), dt.date(2020, *end)).values())
        before = sum(expected(dt.date(2019, *start), dt.date(2019, *end)).values())
        row = rows[("visits", f"2020-Q{number}")]
        assert row[7] == (str(total) if total else "")
        assert row[8] == (str(before) if before else "")
        assert row[12] == "hus/plats: Kunskapens hus"
    assert rows[("visits", "2020-Q4")][8] == "9"  # 31 December 2019
    months = _csv(client.get(reverse("goals-export-csv"), {"period": "2020", "indelning": "manad", "hus": venue.slug}))
    visits = {row[4]: row[7] for row in months if row[2] == "visits"}
    assert len(visits) == 12 and visits["2020-02"] == "11" and visits["2020-12"] == "13"
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("goals-export-xlsx"), {"period": "2020", "indelning": "ar"}).content)
    )
    year = next(r for r in workbook["Serier"].iter_rows(values_only=True) if r[2] == "visits" and r[4] == "2020")
    assert year[7] == 112 and year[8] == 9  # every house: 62 + 50; 2019: 9


def test_2020_per_half_year(client_for, tallies, venue):
    client = client_for("steering")
    rows = _csv(client.get(reverse("goals-export-csv"), {"period": "2020", "indelning": "halvar", "hus": venue.slug}))
    visits = [(row[4], row[7]) for row in rows if row[2] == "visits"]
    first = sum(expected(dt.date(2020, 1, 1), dt.date(2020, 6, 30)).values())
    assert visits == [("2020-H1", str(first)), ("2020-H2", str(62 - first))]
    page = client.get(reverse("goals-goal", args=[4]), {"period": "2020", "indelning": "halvar"}, **EN)
    assert page.status_code == 200 and "H2 2020" in page.content.decode()


def test_a_free_range_is_exact_to_the_day(client_for, tallies, venue):
    client = client_for("steering")
    params = {"fran": "2020-02-10", "till": "2020-05-20", "indelning": "manad", "hus": venue.slug}
    rows = _csv(client.get(reverse("goals-export-csv"), params))
    visits = [(row[4], row[7]) for row in rows if row[2] == "visits"]
    assert visits == [
        ("2020-02-10_2020-02-29", "11"),
        ("2020-03", ""),
        ("2020-04", ""),
        ("2020-05-01_2020-05-20", "19"),
    ]
    # On the dashboard, with and without the house filter (the roll-up and the raw counts agree).
    for extra, total in [({"hus": venue.slug}, 30), ({}, 80)]:
        page = client.get(reverse("goals-dashboard"), {"fran": "2020-02-10", "till": "2020-05-20", **extra}, **EN)
        content = page.content.decode()
        assert "10 February 2020 – 20 May 2020" in content
        table = _visits_table(content, "Visits by age and gender, 10 February 2020 – 20 May 2020</caption>")
        assert table[-1][-1] == str(total)


def test_public_page_year_choice_hides_small_cells(client, tallies):
    content = client.get(reverse("goals-public"), {"ar": "2020"}, **EN).content.decode()
    assert '<option value="2020" selected>' in content
    rows = _visits_table(content, "Visits by age and gender, 2020</caption>")
    assert rows[0] == ["Age", "Girl or woman", "Boy or man"]
    whole_area = Counter()
    for house in ("kh", "fh"):
        whole_area.update(expected(dt.date(2020, 1, 1), dt.date(2020, 12, 31), house))
    shown = 0
    for row in rows[1:]:
        band = row[0].replace("–", "-").split(" ")[0]
        for gender, text in zip(["f", "m"], row[1:], strict=True):
            true = whole_area[(band, gender)]
            if text == "fewer than 5":
                continue
            shown += 1
            assert int(text) == true >= 5  # a shown cell is the real figure, never under 5
            assert true >= 5
    assert shown >= 2
    assert by_cell(rows, "7-12") == ["8", "8"]
    assert by_cell(rows, "0-6") == ["fewer than 5", "fewer than 5"]  # no boys: the 0, and with it the 56
    assert by_cell(rows, "65+") == ["fewer than 5", "fewer than 5"]  # 11 girls hidden with the 0 of its row
    # Another year shows its own figures; the default is the last full year.
    assert (
        "Visits by age and gender, 2021" in client.get(reverse("goals-public"), {"ar": "2021"}, **EN).content.decode()
    )
    assert "Here are the figures for 2024" in client.get(reverse("goals-public"), **EN).content.decode()


def by_cell(rows, band: str) -> list[str]:
    return next(row[1:] for row in rows[1:] if row[0].replace("–", "-").startswith(band))


@pytest.mark.parametrize("year", ["1999", "2030", "abc", "2020-Q1", "9" * 30])
def test_public_page_bad_year(client, year):
    response = client.get(reverse("goals-public"), {"ar": year}, **EN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "That year is not one we have figures for, so 2024 is shown." in content
    assert '<option value="2024" selected>' in content
