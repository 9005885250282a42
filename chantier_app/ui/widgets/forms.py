"""Forms: inline validation errors under the fields, a French date field, a form dialog.

``FieldErrors`` shows a domain ValidationError under its fields; ``DateField`` reads a
date typed the French way; ``FormDialog`` is the « Enregistrer » / « Annuler » dialog
every small form uses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import (
    AppError,
    UnacknowledgedWarnings,
    ValidationError,
    Violation,
)
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import parse_date
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.ui.errors import show_error

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5300;"
INVALID_STYLE = "border: 1px solid #b00020;"


class FieldErrors:
    """Maps field names (as the domain names them) to widgets and shows messages under them.

    Messages for fields without a widget go to ``general`` (a label above the buttons).
    """

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.general.hide()
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add_row(self, form: QFormLayout, field: str, label: str, widget: QWidget) -> QLabel:
        """Add ``widget`` to ``form`` with an (initially hidden) error label beneath it."""
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        error = QLabel()
        error.setObjectName(f"error_{field}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        layout.addWidget(error)
        form.addRow(label, container)
        self._fields[field] = (widget, error)
        return error

    def register(self, field: str, widget: QWidget, error_label: QLabel) -> None:
        self._fields[field] = (widget, error_label)

    def clear(self) -> None:
        self.general.clear()
        self.general.hide()
        for widget, label in self._fields.values():
            label.clear()
            label.hide()
            widget.setStyleSheet("")

    def show(self, error: ValidationError, *, warnings: bool = False) -> None:
        """Each message under its field (errors in red; ``warnings`` in amber, marked ⚠)."""
        self.clear()
        general: list[str] = []
        first: QWidget | None = None
        style = WARNING_STYLE if warnings else ERROR_STYLE
        for field, messages in error.by_field.items():
            if warnings:
                messages = ["⚠ " + m for m in messages]
            if field in self._fields:
                widget, label = self._fields[field]
                label.setText("\n".join(messages))
                label.setStyleSheet(style)
                label.show()
                if not warnings:
                    widget.setStyleSheet(INVALID_STYLE)
                first = first or widget
            else:
                general.extend(messages)
        if general:
            self.general.setText("\n".join(general))
            self.general.setStyleSheet(style)
            self.general.show()
        if first is not None:
            first.setFocus()

    def message_for(self, field: str) -> str:
        return self._fields[field][1].text() if field in self._fields else ""


def line_edit(name: str, text: str | None = "") -> QLineEdit:
    """A text field named for the tests and for ``FieldErrors`` (the violation's field)."""
    field = QLineEdit(text or "")
    field.setObjectName(name)
    return field


class DateField(QLineEdit):
    """A date typed the French way (« 05/03/2026 », « 5/3/26 », « 2026-03-05 »); empty: none.

    Shown again as jj/mm/aaaa when the user leaves the field.
    """

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(tr("jj/mm/aaaa"))
        self.setMaxLength(10)
        self.setMaximumWidth(140)
        self.editingFinished.connect(self._reformat)
        self.set_date(value)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value))

    def date(self) -> dt.date | None:
        """The date typed, or None; a French ValueError when it is not a date."""
        return parse_date(self.text())

    def checked_date(self, field: str, label: str) -> dt.date | None:
        """The date typed, or None; a ValidationError naming ``field`` when it is not a date."""
        violations: list[Violation] = []
        value = read_date(self, field, label, violations)
        if violations:
            raise ValidationError(violations)
        return value

    def _reformat(self) -> None:
        try:
            value = self.date()
        except ValueError:
            return
        if value is not None:
            self.set_date(value)


def read_date(
    widget: DateField, field: str, label: str, violations: list[Violation]
) -> dt.date | None:
    """The field's date; a violation naming ``label`` (under ``field``) when unreadable."""
    try:
        return widget.date()
    except ValueError as exc:
        violations.append(Violation("date_format", f"{label} : {exc}.", field=field))
        return None


W = TypeVar("W", bound=QWidget)


class FormDialog(QDialog):
    """A form with its messages under the fields, « Enregistrer » and « Annuler ».

    Add the fields with ``row``, then call ``finish_layout``. On « Enregistrer »,
    ``submit`` validates and saves (one ``ctx.run``) and returns what the caller needs,
    kept in ``result_value``: a ValidationError shows under the fields and the dialog
    stays open; any other AppError is shown as a message; else the dialog closes.

    Warnings (``UnacknowledgedWarnings``) show under their fields in amber with a box to
    tick; once ticked, « Enregistrer » saves with ``self.acknowledged`` true (a service
    taking ``acknowledge_warnings`` records them). New warnings untick the box.
    """

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
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(tr("Enregistrer"))
        save.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.acknowledge = QCheckBox(
            tr("J'ai pris connaissance des avertissements et je confirme l'enregistrement.")
        )
        self.acknowledge.setObjectName("acknowledge")
        self.acknowledge.hide()
        self._warned: tuple[str, ...] = ()

    @property
    def acknowledged(self) -> bool:
        """The user ticked the box under the warnings the last « Enregistrer » showed."""
        return bool(self._warned) and self.acknowledge.isChecked()

    def row(self, field: str, label: str, widget: W) -> W:
        """``widget`` under ``label``, its messages beneath; named ``field`` unless named."""
        if not widget.objectName():
            widget.setObjectName(field)
        self.errors.add_row(self.form, field, label, widget)
        return widget

    def finish_layout(self) -> None:
        """Call once the fields are added: messages and buttons go below them."""
        self.layout_.addWidget(self.general_error)
        self.layout_.addWidget(self.acknowledge)
        self.layout_.addWidget(self.buttons)

    def dates(self, **fields: tuple[DateField, str]) -> dict[str, dt.date | None]:
        """Several dates at once (name=(field, label)); every unreadable one is refused."""
        violations: list[Violation] = []
        values = {
            name: read_date(widget, name, label, violations)
            for name, (widget, label) in fields.items()
        }
        if violations:
            raise ValidationError(violations)
        return values

    def submit(self) -> Any:
        """Validate and save through ``self.ctx.run``; return what the caller needs."""
        raise NotImplementedError

    def accept(self) -> None:
        self.errors.clear()
        try:
            self.result_value = self.submit()
        except UnacknowledgedWarnings as warned:
            codes = tuple(warned.codes)
            if codes != self._warned:
                self.acknowledge.setChecked(False)  # a new warning must be read again
            self._warned = codes
            self.errors.show(warned, warnings=True)
            self.acknowledge.show()
            return
        except ValidationError as refused:
            self.errors.show(refused)
            return
        except AppError as failed:
            show_error(self, failed)
            return
        super().accept()
