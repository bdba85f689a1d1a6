"""The hand-over list of one responsible party as a PDF (klocket.pdf, the goals report's
machinery), in the page's language: the same fields as the print page, no photos, nothing about
residents."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _


def styles():
    from reportlab.lib.styles import ParagraphStyle

    from klocket.pdf import fonts

    regular, bold = fonts()
    text = ParagraphStyle("text", fontName=regular, fontSize=10, leading=13)
    return {
        "text": text,
        "label": ParagraphStyle("label", parent=text, fontName=bold),
        "heading": ParagraphStyle("heading", parent=text, fontName=bold, fontSize=12, leading=15, spaceBefore=8),
        "title": ParagraphStyle("title", parent=text, fontName=bold, fontSize=16, leading=20),
    }


def title(organisation) -> str:
    return _("Deficiencies for %(party)s") % {"party": organisation.name}


def story(*, walk, organisation, items, last_hand_over, printed_on) -> list:
    """Title, where and when, then per deficiency a heading and a table of its facts."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    from klocket.pdf import paragraph

    style = styles()
    handed = (
        _("Handed over on %(date)s.") % {"date": date_format(last_hand_over.handed_over_on, "DATE_FORMAT")}
        if last_hand_over
        else _("Not handed over yet.")
    )
    intro = " ".join(
        [
            _("From the safety walk in %(area)s on %(date)s.")
            % {"area": walk.area.name, "date": date_format(walk.date, "DATE_FORMAT")},
            handed,
            _("List made on %(date)s.") % {"date": date_format(printed_on, "DATE_FORMAT")},
        ]
    )
    flowables = [paragraph(title(organisation), style["title"]), paragraph(intro, style["text"]), Spacer(1, 4 * mm)]
    if not items:
        flowables.append(paragraph(_("No deficiencies for this party from this walk."), style["text"]))
    grid = TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    for number, item in enumerate(items, start=1):
        facts = [
            (_("Number"), item.pk),
            (_("Priority"), item.get_priority_display()),
            (_("Status"), item.get_status_display()),
        ]
        if item.has_coordinates:
            facts.append((_("Coordinates"), f"{item.latitude}, {item.longitude}"))
        if item.description:
            facts.append((_("Description"), item.description))
        if item.proposed_measure:
            facts.append((_("Proposed measure"), item.proposed_measure))
        rows = [
            [paragraph(label, style["label"]), paragraph(value, style["text"], keep_lines=True)]
            for label, value in facts
        ]
        table = Table(rows, colWidths=[40 * mm, 140 * mm])
        table.setStyle(grid)
        heading = paragraph(f"{number}. {item.get_category_display()}: {item.place}", style["heading"])
        flowables.append(KeepTogether([heading, table]))
    return flowables


def handover_pdf(**context) -> bytes:
    from klocket.pdf import build

    return build(story(**context), title=title(context["organisation"]))
