"""Exports read back and compared with the data: head counts per period and organisation, the
LOK check per reporting half-year, and a study circle's närvarolista, as CSV and XLSX."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities import attendance_selectors as selectors
from activities import attendance_services as services
from activities.models import Activity, ActivityForm, HeadCount
from tests.test_attendance_helpers import EN, circle_with_presence, local, make_occurrence

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2027, 3, 10, 19, 0, tzinfo=STOCKHOLM)

PUBLISHED = Activity.Status.PUBLISHED


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def read(response) -> list[list]:
    """Rows of a CSV or XLSX download, as strings (empty cells as "")."""
    if response["Content-Type"].startswith("text/csv"):
        raw = response.content
        assert raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 BOM"
        assert b"\r\n" in raw
        return list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = []
        for value in row:
            if value is None:
                cells.append("")
            elif isinstance(value, dt.datetime):
                cells.append(
                    value.date().isoformat() if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M")
                )
            else:
                cells.append(str(value))
        while cells and cells[-1] == "":
            cells.pop()
        rows.append(cells)
    return rows


def table(rows, first_header):
    """The header row (the first starting with ``first_header``) and the data rows below it."""
    index = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    return rows[index], rows[index + 1 :]


@pytest.fixture
def counted(activity, organisation_b, venue, users):
    """Three held dates of organisation A (one co-organised by B), one of B alone, one cancelled, one future."""
    coordinator = users["coordinator"]
    first = make_occurrence(activity, local(dt.date(2027, 1, 11), 16))
    second = make_occurrence(activity, local(dt.date(2027, 2, 8), 16))
    uncounted = make_occurrence(activity, local(dt.date(2027, 2, 15), 16))
    make_occurrence(activity, local(dt.date(2027, 2, 22), 16), cancelled=True, cancel_reason="Sportlov")
    make_occurrence(activity, local(dt.date(2027, 3, 17), 16))
    theirs = Activity.objects.create(title="Kör", organiser=organisation_b, venue=venue, status=PUBLISHED)
    other = make_occurrence(theirs, local(dt.date(2027, 2, 9), 18))
    shared = Activity.objects.create(title="Språkcafé", organiser=organisation_b, venue=venue, status=PUBLISHED)
    shared.co_organisers.add(activity.organiser)
    co = make_occurrence(shared, local(dt.date(2027, 2, 10), 18))
    services.save_tally(
        occurrence_id=first.pk,
        user=coordinator,
        counts={"7-12:f": 3, "7-12:m": 2},
        leaders=2,
        first_time=1,
        expected_version=0,
    )
    services.save_tally(occurrence_id=second.pk, user=coordinator, counts={"0-6:x": 1, "65+:f": 4}, expected_version=0)
    services.save_tally(occurrence_id=other.pk, user=coordinator, counts={"26-64:f": 9}, expected_version=0)
    services.save_tally(occurrence_id=co.pk, user=coordinator, counts={"20-25:m": 6}, expected_version=0)
    return {"first": first, "second": second, "uncounted": uncounted, "co": co}


def counts_url(organisation, fmt, start="2027-01-01", end="2027-03-31"):
    return (
        reverse("attendance-export-counts")
        + f"?organisation={organisation.slug if organisation else ''}&fran={start}&till={end}&format={fmt}"
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_head_count_export_matches_the_data(client_for, counted, organisation_a, fmt):
    response = client_for("partner_a").get(counts_url(organisation_a, fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="besok-hyresgastforeningen-2027-01-01')
    header, rows = table(read(response), "Datum")
    assert header[:7] == ["Datum", "Start", "Slut", "Aktivitet", "Form", "Arrangör", "Plats"]
    assert header[7:10] == ["Flickor/kvinnor 0–6", "Pojkar/män 0–6", "Annat/ej angivet 0–6"]
    assert header[-4:] == ["Besökare totalt", "Ledare och volontärer", "Förstagångsbesökare", "Räknat"]
    assert [row[0] for row in rows] == ["2027-01-11", "2027-02-08", "2027-02-10", "2027-02-15"]
    by_date = {row[0]: dict(zip(header, row, strict=False)) for row in rows}
    first = by_date["2027-01-11"]
    assert (first["Start"], first["Slut"], first["Aktivitet"], first["Form"]) == (
        "16:00",
        "18:00",
        "Läxhjälp",
        "Öppen verksamhet",
    )
    assert (first["Flickor/kvinnor 7–12"], first["Pojkar/män 7–12"], first["Flickor/kvinnor 0–6"]) == ("3", "2", "0")
    assert (
        first["Besökare totalt"],
        first["Ledare och volontärer"],
        first["Förstagångsbesökare"],
        first["Räknat"],
    ) == ("5", "2", "1", "ja")
    assert (
        by_date["2027-02-10"]["Arrangör"] == "Sensus studieförbund" and by_date["2027-02-10"]["Pojkar/män 20–25"] == "6"
    )
    assert by_date["2027-02-15"]["Räknat"] == "nej" and by_date["2027-02-15"]["Besökare totalt"] == ""
    # Every count in the file is the database's.
    cells = [
        (h, i)
        for i, h in enumerate(header)
        if " " in h and h.split(" ")[0] in {"Flickor/kvinnor", "Pojkar/män", "Annat/ej"}
    ]
    exported = sum(int(row[i] or 0) for row in rows for _h, i in cells)
    assert exported == sum(HeadCount.objects.exclude(occurrence__activity__title="Kör").values_list("count", flat=True))


def test_coordinators_export_all_organisations(client_for, counted):
    response = client_for("coordinator").get(counts_url(None, "csv"))
    _header, rows = table(read(response), "Datum")
    assert len(rows) == 5 and "Kör" in {row[3] for row in rows}


def test_empty_period_gets_a_message_and_keeps_the_choices(client_for, counted, organisation_a):
    response = client_for("partner_a").get(counts_url(organisation_a, "csv", "2026-01-01", "2026-01-31"), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "No dates were held from 2026-01-01 to 2026-01-31 for Hyresgästföreningen: there is nothing to export." in html
    )
    assert 'value="2026-01-01"' in html and 'value="2026-01-31"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "organisation=hyresgastforeningen&fran=2027-03-01&till=2027-01-01&format=csv",
            "The end date cannot be before the start date.",
        ),
        ("organisation=hyresgastforeningen&fran=not-a-date&till=2027-01-01&format=csv", "Enter a valid date."),
        (
            "organisation=hyresgastforeningen&fran=2010-01-01&till=2027-01-01&format=csv",
            "Choose at most five years at a time.",
        ),
        ("fran=2027-01-01&till=2027-02-01&format=csv", "This field is required."),
    ],
)
def test_bad_export_parameters_get_messages(client_for, counted, query, message):
    response = client_for("partner_a").get(reverse("attendance-export-counts") + "?" + query, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_other_organisations_exports_are_404(client_for, counted, organisation_a):
    client = client_for("partner_b")
    assert client.get(counts_url(organisation_a, "csv")).status_code == 404
    lok = reverse("attendance-export-lok") + f"?organisation={organisation_a.slug}&ar=2027&halvar=1&format=csv"
    assert client.get(lok).status_code == 404


def test_a_years_export_takes_the_same_queries_whatever_the_data(client_for, activity, organisation_a):
    client = client_for("partner_a")
    url = counts_url(organisation_a, "xlsx", "2026-01-01", "2026-12-31")

    def add(days):
        for day in days:
            occurrence = make_occurrence(activity, local(dt.date(2026, 1, 1) + dt.timedelta(days=day), 16))
            services.add_head_count_rows([(occurrence, {("7-12", "f"): day % 5, ("65+", "x"): 1})])

    add(range(3))
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    small_count = len(small)
    add(range(3, 200))
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(large) == small_count
    _header, rows = table(read(response), "Datum")
    assert len(rows) == 200


def test_values_are_never_formulas(client_for, activity, organisation_a, users):
    activity.title = '=HYPERLINK("http://evil")'
    activity.save()
    occurrence = make_occurrence(activity, local(dt.date(2027, 1, 11), 16))
    services.save_tally(
        occurrence_id=occurrence.pk, user=users["coordinator"], counts={"7-12:f": 1}, expected_version=0
    )
    csv_rows = read(client_for("partner_a").get(counts_url(organisation_a, "csv")))
    assert csv_rows[1][3] == '\'=HYPERLINK("http://evil")'
    workbook = load_workbook(io.BytesIO(client_for("partner_a").get(counts_url(organisation_a, "xlsx")).content))
    cell = workbook.worksheets[0]["D2"]
    assert cell.value == '=HYPERLINK("http://evil")' and cell.data_type == "s"


# LOK ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def football(organisation_a, venue, users):
    """Football sessions in January-June 2027, each breaking a different rule (or none)."""
    sport = Activity.objects.create(
        title="Fotboll för unga", organiser=organisation_a, venue=venue, form=ActivityForm.SPORTS, status=PUBLISHED
    )
    coordinator = users["coordinator"]

    def session(day, minutes, counts=None, leaders=1):
        occurrence = make_occurrence(sport, local(day, 17), minutes=minutes)
        if counts is not None:
            services.save_tally(
                occurrence_id=occurrence.pk, user=coordinator, counts=counts, leaders=leaders, expected_version=0
            )
        return occurrence

    session(dt.date(2027, 1, 12), 90, {"7-12:f": 4, "13-15:m": 5, "26-64:f": 2})  # qualifies
    session(dt.date(2027, 1, 19), 45, {"7-12:f": 4})  # too short
    session(dt.date(2027, 1, 26), 90, {"7-12:f": 4}, leaders=0)  # no leader
    session(dt.date(2027, 2, 2), 90, {"7-12:f": 1, "0-6:m": 6})  # too few aged 7-25
    session(dt.date(2027, 2, 9), 90, {"16-19:m": 31})  # too many
    session(dt.date(2027, 2, 16), 90)  # not counted
    session(dt.date(2027, 7, 6), 90)  # the other half-year, still to come
    return sport


def test_reporting_periods_and_deadlines():
    first, second = selectors.ReportingPeriod(2027, 1), selectors.ReportingPeriod(2027, 2)
    assert (first.first_day, first.last_day, first.deadline) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 6, 30),
        dt.date(2027, 8, 25),
    )
    assert (second.first_day, second.last_day, second.deadline) == (
        dt.date(2027, 7, 1),
        dt.date(2027, 12, 31),
        dt.date(2028, 2, 25),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_lok_check_marks_each_session_with_its_reason(client_for, football, organisation_a, fmt):
    url = reverse("attendance-export-lok") + f"?organisation={organisation_a.slug}&ar=2027&halvar=1&format={fmt}"
    response = client_for("partner_a").get(url)
    assert response.status_code == 200
    rows = read(response)
    preamble = {row[0]: row[1] for row in rows[:8] if len(row) > 1}
    assert preamble["Redovisningsperiod"] == "2027-01-01–2027-06-30"
    assert preamble["Sista dag att ansöka"] == "2027-08-25"
    assert "IdrottOnline" in preamble["Observera"] and "namngivna medlemmar" in preamble["Observera"]
    assert preamble["Sammankomster som uppfyller villkoren"] == "1 av 6"
    header, data = table(rows, "Datum")
    assert header == [
        "Datum",
        "Veckodag",
        "Start",
        "Slut",
        "Minuter",
        "Aktivitet",
        "Arrangör",
        "Ledare",
        "Deltagare 7–25 år",
        "Övriga deltagare",
        "Uppfyller villkoren",
        "Orsak",
    ]
    verdicts = [(row[0], row[4], row[8], row[10], row[11] if len(row) > 11 else "") for row in data]
    assert verdicts == [
        ("2027-01-12", "90", "9", "ja", ""),
        ("2027-01-19", "45", "4", "nej", "kortare än 60 minuter"),
        ("2027-01-26", "90", "4", "nej", "ingen ledare räknad"),
        ("2027-02-02", "90", "1", "nej", "färre än 3 deltagare i åldern 7–25 år"),
        ("2027-02-09", "90", "31", "nej", "fler än 30 deltagare i åldern 7–25 år"),
        ("2027-02-16", "90", "", "nej", "inte räknat"),
    ]
    assert data[0][1] == "tisdag" and data[0][9] == "2"


def test_lok_without_sports_dates_says_so(client_for, football, organisation_a):
    url = reverse("attendance-export-lok") + f"?organisation={organisation_a.slug}&ar=2026&halvar=2&format=csv"
    response = client_for("partner_a").get(url, **EN)
    assert response.status_code == 200
    assert "No sports dates were held from 2026-07-01 to 2026-12-31" in response.content.decode()
    response = client_for("partner_a").get(reverse("attendance-export-lok") + "?ar=20x&halvar=3", **EN)
    assert response.status_code == 400 and "Enter a year from 2023 on." in response.content.decode()


# Närvarolista ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_attendance_list_matches_presences(client_for, organisation_a, venue, fmt, time_machine):
    time_machine.move_to(dt.datetime.now(tz=STOCKHOLM), tick=False)
    circle, people = circle_with_presence(organisation_a, venue)
    response = client_for("partner_a").get(reverse("attendance-circle-export", args=[circle.pk]) + f"?format={fmt}")
    assert response.status_code == 200
    rows = read(response)
    assert rows[0] == ["Närvarolista"] and rows[1] == ["Studiecirkel", circle.title]
    assert rows[2] == ["Arrangörer", "Hyresgästföreningen"]
    header, data = table(rows, "Namn")
    sessions = list(circle.occurrences.order_by("start"))
    assert header[:4] == ["Namn", "Födelseår", "Kön", "Roll"] and len(header) == 4 + len(sessions) + 3
    by_name = {row[0]: row for row in data}
    assert set(by_name) == {p.name for p in people} | {"Studietimmar per tillfälle"}
    sara = by_name["Sara Lind"]
    assert sara[1:4] == ["1990", "Flicka/kvinna", "Deltagare"]
    assert sara[4 : 4 + len(sessions)] == ["X"] * len(sessions)
    assert sara[-3:] == [str(len(sessions)), str(3 * len(sessions)), "ja"]
    assert by_name["Leila Ahmed"][3] == "Ledare"
    assert by_name["Studietimmar per tillfälle"][4 : 4 + len(sessions)] == ["3"] * len(sessions)
