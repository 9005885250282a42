"""Small pieces shared by the Documents page, its batch box and the person's tab."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QWidget

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.ui.errors import show_error
from chantier_app.ui.widgets.forms import ERROR_STYLE


def fill_combo(combo: QComboBox, choices: list[tuple[str, object]]) -> None:
    """Replace the items, keeping the current choice when it is still there."""
    kept = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, data in choices:
        combo.addItem(label, data)
    index = combo.findData(kept)
    combo.setCurrentIndex(index if index >= 0 else 0 if choices else -1)
    combo.blockSignals(False)


def say(label: QLabel, text: str, *, error: bool = False) -> None:
    """A message next to the action: red for what went wrong."""
    label.setStyleSheet(ERROR_STYLE if error else "")
    label.setText(text)


def say_failure(parent: QWidget, label: QLabel, error: BaseException) -> None:
    """A document that could not be made: its French reason in red beside the action; any
    other error is a bug, shown in the error dialog."""
    if isinstance(error, AppError):
        say(label, error.message, error=True)
    else:
        say(label, "")
        show_error(parent, error)


def ask_destination(parent: QWidget, one_file: bool, suggested: str) -> Path | None:
    """Where a batch goes: a PDF file, or a folder (the last one used is remembered)."""
    settings = QSettings()
    folder = settings.value("documents/folder", str(Path.home()), type=str)
    if one_file:
        chosen, _ = QFileDialog.getSaveFileName(
            parent, tr("Enregistrer le lot"), str(Path(folder) / suggested), tr("PDF (*.pdf)")
        )
    else:
        chosen = QFileDialog.getExistingDirectory(parent, tr("Dossier où écrire les PDF"), folder)
    if not chosen:
        return None
    path = Path(chosen)
    settings.setValue("documents/folder", str(path.parent if one_file else path))
    return path
