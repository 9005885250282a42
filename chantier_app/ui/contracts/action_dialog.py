"""The frame of every contract dialog: rules checked live, errors block, warnings need a tick.

A subclass builds its form with ``add_field`` and implements ``evaluate`` (the service
input and every violation, computed by the pure rule engine on the person's history
while the user types) and ``save`` (the service call, in one transaction). On « OK »,
the service checks again against the database; a refusal keeps the dialog open with
its messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
    Severity,
    ValidationError,
    Violation,
    errors_only,
    warnings_only,
)
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.ui.errors import show_error
from chantier_app.ui.widgets.forms import ERROR_STYLE, INVALID_STYLE, WARNING_STYLE, FieldErrors


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
        for field, items in by_field.items():
            widget, label = self._fields[field]
            label.setText("\n".join(_line(v) for v in items))
            blocking = any(v.blocking for v in items)
            label.setStyleSheet(ERROR_STYLE if blocking else WARNING_STYLE)
            label.show()
            if blocking:
                widget.setStyleSheet(INVALID_STYLE)
        if general:
            self.general.setText("\n".join(general))
            self.general.show()


def _line(item: Violation) -> str:
    return item.message if item.blocking else "⚠ " + item.message


class ActionDialog(QDialog):
    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.result_view: Any = None
        self._data: Any = None
        self._warnings: tuple[str, ...] = ()
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.general = QLabel()
        self.general.setObjectName("general_messages")
        self.errors = LiveFieldErrors(self.general)
        layout.addWidget(self.general)
        self.acknowledge = QCheckBox(
            tr("J'ai pris connaissance des avertissements et je confirme l'enregistrement.")
        )
        self.acknowledge.setObjectName("acknowledge")
        self.acknowledge.hide()
        self.acknowledge.toggled.connect(self._update_ok)
        layout.addWidget(self.acknowledge)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Enregistrer"))
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._errors: list[Violation] = []
        self.error_labels: dict[str, QLabel] = {}
        self.building = False  # while True, edits made to fill the form check nothing yet

    # Building -------------------------------------------------------------------------------
    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.show()

    def add_field(self, field: str, label: str, widget: QWidget) -> QWidget:
        """Add a row whose messages show under ``widget``; any edit re-checks the form."""
        self.error_labels[field] = self.errors.add_row(self.form, field, label, widget)
        widget.setObjectName(field)
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self.refresh)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.refresh)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self.refresh)
        return widget

    # To implement ---------------------------------------------------------------------------
    def evaluate(self) -> tuple[Any, list[Violation]]:
        """The service input (None when the form cannot make one) and every violation."""
        raise NotImplementedError

    def save(self, data: Any, acknowledge: Sequence[str]) -> Any:
        raise NotImplementedError

    # Live checking --------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.building:
            return
        data, violations = self.evaluate()
        self._data = data
        self._errors = errors_only(violations)
        warnings = warnings_only(violations)
        self.errors.show_live(self._errors + warnings)
        codes = tuple(dict.fromkeys(w.code for w in warnings))
        if codes != self._warnings:
            self.acknowledge.setChecked(False)  # a new warning must be read again
            self._warnings = codes
        self.acknowledge.setVisible(bool(codes))
        self._update_ok()

    def _update_ok(self) -> None:
        ready = self._data is not None and not self._errors
        self.ok_button.setEnabled(ready and (not self._warnings or self.acknowledge.isChecked()))

    @property
    def messages(self) -> str:
        """Every message shown (under the fields and above the buttons), for tests and users."""
        labels = [label for _, label in self.errors._fields.values()] + [self.general]
        return "\n".join(label.text() for label in labels if label.text())

    def accept(self) -> None:
        self.refresh()
        if not self.ok_button.isEnabled():
            return
        try:
            self.result_view = self.save(self._data, self._warnings)
        except ValidationError as refused:
            # The database said no (it changed since the dialog opened): show why, stay open.
            self.errors.show_live(refused.violations)
            self._errors = [v for v in refused.violations if v.severity is Severity.ERROR]
            self._update_ok()
            self.ok_button.setEnabled(False)
            return
        except AppError as error:
            show_error(self, error)
            return
        super().accept()

    def keyPressEvent(self, event: Any) -> None:
        # Enter in a line edit saves only when allowed; Échap always cancels.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.ok_button.isEnabled():
            return
        super().keyPressEvent(event)
