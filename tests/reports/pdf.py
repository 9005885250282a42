"""Reading generated PDFs back, as a reader would: text per page, tables, filled rectangles."""

from __future__ import annotations

import io

import pdfplumber
from pypdf import PdfReader


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf))


def flat(pdf: bytes) -> str:
    """The text on one line: words cut by a line break in a cell or paragraph join again."""
    return " ".join(text(pdf).split())


def tables(pdf: bytes) -> list[list[list[str]]]:
    """Every table of every page, cells as single-line strings."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for table in page.extract_tables():
                found.append([[" ".join((c or "").split()) for c in row] for row in table])
    return found


def rows(pdf: bytes) -> list[list[str]]:
    return [row for table in tables(pdf) for row in table]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (float(p.mediabox.width), float(p.mediabox.height))
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]


def filled_columns(pdf: bytes, page: int, rgb: tuple[float, float, float]) -> set[float]:
    """Left edges of the rectangles painted with ``rgb`` on ``page`` (shaded columns)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        rects = document.pages[page].rects
        return {
            round(r["x0"], 1)
            for r in rects
            if r.get("fill")
            and r.get("non_stroking_color")
            and all(abs(a - b) < 0.01 for a, b in zip(r["non_stroking_color"], rgb, strict=False))
        }
