"""The error a document raises for data it cannot print (cheap to import: no ReportLab)."""

from __future__ import annotations

from chantier_app.domain.errors import AppError


class DocumentError(AppError):
    """The data is not enough for a sound document (missing contract, settings...).

    The message is French and says what to complete; no PDF is produced.
    """
