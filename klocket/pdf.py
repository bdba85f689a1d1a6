"""PDF documents with reportlab, shared by the goals report and the safety-walk hand-over list:
a font with Swedish letters, A4 pages with 15 mm margins, escaped paragraphs. Imports no app."""

import io
from pathlib import Path
from xml.sax.saxutils import escape


def available() -> bool:
    try:
        import reportlab  # noqa: F401
    except ImportError:
        return False
    return True


def fonts() -> tuple[str, str]:
    """(regular, bold) fonts with Swedish letters: DejaVu Sans when installed, else reportlab's Vera."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "GoalsSans" in pdfmetrics.getRegisteredFontNames():
        return "GoalsSans", "GoalsSansBold"
    bundled = Path(reportlab.__file__).parent / "fonts"
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    pairs = [
        (dejavu / "DejaVuSans.ttf", dejavu / "DejaVuSans-Bold.ttf"),
        (bundled / "Vera.ttf", bundled / "VeraBd.ttf"),
    ]
    for regular, bold in pairs:
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("GoalsSans", str(regular)))
            pdfmetrics.registerFont(TTFont("GoalsSansBold", str(bold)))
            return "GoalsSans", "GoalsSansBold"
    return "Helvetica", "Helvetica-Bold"


def paragraph(value, style, *, keep_lines: bool = False):
    """A paragraph of plain text: reportlab's markup characters are escaped; ``keep_lines``
    keeps the text's line breaks (otherwise they are spaces)."""
    from reportlab.platypus import Paragraph

    text = escape(str(value))
    return Paragraph(text.replace("\n", "<br/>") if keep_lines else text, style)


def build(story: list, *, title: str) -> bytes:
    """The story on A4 pages with 15 mm margins, as PDF bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    margin = 15 * mm
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author="KLOCKET",
    )
    document.build(story)
    return buffer.getvalue()
