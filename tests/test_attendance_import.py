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
from activities.models import Activity, HeadCount, Occurrence, OccurrenceAttendance
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


@pytest.fixture(autouse=True)
def english():
    """Messages of the reader called directly are in English here (pages get EN headers)."""
    from django.utils import translation

    with translation.override("en"):
        yield


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
    theirs = Activity.objects.create(
        title="Kör", organiser=organisation_b, venue=venue, status=Activity.Status.PUBLISHED
    )
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


# Real files from a Swedish office ---------------------------------------------------------------------------


def preview_of(rows, user, *, xlsx=False, filename="antal.csv"):
    data = as_xlsx(rows) if xlsx else as_csv(rows)
    return parse_head_counts(data, filename=filename, user=user)


def errors_of(preview):
    return preview.errors + [error for row in preview.rows for error in row.errors]


@pytest.mark.parametrize(
    ("label", "gender"),
    [
        ("Annat/vill ej ange", "x"),
        ("annat / vill ej ange", "x"),
        ("Annat eller inte angivet", "x"),  # the portal's own Swedish label
        ("Other or not stated", "x"),  # and its English one
        ("X", "x"),
        ("Flicka eller kvinna", "f"),
        ("FLICKA/KVINNA", "f"),
        ("Girl or woman", "f"),
        ("F", "f"),
        ("K", "f"),
        ("kvinna", "f"),
        ("tjejer", "f"),
        ("P", "m"),
        ("M", "m"),
        ("Pojke  eller  man", "m"),
        ("pojkar/män", "m"),
        ("boy", "m"),
    ],
)
def test_gender_labels_are_read_generously(users, dates, label, gender):
    preview = preview_of([GOOD_ROWS[0], ["2027-03-01", "Läxhjälp", "7-12", label, "4"]], users["partner_a"])
    assert preview.is_valid, errors_of(preview)
    assert preview.rows[0].gender == gender


@pytest.mark.parametrize(
    ("label", "band"),
    [("7–12", "7-12"), ("7 - 12 år", "7-12"), ("7 till 12", "7-12"), ("65+", "65+"), ("65 år och äldre", "65+")]
    + [("65 +", "65+"), ("0-6 ÅR", "0-6"), ("26–64 years", "26-64"), (dt.datetime(2027, 12, 7), "7-12")],
)
def test_age_band_labels_are_read_generously(users, dates, label, band):
    preview = preview_of([GOOD_ROWS[0], ["2027-03-01", "Läxhjälp", label, "f", 4]], users["partner_a"], xlsx=True)
    assert preview.is_valid, errors_of(preview)
    assert preview.rows[0].band == band


def test_labels_that_are_not_the_portals_own_are_shown_as_read(client_for, dates):
    rows = [
        GOOD_ROWS[0],
        ["2027-03-01", "Läxhjälp", "7-12", "F", "4"],
        ["2027-03-01", "Läxhjälp", "26-64", "kvinna", "2"],
        ["2027-03-01", "Läxhjälp", "26-64", "Annat eller inte angivet", "1"],
        ["2027-03-03", "Läxhjälp", "26–64", "F", "1"],
    ]
    response = client_for("partner_a").post(URL, {"file": SimpleUploadedFile("a.csv", as_csv(rows))}, **EN)
    preview = response.context["preview"]
    assert preview.is_valid
    assert [(column, said, read, numbers) for column, said, read, numbers in preview.readings] == [
        ("Gender", "F", "Girl or woman", [2, 5]),
        ("Gender", "kvinna", "Girl or woman", [3]),
    ]
    html = response.content.decode()
    assert "Gender “F” read as Girl or woman (2 rows)" in html
    assert "Gender “kvinna” read as Girl or woman (1 row)" in html
    assert "Annat eller inte angivet" not in html.split('id="import-readings"')[1].split("</section>")[0]


def test_two_labels_read_as_one_gender_are_a_duplicate_naming_it(users, dates):
    rows = [GOOD_ROWS[0], ["2027-03-01", "Läxhjälp", "26-64", "F", "4"], ["2027-03-01", "Läxhjälp", "26-64", "K", "2"]]
    preview = preview_of(rows, users["partner_a"])
    assert preview.rows[1].errors == ["The same date, age band and gender (26–64, girl or woman) as row 2."]


@pytest.mark.parametrize(
    "spelling",
    ["Öppen förskola", "ÖPPEN FÖRSKOLA", "öppen  förskola", "O\u0308ppen fo\u0308rskola", "öppen FÖRSKOLA "],
    ids=["as-saved", "upper-case", "lower-case-double-space", "decomposed-nfd", "mixed"],
)
def test_activities_starting_with_a_swedish_letter_are_found_in_any_case(users, activity, spelling):
    """SQLite's lower() folds ASCII only: titles are compared with Unicode case folding in Python."""
    activity.title = "Öppen förskola"
    activity.save()
    held = make_occurrence(activity, local(dt.date(2027, 3, 1), 9))
    other = Activity.objects.create(
        title="Ärtsoppa på torsdag",
        organiser=activity.organiser,
        venue=activity.venue,
        status=Activity.Status.PUBLISHED,
    )
    make_occurrence(other, local(dt.date(2027, 3, 4), 12))
    rows = [
        GOOD_ROWS[0],
        ["2027-03-01", spelling, "0-6", "f", "3"],
        ["2027-03-04", "ÄRTSOPPA PÅ TORSDAG", "65+", "m", "2"],
    ]
    preview = preview_of(rows, users["partner_a"])
    assert preview.is_valid, errors_of(preview)
    assert [row.occurrence.activity.title for row in preview.rows] == ["Öppen förskola", "Ärtsoppa på torsdag"]
    assert preview.rows[0].occurrence == held


def title_block(rows):
    return [["Besöksstatistik Läxhjälp vårterminen 2027", None, None], [None, None, None], *rows]


def test_xlsx_with_a_title_block_above_the_header(users, dates):
    preview = preview_of(title_block(GOOD_ROWS), users["partner_a"], xlsx=True)
    assert preview.is_valid, errors_of(preview)
    assert preview.header_row == 3
    assert [row.number for row in preview.rows] == [4, 5, 6, 7]


def test_csv_with_a_title_row_and_a_bom_in_windows_1252_and_semicolons(users, dates):
    rows = [["Besök våren 2027"], [""], *GOOD_ROWS]
    preview = parse_head_counts(as_csv(rows, encoding="cp1252"), filename="a.csv", user=users["partner_a"])
    assert preview.is_valid, errors_of(preview)
    assert preview.header_row == 3 and len(preview.rows) == 4


def test_column_names_with_a_note_in_brackets_or_a_colon(users, dates):
    header = ["Datum:", "Aktivitet", "Ålder (år)", "Kön (F/P/X)", "Antal (st)"]
    preview = preview_of([header, *GOOD_ROWS[1:]], users["partner_a"])
    assert preview.is_valid, errors_of(preview)


def test_a_missing_column_is_named(users, dates):
    rows = [[name for name in row if name != "Kön"] for row in title_block([GOOD_ROWS[0]])] + [
        ["2027-03-01", "Läxhjälp", "7-12", "4"]
    ]
    preview = preview_of(rows, users["partner_a"], xlsx=True)
    assert preview.errors == ["Row 3 names the columns but not: gender (Kön)."]


def test_a_future_date_is_called_future(users, dates):
    preview = preview_of([GOOD_ROWS[0], ["2027-04-01", "Läxhjälp", "7-12", "f", "4"]], users["partner_a"])
    assert preview.rows[0].errors == ["2027-04-01 is in the future: only dates that have begun can be counted."]


def test_an_unknown_gender_lists_the_allowed_ones(users, dates):
    preview = preview_of([GOOD_ROWS[0], ["2027-03-01", "Läxhjälp", "7-12", "Q", "4"]], users["partner_a"])
    assert preview.rows[0].errors == [
        "“Q” is not a gender. Use one of: Girl or woman, Boy or man, Other or not stated (or F, P, K, M, X)."
    ]


def test_checking_a_file_takes_the_same_queries_for_many_rows(users, dates):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = [GOOD_ROWS[0], GOOD_ROWS[1]]
    many = GOOD_ROWS + [
        [day, "Läxhjälp", band, gender, "1"]
        for day in ("2027-03-01", "2027-03-03")
        for band in ("16-19", "20-25", "26-64")
        for gender in "mx"
    ]
    preview_of(few, users["partner_a"])  # the user's groups are read once and kept
    with CaptureQueriesContext(connection) as few_queries:
        assert preview_of(few, users["partner_a"]).is_valid
    with CaptureQueriesContext(connection) as many_queries:
        assert preview_of(many, users["partner_a"]).is_valid
    assert len(many_queries) == len(few_queries) <= 6


# History ----------------------------------------------------------------------------------------------------


@pytest.fixture
def season_2020(activity):
    """Läxhjälp on Mondays at 16:00 in spring 2020, created with its past dates."""
    from activities.models import Recurrence

    recurrence = Recurrence.objects.create(
        activity=activity,
        frequency=Recurrence.Frequency.WEEKLY,
        start_date=dt.date(2020, 1, 13),
        end_date=dt.date(2020, 2, 10),
        start_time=dt.time(16),
        end_time=dt.time(18),
        weekdays="0",
        interval=1,
    )
    services_module = __import__("activities.services", fromlist=["regenerate_occurrences"])
    services_module.regenerate_occurrences(recurrence=recurrence, include_past=True)
    return recurrence


HISTORY = [
    ["Datum", "Aktivitet", "Åldersgrupp", "Kön", "Antal"],
    ["2020-01-13", "Läxhjälp", "7-12", "f", "6"],
    ["2020-01-20", "Läxhjälp", "7-12", "m", "5"],
]


def test_a_coordinator_imports_a_past_season(client_for, users, season_2020):
    client = client_for("coordinator")
    response = client.post(URL, {"file": SimpleUploadedFile("våren 2020.xlsx", as_xlsx(HISTORY))}, **EN)
    preview = response.context["preview"]
    assert preview.is_valid, errors_of(preview)
    response = client.post(URL, {"payload": preview.payload()}, follow=True, **EN)
    assert "Imported 2 rows for 2 dates: 2 counts changed." in response.content.decode()
    for attendance in OccurrenceAttendance.objects.all():
        record = attendance.history.get()
        assert record.history_change_reason == "import våren 2020.xlsx"
        assert record.history_user == users["coordinator"]


def test_partner_staff_import_history_only_while_their_import_window_is_open(client_for, users, season_2020):
    partner = users["partner_a"]
    locked = "Counts older than 30 days are locked. A coordinator can import them, or open an import window"
    preview = preview_of(HISTORY, partner)
    assert all(row.errors[0].startswith(locked) for row in preview.rows)
    organisation = season_2020.activity.organiser
    organisation.history_import_until = dt.date(2027, 3, 9)  # closed yesterday
    organisation.save()
    assert not preview_of(HISTORY, partner).is_valid
    organisation.history_import_until = dt.date(2027, 3, 31)
    organisation.save()
    preview = preview_of(HISTORY, partner)
    assert preview.is_valid, errors_of(preview)
    assert not preview_of(HISTORY, users["partner_b"]).is_valid  # another organisation's window is not theirs
    _filename, rows = read_payload(preview.payload())
    services.import_head_counts(rows=rows, user=partner, filename="v.csv")
    assert OccurrenceAttendance.objects.count() == 2
    # The window closes before the confirmation: nothing is saved.
    organisation.history_import_until = None
    organisation.save()
    with pytest.raises(Exception, match="locked"):
        services.import_head_counts(rows=rows, user=partner, filename="v.csv")


def test_the_tally_page_keeps_its_lock_while_an_import_window_is_open(users, season_2020):
    organisation = season_2020.activity.organiser
    organisation.history_import_until = dt.date(2027, 3, 31)
    organisation.save()
    old = season_2020.occurrences.first()
    assert services.counting_state(old, users["partner_a"]) == "locked"


def test_an_import_creates_missing_past_dates_when_ticked(client_for, users, season_2020):
    rows = HISTORY + [
        ["2020-02-13", "Läxhjälp", "7-12", "f", "3"],  # a Thursday: not in the schedule
        ["2020-02-13", "Läxhjälp", "7-12", "m", "2"],
        ["2020-02-14", "Läxhjälp", "0-6", "x", "1"],
    ]
    client = client_for("coordinator")
    response = client.post(URL, {"file": SimpleUploadedFile("extra.csv", as_csv(rows))}, **EN)
    preview = response.context["preview"]
    assert preview.is_valid, errors_of(preview)
    html = response.content.decode()
    assert "2 dates are not in the calendar yet" in html
    assert "Läxhjälp: 2020-02-13 16:00–18:00" in html and 'name="create_dates"' in html
    before = Occurrence.objects.count()
    response = client.post(URL, {"payload": preview.payload()}, follow=True, **EN)
    assert "Nothing was imported: Some rows name dates that their activity does not have." in response.content.decode()
    assert Occurrence.objects.count() == before and not HeadCount.objects.exists()
    response = client.post(URL, {"payload": preview.payload(), "create_dates": "1"}, follow=True, **EN)
    html = response.content.decode()
    assert "Imported 5 rows for 4 dates: 5 counts changed." in html and "2 missing dates were created." in html
    created = Occurrence.objects.get(start=local(dt.date(2020, 2, 13), 16))
    assert created.end == local(dt.date(2020, 2, 13), 18) and created.activity == season_2020.activity
    assert created.attendance.counts == {"7-12:f": 3, "7-12:m": 2}
    # Confirming twice does not create the dates twice.
    client.post(URL, {"payload": preview.payload(), "create_dates": "1"})
    assert Occurrence.objects.count() == before + 2


def test_a_missing_date_without_a_schedule_needs_a_start_time(users, activity):
    rows = [
        ["Datum", "Tid", "Aktivitet", "Åldersgrupp", "Kön", "Antal"],
        ["2020-05-04", "17.30", "Läxhjälp", "0-6", "f", "2"],
    ]
    preview = preview_of(rows, users["coordinator"])
    assert preview.is_valid, errors_of(preview)
    ((activity_found, start, end),) = preview.new_dates
    assert start == local(dt.date(2020, 5, 4), 17, 30) and end - start == dt.timedelta(hours=1)


# Spreadsheet bombs ------------------------------------------------------------------------------------------


def rewrite_zip(data: bytes, changes: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            for name, new in (changes or {}).items():
                if item.filename == name:
                    content = new(content)
            target.writestr(item.filename, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def sheet_with_rows(count: int) -> bytes:
    """A workbook whose first sheet holds ``count`` rows written straight into its XML (no dimension)."""
    row = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>2027-03-01</t></is></c></row>'
    rows = "".join(row.format(n=n) for n in range(2, count + 2))

    def fill(content: bytes) -> bytes:
        text = content.decode()
        text = text.replace('<dimension ref="A1:E1" />', "")
        return text.replace("</sheetData>", rows + "</sheetData>").encode()

    return rewrite_zip(as_xlsx([GOOD_ROWS[0]]), {"xl/worksheets/sheet1.xml": fill})


def post_file(client, data):
    return client.post(URL, {"file": SimpleUploadedFile("bomb.xlsx", data)}, **EN)


def no_cell_is_read(monkeypatch):
    """openpyxl's read-only sheets read cells only through _cells_by_row: make reading one fail."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    def never(*args, **kwargs):
        raise AssertionError("no cell of a sheet over the limit may be read")

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", never)


def test_a_sheet_declaring_a_huge_size_is_refused_before_reading(client_for, dates, monkeypatch):
    def huge(content: bytes) -> bytes:
        return content.replace(b'<dimension ref="A1:E5" />', b'<dimension ref="A1:XFD1048576"/>')

    data = rewrite_zip(as_xlsx(GOOD_ROWS), {"xl/worksheets/sheet1.xml": huge})
    assert b"XFD1048576" in __import__("zipfile").ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert len(data) < 10_000
    no_cell_is_read(monkeypatch)
    response = post_file(client_for("partner_a"), data)
    assert response.status_code == 200
    assert "The file has more than 5,000 rows." in response.content.decode()


def test_a_sheet_with_more_rows_than_the_limit_stops_reading_at_the_limit(client_for, dates, monkeypatch):
    data = sheet_with_rows(200_000)
    assert len(data) < 2 * 1024 * 1024
    import openpyxl

    from activities import attendance_import

    seen = []
    iterparse = attendance_import.ElementTree.iterparse

    def counted(*args, **kwargs):
        for event in iterparse(*args, **kwargs):
            seen.append(event)
            yield event

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a sheet that is over the limit")

    monkeypatch.setattr(attendance_import.ElementTree, "iterparse", counted)
    monkeypatch.setattr(openpyxl, "load_workbook", never)
    response = post_file(client_for("partner_a"), data)
    assert response.status_code == 200
    # Counting stopped at the limit: the elements of about 5,100 rows were looked at, not 200,000.
    assert len(seen) < 5 * attendance_import.READ_MAX_ROWS  # of 800,000 elements (4 a row)
    assert "The file has more than 5,000 rows." in response.content.decode()


def test_a_zip_that_unpacks_to_far_more_than_it_holds_is_refused_unopened(client_for, dates, monkeypatch):
    data = rewrite_zip(as_xlsx(GOOD_ROWS), extra={"xl/media/padding.bin": b"\0" * (30 * 1024 * 1024)})
    assert len(data) < 100_000
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    response = post_file(client_for("partner_a"), data)
    assert response.status_code == 200
    assert "The spreadsheet unpacks to more than 20 MB" in response.content.decode()


def test_a_very_wide_row_is_cut_at_the_column_limit(users, dates):
    def wide(content: bytes) -> bytes:
        return content.replace(b"</row>", b'<c r="XFD1"><v>1</v></c></row>', 1)

    data = rewrite_zip(as_xlsx(GOOD_ROWS), {"xl/worksheets/sheet1.xml": wide})
    preview = parse_head_counts(data, filename="w.xlsx", user=users["partner_a"])
    assert preview.is_valid, errors_of(preview)


def test_a_csv_over_the_row_limit_is_refused_while_reading(client_for, dates):
    rows = [GOOD_ROWS[0]] + [["2027-03-01", "Läxhjälp", "0-6", "f", "1"]] * 60_000
    data = as_csv(rows)
    assert len(data) < 2 * 1024 * 1024
    response = client_for("partner_a").post(URL, {"file": SimpleUploadedFile("x.csv", data)}, **EN)
    assert "The file has more than 5,000 rows." in response.content.decode()


# The preview page -------------------------------------------------------------------------------------------


def test_the_preview_shows_totals_by_band_and_gender_before_the_button(client_for, dates):
    response = client_for("partner_a").post(URL, {"file": SimpleUploadedFile("a.csv", as_csv(GOOD_ROWS))}, **EN)
    totals = response.context["preview"].totals()
    assert totals["all"] == 10 and totals["by_gender"] == [6, 3, 1]
    assert ("7–12", [4, 3, 0], 7) in totals["rows"]
    html = response.content.decode()
    assert html.index('id="import-totals"') < html.index("Import these counts")
    assert '<td id="import-total">10</td>' in html


def test_the_import_page_lists_the_labels_it_understands(client_for):
    html = client_for("partner_a").get(URL, **EN).content.decode()
    section = html.split('id="import-labels"')[1]
    for word in ("annat/vill ej ange", "kvinna", "pojke", "65 och äldre", "7 till 12"):
        assert word in section, word


def test_a_coordinator_opens_and_closes_an_import_window_on_the_import_page(client_for, users, organisation_a):
    client = client_for("coordinator")
    data = {"window-organisation": organisation_a.pk, "window-until": "2027-03-31"}
    response = client.post(URL, data, follow=True, **EN)
    html = response.content.decode()
    assert f"Staff of {organisation_a.name} may import counts older than 30 days until 2027-03-31." in html
    assert f"{organisation_a.name}: open until 2027-03-31" in html
    organisation_a.refresh_from_db()
    assert organisation_a.history_import_until == dt.date(2027, 3, 31)
    assert organisation_a.history.first().history_user == users["coordinator"]
    response = client.post(URL, {**data, "window-until": "2027-03-09"}, **EN)
    assert "Choose today or a later day" in response.content.decode()
    response = client.post(URL, {**data, "window-until": ""}, follow=True, **EN)
    assert f"The import window of {organisation_a.name} is closed." in response.content.decode()
    organisation_a.refresh_from_db()
    assert organisation_a.history_import_until is None


def test_partner_staff_cannot_open_their_own_import_window(client_for, organisation_a):
    client = client_for("partner_a")
    assert "Import windows for partner staff" not in client.get(URL, **EN).content.decode()
    response = client.post(URL, {"window-organisation": organisation_a.pk, "window-until": "2027-12-31"})
    assert response.status_code == 404
    organisation_a.refresh_from_db()
    assert organisation_a.history_import_until is None


def test_messages_are_in_swedish_by_default(client_for, dates):
    rows = [
        *title_block([GOOD_ROWS[0]]),
        ["2027-03-01", "Läxhjälp", "7-12", "Q", "4"],
        ["2027-04-01", "Läxhjälp", "F", "f", "1"],
    ]
    response = client_for("partner_a").post(URL, {"file": SimpleUploadedFile("a.xlsx", as_xlsx(rows))})
    html = response.content.decode()
    assert "”Q” är inte ett kön. Använd något av: Flicka eller kvinna, Pojke eller man" in html
    assert "2027-04-01 ligger i framtiden" in html
    assert "Beteckningar som importen förstår" in html


def test_a_season_of_2020_is_entered_without_the_admin(client_for, organisation_a, venue):
    """Create the activity with its past schedule on the staff page, then import the season's file."""
    from tests.test_staff_activities import CREATE_URL, form_data

    client = client_for("coordinator")
    season = {
        "title": "Öppen förskola",
        "when-start_date": "2020-08-17",
        "when-end_date": "2020-12-18",
        "when-weekdays": ["0", "2"],
        "when-skip_dates": "",
        "when-include_past": "on",
    }
    client.post(CREATE_URL, form_data(organisation_a, venue, **season))
    activity = Activity.objects.get(title="Öppen förskola")
    days = [timezone_day(o.start) for o in activity.occurrences.order_by("start")]
    assert len(days) == 36 and days[0] == "2020-08-17"
    rows = [["Besök Öppen förskola hösten 2020", "", "", "", ""], ["", "", "", "", ""], GOOD_ROWS[0]]
    rows += [[day, "ÖPPEN FÖRSKOLA", "0-6", gender, "3"] for day in days for gender in ("F", "P")]
    response = client.post(URL, {"file": SimpleUploadedFile("hösten 2020.csv", as_csv(rows, encoding="cp1252"))}, **EN)
    preview = response.context["preview"]
    assert preview.is_valid, errors_of(preview)[:3]
    assert preview.totals()["all"] == 36 * 6
    response = client.post(URL, {"payload": preview.payload()}, follow=True, **EN)
    assert "Imported 72 rows for 36 dates: 72 counts changed." in response.content.decode()
    assert sum(a.total for a in OccurrenceAttendance.objects.all()) == 216


def timezone_day(moment) -> str:
    from django.utils import timezone

    return timezone.localdate(moment).isoformat()


def test_a_real_xlsx_of_exactly_5000_rows_is_read_whole(users, dates):
    rows = title_block([GOOD_ROWS[0]] + [["2027-03-01", "Läxhjälp", "7-12", "f", 4]] * 5000)
    data = as_xlsx(rows)
    preview = parse_head_counts(data, filename="full.xlsx", user=users["partner_a"])
    assert preview.errors == [] and len(preview.rows) == 5000 and preview.rows[-1].number == 5003


def test_every_fault_of_a_row_is_named_at_once(users, dates):
    preview = preview_of([GOOD_ROWS[0], ["2027-03-01", "Läxhjälpen", "7-12", "Q", "x"]], users["partner_a"])
    assert preview.rows[0].errors == [
        "“Q” is not a gender. Use one of: Girl or woman, Boy or man, Other or not stated (or F, P, K, M, X).",
        "“x” is not a count from 0 to 10,000.",
        "No activity of yours is called “Läxhjälpen”.",
    ]
