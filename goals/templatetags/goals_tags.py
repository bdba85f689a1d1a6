"""Template helpers of the goals pages: values, changes, statuses and charts in the page's language."""

import itertools

from django import template
from django.utils.translation import gettext as _

from goals import charts, formatting
from goals.models import Computation, Unit

register = template.Library()
_uids = itertools.count(1)


@register.simple_tag
def goals_uid(prefix="goals-table"):
    """An id unique within the rendered page (tables' captions name their scrollable regions)."""
    return f"{prefix}-{next(_uids)}"


@register.filter
def goal_value(value, unit):
    return formatting.format_value(value, unit)


@register.filter
def status_label(status):
    return formatting.status_label(status)


@register.filter
def change_text(delta, unit):
    return formatting.format_change(delta, unit)


@register.filter
def change_quality(delta, direction):
    """ "better" / "worse" / "" for a Change and an indicator's direction."""
    return formatting.better_or_worse(delta, direction)


@register.filter
def quality_label(quality):
    return {"better": _("better"), "worse": _("worse")}.get(quality, "")


@register.filter
def percent(value):
    """A value already in per cent (0-100)."""
    return formatting.format_value(value, Unit.PERCENT)


@register.filter
def percentage(share):
    """A share from 0 to 1, as per cent."""
    return formatting.format_value(None if share is None else float(share) * 100, Unit.PERCENT)


def _police_chart(summary, *, today):
    indicator = summary.indicator
    entries = summary.police
    deadline = indicator.deadline
    years = [entry.year for entry in entries]
    first = min(years + [2015])
    last = max(years + [deadline.year if deadline else first, today.year])
    return charts.list_timeline(
        title=indicator.name, entries=entries, first_year=first, last_year=last, deadline=deadline
    )


@register.simple_tag
def summary_chart(summary, today):
    """The dashboard's chart of one indicator: its series, or the police list's timeline."""
    indicator = summary.indicator
    if indicator.computation == Computation.POLICE_LIST:
        return _police_chart(summary, today=today)
    labels = [point.period.short_label for point in summary.points]
    values = [point.value for point in summary.points]
    return charts.bar_chart(
        title=indicator.name,
        labels=labels,
        series=[charts.Series(indicator.name, values)],
        unit=indicator.unit,
        target=indicator.target_value,
        row_labels=[point.period.label for point in summary.points],
    )


@register.simple_tag
def comparison_chart(detail, today):
    """The goal page's chart: each period beside the same period a year earlier."""
    indicator = detail.summary.indicator
    if indicator.computation == Computation.POLICE_LIST:
        return _police_chart(detail.summary, today=today)
    rows = detail.rows
    return charts.bar_chart(
        title=indicator.name,
        labels=[row.point.period.short_label for row in rows],
        series=[
            charts.Series(_("This period"), [row.point.value for row in rows]),
            charts.Series(
                _("A year earlier"),
                [row.year_before.value if row.year_before else None for row in rows],
                "goals-bar-earlier",
            ),
        ],
        unit=indicator.unit,
        target=indicator.target_value,
        row_labels=[row.point.period.label for row in rows],
    )


@register.filter
def band_label(code):
    from activities.models import age_bands

    for band in age_bands():
        if band.code == code:
            return band.label
    return code


@register.filter
def gender_label(code):
    from activities.models import Gender

    try:
        return Gender(code).label
    except ValueError:
        return code
