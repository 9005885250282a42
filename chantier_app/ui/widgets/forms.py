"""Forms: inline validation errors under the fields, a French date field, a form dialog.

``FieldErrors`` shows a domain ValidationError under its fields; ``DateField`` reads a
date typed the French way; ``FormDialog`` is the « Enregistrer » / « Annuler » dialog
every small form uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import (
    AppError,
    StaleEditError,
    UnacknowledgedWarnings,
    ValidationError,
    Violation,
    errors_only,
    warnings_only,
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


class LiveFieldErrors(FieldErrors):
    """Messages under their fields while typing: errors in red, warnings in amber.

    Unlike ``FieldErrors.show`` it never moves the focus (the user is typing).
    """

    def show_live(self, violations: Sequence[Violation]) -> None:
        self.clear()
        general: list[str] = []
        by_field: dict[str, list[Violation]] = {}
        for item in violations:
            if item.field in self._fields:
                by_field.setdefault(item.field, []).append(item)
            else:
                general.append(_line(item))
        # Two fields may share one label (short fields on one line): it says both.
        shown: dict[int, list[Violation]] = {}
        for field, items in by_field.items():
            widget, label = self._fields[field]
            said = shown.setdefault(id(label), [])
            said.extend(items)
            label.setText("\n".join(_line(v) for v in said))
            label.setStyleSheet(ERROR_STYLE if any(v.blocking for v in said) else WARNING_STYLE)
            label.show()
            if any(v.blocking for v in items):
                widget.setStyleSheet(INVALID_STYLE)
        if general:
            self.general.setText("\n".join(general))
            self.general.setStyleSheet(
                ERROR_STYLE if any(v.blocking for v in violations) else WARNING_STYLE
            )
            self.general.show()


def _line(item: Violation) -> str:
    return item.message if item.blocking else "⚠ " + item.message


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
        except StaleEditError as stale:
            # Saved elsewhere since the dialog opened: above the buttons, the form kept as
            # typed (what to copy before reloading), as the person's form shows it.
            self.errors.show(ValidationError(stale.message))
            return
        except AppError as failed:
            show_error(self, failed)
            return
        super().accept()


class LiveFormDialog(FormDialog):
    """A ``FormDialog`` whose rules run while the user types, as the contract dialogs do
    (``ui/contracts/action_dialog.py``): ``check`` returns what the service would refuse or
    warn about (its ``check_*`` function, read from the database); errors show under their
    fields in red and keep the save button disabled while one stands; warnings show in
    amber and the button waits for the box to be ticked. On save the service checks again.
    """

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent)
        self.errors = LiveFieldErrors(self.general_error)
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.acknowledge.toggled.connect(self._update_save)
        self._blocking: list[Violation] = []
        self._grower = Grower(self)

    def check(self) -> list[Violation]:
        """Every violation of the form as typed (ValidationError for an unreadable field)."""
        raise NotImplementedError

    # False: checked on save only, as a ``FormDialog`` (a new record's empty form would
    # open with every required field in red).
    live = True

    def finish_layout(self) -> None:
        super().finish_layout()
        if not self.live:
            return
        for widget, _label in self.errors._fields.values():
            _on_edit(widget, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        try:
            found = self.check()
        except ValidationError as unreadable:
            found = list(unreadable.violations)
        self._blocking = errors_only(found)
        warnings = warnings_only(found)
        self.errors.show_live(self._blocking + warnings)
        codes = tuple(dict.fromkeys(w.code for w in warnings))
        if codes != self._warned:
            self.acknowledge.setChecked(False)  # a new warning must be read again
            self._warned = codes
        self.acknowledge.setVisible(bool(codes))
        self._update_save()
        self._grower.start()

    def _update_save(self) -> None:
        ready = not self._blocking and (not self._warned or self.acknowledge.isChecked())
        self.save_button.setEnabled(ready)

    def error_text(self, field: str) -> str:
        """The message under ``field``, as shown."""
        return self.errors.message_for(field)

    @property
    def messages(self) -> str:
        """Every message shown (under the fields and above the buttons)."""
        labels = [label for _, label in self.errors._fields.values()] + [self.general_error]
        return "\n".join(label.text() for label in labels if label.text())

    def accept(self) -> None:
        if self.live:
            self.refresh()
        if self.save_button.isEnabled():
            super().accept()


class Grower(QTimer):
    """Makes ``dialog`` taller when messages shown while typing need it, once their labels
    have their sizes (the layout's events come first). With a minimum width set, Qt no
    longer grows the window to its layout, and a new message would be squeezed. The
    dialog's own timer, so it dies with it."""

    def __init__(self, dialog: QDialog, *, preferred: bool = False) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        # True: up to the dialog's preferred height (a form of single-line fields); else
        # only what its wrapped labels lack (text boxes would ask a lot more).
        self.preferred = preferred
        self._lacked: int | None = None  # what the labels lacked at the previous pass
        self.setSingleShot(True)
        self.setInterval(0)
        self.timeout.connect(self._grow)

    def _grow(self) -> None:
        layout = self.dialog.layout()
        if layout is None or not self.dialog.isVisible():
            return
        layout.activate()
        lacking = 0
        if self.preferred:
            need = self.dialog.sizeHint().height()
        else:
            lacking = sum(
                max(0, label.heightForWidth(label.width()) - label.height())
                for label in self.dialog.findChildren(QLabel)
                if label.isVisible() and label.wordWrap() and label.text()
            )
            need = self.dialog.height() + lacking
        need = max(need, self.dialog.minimumSizeHint().height())
        screen = QGuiApplication.primaryScreen()  # QWidget.screen() crashed inside exec()
        if screen is not None:
            need = min(need, screen.availableGeometry().height())
        progress = self._lacked is None or lacking < self._lacked
        if need > self.dialog.height() and progress:
            self.dialog.resize(self.dialog.width(), need)
            # The layout may share the height added among its rows: a label squeezed to 10 px
            # of its 28 got 18 once 18 px were added (« Corriger la suspension du PASS IAE »).
            # Measured again while what lacks shrinks (a label that never gets its height, in
            # a scroll area, does not grow the dialog to the screen).
            self._lacked = lacking
            self.start()
        else:
            self._lacked = None


def _on_edit(widget: QWidget, slot: Any) -> None:
    """Call ``slot`` on every edit of ``widget``."""
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(slot)
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(slot)
