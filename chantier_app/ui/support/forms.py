"""Building blocks of the support and training dialogs: a date field and a form dialog.

``FormDialog`` runs its ``submit()`` (one service call through ``ctx.run``) when the user
presses « Enregistrer »: a ``ValidationError`` is shown under its fields and the dialog
stays open; any other ``AppError`` is shown as a message; on success the dialog closes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError, ValidationError, Violation
from chantier_app.domain.parsing import parse_date
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.ui.errors import show_error
from chantier_app.ui.format import format_date
from chantier_app.ui.widgets.forms import FieldErrors


class DateField(QLineEdit):
    """A date typed the French way (« 05/03/2026 », « 5/3/26 »); empty means none."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(tr("jj/mm/aaaa"))
        self.setMaximumWidth(130)
        self.set_date(value)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value))

    def date(self, field: str, label: str) -> dt.date | None:
        """The date typed; a ValidationError naming ``field`` when it is not a date."""
        try:
            return parse_date(self.text())
        except ValueError as exc:
            raise ValidationError(
                [Violation("date_invalid", f"{label} : {exc}.", field=field)]
            ) from None


def code_combo(choices: Sequence[tuple[Any, str]], current: Any = None) -> QComboBox:
    """A combo box of (value, label) pairs; ``current_value()`` reads the selection back."""
    combo = QComboBox()
    for value, label in choices:
        combo.addItem(label, value)
    if current is not None:
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
    return combo


def text_box(value: str | None = None, height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit(value or "")
    box.setTabChangesFocus(True)  # Tab moves to the next field, as in every other field
    box.setMinimumHeight(height)
    return box


class FormDialog(QDialog):
    """A form with inline errors and « Enregistrer » / « Annuler »."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.general_error = QLabel()
        self.general_error.setObjectName("general_error")
        self.errors = FieldErrors(self.general_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Annuler"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        """Call once the fields are added: errors and buttons go below them."""
        self.layout_.addWidget(self.general_error)
        self.layout_.addWidget(self.buttons)

    def row(self, field: str, label: str, widget: QWidget) -> QWidget:
        self.errors.add_row(self.form, field, label, widget)
        return widget

    def submit(self) -> Any:
        """Validate and save through ``self.ctx.run``; return what the caller needs."""
        raise NotImplementedError

    def accept(self) -> None:
        self.errors.clear()
        try:
            self.result_value = self.submit()
        except ValidationError as refused:
            self.errors.show(refused)
            return
        except AppError as failed:
            show_error(self, failed)
            return
        super().accept()
