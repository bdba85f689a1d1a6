"""Exports of attendance for funders and study associations, and the participation certificate.

Spreadsheets have Swedish headers whatever the page's language, so Excel in Sweden and the
study associations' staff read them as they are: CSV is UTF-8 with a BOM, semicolon-separated
with CRLF line ends; XLSX is written with openpyxl. The certificate (intyg) is a PDF made with
reportlab, in the page's language.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.attendance_selectors import CircleReport, LokRow, ParticipantStatus, ReportingPeriod, place_of
from activities.models import ActivityForm, Gender, ParticipantRole, age_bands

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

GENDER_SV = {Gender.FEMALE: "Flicka/kvinna", Gender.MALE: "Pojke/man", Gender.OTHER: "Annat/ej angivet"}
GENDER_PLURAL_SV = {Gender.FEMALE: "Flickor/kvinnor", Gender.MALE: "Pojkar/män", Gender.OTHER: "Annat/ej angivet"}
ROLE_SV = {ParticipantRole.PARTICIPANT: "Deltagare", ParticipantRole.LEADER: "Ledare"}
FORM_SV = {
    ActivityForm.STUDY_CIRCLE: "Studiecirkel",
    ActivityForm.CULTURAL_PROGRAMME: "Kulturprogram",
    ActivityForm.OTHER_POPULAR_EDUCATION: "Annan folkbildningsverksamhet",
    ActivityForm.OPEN_ACTIVITY: "Öppen verksamhet",
    ActivityForm.LECTURE: "Föreläsning eller informationsmöte",
    ActivityForm.WORKSHOP: "Workshop",
    ActivityForm.SPORTS: "Idrott",
    ActivityForm.INTERNAL_MEETING: "Internt möte",
    ActivityForm.SAFETY_WALK: "Trygghetsvandring",
}
WEEKDAYS_SV = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
LOK_REASONS_SV = {
    "short": "kortare än 60 minuter",
    "not_counted": "inte räknat",
    "no_leader": "ingen ledare räknad",
    "too_few": "färre än 3 deltagare i åldern 7–25 år",
    "too_many": "fler än 30 deltagare i åldern 7–25 år",
}
IDROTTONLINE_NOTE = (
    "Underlaget visar vilka tillfällen som skulle kunna uppfylla villkoren för LOK-stöd. "
    "Själva stödet söks i IdrottOnline med namngivna medlemmar; besöksräkningen här har inga namn."
)
LOK_AGE_NOTE = (
    "Deltagare 7–25 år räknas från besöksräkningens åldersgrupper (åldern vid tillfället, inte det år de fyller). "
    "Ledarens ålder (minst 13 år), gemensam start och slut och regeln om en aktivitet per deltagare, "
    "idrott och veckodag kan inte kontrolleras här."
)


@dataclass
class Sheet:
    """A table with optional lines above it (title, period, notes)."""

    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    preamble: list[list] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # never a formula in Excel
    return value


def to_csv(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for line in sheet.preamble:
        writer.writerow([_csv_value(value) for value in line])
    writer.writerow(sheet.header)
    for row in sheet.rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(sheet: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet.title[:31])
    for index, width in sheet.widths.items():
        worksheet.column_dimensions[get_column_letter(index + 1)].width = width
    bold = Font(bold=True)

    def cell(value, *, strong=False):
        """Plain values go in as they are (fast); text that Excel would read as a formula, headers
        and times get a cell of their own."""
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).replace(tzinfo=None)
        if not strong and not (isinstance(value, str) and value.startswith("=")):
            return value
        item = WriteOnlyCell(worksheet, value=value)
        if isinstance(value, str):
            item.data_type = "s"  # a name starting with = stays text, never a formula
        if strong:
            item.font = bold
        return item

    for number, line in enumerate(sheet.preamble):
        worksheet.append([cell(value, strong=number == 0) for value in line])
    worksheet.append([cell(value, strong=True) for value in sheet.header])
    for row in sheet.rows:
        worksheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(sheet: Sheet, *, filename: str, fmt: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(to_csv(sheet), content_type=CSV_CONTENT_TYPE)
        name = f"{filename}.csv"
    else:
        response = HttpResponse(to_xlsx(sheet), content_type=XLSX_CONTENT_TYPE)
        name = f"{filename}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _period(first: dt.date, last: dt.date) -> str:
    return f"{first.isoformat()}–{last.isoformat()}"


def cell_headers() -> list[tuple[str, str, str]]:
    """(band code, gender, Swedish header) of every count column."""
    return [
        (band.code, gender.value, f"{GENDER_PLURAL_SV[gender]} {band.label}")
        for band in age_bands()
        for gender in Gender
    ]


# Head counts ------------------------------------------------------------------------------------------------

HEAD_COUNT_FIXED = ["Datum", "Start", "Slut", "Aktivitet", "Form", "Arrangör", "Plats"]
HEAD_COUNT_TOTALS = ["Besökare totalt", "Ledare och volontärer", "Förstagångsbesökare", "Räknat"]


def head_count_sheet(occurrences, *, first: dt.date, last: dt.date, organisation_name: str) -> Sheet:
    """One row per held date, one column per age band and gender (Swedish headers)."""
    cells = cell_headers()
    sheet = Sheet(
        title="Besöksräkning",
        header=HEAD_COUNT_FIXED + [header for _band, _gender, header in cells] + HEAD_COUNT_TOTALS,
        widths={0: 11, 3: 32, 5: 24, 6: 20},
    )
    for occurrence in occurrences:
        try:
            attendance = occurrence.attendance
        except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist: not counted
            attendance = None
        counts = attendance.counts if attendance else {}
        start, end = timezone.localtime(occurrence.start), timezone.localtime(occurrence.end)
        sheet.rows.append(
            [
                start.date(),
                start.strftime("%H:%M"),
                end.strftime("%H:%M"),
                occurrence.activity.title,
                FORM_SV.get(occurrence.activity.form, occurrence.activity.form),
                occurrence.activity.organiser.name,
                place_of(occurrence),
                *[counts.get(f"{band}:{gender}", 0) if attendance else None for band, gender, _h in cells],
                attendance.total if attendance else None,
                attendance.leaders if attendance else None,
                attendance.first_time if attendance else None,
                "ja" if attendance else "nej",
            ]
        )
    return sheet


# Study circles ----------------------------------------------------------------------------------------------


def organisers_of(activity) -> list[str]:
    return [activity.organiser.name, *(o.name for o in activity.co_organisers.all())]


NARVARO_REACHED = "Minst 9 timmar och 3 tillfällen"


def attendance_list_sheet(report: CircleReport, *, organisers: list[str]) -> Sheet:
    """Närvarolista: participants x held sessions, with sessions and study hours attended."""
    held = report.held
    dates = [timezone.localtime(session.occurrence.start).strftime("%Y-%m-%d %H:%M") for session in held]
    period = report.period
    sheet = Sheet(
        title="Närvarolista",
        preamble=[
            ["Närvarolista"],
            ["Studiecirkel", report.activity.title],
            ["Arrangörer", ", ".join(organisers)],
            ["Period", _period(*period) if period else ""],
            ["Genomförda tillfällen", len(held)],
            ["Studietimmar", report.held_hours],
            [],
        ],
        header=[
            "Namn",
            "Födelseår",
            "Kön",
            "Roll",
            *dates,
            "Tillfällen",
            "Studietimmar",
            "Minst 9 timmar och 3 tillfällen",
        ],
        widths={0: 24},
    )
    for status in report.participants:
        person = status.participant
        sheet.rows.append(
            [
                person.name,
                person.birth_year,
                GENDER_SV.get(person.gender, ""),
                ROLE_SV.get(person.role, ""),
                *["X" if session.occurrence.pk in status.present else "" for session in held],
                status.sessions,
                status.hours,
                "ja" if status.reached else "nej",
            ]
        )
    sheet.rows.append(["Studietimmar per tillfälle", None, None, None, *[s.hours for s in held], None, None, None])
    return sheet


# LOK-stöd ---------------------------------------------------------------------------------------------------

LOK_HEADER = [
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


def lok_sheet(rows: list[LokRow], *, period: ReportingPeriod, organisation_name: str) -> Sheet:
    qualifying = sum(1 for row in rows if row.qualifies)
    sheet = Sheet(
        title="LOK-stöd",
        preamble=[
            ["LOK-stöd: underlag per sammankomst"],
            ["Organisation", organisation_name],
            ["Redovisningsperiod", _period(period.first_day, period.last_day)],
            ["Sista dag att ansöka", period.deadline],
            ["Sammankomster som uppfyller villkoren", f"{qualifying} av {len(rows)}"],
            ["Observera", IDROTTONLINE_NOTE],
            ["Åldrar", LOK_AGE_NOTE],
            [],
        ],
        header=LOK_HEADER,
        widths={0: 11, 5: 32, 6: 24, 11: 40},
    )
    for row in rows:
        start, end = timezone.localtime(row.occurrence.start), timezone.localtime(row.occurrence.end)
        sheet.rows.append(
            [
                start.date(),
                WEEKDAYS_SV[start.weekday()],
                start.strftime("%H:%M"),
                end.strftime("%H:%M"),
                row.minutes,
                row.occurrence.activity.title,
                row.occurrence.activity.organiser.name,
                row.leaders if row.attendance else None,
                row.youth if row.attendance else None,
                row.others if row.attendance else None,
                "ja" if row.qualifies else "nej",
                "; ".join(LOK_REASONS_SV[code] for code in row.reasons),
            ]
        )
    return sheet


def export_filename(*parts) -> str:
    return "-".join(slugify(str(part)) for part in parts if part)[:120] or "export"


# Certificate (intyg) ----------------------------------------------------------------------------------------


@dataclass
class Certificate:
    name: str
    circle: str
    organisers: list[str]
    first_day: dt.date | None
    last_day: dt.date | None
    sessions_attended: int
    sessions_held: int
    hours_attended: int
    dates: list[dt.date]

    @property
    def period(self) -> str:
        if not self.first_day:
            return ""
        return f"{date_format(self.first_day, 'DATE_FORMAT')} – {date_format(self.last_day, 'DATE_FORMAT')}"


def certificate_for(report: CircleReport, status: ParticipantStatus, *, organisers: list[str]) -> Certificate:
    attended = [session for session in report.held if session.occurrence.pk in status.present]
    period = report.period
    return Certificate(
        name=status.participant.name,
        circle=report.activity.title,
        organisers=organisers,
        first_day=period[0] if period else None,
        last_day=period[1] if period else None,
        sessions_attended=status.sessions,
        sessions_held=len(report.held),
        hours_attended=status.hours,
        dates=[timezone.localdate(session.occurrence.start) for session in attended],
    )


def certificate_lines(certificate: Certificate) -> list[tuple[str, str]]:
    """(label, value) lines of a certificate, shared by the printable page and the PDF."""
    return [
        (_("Name"), certificate.name),
        (_("Study circle"), certificate.circle),
        (_("Organisers"), ", ".join(certificate.organisers)),
        (_("Period"), certificate.period),
        (
            _("Sessions attended"),
            _("%(attended)s of %(held)s")
            % {"attended": certificate.sessions_attended, "held": certificate.sessions_held},
        ),
        (
            _("Study hours attended"),
            ngettext(
                "%(hours)s study hour of 45 minutes",
                "%(hours)s study hours of 45 minutes",
                certificate.hours_attended,
            )
            % {"hours": certificate.hours_attended},
        ),
        (_("Dates attended"), ", ".join(date_format(day, "DATE_FORMAT") for day in certificate.dates)),
    ]


def _font() -> str:
    """A TrueType font with Swedish and other Latin letters: DejaVu Sans if installed, else the
    Vera font that ships with reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "KlocketSans" in pdfmetrics.getRegisteredFontNames():
        return "KlocketSans"
    import reportlab

    candidates = [
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path(reportlab.__file__).parent / "fonts" / "Vera.ttf",
    ]
    for path in candidates:
        if path.exists():
            pdfmetrics.registerFont(TTFont("KlocketSans", str(path)))
            return "KlocketSans"
    return "Helvetica"


def certificate_pdf(certificate: Certificate) -> bytes:
    """An A4 PDF: heading, the certificate's lines, and a signature line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    font = _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    title = _("Certificate of participation in a study circle")
    pdf.setTitle(f"{title}: {certificate.name}")
    pdf.setAuthor("KLOCKET")
    pdf.setSubject(certificate.circle)
    width, height = A4
    left, right = 25 * mm, width - 25 * mm
    y = height - 35 * mm
    pdf.setFont(font, 20)
    for line in simpleSplit(title, font, 20, right - left):
        pdf.drawString(left, y, line)
        y -= 26
    y -= 16
    for label, value in certificate_lines(certificate):
        pdf.setFont(font, 10)
        pdf.drawString(left, y, label)
        y -= 15
        pdf.setFont(font, 13)
        for line in simpleSplit(value or "–", font, 13, right - left) or ["–"]:
            pdf.drawString(left, y, line)
            y -= 17
        y -= 8
    y = max(y - 30 * mm, 45 * mm)
    pdf.setFont(font, 10)
    pdf.line(left, y, left + 80 * mm, y)
    pdf.line(left + 95 * mm, y, right, y)
    pdf.drawString(left, y - 14, _("Signature of the circle leader"))
    pdf.drawString(left + 95 * mm, y - 14, _("Place and date"))
    y -= 20 * mm
    pdf.line(left, y, left + 80 * mm, y)
    pdf.drawString(left, y - 14, _("Name in block letters"))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
