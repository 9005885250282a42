"""Several PDFs as one (batch printing): each keeps its own « Page X sur Y »."""

from __future__ import annotations

import io
from collections.abc import Iterable

from pypdf import PdfWriter


def merge_pdfs(documents: Iterable[bytes]) -> bytes:
    writer = PdfWriter()
    for pdf in documents:
        writer.append(io.BytesIO(pdf))
    buffer = io.BytesIO()
    writer.write(buffer)
    writer.close()
    return buffer.getvalue()
