"""Documents from Jinja2 templates to PDF (ReportLab): letterhead, body, QR and code.

A template (``catalog/documents/templates/*.j2``) renders plain lines: ``# `` a title,
``## `` a centred line, ``- Label: value`` a row of the particulars table, blank lines between
paragraphs. Values are escaped; only the fields the register names reach the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table

_STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_STYLES["Normal"], fontSize=11, leading=15,
                      alignment=TA_JUSTIFY, spaceAfter=6)
CENTRE = ParagraphStyle("centre", parent=BODY, alignment=TA_CENTER)
TITLE = ParagraphStyle("title", parent=CENTRE, fontName="Helvetica-Bold", fontSize=13,
                       leading=17, spaceAfter=2)
HEAD = ParagraphStyle("head", parent=CENTRE, fontName="Helvetica-Bold", fontSize=14, leading=17,
                      spaceAfter=0)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, alignment=TA_CENTER)


@dataclass(frozen=True)
class Sheet:
    """Everything printed on one document."""

    letterhead: str
    agency: str
    title: str
    number: str
    issued_text: str
    validity_text: str
    place: str
    signer_label: str
    verify_url: str
    code_text: str
    fields: dict[str, str] = field(default_factory=dict)
    draft: bool = False


class Templates:
    """The document templates of a folder (autoescaped, strict about unknown names)."""

    def __init__(self, folder: Path) -> None:
        self._env = Environment(loader=FileSystemLoader(folder), autoescape=True,
                                undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    def body(self, template: str, sheet: Sheet) -> str:
        return self._env.get_template(template).render(doc=sheet, field=sheet.fields)


def render_pdf(body: str, sheet: Sheet) -> bytes:
    """The PDF of ``sheet`` with the template's rendered ``body``."""
    buffer = BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=20 * mm,
                            topMargin=15 * mm, bottomMargin=20 * mm, title=sheet.title,
                            author=sheet.agency, subject=sheet.number, pageCompression=0)
    story = [*_letterhead(sheet), *_body(body), Spacer(1, 8 * mm), _signature_block(sheet)]

    def footer(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, "Dokumen ini ditandatangani secara "
                                 f"elektronik. Periksa keasliannya di {sheet.verify_url}")
        if sheet.draft:
            canvas.setFont("Helvetica-Bold", 90)
            canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.15))
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, "DRAF")
        canvas.restoreState()

    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _letterhead(sheet: Sheet) -> list[Flowable]:
    return [Paragraph(escape(sheet.letterhead), HEAD),
            Paragraph(escape(sheet.agency.upper()), HEAD),
            Spacer(1, 2 * mm), HRFlowable(width="100%", thickness=2, color=colors.black),
            HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceBefore=1),
            Spacer(1, 6 * mm), Paragraph(escape(sheet.title.upper()), TITLE),
            Paragraph(f"Nomor: {escape(sheet.number)}", CENTRE), Spacer(1, 4 * mm)]


def _body(text: str) -> list[Flowable]:
    story: list[Flowable] = []
    for block in [b.strip() for b in text.split("\n\n") if b.strip()]:
        rows: list[list[Paragraph]] = []
        prose: list[str] = []
        for line in (raw.strip() for raw in block.splitlines()):
            if line.startswith("- ") and ":" in line:
                label, value = line[2:].split(":", 1)
                rows.append([Paragraph(label.strip(), BODY), Paragraph(":", BODY),
                             Paragraph(value.strip(), BODY)])
            elif line.startswith("## "):
                story.append(Paragraph(line[3:], CENTRE))
            elif line.startswith("# "):
                story.append(Paragraph(line[2:], TITLE))
            else:
                prose.append(line)
        if rows:
            story += [_table(rows), Spacer(1, 3 * mm)]
        if prose:
            story.append(Paragraph(" ".join(prose), BODY))
    return story


def _table(rows: list[list[Paragraph]]) -> Table:
    table = Table(rows, colWidths=[55 * mm, 5 * mm, None], hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return table


def qr_drawing(url: str, size: float = 32 * mm) -> Drawing:
    """A QR code of ``url``, ``size`` wide."""
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0,
                                             size / (top - bottom), 0, 0])
    drawing.add(widget)
    return drawing


def _signature_block(sheet: Sheet) -> Table:
    verify = [qr_drawing(sheet.verify_url),
              Paragraph(f"Kode verifikasi: <b>{sheet.code_text}</b>", SMALL),
              Paragraph(escape(sheet.verify_url), SMALL)]
    signed = [Paragraph(f"Ditetapkan di {escape(sheet.place)}", BODY),
              Paragraph(f"pada tanggal {sheet.issued_text}", BODY),
              Paragraph(f"<b>{escape(sheet.signer_label)}</b>", BODY), Spacer(1, 4 * mm),
              Paragraph("<i>Ditandatangani secara elektronik</i>", BODY),
              Paragraph(f"Masa berlaku: {sheet.validity_text}", BODY)]
    table = Table([[verify, signed]], colWidths=[60 * mm, None])
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])
    return table
