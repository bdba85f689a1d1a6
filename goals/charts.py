"""Charts drawn on the server as SVG: bars per period (with the year before beside them) and the
police-list timeline. Every chart comes with the rows of its accessible data table; the SVG
itself is one image for screen readers (role="img" with a title and a description).

Colours and fonts come from CSS classes (static/css/klocket.css, "Goals" section): the CSP
forbids inline styles, and presentation stays in one place.
"""

import itertools
import math
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from goals.formatting import format_axis, format_value
from goals.models import ListStatus, Unit

WHOLE_UNITS = {Unit.COUNT, Unit.HOURS, Unit.LIST_STATUS}
WIDTH = 640
HEIGHT = 250
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 18, 58
_ids = itertools.count(1)


@dataclass
class Series:
    name: str
    values: list
    css: str = "goals-bar-current"


@dataclass
class Chart:
    svg: SafeString
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    fraction = value / 10**exponent
    for nice in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if fraction <= nice:
            return nice * 10**exponent
    return 10 ** (exponent + 1)


def _svg(title: str, description: str, body: list[str], *, height: int = HEIGHT, css: str = "") -> SafeString:
    number = next(_ids)
    title_id, desc_id = f"goals-chart-{number}-title", f"goals-chart-{number}-desc"
    return mark_safe(  # noqa: S308 - every piece of text below is escaped
        f'<svg class="goals-chart {css}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _label(text: str, x: float, y: float) -> str:
    """An axis label; a line break in ``text`` makes a second line."""
    lines = text.split("\n")
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if number == 0 else 1.15}em">{escape(line)}</tspan>'
        for number, line in enumerate(lines)
    )
    return f'<text class="goals-axis" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{spans}</text>'


def bar_chart(*, title: str, labels: list[str], series: list[Series], unit: str, target=None, row_labels=None) -> Chart:
    """Grouped bars, one group per period; a missing value leaves a dash, never a bar of 0.

    ``labels`` go under the bars (a line break makes two lines), ``row_labels`` head the table's rows.
    """
    row_labels = row_labels or [label.replace("\n", " ") for label in labels]
    values = [float(v) for s in series for v in s.values if v is not None]
    top = max(values + ([float(target)] if target is not None else []), default=0)
    if unit == Unit.PERCENT:
        top = max(top, 10)
    if unit == Unit.SCORE:
        top = 1.0
    if unit == Unit.MEAN_1_5:
        top = 5.0
    scale_max = _nice_max(top)
    if unit in WHOLE_UNITS:
        scale_max = max(4, math.ceil(scale_max / 4) * 4)  # whole-number ticks
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(labels), 1)
    group = plot_w / count
    bar = group * 0.72 / max(len(series), 1)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / scale_max)

    body = []
    for tick in range(5):
        value = scale_max * tick / 4
        ty = y(value)
        body.append(f'<line class="goals-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        body.append(
            f'<text class="goals-axis" x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{escape(format_axis(value, unit))}</text>"
        )
    every = 1 if count <= 8 else 2 if count <= 16 else 4
    for index, label in enumerate(labels):
        x0 = LEFT + group * index + group * 0.14
        for number, each in enumerate(series):
            value = each.values[index] if index < len(each.values) else None
            x = x0 + bar * number
            if value is None:
                body.append(
                    f'<text class="goals-nodata" x="{x + bar / 2:.1f}" y="{y(0) - 4:.1f}" text-anchor="middle">–</text>'
                )
                continue
            top_y = y(min(float(value), scale_max))
            height = max(y(0) - top_y, 0.0)
            body.append(
                f'<rect class="{each.css}" x="{x:.1f}" y="{top_y:.1f}" width="{bar * 0.92:.1f}" height="{height:.1f}"/>'
            )
        if index % every == 0 or index == count - 1:
            body.append(_label(label, LEFT + group * index + group / 2, HEIGHT - BOTTOM + 18))
    body.append(f'<line class="goals-baseline" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>')
    if target is not None:
        ty = y(min(float(target), scale_max))
        text = _("Target %(value)s") % {"value": format_value(target, unit)}
        body.append(f'<line class="goals-target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        body.append(
            f'<text class="goals-target-label" x="{WIDTH - RIGHT}" y="{ty - 5:.1f}" text-anchor="end">'
            f"{escape(text)}</text>"
        )
    description = _("Bar chart of %(what)s per period. The same figures are in the table below.") % {"what": title}
    headers = [_("Period")] + [s.name for s in series]
    rows = [
        [label] + [format_value(s.values[index] if index < len(s.values) else None, unit) for s in series]
        for index, label in enumerate(row_labels)
    ]
    legend = [(s.css, s.name) for s in series]
    return Chart(svg=_svg(title, description, body), title=title, headers=headers, rows=rows, legend=legend)


def list_timeline(*, title: str, entries: list, first_year: int, last_year: int, deadline=None) -> Chart:
    """The police list status per publication year from ``first_year`` to ``last_year``, with the deadline."""
    levels = [ListStatus.NOT_LISTED, ListStatus.VULNERABLE, ListStatus.RISK, ListStatus.ESPECIALLY_VULNERABLE]
    short = {
        ListStatus.NOT_LISTED: _("Not listed"),
        ListStatus.VULNERABLE: _("Vulnerable"),
        ListStatus.RISK: _("Risk area"),
        ListStatus.ESPECIALLY_VULNERABLE: _("Especially vulnerable"),
    }
    left = 190
    height = 210
    top, bottom = 20, 40
    plot_w, plot_h = WIDTH - left - RIGHT, height - top - bottom
    span = max(last_year - first_year, 1)

    def x(year) -> float:
        return left + plot_w * (year - first_year) / span

    def y(level) -> float:
        return top + plot_h * (1 - level / 3)

    body = []
    for level, status in enumerate(levels):
        ly = y(level)
        body.append(f'<line class="goals-grid" x1="{left}" x2="{WIDTH - RIGHT}" y1="{ly:.1f}" y2="{ly:.1f}"/>')
        body.append(
            f'<text class="goals-axis" x="{left - 8}" y="{y(level) + 4:.1f}" text-anchor="end">'
            f"{escape(str(short[status]))}</text>"
        )
    for year in range(first_year, last_year + 1):
        if (year - first_year) % 2 == 0:
            body.append(
                f'<text class="goals-axis" x="{x(year):.1f}" y="{height - bottom + 18}" '
                f'text-anchor="middle">{year}</text>'
            )
    if deadline is not None and first_year <= deadline.year <= last_year + 1:
        dx = x(deadline.year + (deadline.timetuple().tm_yday - 1) / 366)
        body.append(f'<line class="goals-deadline" x1="{dx:.1f}" x2="{dx:.1f}" y1="{top}" y2="{height - bottom}"/>')
        anchor, tx = ("end", dx - 6) if dx > left + plot_w / 2 else ("start", dx + 6)
        text = _("Deadline %(date)s") % {"date": deadline.isoformat()}
        body.append(
            f'<text class="goals-target-label" x="{tx:.1f}" y="{top + 10}" text-anchor="{anchor}">{escape(text)}</text>'
        )
    points = [(x(entry.year), y(entry.level)) for entry in entries]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        body.append(f'<polyline class="goals-line" points="{path}"/>')
    for entry, (px, py) in zip(entries, points, strict=True):
        css = "goals-dot-off" if entry.level == 0 else "goals-dot-on"
        body.append(f'<circle class="{css}" cx="{px:.1f}" cy="{py:.1f}" r="6"/>')
    description = _("Timeline of the police list status per publication year. The same facts are in the table below.")
    rows = [[str(entry.year), entry.get_status_display(), entry.source] for entry in entries]
    return Chart(
        svg=_svg(title, description, body, height=height, css="goals-timeline"),
        title=title,
        headers=[_("Year"), _("Status"), _("Source")],
        rows=rows,
    )
