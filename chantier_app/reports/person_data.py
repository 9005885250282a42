"""The right-of-access document: everything held on one person, as readable sections.

Takes plain strings (the service formats the values); DejaVu Sans so that French
typography (U+202F, accents) prints. Small and self-contained on purpose.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from chantier_app.i18n import tr
from chantier_app.paths import resource_path

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@dataclass(frozen=True)
class Section:
    title: str
    grid: bool  # one table with a line per row; else one label/value table per row
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PersonDataDocument:
    title: str
    intro: tuple[str, ...]  # lines under the title (who, when, by whom)
    sections: tuple[Section, ...]


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))


_BODY = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=10.5, alignment=TA_LEFT)
_LABEL = ParagraphStyle("label", parent=_BODY, fontName=BOLD)
_TITLE = ParagraphStyle("title", parent=_BODY, fontName=BOLD, fontSize=15, leading=19)
_HEADING = ParagraphStyle("heading", parent=_BODY, fontName=BOLD, fontSize=11.5, leading=15,
                          spaceBefore=8, spaceAfter=4, keepWithNext=1)  # fmt: skip
_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)


def _p(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _section(section: Section, width: float) -> list[Flowable]:
    flow: list[Flowable] = [_p(f"{section.title} ({len(section.rows)})", _HEADING)]
    if not section.rows:
        return [*flow, _p(tr("Aucune donnée."))]
    if section.grid:
        data = [[_p(c, _LABEL) for c in section.columns]]
        data += [[_p(v) for v in row] for row in section.rows]
        table = Table(data, repeatRows=1, colWidths=[width / len(section.columns)] * len(section.columns))  # fmt: skip
        table.setStyle(_GRID)
        table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf2"))]))
        return [*flow, table]
    for row in section.rows:
        pairs = [(c, v) for c, v in zip(section.columns, row, strict=True) if v]
        table = Table(
            [[_p(c, _LABEL), _p(v)] for c, v in pairs], colWidths=[width * 0.32, width * 0.68]
        )
        table.setStyle(_GRID)
        flow += [KeepTogether(table) if len(pairs) < 25 else table, Spacer(1, 3 * mm)]
    return flow


def _numbered(title: str) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """« Page X sur Y » needs every page known: pages are drawn at save time."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # private: not in types-reportlab

        def save(self) -> None:
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.drawString(15 * mm, 10 * mm, title)
                self.drawRightString(
                    A4[0] - 15 * mm,
                    10 * mm,
                    tr("Page {n} sur {total}").format(n=number, total=len(self._pages)),
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(document: PersonDataDocument) -> bytes:
    _register_fonts()
    out = io.BytesIO()
    pdf = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
        bottomMargin=18 * mm, title=document.title, invariant=1,
    )  # fmt: skip
    flow: list[Flowable] = [_p(document.title, _TITLE), Spacer(1, 2 * mm)]
    flow += [_p(line) for line in document.intro]
    for section in document.sections:
        flow += _section(section, pdf.width)
    pdf.build(flow, canvasmaker=_numbered(document.title))
    return out.getvalue()
