"""Every indicator's series as CSV and XLSX, and the quarterly report as PDF.

The spreadsheets have Swedish headers whatever the page's language, like the portal's other
exports: CSV is UTF-8 with a BOM, semicolon-separated with CRLF line ends and decimal commas,
so Excel in Sweden opens it as it is; XLSX (openpyxl) has numbers as numbers and a second
sheet saying what was exported. The PDF (reportlab, when installed) is in the page's language.
"""

import csv
import datetime as dt
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from goals import dashboard, formatting
from goals.dashboard import Dashboard
from goals.indicators import Filters
from goals.models import Computation, ListStatus, PeriodKind, Unit
from goals.periods import HALF_YEAR, KINDS_PER_YEAR, RANGE, Period
from klocket import pdf

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = [
    "Mål",
    "Indikator",
    "Kod",
    "Enhet",
    "Period",
    "Från",
    "Till",
    "Värde",
    "Samma period året före",
    "Förändring",
    "Källa",
    "Antal svar eller personer",
    "Urval",
    "Kommentar",
]
UNIT_SV = {
    Unit.COUNT: "antal",
    Unit.PERCENT: "procent",
    Unit.SCORE: "poäng 0–1",
    Unit.HOURS: "timmar",
    Unit.DAYS: "dagar",
    Unit.MEAN_1_5: "medelvärde 1–5",
    Unit.LIST_STATUS: "status (0 = ej listat, 1 = utsatt, 2 = risk, 3 = särskilt utsatt)",
}
LIST_SV = {
    ListStatus.NOT_LISTED: "Inte på listan",
    ListStatus.VULNERABLE: "Utsatt område",
    ListStatus.RISK: "Riskområde",
    ListStatus.ESPECIALLY_VULNERABLE: "Särskilt utsatt område",
}
KIND_SV = {
    PeriodKind.MONTH: "månad",
    PeriodKind.QUARTER: "kvartal",
    HALF_YEAR: "halvår",
    PeriodKind.YEAR: "år",
    RANGE: "datumintervall",
}
NO_DATA_SV = "Ingen data ännu"
WHOLE_AREA = "hela området"


def filters_sv(filters: Filters) -> str:
    parts = []
    if filters.venue is not None:
        parts.append(f"hus/plats: {filters.venue.name}")
    if filters.organisation is not None:
        parts.append(f"arrangör: {filters.organisation.name}")
    if filters.activity is not None:
        parts.append(f"aktivitet: {filters.activity.title}")
    return "; ".join(parts) or "alla hus, platser och arrangörer"


def export_periods(period: Period, granularity: str) -> list[Period]:
    """The chosen period cut by the division (the quarters of 2020; a free range's first and
    last month cut to its dates); the period itself when the division is not finer than it."""
    coarser = period.kind in KINDS_PER_YEAR and KINDS_PER_YEAR[granularity] <= KINDS_PER_YEAR[period.kind]
    return [period] if coarser else period.pieces(granularity)


def build_series(period: Period, granularity: str, *, filters: Filters, now=None) -> Dashboard:
    """Any period the data covers, each part beside the same part a year earlier."""
    return dashboard.build(
        export_periods(period, granularity),
        filters=filters,
        now=now,
        before=export_periods(period.year_before(), granularity),
    )


def series_rows(board: Dashboard, granularity: str) -> list[list]:
    """One row per indicator and period: computed series over the window, values entered by hand,
    and the police list per publication year."""
    rows = []
    scope = filters_sv(board.filters)
    for goal in board.goals:
        goal_name = f"#{goal.goal.number} {goal.goal.title_sv}"
        for summary in goal.indicators:
            indicator = summary.indicator
            unit = UNIT_SV.get(indicator.unit, indicator.unit)
            if indicator.computation == Computation.POLICE_LIST:
                for entry in summary.police:
                    year = Period.year(entry.year)
                    rows.append(
                        [
                            goal_name,
                            indicator.name_sv,
                            indicator.code,
                            unit,
                            year.code,
                            year.start,
                            year.end,
                            entry.level,
                            None,
                            None,
                            entry.source,
                            None,
                            WHOLE_AREA,
                            LIST_SV.get(entry.status, entry.status),
                        ]
                    )
                continue
            if indicator.is_computed:
                pairs = [(point, summary.point_a_year_before(point)) for point in summary.points]
            else:
                by_period = {point.period: point for point in summary.points}
                pairs = [(point, by_period.get(point.period.year_before())) for point in summary.points]
            for point, before in pairs:
                value = _number(point.value)
                earlier = _number(before.value) if before is not None else None
                delta = None if value is None or earlier is None else _number(value - earlier)
                if value is None:
                    comment = NO_DATA_SV
                elif point.entered_by_hand:
                    comment = "inmatat för hand"
                else:
                    comment = ""
                source = point.source or ("KLOCKET-portalen" if indicator.is_computed else "")
                rows.append(
                    [
                        goal_name,
                        indicator.name_sv,
                        indicator.code,
                        unit,
                        point.period.code,
                        point.period.start,
                        point.period.end,
                        value,
                        earlier,
                        delta,
                        source,
                        point.measurement.sample_size if point.measurement else None,
                        scope if summary.filtered else WHOLE_AREA,
                        comment,
                    ]
                )
    return rows


def _number(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value == int(value) else round(value, 4)


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # never a formula in Excel
    return value


def to_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: list[list], *, about: list[tuple[str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Serier")
    for letter, width in {"A": 34, "B": 34, "C": 22, "D": 16, "E": 11, "F": 11, "G": 11, "K": 40, "M": 28}.items():
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)

    def cell(value, *, strong=False):
        item = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            item.data_type = "s"  # text stays text, never a formula
        elif isinstance(value, dt.date):
            item.number_format = "yyyy-mm-dd"
        if strong:
            item.font = bold
        return item

    sheet.append([cell(value, strong=True) for value in HEADER])
    for row in rows:
        sheet.append([cell(value) for value in row])
    info = workbook.create_sheet(title="Om")
    for label, text in about:
        info.append([label, text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def about_lines(period: Period, granularity: str, filters: Filters) -> list[tuple[str, str]]:
    return [
        ("Innehåll", "KLOCKET: målens indikatorer per period, med samma period året före"),
        ("Period", f"{period.start.isoformat()} – {period.end.isoformat()} ({KIND_SV.get(period.kind, period.kind)})"),
        ("Till och med", period.end.isoformat()),
        ("Indelning", KIND_SV.get(granularity, granularity)),
        ("Urval", filters_sv(filters)),
        ("Skapad", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ("Tomt värde", "ingen data ännu (aldrig en nolla i stället för saknade uppgifter)"),
    ]


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# PDF --------------------------------------------------------------------------------------------------------


def pdf_available() -> bool:
    return pdf.available()


def _font() -> tuple[str, str]:
    return pdf.fonts()


def report_styles():
    """The report's paragraph styles: text, small (table cells), heading and title."""
    from reportlab.lib.styles import ParagraphStyle

    regular, bold = _font()
    text = ParagraphStyle("text", fontName=regular, fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=text, fontSize=8, leading=10)
    heading = ParagraphStyle("heading", parent=text, fontName=bold, fontSize=13, leading=17, spaceBefore=8)
    title = ParagraphStyle("title", parent=text, fontName=bold, fontSize=17, leading=22)
    return text, small, heading, title


def report_pdf(board: Dashboard) -> bytes:
    """The quarter's report: per goal, each indicator's value, baseline, target, trend and status,
    and its last quarters."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    regular, bold = _font()
    text, small, heading, title = report_styles()

    def para(value, style=text):
        return pdf.paragraph(value, style)

    as_of = _("Figures as of %(date)s. Selection: %(filters)s.") % {
        "date": board.today.isoformat(),
        "filters": _filters_text(board.filters),
    }
    story = [
        para(_("KLOCKET goals: report for %(period)s") % {"period": board.period.label}, title),
        para(as_of, small),
        Spacer(1, 4 * mm),
    ]
    grid = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), regular, 8),
            ("FONT", (0, 0), (-1, 0), bold, 8),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9eef6")),
        ]
    )
    for goal in board.goals:
        story.append(para(f"#{goal.goal.number} {goal.goal.title} – {formatting.status_label(goal.status)}", heading))
        header = report_header()
        rows = [[para(cell, small) for cell in header]]
        for summary in goal.indicators:
            indicator = summary.indicator
            current = summary.current.value if summary.current else None
            baseline = indicator.baseline_value
            cells = [
                indicator.name,
                formatting.format_value(current, indicator.unit),
                _optional(baseline, indicator.unit),
                _optional(indicator.target_value, indicator.unit),
                formatting.format_change(summary.trend, indicator.unit) or "–",
                formatting.status_label(summary.status),
            ]
            rows.append([para(value, small) for value in cells])
        table = Table(rows, colWidths=column_widths(header, small), repeatRows=1)
        table.setStyle(grid)
        story.append(table)
        for summary in goal.indicators:
            if not summary.points or summary.indicator.computation == Computation.POLICE_LIST:
                continue
            points = summary.points[-8:]
            labels = [para(p.period.short_label, small) for p in points]
            values = [para(formatting.format_value(p.value, summary.indicator.unit), small) for p in points]
            series = Table([labels, values], colWidths=[180 * mm / len(points)] * len(points))
            series.setStyle(grid)
            story += [Spacer(1, 2 * mm), para(summary.indicator.name, small), series]
        if goal.goal.number == 2:
            for summary in goal.indicators:
                for entry in summary.police:
                    story.append(para(f"{entry.year}: {entry.get_status_display()} ({entry.source})", small))
    story += [Spacer(1, 4 * mm), para(_status_rule_text(), small)]
    return pdf.build(story, title=_("KLOCKET goals report"))


# The report table's columns (indicator, value, baseline, target, change, status) in mm; 180 in all.
REPORT_COLUMNS_MM = [48, 28, 24, 24, 34, 22]
CELL_PADDING = 12  # points: reportlab's default 6 left and 6 right


def report_header() -> list[str]:
    return [
        _("Indicator"),
        _("Value"),
        _("Baseline"),
        _("Target"),
        _("Change from the period before"),
        _("Status"),
    ]


def column_widths(header: list[str], style) -> list[float]:
    """The report table's column widths in points: each column at least as wide as the longest
    word of its header, so a word is never broken ("Utgångsvärd e"); the indicator column, which
    wraps names at spaces, gives up the difference."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths = [width * mm for width in REPORT_COLUMNS_MM]
    for index, text in enumerate(header):
        needed = max(stringWidth(word, style.fontName, style.fontSize) for word in text.split()) + CELL_PADDING
        if index and widths[index] < needed:
            widths[0] -= needed - widths[index]
            widths[index] = needed
    return widths


def _optional(value, unit) -> str:
    return "–" if value is None else formatting.format_value(value, unit)


def _filters_text(filters: Filters) -> str:
    return ", ".join(filters.names) or _("all houses, places and organisations")


def _status_rule_text() -> str:
    from django.template.loader import render_to_string
    from django.utils.html import strip_tags

    return " ".join(strip_tags(render_to_string("goals/_status_rule.html")).split())
