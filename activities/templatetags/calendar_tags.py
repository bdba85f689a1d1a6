"""The calendar's rows, written in Python: pages list up to a few hundred dates each.

A date is rendered the same way on every listing (calendar list, week, day, home page,
organisation and venue pages), so one function writes it, escaping every value with
``format_html``; an ``{% include %}`` per row cost several times as much on a full month.
"""

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from activities.selectors import ListedDate
from klocket import content_languages

register = template.Library()


def _texts(occurrence) -> tuple[content_languages.Text, str, str]:
    """Title (in the reader's language, else Swedish), place and main organiser of an Occurrence
    or of a ListedDate (grids, cards)."""
    if isinstance(occurrence, ListedDate):
        return content_languages.translated(occurrence, "title"), occurrence.place_name, occurrence.organiser_name
    activity = occurrence.activity
    return content_languages.translated(activity, "title"), occurrence.place.name, activity.organiser.name


def _title(title: content_languages.Text) -> SafeString:
    """The title in a ``<bdi>``, so a right-to-left title does not reorder the time and place beside
    it; ``lang`` and ``dir`` when it is the Swedish text shown in place of the reader's language."""
    if title.is_fallback:
        return format_html('<bdi lang="{}" dir="{}">{}</bdi>', title.lang, title.dir, title.text)
    return format_html("<bdi>{}</bdi>", title.text)


def described_in(activity) -> SafeString:
    """'Also in: English, العربية' when the activity is described in more languages than Swedish;
    each name in its own language."""
    codes = [code for code in content_languages.described_in(activity) if code != content_languages.default_language()]
    if not codes:
        return SafeString("")
    names = format_html_join(
        ", ", '<span lang="{}">{}</span>', ((code, content_languages.language_name(code)) for code in codes)
    )
    return format_html(' <span class="occurrence-languages small">{} {}</span>', gettext("Also in:"), names)


@register.simple_tag
def occurrence_item(occurrence, show_organiser=False) -> SafeString:
    """One date as a list item: time, title (a link to its page), place, organiser, cancellation.

    ``<li class="occurrence">``: ``<a class="occurrence-link">`` with ``<time>`` start and end and
    the title; ``<span class="occurrence-meta">`` place · organiser; when cancelled a badge and
    the reason.
    """
    title, place_name, organiser_name = _texts(occurrence)
    start = timezone.localtime(occurrence.start)
    end = timezone.localtime(occurrence.end)
    cancelled = occurrence.is_cancelled
    # Names as staff wrote them, each isolated so one in another script keeps the row's order.
    meta = format_html("<bdi>{}</bdi>", place_name)
    if show_organiser:
        meta = format_html("{} · <bdi>{}</bdi>", meta, organiser_name)
    cancellation = ""
    if cancelled:
        cancellation = format_html(
            ' <span class="badge text-bg-danger">{}</span> <span class="occurrence-cancel-reason" dir="auto">{}</span>',
            gettext("Cancelled"),
            occurrence.cancellation_reason,
        )
    return format_html(
        '<li class="occurrence{}">'
        '<a class="occurrence-link" href="{}"><span class="occurrence-time">'
        '<time datetime="{}">{}</time>–<time datetime="{}">{}</time></span> '
        '<span class="occurrence-title">{}</span></a> '
        '<span class="occurrence-meta">{}</span>{}{}</li>',
        " occurrence-cancelled" if cancelled else "",
        occurrence.get_absolute_url(),
        start.isoformat(),
        f"{start:%H:%M}",
        end.isoformat(),
        f"{end:%H:%M}",
        _title(title),
        meta,
        described_in(occurrence.activity) if not isinstance(occurrence, ListedDate) else "",
        cancellation,
    )


@register.simple_tag
def occurrence_title_item(occurrence, date_format="") -> SafeString:
    """A date as a short list item for grids and cards: start time (or date and time) and title."""
    start = timezone.localtime(occurrence.start)
    cancelled = occurrence.is_cancelled
    when = f"{start:%H:%M}"
    if date_format:
        from django.utils.formats import date_format as format_date

        when = format_date(start, date_format)
    return format_html(
        '<li{}><a href="{}">{} {}</a>{}</li>',
        format_html(' class="{}"', "occurrence-cancelled") if cancelled else "",
        occurrence.get_absolute_url(),
        when,
        _title(_texts(occurrence)[0]),
        format_html(' <span class="badge text-bg-danger">{}</span>', gettext("Cancelled")) if cancelled else "",
    )


@register.simple_tag
def filter_options(items, selected, value_attr, label_attr="", with_lang=False) -> SafeString:
    """``<option>`` tags of a calendar filter: the value, the label (``str(item)`` without
    ``label_attr``), ``selected`` on the chosen one and, for languages, ``lang`` on each label."""
    template = '<option value="{}" lang="{}"{}>{}</option>' if with_lang else '<option value="{}"{}{}>{}</option>'
    options = []
    for item in items:
        value = getattr(item, value_attr)
        label = getattr(item, label_attr) if label_attr else str(item)
        chosen = " selected" if selected is not None and item == selected else ""
        options.append(format_html(template, value, value if with_lang else "", chosen, label))
    return SafeString("".join(options))
