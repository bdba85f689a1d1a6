"""Reading head-count spreadsheets (CSV or XLSX) into a preview; nothing is saved here.

What a file may look like (the import page and the README list the same):

- The header row may follow a title block: the first row among the first ``HEADER_SEARCH_ROWS``
  that names at least two known columns is the header, and a missing column is named.
- Labels are read generously and never silently: case, spacing, "/" against "eller"/"or",
  the portal's own Swedish and English wordings and common abbreviations (``GENDER_WORDS``,
  ``band_aliases``); every label that is not the portal's own wording is listed in the preview
  as "read as".
- Activities are matched by title with Unicode case folding and NFC normalisation in Python
  (``title_key``), so "ÖPPEN FÖRSKOLA" finds "Öppen förskola" on SQLite as on PostgreSQL, or
  by their number.
- A row whose activity has no date on that (past) day can create the date when the person
  importing ticks that in the preview (``PreviewRow.new_date``).

Limits against spreadsheet bombs: at most ``IMPORT_MAX_BYTES`` uploaded, ``IMPORT_MAX_UNZIPPED``
unpacked (summed from the zip directory before anything is unpacked) with no large entry packed
more than ``IMPORT_MAX_RATIO`` times, a declared sheet size of at most ``READ_MAX_ROWS`` rows (a
sheet that declares none is counted first, up to the limit), and rows are read one at a time,
stopping at the row limit, for XLSX and CSV alike; cells right of ``IMPORT_MAX_COLUMNS`` are not read.
"""

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree
from django.conf import settings
from django.core import signing
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.attendance_services import (
    IMPORT_STATE_MESSAGES,
    history_window_activities,
    import_state,
)
from activities.models import Gender, Occurrence, age_bands
from activities.models.attendance import MAX_COUNT
from klocket import permissions

IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 5000
IMPORT_MAX_COLUMNS = 64  # cells right of this column are not read
IMPORT_MAX_UNZIPPED = 20 * 1024 * 1024
IMPORT_MAX_RATIO = 100  # largest packing ratio of a zip entry over 1 MB
HEADER_SEARCH_ROWS = 20
# Spreadsheet rows read at most: the title block, the header, the row limit and some empty rows.
READ_MAX_ROWS = IMPORT_MAX_ROWS + 100
IMPORT_SALT = "klocket.attendance.import"
IMPORT_MAX_AGE = 60 * 60  # seconds a preview stays valid
NEW_DATE_MINUTES = 60  # length of a date created by an import when the activity has no schedule

TOO_MANY_ROWS = gettext_lazy("The file has more than 5,000 rows. Split it into smaller files.")

COLUMN_ALIASES = {
    "date": {"datum", "date", "dag", "day"},
    "time": {"tid", "starttid", "start", "time", "klockslag", "start time", "börjar", "starts"},
    "activity": {"aktivitet", "activity", "titel", "title", "aktivitetens namn", "namn", "name"},
    "band": {
        "åldersgrupp",
        "ålder",
        "åldrar",
        "åldersintervall",
        "åldersgrupper",
        "age band",
        "age group",
        "age",
        "band",
    },
    "gender": {"kön", "gender", "sex"},
    "count": {"antal", "count", "number", "besökare", "visitors", "antal besökare", "deltagare", "antal deltagare"},
}
REQUIRED_COLUMNS = ["date", "activity", "band", "gender", "count"]
# The column names shown in messages: Swedish first, as the page and the README name them.
COLUMN_NAMES = {
    "date": gettext_lazy("date (Datum)"),
    "time": gettext_lazy("start time (Tid)"),
    "activity": gettext_lazy("activity (Aktivitet)"),
    "band": gettext_lazy("age band (Åldersgrupp)"),
    "gender": gettext_lazy("gender (Kön)"),
    "count": gettext_lazy("count (Antal)"),
}

# Gender words besides the portal's own labels (in every language of the site), compared after
# ``label_key``: lower case, single spaces, "eller"/"or"/"och" written as "/".
GENDER_WORDS = {
    Gender.FEMALE: [
        "f",
        "k",
        "kv",
        "fl",
        "w",
        "g",
        "kvinna",
        "kvinnor",
        "kvinnlig",
        "flicka",
        "flickor",
        "tjej",
        "tjejer",
        "flicka/kvinna",
        "flickor/kvinnor",
        "kvinna/flicka",
        "kvinnor/flickor",
        "tjej/kvinna",
        "girl",
        "girls",
        "woman",
        "women",
        "female",
        "girl/woman",
        "girls/women",
        "woman/girl",
    ],
    Gender.MALE: [
        "m",
        "p",
        "b",
        "pojke",
        "pojkar",
        "man",
        "män",
        "manlig",
        "kille",
        "killar",
        "pojke/man",
        "pojkar/män",
        "man/pojke",
        "män/pojkar",
        "kille/man",
        "boy",
        "boys",
        "men",
        "male",
        "boy/man",
        "boys/men",
        "man/boy",
    ],
    Gender.OTHER: [
        "x",
        "a",
        "annat",
        "annan",
        "annat kön",
        "övrigt",
        "övriga",
        "ej angivet",
        "inte angivet",
        "ej angett",
        "inte angett",
        "okänt",
        "okänd",
        "vill ej ange",
        "vill inte ange",
        "vill ej uppge",
        "annat/ej angivet",
        "annat/inte angivet",
        "annat/vill ej ange",
        "annat/vill inte ange",
        "annat/okänt",
        "icke-binär",
        "ickebinär",
        "other",
        "unknown",
        "not stated",
        "non-binary",
        "nonbinary",
        "prefer not to say",
        "other/not stated",
        "other/prefer not to say",
        "other/unknown",
    ],
}


def label_key(value) -> str:
    """A label as compared: NFC, Unicode case folding, single spaces, "/" for or-words."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", text.replace("\ufeff", "").replace("\u00a0", " ").replace("_", " "))
    text = " ".join(text.casefold().split())
    for dash in "‐‑‒–—−":
        text = text.replace(dash, "-")
    text = re.sub(r"\s+(eller|or|och|and|&)\s+", "/", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return text.strip(" .")


def title_key(value) -> str:
    """An activity title as compared: case folded and NFC normalised, single spaces."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    return " ".join(text.casefold().split())


def _portal_labels(choices) -> dict[str, str]:
    """label_key of each choice's label in every language of the site -> value."""
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in choices:
                found[label_key(str(label))] = value
    return found


def gender_aliases() -> dict[str, str]:
    """Every accepted gender label (as ``label_key``) -> gender code."""
    aliases = {word: str(gender) for gender, words in GENDER_WORDS.items() for word in words}
    aliases.update(_portal_labels(Gender.choices))
    return aliases


def band_names() -> dict[str, list[str]]:
    """Every accepted age-band label, as written on the import page, by band code."""
    names = {}
    for band in age_bands():
        low, high = band.min_age, band.max_age
        found = [band.label, band.code]
        if high is None:
            found += [f"{low} +", f"{low} och äldre", f"{low} år och äldre", f"{low} och uppåt", f"över {low - 1}"]
            found += [f"{low} or older", f"{low} and over", f"over {low - 1}"]
        else:
            found += [
                f"{low}-{high}",
                f"{low} - {high} år",
                f"{low} till {high}",
                f"{low} to {high}",
                f"{low}-{high} years",
            ]
        names[band.code] = list(dict.fromkeys(found))
    return names


def band_aliases() -> dict[str, str]:
    """Every accepted age-band label (as ``_band_key``: no spaces, no "år") -> band code."""
    return {_band_key(name): code for code, names in band_names().items() for name in names}


def _band_key(value) -> str:
    text = label_key(value).replace(" ", "")
    for suffix in ("åringar", "åriga", "years", "year", "yrs", "år", "ar", "y"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text.removesuffix(suffix)
            break
    return text


def accepted_labels() -> dict:
    """What the import page lists: the accepted labels of each gender and age band."""
    genders = {str(value): [] for value in Gender.values}
    for word, gender in gender_aliases().items():
        genders[gender].append(word)
    bands = band_names()
    return {
        "genders": [(label, sorted(set(genders[str(value)]))) for value, label in Gender.choices],
        "bands": [(band.label, bands[band.code]) for band in age_bands()],
    }


# The rows of a file -----------------------------------------------------------------------------------------


class UnreadableFile(Exception):
    """The file is refused as a whole; ``message`` says why in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def check_zip(data: bytes) -> None:
    """Refuse a zip (XLSX) that would unpack to more than IMPORT_MAX_UNZIPPED, before unpacking.

    The sizes come from the zip's directory; reading an entry never returns more than its
    declared size, so the sum bounds what openpyxl can unpack.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableFile(_("The file could not be read. Save it as CSV or XLSX and try again.")) from exc
    unpacked = sum(entry.file_size for entry in entries)
    packed_hard = any(
        entry.file_size > 1024 * 1024 and entry.file_size > IMPORT_MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if len(entries) > 1000 or unpacked > IMPORT_MAX_UNZIPPED or packed_hard:
        raise UnreadableFile(
            _(
                "The spreadsheet unpacks to more than 20 MB, far more than 5,000 rows need. "
                "Save only the sheet with the counts, or save it as CSV."
            )
        )


def check_sheet_rows(data: bytes) -> None:
    """Refuse a workbook with a sheet of more than READ_MAX_ROWS rows that declares no size.

    openpyxl reads a sheet to its end at opening when the sheet does not declare its size (a
    2,000,000-row sheet held a worker 30 s), so such sheets are counted here first, stopping at
    the limit. Sheets that declare their size are not read; the first one's size is checked after
    opening.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            rows = 0
            with archive.open(name) as source:
                for _event, element in ElementTree.iterparse(source, events=("start",)):
                    tag = element.tag.rsplit("}", 1)[-1]
                    if tag == "dimension":
                        break
                    if tag == "row":
                        rows += 1
                        if rows > READ_MAX_ROWS:
                            raise UnreadableFile(TOO_MANY_ROWS)
                    element.clear()


def _xlsx_rows(data: bytes):
    check_zip(data)
    check_sheet_rows(data)
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > READ_MAX_ROWS:
            raise UnreadableFile(TOO_MANY_ROWS)
        # Bounds of our own: a declared or real row of 16,384 columns is never padded out.
        for row in sheet.iter_rows(max_row=READ_MAX_ROWS + 1, max_col=IMPORT_MAX_COLUMNS, values_only=True):
            yield list(row)
    finally:
        workbook.close()


def decode_csv(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes):
    text = decode_csv(data)
    sample = [line for line in text[:20000].splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    # The delimiter that the most of the first rows share (a title row may have none).
    delimiter = max([";", ",", "\t"], key=lambda d: (sum(line.count(d) > 0 for line in sample), text.count(d)))
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield row[:IMPORT_MAX_COLUMNS]


def read_rows(data: bytes) -> list[tuple[int, list]]:
    """(spreadsheet row number, cells) of the non-empty rows of the first sheet, or of a CSV file.

    Reads one row at a time and stops past the row limit (``UnreadableFile``).
    """
    rows = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" else _csv_rows(data)
    numbered = []
    try:
        for number, row in enumerate(rows, start=1):
            if number > READ_MAX_ROWS:
                raise UnreadableFile(TOO_MANY_ROWS)
            if any(label_key(cell) for cell in row):
                numbered.append((number, row))
    finally:
        close = getattr(rows, "close", None)
        if close:
            close()
    return numbered


def find_header(numbered) -> tuple[int, dict[str, int]] | None:
    """(index in ``numbered``, column key -> cell index) of the header row, or None.

    The header is the first of the first rows that names at least two known columns; a title
    block above it ("Besök vårterminen 2020", an empty row) is skipped.
    """
    best = None
    for position, (_number, row) in enumerate(numbered[:HEADER_SEARCH_ROWS]):
        columns = {}
        for index, cell in enumerate(row):
            name = re.sub(r"\s*\(.*?\)", "", label_key(cell)).rstrip(": ")  # "Antal (st)", "Kön:"
            for key, aliases in COLUMN_ALIASES.items():
                if name in aliases and key not in columns:
                    columns[key] = index
        known = len([key for key in columns if key in REQUIRED_COLUMNS])
        if known == len(REQUIRED_COLUMNS):
            return position, columns
        if known >= 2 and (best is None or known > best[2]):
            best = (position, columns, known)
    return None if best is None else best[:2]


# The preview ------------------------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    number: int
    values: dict
    occurrence: Occurrence | None = None
    band: str = ""
    gender: str = ""
    count: int | None = None
    errors: list[str] = field(default_factory=list)
    date: dt.date | None = None
    time: object = None
    activity_text: str = ""
    activity_ids: list[int] = field(default_factory=list)
    # A date the import creates when asked: (activity, start, end).
    new_date: tuple | None = None

    @property
    def start(self) -> dt.datetime | None:
        if self.occurrence is not None:
            return self.occurrence.start
        return self.new_date[1] if self.new_date else None

    @property
    def band_label(self) -> str:
        return next((band.label for band in age_bands() if band.code == self.band), "")

    @property
    def gender_label(self) -> str:
        return str(Gender(self.gender).label) if self.gender else ""

    @property
    def activity(self):
        if self.occurrence is not None:
            return self.occurrence.activity
        return self.new_date[0] if self.new_date else None


@dataclass
class ImportPreview:
    filename: str
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    header_row: int = 0
    # (column, what the file says, what it was read as, rows) for labels not in the portal's words.
    readings: list[tuple] = field(default_factory=list)

    @property
    def row_errors(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self) -> bool:
        return not self.errors and not self.row_errors and bool(self.rows)

    @property
    def new_dates(self) -> list[tuple]:
        """The dates the import would create: (activity, start, end), once each, by start."""
        found = {(row.new_date[0].pk, row.new_date[1]): row.new_date for row in self.rows if row.new_date}
        return sorted(found.values(), key=lambda item: (item[1], item[0].title))

    def totals(self) -> dict:
        """Counts by age band x gender, by band, by gender and in all: what the import adds up to."""
        genders = list(Gender.values)
        cells = {(band.code, gender): 0 for band in age_bands() for gender in genders}
        for row in self.rows:
            if (row.band, row.gender) in cells and row.count is not None:
                cells[(row.band, row.gender)] += row.count
        table = [
            (band.label, [cells[(band.code, g)] for g in genders], sum(cells[(band.code, g)] for g in genders))
            for band in age_bands()
        ]
        by_gender = [sum(cells[(band.code, g)] for band in age_bands()) for g in genders]
        return {
            "genders": [label for _value, label in Gender.choices],
            "rows": table,
            "by_gender": by_gender,
            "all": sum(by_gender),
        }

    def payload(self) -> str:
        rows = []
        for row in self.rows:
            if row.occurrence is not None:
                target = row.occurrence.pk
            else:
                activity, start, end = row.new_date
                target = [activity.pk, start.isoformat(), end.isoformat()]
            rows.append([target, row.band, row.gender, row.count])
        return signing.dumps({"filename": self.filename, "rows": rows}, salt=IMPORT_SALT, compress=True)


def read_payload(payload: str) -> tuple[str, list[tuple]]:
    """The rows of a confirmed preview; BadSignature when it was changed or is older than an hour.

    A row's first item is an occurrence id, or (activity id, start, end) of a date to create.
    """
    data = signing.loads(payload, salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    rows = []
    for target, band, gender, count in data["rows"]:
        if isinstance(target, list):
            target = (int(target[0]), dt.datetime.fromisoformat(target[1]), dt.datetime.fromisoformat(target[2]))
        rows.append((target, band, gender, count))
    return data["filename"], rows


def _parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _parse_time(value) -> dt.time | None | str:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    match = re.fullmatch(r"(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(:\d{2})?", str(value).strip(), flags=re.IGNORECASE)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return "invalid"
    return dt.time(int(match.group(1)), int(match.group(2)))


def _parse_count(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value or "").strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return None


def _parse_band(value, aliases) -> str | None:
    if isinstance(value, dt.date):
        # Excel reads "7-12" typed in a cell as 7 December: the day and month give the band.
        matches = {aliases.get(f"{a}-{b}") for a, b in ((value.day, value.month), (value.month, value.day))}
        matches.discard(None)
        return matches.pop() if len(matches) == 1 else None
    return aliases.get(_band_key(value))


def _shown(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    text = "" if value is None else str(value)
    return text[:40] if text.strip() else _("(empty)")


def parse_head_counts(data: bytes, *, filename: str, user, now=None) -> ImportPreview:
    """Read and check every row of a head-count file; nothing is saved here.

    Row numbers are the spreadsheet's own (the title block and the header count).
    """
    now = now or timezone.now()
    preview = ImportPreview(filename=filename)
    try:
        numbered = read_rows(data)
    except UnreadableFile as exc:
        preview.errors.append(exc.message)
        return preview
    except Exception:  # noqa: BLE001 - any unreadable workbook is the user's file, not our error
        preview.errors.append(_("The file could not be read. Save it as CSV or XLSX and try again."))
        return preview
    if not numbered:
        preview.errors.append(_("The file is empty."))
        return preview
    found = find_header(numbered)
    if found is None:
        preview.errors.append(
            _(
                "No row among the first %(rows)s names the columns: date, activity, age band, gender and count "
                "(in Swedish: Datum, Aktivitet, Åldersgrupp, Kön, Antal)."
            )
            % {"rows": HEADER_SEARCH_ROWS}
        )
        return preview
    position, columns = found
    preview.header_row = numbered[position][0]
    missing = [key for key in REQUIRED_COLUMNS if key not in columns]
    if missing:
        preview.errors.append(
            _("Row %(row)s names the columns but not: %(missing)s.")
            % {"row": preview.header_row, "missing": ", ".join(str(COLUMN_NAMES[key]) for key in missing)}
        )
        return preview
    body = numbered[position + 1 :]
    if not body:
        preview.errors.append(_("The file has no rows to import."))
        return preview
    if len(body) > IMPORT_MAX_ROWS:
        preview.errors.append(str(TOO_MANY_ROWS))
        return preview

    def cell(row, key):
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    genders, bands = gender_aliases(), band_aliases()
    own_words = set(_portal_labels(Gender.choices))  # the portal's own labels are not "read as"
    own_bands = {label_key(name) for band in age_bands() for name in (band.label, band.code)}
    readings: dict[tuple, list[int]] = {}
    today = timezone.localdate(now)
    for number, raw in body:
        row = PreviewRow(number=number, values={key: cell(raw, key) for key in COLUMN_ALIASES})
        preview.rows.append(row)
        row.date = _parse_date(row.values["date"])
        if row.date is None:
            row.errors.append(_("“%(value)s” is not a date like 2026-03-05.") % {"value": _shown(row.values["date"])})
        elif row.date > today:
            row.errors.append(
                _("%(date)s is in the future: only dates that have begun can be counted.")
                % {"date": row.date.isoformat()}
            )
        row.time = _parse_time(row.values["time"])
        if row.time == "invalid":
            row.errors.append(_("“%(value)s” is not a time like 16:00.") % {"value": _shown(row.values["time"])})
        row.activity_text = " ".join(str(row.values["activity"] or "").split())
        if not row.activity_text:
            row.errors.append(_("The activity is missing."))
        row.band = _parse_band(row.values["band"], bands) or ""
        if not row.band:
            row.errors.append(
                _("“%(value)s” is not an age band. Use one of: %(bands)s.")
                % {"value": _shown(row.values["band"]), "bands": ", ".join(b.label for b in age_bands())}
            )
        elif label_key(row.values["band"]) not in own_bands:
            label = next(b.label for b in age_bands() if b.code == row.band)
            readings.setdefault((_("Age band"), _shown(row.values["band"]), label), []).append(number)
        row.gender = genders.get(label_key(row.values["gender"]), "")
        if not row.gender:
            row.errors.append(
                _("“%(value)s” is not a gender. Use one of: %(genders)s (or F, P, K, M, X).")
                % {"value": _shown(row.values["gender"]), "genders": ", ".join(str(label) for label in Gender.labels)}
            )
        elif label_key(row.values["gender"]) not in own_words:
            label = str(Gender(row.gender).label)
            readings.setdefault((_("Gender"), _shown(row.values["gender"]), label), []).append(number)
        row.count = _parse_count(row.values["count"])
        if row.count is None or not 0 <= row.count <= MAX_COUNT:
            row.errors.append(
                _("“%(value)s” is not a count from 0 to 10,000.") % {"value": _shown(row.values["count"])}
            )
    preview.readings = [(column, said, read, numbers) for (column, said, read), numbers in readings.items()]
    _resolve_occurrences(preview, user=user, now=now)
    seen: dict[tuple, int] = {}
    for row in preview.rows:
        if (row.occurrence is None and row.new_date is None) or row.errors:
            continue
        key = (row.activity.pk, row.start, row.band, row.gender)
        if key in seen:
            row.errors.append(
                _("The same date, age band and gender (%(band)s, %(gender)s) as row %(row)s.")
                % {
                    "band": next(b.label for b in age_bands() if b.code == row.band),
                    "gender": str(Gender(row.gender).label).lower(),
                    "row": seen[key],
                }
            )
        else:
            seen[key] = row.number
    return preview


def _resolve_occurrences(preview: ImportPreview, *, user, now):
    """Find each row's occurrence among the user's activities: three queries for the whole file.

    Titles are compared in Python (``title_key``): SQLite's ``lower()`` folds ASCII only.
    """
    today = timezone.localdate(now)
    rows = [row for row in preview.rows if row.activity_text and row.date and row.date <= today]
    if not rows:
        return
    by_title: dict[str, list[int]] = {}
    titles = {}
    for pk, title in permissions.editable_activities(user).values_list("pk", "title"):
        by_title.setdefault(title_key(title), []).append(pk)
        titles[pk] = title
    wanted = set()
    for row in rows:
        text = title_key(row.activity_text)
        matches = by_title.get(text, [])
        if not matches and re.fullmatch(r"#?\d{1,12}", text) and int(text.lstrip("#")) in titles:
            matches = [int(text.lstrip("#"))]
        row.activity_ids = matches
        if len(matches) == 1:
            wanted.add(matches[0])
    first = min(row.date for row in rows)
    last = max(row.date for row in rows)
    zone = timezone.get_default_timezone()
    occurrences = Occurrence.objects.filter(
        activity__in=wanted,
        start__gte=timezone.make_aware(dt.datetime.combine(first, dt.time()), zone) - dt.timedelta(hours=1),
        start__lt=timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time()), zone),
    ).select_related("activity")
    by_day: dict[tuple[int, dt.date], list[Occurrence]] = {}
    for occurrence in occurrences:
        by_day.setdefault((occurrence.activity_id, timezone.localdate(occurrence.start)), []).append(occurrence)
    activities = {
        activity.pk: activity
        for activity in permissions.editable_activities(user).filter(pk__in=wanted).prefetch_related("recurrences")
    }
    window = history_window_activities(user, wanted, now=now)
    for row in rows:
        if not row.activity_ids:
            row.errors.append(_("No activity of yours is called “%(title)s”.") % {"title": row.activity_text[:80]})
            continue
        if len(row.activity_ids) > 1:
            row.errors.append(
                _("Several activities are called “%(title)s”: use the activity's number (%(numbers)s) instead.")
                % {"title": row.activity_text[:80], "numbers": ", ".join(str(pk) for pk in row.activity_ids)}
            )
            continue
        activity = activities[row.activity_ids[0]]
        candidates = sorted(by_day.get((activity.pk, row.date), []), key=lambda o: o.start)
        if isinstance(row.time, dt.time):
            candidates = [o for o in candidates if timezone.localtime(o.start).time().replace(second=0) == row.time]
        if not candidates:
            _new_date(row, activity, now=now, zone=zone)
            if row.new_date is None:
                continue
            occurrence = Occurrence(activity=activity, start=row.new_date[1], end=row.new_date[2])
        elif len(candidates) > 1:
            row.errors.append(
                _("%(title)s has several dates on %(date)s: add the start time in a column named Tid.")
                % {"title": activity.title, "date": row.date.isoformat()}
            )
            continue
        else:
            occurrence = candidates[0]
        state = import_state(occurrence, user, now=now, window=window)
        if state:
            row.errors.append(str(IMPORT_STATE_MESSAGES[state]))
            row.new_date = None
            continue
        if candidates:
            row.occurrence = occurrence


def _new_date(row: PreviewRow, activity, *, now, zone):
    """The date an import would create for a row whose activity has none that day, or an error.

    The start is the row's time or the schedule's; the length is the schedule's, else an hour.
    """
    schedules = list(activity.recurrences.all())
    times = {(r.start_time, r.end_time) for r in schedules}
    start_time = row.time if isinstance(row.time, dt.time) else None
    length = dt.timedelta(minutes=NEW_DATE_MINUTES)
    if len(times) == 1:
        begins, ends = times.pop()
        start_time = start_time or begins
        length = dt.datetime.combine(row.date, ends) - dt.datetime.combine(row.date, begins)
    shown_time = f" {row.time:%H:%M}" if isinstance(row.time, dt.time) else ""
    if start_time is None:
        row.errors.append(
            _("%(title)s has no date on %(date)s. To create it, add its start time in a column named Tid.")
            % {"title": activity.title, "date": row.date.isoformat()}
        )
        return
    start = timezone.make_aware(dt.datetime.combine(row.date, start_time), zone)
    if start > now:
        row.errors.append(
            _("%(title)s has no date on %(date)s%(time)s.")
            % {"title": activity.title, "date": row.date.isoformat(), "time": shown_time}
        )
        return
    row.new_date = (activity, start, start + length)
