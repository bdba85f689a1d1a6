"""Importing past head counts: encodings and delimiters, XLSX, per-row errors, all-or-nothing,
idempotent re-import, and the preview/confirm pages."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from activities import attendance_services as services
from activities.attendance_import import parse_head_counts, read_payload
from activities.models import Activity, HeadCount, OccurrenceAttendance
from tests.test_attendance_helpers import EN, local, make_occurrence

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2027, 3, 10, 19, 0, tzinfo=STOCKHOLM)
URL = reverse("attendance-import")

GOOD_ROWS = [
    ["Datum", "Aktivitet", "Åldersgrupp", "Kön", "Antal"],
    ["2027-03-01", "Läxhjälp", "7–12", "Flicka/kvinna", "4"],
    ["2027-03-01", "Läxhjälp", "7-12", "pojke", "3"],
    ["2027-03-01", "läxhjälp", "65+", "Annat/ej angivet", "1"],
    ["2027-03-03", "Läxhjälp", "13-15 år", "kvinna", "2"],
]


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def dates(activity):
    return {
        "monday": make_occurrence(activity, local(dt.date(2027, 3, 1), 16)),
        "wednesday": make_occurrence(activity, local(dt.date(2027, 3, 3), 16)),
    }


def as_csv(rows, *, delimiter=";", encoding="utf-8", bom=b"") -> bytes:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    return bom + text.encode(encoding)


def as_xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def stored():
    return {
        (h.occurrence.start.date().isoformat(), h.band, h.gender): h.count
        for h in HeadCount.objects.select_related("occurrence")
    }


EXPECTED = {
    ("2027-03-01", "7-12", "f"): 4,
    ("2027-03-01", "7-12", "m"): 3,
    ("2027-03-01", "65+", "x"): 1,
    ("2027-03-03", "13-15", "f"): 2,
}


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(as_csv(GOOD_ROWS, encoding="cp1252"), id="windows-1252-semicolon-no-bom"),
        pytest.param(as_csv(GOOD_ROWS, bom=b"\xef\xbb\xbf"), id="utf8-bom-semicolon"),
        pytest.param(as_csv(GOOD_ROWS), id="utf8-semicolon-no-bom"),
        pytest.param(as_csv(GOOD_ROWS, delimiter=","), id="utf8-comma"),
        pytest.param(as_csv(GOOD_ROWS, delimiter="\t", encoding="utf-16-le", bom=b"\xff\xfe"), id="utf16-bom-tab"),
        pytest.param(as_xlsx(GOOD_ROWS), id="xlsx"),
    ],
)
def test_good_files_in_every_encoding_preview_cleanly(users, dates, data):
    preview = parse_head_counts(data, filename="antal.csv", user=users["partner_a"])
    assert preview.is_valid, [(r.number, r.errors) for r in preview.rows] + preview.errors
    assert [(r.number, r.occurrence.pk, r.band, r.gender, r.count) for r in preview.rows] == [
        (2, dates["monday"].pk, "7-12", "f", 4),
        (3, dates["monday"].pk, "7-12", "m", 3),
        (4, dates["monday"].pk, "65+", "x", 1),
        (5, dates["wednesday"].pk, "13-15", "f", 2),
    ]


def test_windows_1252_file_really_is_not_utf8(users, dates):
    data = as_csv(GOOD_ROWS, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "Åldersgrupp".encode("cp1252") in data


def test_xlsx_with_real_dates_and_numbers(users, dates):
    rows = [GOOD_ROWS[0]] + [[dt.datetime(2027, 3, 1), "Läxhjälp", "0-6", "m", 2.0]]
    preview = parse_head_counts(as_xlsx(rows), filename="antal.xlsx", user=users["partner_a"])
    assert preview.is_valid and preview.rows[0].count == 2


def test_import_pages_preview_then_save_and_reimport_changes_nothing(client_for, dates):
    client = client_for("partner_a")
    data = as_csv(GOOD_ROWS, encoding="cp1252")
    response = client.post(URL, {"file": SimpleUploadedFile("antal.csv", data, "text/csv")}, **EN)
    html = response.content.decode()
    assert response.status_code == 200 and "All 4 rows are ready to import." in html
    assert not HeadCount.objects.exists()  # nothing saved by the preview
    payload = response.context["preview"].payload()
    response = client.post(URL, {"payload": payload}, follow=True, **EN)
    assert "Imported 4 rows for 2 dates: 4 counts changed." in response.content.decode()
    assert stored() == EXPECTED
    attendance = OccurrenceAttendance.objects.get(occurrence=dates["monday"])
    assert attendance.total == 8 and attendance.source == "import"
    assert attendance.history.get().history_change_reason == "import antal.csv"
    # The same file again: counts are set, not added.
    response = client.post(URL, {"file": SimpleUploadedFile("antal.csv", data, "text/csv")})
    response = client.post(URL, {"payload": response.context["preview"].payload()}, follow=True, **EN)
    assert "Imported 4 rows for 2 dates: 0 counts changed." in response.content.decode()
    assert stored() == EXPECTED


def test_import_keeps_cells_the_file_does_not_name(users, dates):
    services.save_tally(
        occurrence_id=dates["monday"].pk, user=None, counts={"0-6:f": 5, "7-12:f": 1}, expected_version=0
    )
    preview = parse_head_counts(as_csv(GOOD_ROWS), filename="a.csv", user=users["partner_a"])
    _filename, rows = read_payload(preview.payload())
    services.import_head_counts(rows=rows, user=users["partner_a"], filename="a.csv")
    attendance = OccurrenceAttendance.objects.get(occurrence=dates["monday"])
    assert attendance.counts == {"0-6:f": 5, "65+:x": 1, "7-12:f": 4, "7-12:m": 3}


def test_bad_rows_are_listed_with_row_numbers_and_nothing_is_saved(client_for, dates, activity, organisation_b, venue):
    theirs = Activity.objects.create(title="Kör", organiser=organisation_b, venue=venue)
    make_occurrence(theirs, local(dt.date(2027, 3, 1), 18))
    make_occurrence(activity, local(dt.date(2027, 3, 20), 16))
    make_occurrence(activity, local(dt.date(2027, 3, 2), 16), cancelled=True, cancel_reason="Sjuk")
    rows = [
        GOOD_ROWS[0],
        GOOD_ROWS[1],
        ["2027-13-01", "Läxhjälp", "7-12", "f", "1"],
        ["2027-03-01", "Läxhjälp", "5-9", "f", "1"],
        ["2027-03-01", "Läxhjälp", "7-12", "alien", "1"],
        ["2027-03-01", "Läxhjälp", "0-6", "f", "-2"],
        ["2027-03-01", "Läxhjälp", "0-6", "m", "10001"],
        ["2027-03-01", "Kör", "0-6", "m", "1"],
        ["2027-03-20", "Läxhjälp", "0-6", "m", "1"],
        ["2027-03-02", "Läxhjälp", "0-6", "m", "1"],
        ["2027-03-04", "Läxhjälp", "0-6", "m", "1"],
        ["2027-03-01", "Läxhjälp", "7–12", "Flickor", "9"],
        ["", "", "", "", ""],
        ["2027-03-03", "", "0-6", "m", "abc"],
    ]
    response = client_for("partner_a").post(
        URL, {"file": SimpleUploadedFile("fel.csv", as_csv(rows), "text/csv")}, **EN
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "11 rows need correcting" in html
    expected = [
        "Row 3: “2027-13-01” is not a date like 2026-03-05.",
        "Row 4: “5-9” is not an age band. Use one of: 0–6, 7–12, 13–15, 16–19, 20–25, 26–64, 65+.",
        "Row 5: “alien” is not a gender. Use one of: Girl or woman, Boy or man, Other or not stated",
        "Row 6: “-2” is not a count from 0 to 10,000.",
        "Row 7: “10001” is not a count from 0 to 10,000.",
        "Row 8: No activity of yours is called “Kör”.",
        "Row 9: 2027-03-20 is in the future: only dates that have begun can be counted.",
        "Row 10: This date was cancelled, so it cannot be counted.",
        "Row 11: Läxhjälp has no date on 2027-03-04. To create it, add its start time in a column named Tid.",
        "Row 12: The same date, age band and gender (7–12, girl or woman) as row 2.",
        "Row 14: The activity is missing. “abc” is not a count from 0 to 10,000.",
    ]
    for text in expected:
        assert text in html, text
    assert "Import these counts" not in html
    assert not HeadCount.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"\n;;\n", "The file is empty."),
        (
            as_csv([["Datum", "Aktivitet"], ["2027-03-01", "Läxhjälp"]]),
            "Row 1 names the columns but not: age band (Åldersgrupp), gender (Kön), count (Antal).",
        ),
        (as_csv([["Besök"], ["2027-03-01", "Läxhjälp"]]), "No row among the first 20 names the columns"),
        (as_csv([GOOD_ROWS[0]]), "The file has no rows to import."),
        (b"PK\x03\x04 not really a workbook", "The file could not be read."),
        (as_csv([GOOD_ROWS[0]] + [GOOD_ROWS[1]] * 5001), "more than 5,000 rows"),
    ],
)
def test_malformed_files_get_a_clear_message(client_for, dates, data, message):
    response = client_for("partner_a").post(URL, {"file": SimpleUploadedFile("x.csv", data, "text/csv")}, **EN)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HeadCount.objects.exists()


def test_too_large_files_are_refused(client_for, dates):
    big = SimpleUploadedFile("x.csv", b"a" * (2 * 1024 * 1024 + 1), "text/csv")
    response = client_for("partner_a").post(URL, {"file": big}, **EN)
    assert "The file is larger than 2 MB." in response.content.decode()


def test_several_dates_on_one_day_need_a_start_time(users, activity, dates):
    make_occurrence(activity, local(dt.date(2027, 3, 1), 10))
    rows = [
        ["Datum", "Tid", "Aktivitet", "Åldersgrupp", "Kön", "Antal"],
        ["2027-03-01", "", "Läxhjälp", "0-6", "f", "1"],
        ["2027-03-01", "16:00", "Läxhjälp", "0-6", "f", "2"],
        ["2027-03-01", "25:00", "Läxhjälp", "0-6", "f", "2"],
    ]
    preview = parse_head_counts(as_csv(rows), filename="t.csv", user=users["partner_a"])
    assert preview.rows[0].errors == [
        "Läxhjälp has several dates on 2027-03-01: add the start time in a column named Tid."
    ]
    assert preview.rows[1].errors == [] and preview.rows[1].occurrence == dates["monday"]
    assert "“25:00” is not a time like 16:00." in preview.rows[2].errors


def test_a_tampered_or_stale_preview_saves_nothing(client_for, dates, users, time_machine):
    client = client_for("partner_a")
    response = client.post(URL, {"payload": "forged:payload"}, follow=True, **EN)
    assert "The preview is older than an hour or was changed." in response.content.decode()
    payload = parse_head_counts(as_csv(GOOD_ROWS), filename="a.csv", user=users["partner_a"]).payload()
    time_machine.move_to(NOW + dt.timedelta(hours=2), tick=False)
    response = client.post(URL, {"payload": payload}, follow=True, **EN)
    assert "The preview is older than an hour or was changed." in response.content.decode()
    assert not HeadCount.objects.exists()


def test_a_row_refused_at_saving_rolls_back_the_whole_import(users, dates):
    preview = parse_head_counts(as_csv(GOOD_ROWS), filename="a.csv", user=users["partner_a"])
    _filename, rows = read_payload(preview.payload())
    dates["wednesday"].cancelled, dates["wednesday"].cancel_reason = True, "Stängt"
    dates["wednesday"].save()
    with pytest.raises(Exception):  # noqa: B017 - ValidationError for the cancelled date
        services.import_head_counts(rows=rows, user=users["partner_a"], filename="a.csv")
    assert not HeadCount.objects.exists() and not OccurrenceAttendance.objects.exists()


def test_other_organisations_cannot_import_into_our_dates(client_for, dates):
    response = client_for("partner_b").post(
        URL, {"file": SimpleUploadedFile("a.csv", as_csv(GOOD_ROWS), "text/csv")}, **EN
    )
    assert "No activity of yours is called “Läxhjälp”." in response.content.decode()
    assert client_for("steering").get(URL).status_code == 404
