"""Forms of the attendance pages, and the reader of head-count spreadsheets (CSV or XLSX)."""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django import forms
from django.core import signing
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.attendance_services import STATE_MESSAGES, all_cells, cell_key, counting_state
from activities.models import AgeBand, Gender, Occurrence, Organisation, ParticipantRole, age_bands
from activities.models.attendance import MAX_COUNT, MAX_STUDY_HOURS_PER_SESSION
from klocket import permissions

COUNT_ERROR = gettext_lazy("Enter a whole number from 0 to 10,000.")
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 5000
IMPORT_SALT = "klocket.attendance.import"
IMPORT_MAX_AGE = 60 * 60  # seconds a preview stays valid
MAX_EXPORT_DAYS = 366 * 5 + 1
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def count_field(label, **attrs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={"invalid": COUNT_ERROR, "min_value": COUNT_ERROR, "max_value": COUNT_ERROR},
        widget=forms.NumberInput(
            attrs={"min": 0, "max": MAX_COUNT, "inputmode": "numeric", "class": "form-control tally-input", **attrs}
        ),
    )


def field_name(band: str, gender: str) -> str:
    """A form field name for a counter: c_7_12_f, c_65plus_x."""
    return "c_" + band.replace("+", "plus").replace("-", "_") + "_" + gender


def counter_labels(band: AgeBand, gender: str) -> tuple[str, str]:
    """The accessible names of a counter's + and − buttons: "Add one girl 7–12"."""
    values = {"band": band.label}
    if gender == Gender.OTHER:
        return (
            _("Add one person of other or unstated gender %(band)s") % values,
            _("Remove one person of other or unstated gender %(band)s") % values,
        )
    if gender == Gender.FEMALE:
        if band.is_child:
            return _("Add one girl %(band)s") % values, _("Remove one girl %(band)s") % values
        if band.is_adult:
            return _("Add one woman %(band)s") % values, _("Remove one woman %(band)s") % values
        return _("Add one girl or woman %(band)s") % values, _("Remove one girl or woman %(band)s") % values
    if band.is_child:
        return _("Add one boy %(band)s") % values, _("Remove one boy %(band)s") % values
    if band.is_adult:
        return _("Add one man %(band)s") % values, _("Remove one man %(band)s") % values
    return _("Add one boy or man %(band)s") % values, _("Remove one boy or man %(band)s") % values


class TallyForm(forms.Form):
    """Every counter of an occurrence; blank counts as 0."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    leaders = count_field(gettext_lazy("Leaders and volunteers"))
    first_time = count_field(gettext_lazy("First-time visitors"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        for band in age_bands():
            for gender, label in Gender.choices:
                name = field_name(band.code, gender)
                self.fields[name] = count_field(label, **{"data-tally-visitor": "1"})
                self.cells.append((band, gender, name))

    def clean(self):
        cleaned = super().clean()
        for name in ["leaders", "first_time", *(name for _band, _gender, name in self.cells)]:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = 0
        total = sum(cleaned.get(name) or 0 for _band, _gender, name in self.cells)
        if (cleaned.get("first_time") or 0) > total:
            self.add_error(
                "first_time",
                _("First-time visitors cannot be more than the visitors counted (%(total)s).") % {"total": total},
            )
        return cleaned

    def counts(self) -> dict[str, int]:
        return {cell_key(band.code, gender): self.cleaned_data[name] or 0 for band, gender, name in self.cells}

    @staticmethod
    def initial_from(attendance) -> dict:
        initial = {"version": attendance.version if attendance else 0}
        counts = attendance.counts if attendance else {}
        for band, gender in all_cells():
            initial[field_name(band, gender)] = counts.get(cell_key(band, gender), 0)
        initial["leaders"] = attendance.leaders if attendance else 0
        initial["first_time"] = attendance.first_time if attendance else 0
        return initial


class ParticipantForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    birth_year = forms.IntegerField(
        label=gettext_lazy("Birth year"),
        min_value=1900,
        max_value=2100,
        help_text=gettext_lazy("Only the year, e.g. 1987. Never a personal identity number."),
        error_messages={
            "invalid": gettext_lazy("Enter a birth year such as 1987."),
            "min_value": gettext_lazy("Enter a birth year such as 1987."),
            "max_value": gettext_lazy("Enter a birth year such as 1987."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    gender = forms.ChoiceField(label=gettext_lazy("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=ParticipantRole.choices,
        initial=ParticipantRole.PARTICIPANT,
        widget=forms.RadioSelect,
    )
    contact = forms.CharField(
        label=gettext_lazy("Contact (optional)"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("Phone or e-mail, only if the leader needs it."),
    )


class PeriodForm(forms.Form):
    """Head counts per date for a period and organisation."""

    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    fran = forms.DateField(label=gettext_lazy("From"), widget=DATE_WIDGET)
    till = forms.DateField(label=gettext_lazy("To"), widget=DATE_WIDGET)
    format = forms.ChoiceField(
        label=gettext_lazy("File format"),
        choices=[("xlsx", gettext_lazy("Excel (XLSX)")), ("csv", gettext_lazy("CSV (semicolons, UTF-8)"))],
        initial="xlsx",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        setup_organisation_field(self.fields["organisation"], user)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("fran"), cleaned.get("till")
        if start and end:
            if end < start:
                self.add_error("till", _("The end date cannot be before the start date."))
            elif (end - start).days > MAX_EXPORT_DAYS:
                self.add_error("till", _("Choose at most five years at a time."))
        return cleaned


class LokForm(forms.Form):
    """A LOK check for one reporting half-year."""

    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    ar = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=2023,
        max_value=2100,
        error_messages={
            "invalid": gettext_lazy("Enter a year from 2023 on."),
            "min_value": gettext_lazy("Enter a year from 2023 on."),
            "max_value": gettext_lazy("Enter a year from 2023 on."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    halvar = forms.TypedChoiceField(
        label=gettext_lazy("Reporting period"),
        coerce=int,
        choices=[
            (1, gettext_lazy("January–June (apply by 25 August)")),
            (2, gettext_lazy("July–December (apply by 25 February)")),
        ],
        widget=forms.RadioSelect,
    )
    format = PeriodForm.base_fields["format"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        setup_organisation_field(self.fields["organisation"], user)


def setup_organisation_field(organisation_field, user):
    organisation_field.queryset = permissions.editable_organisations(user).order_by("name")
    if permissions.is_coordinator(user):
        organisation_field.required = False
        organisation_field.empty_label = _("All organisations")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Columns: date, activity, age band, gender, count (a start time column is optional). At most 2 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB. Split it into smaller files."))
        return upload


# Reading head-count spreadsheets ----------------------------------------------------------------------------

COLUMN_ALIASES = {
    "date": {"datum", "date", "dag", "day"},
    "time": {"tid", "starttid", "start", "time", "klockslag", "start time"},
    "activity": {"aktivitet", "activity", "titel", "title", "aktivitetens namn"},
    "band": {"åldersgrupp", "ålder", "åldersintervall", "age band", "age group", "age", "band"},
    "gender": {"kön", "gender", "sex"},
    "count": {"antal", "count", "number", "besökare", "visitors", "antal besökare"},
}
REQUIRED_COLUMNS = ["date", "activity", "band", "gender", "count"]
GENDER_ALIASES = {
    Gender.FEMALE: {
        "f",
        "k",
        "kvinna",
        "kvinnor",
        "flicka",
        "flickor",
        "flicka/kvinna",
        "flickor/kvinnor",
        "flicka eller kvinna",
        "tjej",
        "tjejer",
        "girl",
        "girls",
        "woman",
        "women",
        "female",
        "girl or woman",
        "girl/woman",
    },
    Gender.MALE: {
        "m",
        "p",
        "man",
        "män",
        "pojke",
        "pojkar",
        "pojke/man",
        "pojkar/män",
        "pojke eller man",
        "kille",
        "killar",
        "boy",
        "boys",
        "men",
        "male",
        "boy or man",
        "boy/man",
    },
    Gender.OTHER: {
        "x",
        "annat",
        "annan",
        "ej angivet",
        "annat/ej angivet",
        "annat eller ej angivet",
        "okänt",
        "other",
        "not stated",
        "other or not stated",
        "unknown",
    },
}


@dataclass
class PreviewRow:
    number: int
    values: dict
    occurrence: Occurrence | None = None
    band: str = ""
    gender: str = ""
    count: int | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    filename: str
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def row_errors(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self) -> bool:
        return not self.errors and not self.row_errors and bool(self.rows)

    def payload(self) -> str:
        rows = [[row.occurrence.pk, row.band, row.gender, row.count] for row in self.rows]
        return signing.dumps({"filename": self.filename, "rows": rows}, salt=IMPORT_SALT, compress=True)


def read_payload(payload: str) -> tuple[str, list[tuple[int, str, str, int]]]:
    """The rows of a confirmed preview; BadSignature when it was changed or is older than an hour."""
    data = signing.loads(payload, salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    return data["filename"], [tuple(row) for row in data["rows"]]


def _normalise(value) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.replace("\ufeff", "").replace("_", " ").split()).strip().lower()


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


def read_table(data: bytes) -> list[list]:
    """The cells of the first sheet of an XLSX file, or of a CSV file (delimiter ; , or tab)."""
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    text = decode_csv(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max([";", ",", "\t"], key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}( 00:00(:00)?)?", text):
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    return None


def _parse_time(value) -> dt.time | None | str:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(:\d{2})?", str(value).strip())
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


def _parse_band(value) -> str | None:
    text = _normalise(value).replace("–", "-").replace("—", "-").replace(" ", "")
    for suffix in ("år", "years", "yrs"):
        text = text.removesuffix(suffix)
    for band in age_bands():
        if text in {band.code.lower(), band.label.replace("–", "-").lower()}:
            return band.code
    return None


def _parse_gender(value) -> str | None:
    text = _normalise(value)
    for gender, aliases in GENDER_ALIASES.items():
        if text in aliases or text == gender:
            return str(gender)
    return None


def parse_head_counts(data: bytes, *, filename: str, user, now=None) -> ImportPreview:
    """Read and check every row of a head-count file; nothing is saved here.

    Row numbers are the spreadsheet's own (the header is row 1).
    """
    now = now or timezone.now()
    preview = ImportPreview(filename=filename)
    try:
        table = read_table(data)
    except Exception:  # noqa: BLE001 - any unreadable workbook is the user's file, not our error
        preview.errors.append(_("The file could not be read. Save it as CSV or XLSX and try again."))
        return preview
    numbered = [(number, row) for number, row in enumerate(table, start=1) if any(_normalise(c) for c in row)]
    if not numbered:
        preview.errors.append(_("The file is empty."))
        return preview
    header_number, header = numbered[0]
    columns = {}
    for index, cell in enumerate(header):
        name = _normalise(cell)
        for key, aliases in COLUMN_ALIASES.items():
            if name in aliases and key not in columns:
                columns[key] = index
    missing = [key for key in REQUIRED_COLUMNS if key not in columns]
    if missing:
        preview.errors.append(
            _(
                "Row %(row)s must name the columns: date, activity, age band, gender and count "
                "(in Swedish: datum, aktivitet, åldersgrupp, kön, antal)."
            )
            % {"row": header_number}
        )
        return preview
    body = numbered[1:]
    if not body:
        preview.errors.append(_("The file has no rows to import."))
        return preview
    if len(body) > IMPORT_MAX_ROWS:
        preview.errors.append(_("The file has more than 5,000 rows. Split it into smaller files."))
        return preview

    def cell(row, key):
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    for number, raw in body:
        row = PreviewRow(number=number, values={key: cell(raw, key) for key in COLUMN_ALIASES})
        preview.rows.append(row)
        row.date = _parse_date(row.values["date"])
        if row.date is None:
            row.errors.append(_("“%(value)s” is not a date like 2026-03-05.") % {"value": _shown(row.values["date"])})
        row.time = _parse_time(row.values["time"])
        if row.time == "invalid":
            row.errors.append(_("“%(value)s” is not a time like 16:00.") % {"value": _shown(row.values["time"])})
        row.activity_text = " ".join(str(row.values["activity"] or "").split())
        if not row.activity_text:
            row.errors.append(_("The activity is missing."))
        row.band = _parse_band(row.values["band"]) or ""
        if not row.band:
            row.errors.append(
                _("“%(value)s” is not an age band. Use one of: %(bands)s.")
                % {"value": _shown(row.values["band"]), "bands": ", ".join(b.label for b in age_bands())}
            )
        row.gender = _parse_gender(row.values["gender"]) or ""
        if not row.gender:
            row.errors.append(
                _("“%(value)s” is not a gender. Use flicka/kvinna, pojke/man or annat/ej angivet.")
                % {"value": _shown(row.values["gender"])}
            )
        row.count = _parse_count(row.values["count"])
        if row.count is None or not 0 <= row.count <= MAX_COUNT:
            row.errors.append(
                _("“%(value)s” is not a count from 0 to 10,000.") % {"value": _shown(row.values["count"])}
            )
    _resolve_occurrences(preview, user=user, now=now)
    seen: dict[tuple, int] = {}
    for row in preview.rows:
        if row.occurrence is None or row.errors:
            continue
        key = (row.occurrence.pk, row.band, row.gender)
        if key in seen:
            row.errors.append(_("The same date, age band and gender as row %(row)s.") % {"row": seen[key]})
        else:
            seen[key] = row.number
    return preview


def _shown(value) -> str:
    text = "" if value is None else str(value)
    return text[:40] if text.strip() else _("(empty)")


def _resolve_occurrences(preview: ImportPreview, *, user, now):
    """Find each row's occurrence among the user's activities: two queries for the whole file."""
    rows = [row for row in preview.rows if row.activity_text and row.date]
    if not rows:
        return
    titles = {row.activity_text.lower() for row in rows}
    ids = {int(text.lstrip("#")) for text in titles if re.fullmatch(r"#?\d{1,12}", text)}
    activities = list(
        permissions.editable_activities(user)
        .annotate(lower_title=Lower("title"))
        .filter(Q(lower_title__in=titles) | Q(pk__in=ids))
    )
    by_title: dict[str, list] = {}
    by_id = {}
    for activity in activities:
        by_title.setdefault(activity.lower_title, []).append(activity)
        by_id[activity.pk] = activity
    first = min(row.date for row in rows)
    last = max(row.date for row in rows)
    zone = timezone.get_default_timezone()
    occurrences = Occurrence.objects.filter(
        activity__in=[activity.pk for activity in activities],
        start__gte=timezone.make_aware(dt.datetime.combine(first, dt.time()), zone) - dt.timedelta(hours=1),
        start__lt=timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time()), zone),
    ).select_related("activity")
    by_day: dict[tuple[int, dt.date], list[Occurrence]] = {}
    for occurrence in occurrences:
        by_day.setdefault((occurrence.activity_id, timezone.localdate(occurrence.start)), []).append(occurrence)
    for row in rows:
        text = row.activity_text.lower()
        matches = by_title.get(text, [])
        if not matches and re.fullmatch(r"#?\d{1,12}", text):
            found = by_id.get(int(text.lstrip("#")))
            matches = [found] if found else []
        if not matches:
            row.errors.append(_("No activity of yours is called “%(title)s”.") % {"title": row.activity_text[:80]})
            continue
        if len(matches) > 1:
            row.errors.append(
                _("Several activities are called “%(title)s”: use the activity's number (%(numbers)s) instead.")
                % {"title": row.activity_text[:80], "numbers": ", ".join(str(a.pk) for a in matches)}
            )
            continue
        activity = matches[0]
        candidates = sorted(by_day.get((activity.pk, row.date), []), key=lambda o: o.start)
        if isinstance(row.time, dt.time):
            candidates = [o for o in candidates if timezone.localtime(o.start).time().replace(second=0) == row.time]
        if not candidates:
            row.errors.append(
                _("%(title)s has no date on %(date)s%(time)s.")
                % {
                    "title": activity.title,
                    "date": row.date.isoformat(),
                    "time": f" {row.time:%H:%M}" if isinstance(row.time, dt.time) else "",
                }
            )
            continue
        if len(candidates) > 1:
            row.errors.append(
                _("%(title)s has several dates on %(date)s: add the start time in a column named Tid.")
                % {"title": activity.title, "date": row.date.isoformat()}
            )
            continue
        occurrence = candidates[0]
        state = counting_state(occurrence, user, now=now)
        if state:
            row.errors.append(str(STATE_MESSAGES[state]))
            continue
        row.occurrence = occurrence


def study_hours_choices():
    return [(hours, str(hours)) for hours in range(MAX_STUDY_HOURS_PER_SESSION + 1)]
