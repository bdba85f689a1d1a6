"""CSV and XLSX of every indicator's series, read back."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from goals.exports import HEADER
from goals.models import Indicator
from tests.goals_support import count, make_activity, make_occurrence

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 11, 15, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def visits(organisation_a, venue):
    activity = make_activity(organisation_a, venue)
    count(make_occurrence(activity, dt.date(2025, 8, 20)), {("0-6", "f"): 4, ("0-6", "m"): 1})
    count(make_occurrence(activity, dt.date(2024, 8, 20)), {("0-6", "f"): 2})
    count(make_occurrence(activity, dt.date(2024, 9, 20)), {("0-6", "m"): 2})


def _csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_read_back(client_for, visits):
    response = client_for("steering").get(reverse("goals-export-csv"), {"period": "2025"})
    assert 'filename="klocket-mal-2025-kvartal.csv"' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0] == HEADER
    by_key = {(row[2], row[4]): row for row in rows[1:]}
    visits_q3 = by_key[("visits", "2025-Q3")]
    assert visits_q3[7] == "5" and visits_q3[8] == "4" and visits_q3[9] == "1"
    assert visits_q3[3] == "antal"
    held_q3 = by_key[("occurrences-held", "2025-Q3")]
    assert held_q3[7] == "1"
    # No data: an empty value with a comment, never 0.
    empty = by_key[("visits", "2025-Q1")]
    assert empty[7] == "" and empty[13] == "Ingen data ännu"
    # Scores with a decimal comma.
    assert "," in by_key[("visits-evenness", "2025-Q3")][7]
    # The police list per publication year.
    assert by_key[("police-list-status", "2019")][7] == "1"
    assert by_key[("police-list-status", "2021")][13] == "Inte på listan"
    # Every indicator is in the export.
    assert {row[2] for row in rows[1:]} == set(Indicator.objects.exclude(
        code__in=["survey-share-safe", "survey-share-unsafe", "survey-attractiveness"]
    ).values_list("code", flat=True))  # fmt: skip


def test_csv_per_month_and_year(client_for, visits):
    client = client_for("steering")
    months = _csv_rows(client.get(reverse("goals-export-csv"), {"kvartal": "2025-Q3", "indelning": "manad"}))
    august = next(row for row in months if row[2] == "visits" and row[4] == "2025-08")
    assert august[7] == "5" and august[8] == "2"
    assert {row[4] for row in months if row[2] == "visits"} == {"2025-07", "2025-08", "2025-09"}
    years = _csv_rows(client.get(reverse("goals-export-csv"), {"period": "2025", "indelning": "ar"}))
    year = next(row for row in years if row[2] == "visits" and row[4] == "2025")
    assert year[7] == "5" and year[8] == "4"
    # A division coarser than the period: the period itself.
    quarter = _csv_rows(client.get(reverse("goals-export-csv"), {"period": "2025-Q3", "indelning": "ar"}))
    assert [row[4] for row in quarter if row[2] == "visits"] == ["2025-Q3"]


def test_xlsx_read_back(client_for, visits, venue):
    response = client_for("coordinator").get(reverse("goals-export-xlsx"), {"kvartal": "2025-Q3", "hus": venue.slug})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Serier"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    row = next(r for r in rows[1:] if r[2] == "visits" and r[4] == "2025-Q3")
    assert row[7] == 5 and row[8] == 4
    assert row[12] == f"hus/plats: {venue.name}"
    assert row[5].date() == dt.date(2025, 7, 1)  # a real date cell
    about = dict(workbook["Om"].iter_rows(values_only=True))
    assert about["Till och med"] == "2025-09-30"
    assert about["Period"] == "2025-07-01 – 2025-09-30 (kvartal)"


def test_measurements_entered_by_hand_are_exported(client_for):
    from goals import services

    services.record_measurement(
        indicator=Indicator.objects.get(code="survey-share-safe"),
        period="2024",
        value="71,5",
        source="=HYPERLINK(evil)",
        today=dt.date(2025, 1, 1),
    )
    rows = _csv_rows(client_for("steering").get(reverse("goals-export-csv"), {"period": "2025"}))
    row = next(r for r in rows if r[2] == "survey-share-safe")
    assert row[4] == "2024" and row[7] == "71,5" and row[13] == "inmatat för hand"
    assert row[10] == "'=HYPERLINK(evil)"  # never a formula in Excel


@pytest.mark.parametrize("language", ["sv", "en"])
def test_report_pdf_header_words_are_never_broken(language):
    """ "Utgångsvärde" was printed as "Utgångsvärd e": each header cell is wide enough for its
    longest word, and the table still fits the page's 180 mm."""
    from django.utils import translation
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    from goals import exports

    with translation.override(language):
        header = exports.report_header()
        _text, small, _heading, _title = exports.report_styles()
        widths = exports.column_widths(header, small)
    assert sum(widths) == pytest.approx(180 * mm)
    for text, width in zip(header, widths, strict=True):
        paragraph = Paragraph(text, small)
        paragraph.wrap(width - exports.CELL_PADDING, 1000)
        lines = [
            " ".join(line[1]) if isinstance(line, tuple) else " ".join(line.words) for line in paragraph.blPara.lines
        ]
        assert set(" ".join(lines).split()) == set(text.split()), (text, lines)
