"""Writing generated documents to disk: one file, or a folder of files (batches)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from chantier_app.domain.errors import StorageError
from chantier_app.environment import os_clause
from chantier_app.i18n import tr
from chantier_app.services.documents.printing import GeneratedDocument


def write_pdf(path: Path, pdf: bytes) -> Path:
    """Write ``pdf`` to ``path``; a locked or full disk is a French StorageError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".part")
        temporary.write_bytes(pdf)
        temporary.replace(path)  # a reader never sees half a file
    except OSError as error:
        raise StorageError(
            tr("Impossible d'écrire « {path} » : {reason}.").format(
                path=path, reason=os_clause(error)
            )
        ) from error
    return path


def write_folder(folder: Path, documents: Sequence[GeneratedDocument]) -> list[Path]:
    """One file per document in ``folder``; same names get « -2 », « -3 »…"""
    written: list[Path] = []
    used: set[str] = set()
    for document in documents:
        stem, name, number = document.filename.removesuffix(".pdf"), document.filename, 1
        while name in used:
            number += 1
            name = f"{stem}-{number}.pdf"
        used.add(name)
        written.append(write_pdf(folder / name, document.pdf))
    return written


def merged(documents: Sequence[GeneratedDocument]) -> bytes:
    """All the documents as one PDF, in order."""
    from chantier_app.reports.merge import merge_pdfs

    return merge_pdfs(d.pdf for d in documents)
