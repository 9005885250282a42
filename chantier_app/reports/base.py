"""What every document shares: A4, DejaVu Sans, the structure's header, « Page X sur Y ».

``build_pdf`` turns a story of flowables into PDF bytes. ``invariant=1`` makes the
output byte-identical for the same data (golden checks); the date printed is the
data's, never the clock's.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    makeToUnicodeCMap,
)
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from chantier_app import APP_DISPLAY_NAME
from chantier_app.domain.fr_format import NNBSP, format_date
from chantier_app.i18n import tr
from chantier_app.paths import resource_path
from chantier_app.reports.checks import check_structure
from chantier_app.reports.data import StructureInfo
from chantier_app.reports.wording import format_siret

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
INK = colors.HexColor("#1F3A5F")
GREY = colors.HexColor("#5F6B78")
RULE = colors.HexColor("#9AA7B4")
HEADER_FILL = colors.HexColor("#E4E9EF")
ZEBRA_FILL = colors.HexColor("#F5F7F9")
MARGIN = 16 * mm
HEADER_HEIGHT = 28 * mm
FOOTER_HEIGHT = 12 * mm


# The characters every document's font subset starts with, in this order (after ASCII, which
# ReportLab always puts first): French letters and the typography of the documents. The
# documents then share the same subset, so a process makes it once (see below); a name with
# another letter (ñ, ö, ş, ł) adds it after these, in a subset kept apart. Each character
# listed and unused costs its glyph in the file: the list stays short (about 5 kB a sheet).
COMMON_CHARS = "\u00a0éèàçêëîïôûùâœæÉÈÀÇÊËÎÏÔÛÙÂŒÆ«»—–’…°·€"


class _SharedSubsetFont(TTFont):
    """A TrueType font that keeps, for each subset of characters it has embedded, the
    subset's font program, ToUnicode map (both deflated) and widths: ReportLab makes them
    anew for every PDF (about 3 ms of a 10 ms sheet, issue 22), and with ``COMMON_CHARS``
    the documents of a batch embed the same subset. The objects written are the ones
    ReportLab writes (``TTFont.addObjects``, ``TTFontFace.addSubsetObjects``)."""

    MADE_KEPT = 64  # subsets kept (a few tens of KB each); the oldest are dropped

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._made: dict[tuple[object, ...], tuple[list[int], bytes, bytes, int]] = {}

    def _subset_parts(
        self, base_name: str, subset: list[int], compress: bool
    ) -> tuple[list[int], bytes, bytes, int]:
        key = (base_name, tuple(subset), compress)
        parts = self._made.get(key)
        if parts is None:
            face: Any = self.face  # untyped in types-reportlab
            program = face.makeSubset(subset)
            cmap = makeToUnicodeCMap(base_name, subset).encode("latin-1")
            if compress:
                cmap = pdfdoc.PDFZCompress.encode(cmap)
                font_file = pdfdoc.PDFZCompress.encode(program)
            else:
                font_file = program
            parts = ([face.getCharWidth(c) for c in subset], cmap, font_file, len(program))
            if len(self._made) >= self.MADE_KEPT:
                del self._made[next(iter(self._made))]
            self._made[key] = parts
        return parts

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        if state is None:  # never used in this document: ReportLab's own way
            super().addObjects(doc)
            return
        state.frozen = 1
        face = self.face
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            widths, cmap, font_file, length1 = self._subset_parts(
                base_name, subset, bool(doc.compression)
            )
            font: Any = pdfdoc.PDFTrueTypeFont()  # attributes become the PDF dictionary's
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal_name
            font.BaseFont = base_name
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = pdfdoc.PDFArray(widths)
            font.ToUnicode = doc.Reference(
                _stream(cmap, {}, doc.compression), "toUnicodeCMap:" + base_name
            )
            program = _stream(font_file, {"Length1": length1}, doc.compression)
            program_ref = doc.Reference(program, f"fontFile:{face.filename}({base_name})")
            flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
            descriptor = pdfdoc.PDFDictionary(
                {
                    "Type": "/FontDescriptor",
                    "Ascent": face.ascent,
                    "CapHeight": face.capHeight,
                    "Descent": face.descent,
                    "Flags": flags,
                    "FontBBox": pdfdoc.PDFArray(face.bbox),
                    "FontName": pdfdoc.PDFName(base_name),
                    "ItalicAngle": face.italicAngle,
                    "StemV": face.stemV,
                    "FontFile2": program_ref,
                    "MissingWidth": face.defaultWidth,
                }
            )
            font.FontDescriptor = doc.Reference(descriptor, "fontDescriptor:" + base_name)
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
        del self.state[doc]


def _stream(content: bytes, entries: dict[str, object], compressed: object) -> Any:
    """A PDF stream of content already deflated (when ``compressed``): the ``Filter``
    entry set makes ReportLab write it as it is."""
    stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary(dict(entries)), content)
    if compressed:
        stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    return stream


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """DejaVu Sans (regular, bold): it has every French glyph, U+202F included."""
    folder = resource_path("fonts")
    pdfmetrics.registerFont(_SharedSubsetFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(_SharedSubsetFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    # No oblique face is shipped: <i> falls back to the regular face.
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


class Styles:
    """The paragraph styles of every document."""

    def __init__(self) -> None:
        register_fonts()
        base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13)
        self.body = base
        self.title = ParagraphStyle(
            "title",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=15,
            leading=19,
            textColor=INK,
            alignment=TA_CENTER,
            spaceAfter=2 * mm,
        )
        self.subtitle = ParagraphStyle(
            "subtitle", parent=base, alignment=TA_CENTER, textColor=GREY, spaceAfter=4 * mm
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            textColor=INK,
            spaceBefore=4 * mm,
            spaceAfter=1.5 * mm,
            keepWithNext=True,
        )
        self.legal = ParagraphStyle("legal", parent=base, fontSize=9, leading=12.2, spaceAfter=3.5)
        self.bullet = ParagraphStyle(
            "bullet", parent=self.legal, leftIndent=5 * mm, bulletIndent=1.5 * mm
        )
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=GREY)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=10)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=FONT_BOLD)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.cell_right_bold = ParagraphStyle(
            "cell_right_bold", parent=self.cell_bold, alignment=TA_RIGHT
        )


@lru_cache(maxsize=1)
def styles() -> Styles:
    return Styles()


def unbreakable(value: str) -> str:
    """ReportLab's paragraphs break lines at U+202F (and print a plain space there) but
    keep U+00A0 whole: « 1 234,5 h » must never be cut, so the former becomes the latter."""
    return value.replace(NNBSP, "\u00a0")


# What ReportLab's parser made of a paragraph's markup, by (markup, style): the labels,
# headings and legal notices of a batch's documents are the same in each, and parsing them
# was about a tenth of a sheet's drawing (issue 22). ReportLab only reads the fragments
# (wrapping and splitting build lines and new paragraphs of their own); the style object
# itself is the key, so a style made for one document never passes for another.
_PARSED: dict[tuple[str, ParagraphStyle], tuple[str, ParagraphStyle, list[Any], Any]] = {}
PARSED_KEPT = 4096


def _paragraph(value: str, style: ParagraphStyle) -> Paragraph:
    parsed = _PARSED.get((value, style))
    if parsed is None:
        made = Paragraph(value, style)
        if len(_PARSED) >= PARSED_KEPT:
            _PARSED.clear()
        _PARSED[(value, style)] = (made.text, made.style, made.frags, made.bulletText)
        return made
    cleaned, parsed_style, frags, bullet = parsed
    return Paragraph(cleaned, parsed_style, bullet, frags=frags)


def text(value: object, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain text (escaped: « & » and « < » are shown as they are)."""
    plain = unbreakable(escape("" if value is None else str(value)))
    return _paragraph(plain, style or styles().body)


def markup(value: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of ReportLab markup (``<b>``...), for text already escaped."""
    return _paragraph(unbreakable(value), style or styles().body)


def cell(value: object, *, bold: bool = False, right: bool = False) -> Paragraph:
    st = styles()
    if right:
        return text(value, st.cell_right_bold if bold else st.cell_right)
    return text(value, st.cell_bold if bold else st.cell)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    right: Sequence[int] = (),
    total: Sequence[object] | None = None,
    font_size: float = 8,
) -> Table:
    """A table with a repeated header row, zebra rows and an optional bold total row."""
    aligned = set(right)
    head = [_fitted(h, widths[i], bold=True, right=i in aligned) for i, h in enumerate(header)]
    body = [[_fitted(v, widths[i], right=i in aligned) for i, v in enumerate(row)] for row in rows]
    if total is not None:
        body.append(
            [_fitted(v, widths[i], bold=True, right=i in aligned) for i, v in enumerate(total)]
        )
    table = Table([head, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        # Text that fits its column is drawn as is, in the cells' paragraph style.
        ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE, CELL_LEADING),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, CELL_SIZE, CELL_LEADING),
        *(("ALIGN", (i, 0), (i, -1), "RIGHT") for i in aligned),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for index in range(1, len(body) + 1):
        if index % 2 == 0:
            commands.append(("BACKGROUND", (0, index), (-1, index), ZEBRA_FILL))
    if total is not None:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, INK))
        commands.append(("FONT", (0, -1), (-1, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING))
    table.setStyle(TableStyle(commands))
    return table


CELL_SIZE, CELL_LEADING = 8, 10  # as the ``cell`` paragraph styles
CELL_PADDING = 6  # left and right, as the tables' styles


def _fitted(value: object, width: float, *, bold: bool = False, right: bool = False) -> object:
    """A cell's content: plain text when it fits on one line of its column (drawn directly,
    about ten times cheaper than a paragraph: a sheet has hundreds of cells), else a
    paragraph that wraps."""
    if isinstance(value, Flowable):
        return value
    plain = unbreakable("" if value is None else str(value))
    if "\n" not in plain:
        font = FONT_BOLD if bold else FONT
        if pdfmetrics.stringWidth(plain, font, CELL_SIZE) <= width - CELL_PADDING:
            return plain
    return cell(plain, bold=bold, right=right)


def facts_table(pairs: Sequence[tuple[str, object]], widths: Sequence[float]) -> Table:
    """Label / value lines (identity, contract terms), two pairs per row when 4 widths."""
    per_row = len(widths) // 2
    rows: list[list[object]] = []
    for start in range(0, len(pairs), per_row):
        row: list[object] = []
        for label, value in pairs[start : start + per_row]:
            column = len(row)
            row += [
                _fitted(label, widths[column], bold=True),
                _fitted(value, widths[column + 1]),
            ]
        row += [""] * (len(widths) - len(row))
        rows.append(row)
    table = Table(rows, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE, CELL_LEADING),
                *(
                    ("FONT", (column, 0), (column, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING)
                    for column in range(0, len(widths), 2)
                ),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, HEADER_FILL),
            ]
        )
    )
    return table


def signature_boxes(labels: Sequence[str], width: float, *, height: float = 30 * mm) -> Table:
    """One box per signatory: who, then « Date et signature » and room to sign."""
    column = width / len(labels)
    cells = [
        [markup(f"<b>{escape(label)}</b><br/>{tr('Date et signature')}", styles().cell)]
        for label in labels
    ]
    table = Table([[c[0] for c in cells]], colWidths=[column] * len(labels), rowHeights=[height])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    table.keepWithNext = False
    return table


def writing_area(lines: int, width: float) -> Table:
    """Ruled lines to write by hand."""
    table = Table([[""] for _ in range(lines)], colWidths=[width], rowHeights=[8 * mm] * lines)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, HEADER_FILL),
            ]
        )
    )
    return table


class _NumberedCanvas(rl_canvas.Canvas):
    """Two passes: pages are kept until the end, so each can print « Page X sur Y »."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        for name in (FONT, FONT_BOLD):  # the same first characters in every document's subset
            font: Any = pdfmetrics.getFont(name)  # a TTFont: splitString is not typed
            font.splitString(COMMON_CHARS, self._doc)  # type: ignore[attr-defined]

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # private: not in types-reportlab

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            width, _height = state["_pagesize"]  # this page's size (private, so not typed)
            self.setFont(FONT, 8)
            self.setFillColor(GREY)
            self.drawRightString(
                width - MARGIN,
                MARGIN - 2 * mm,
                tr("Page {n} sur {total}").format(n=number, total=total),
            )
            super().showPage()
        super().save()


def page_width(*, landscape_page: bool = False) -> float:
    """The width available to the story."""
    size = landscape(A4) if landscape_page else A4
    return size[0] - 2 * MARGIN


def build_pdf(
    story: list[Flowable],
    *,
    structure: StructureInfo,
    title: str,
    issued_on: dt.date | None = None,
    landscape_page: bool = False,
    copy_label: str | None = None,
) -> bytes:
    """Lay the story out on A4 pages with the header and footer; return the PDF's bytes.
    ``copy_label`` (« Exemplaire n° 2 — Duplicata… ») is printed on every page's header."""
    check_structure(structure)
    register_fonts()
    buffer = io.BytesIO()
    pagesize = landscape(A4) if landscape_page else A4
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=title,
        author=structure.name,
        creator=APP_DISPLAY_NAME,
        invariant=1,
        lang="fr-FR",
        initialFontName=FONT,
    )
    footer = title if issued_on is None else f"{title} — {tr('édité le')} {format_date(issued_on)}"

    def decorate(canvas: rl_canvas.Canvas, _doc: Any) -> None:
        _draw_header(canvas, structure, pagesize, copy_label)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, MARGIN - 2 * mm, footer)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, MARGIN + 2 * mm, pagesize[0] - MARGIN, MARGIN + 2 * mm)

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def _draw_header(
    canvas: rl_canvas.Canvas, structure: StructureInfo, pagesize: Any, copy_label: str | None
) -> None:
    width, height = pagesize
    top = height - MARGIN
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawString(MARGIN, top - 4 * mm, structure.name)
    canvas.setFont(FONT, 8)
    canvas.setFillColor(GREY)
    y = top - 8.5 * mm
    for line in structure.address_lines:
        canvas.drawString(MARGIN, y, line)
        y -= 3.6 * mm
    canvas.drawString(MARGIN, y, f"SIRET : {format_siret(structure.siret)}")
    contact = " · ".join(v for v in (structure.phone, structure.email) if v)
    if contact:
        canvas.drawRightString(width - MARGIN, top - 4 * mm, contact)
    if copy_label:
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawRightString(width - MARGIN, top - 12.5 * mm, copy_label)
        canvas.setFillColor(GREY)
        canvas.setFont(FONT, 8)
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.8)
    rule_y = height - MARGIN - HEADER_HEIGHT + 4 * mm
    canvas.line(MARGIN, rule_y, width - MARGIN, rule_y)
    canvas.restoreState()
