"""Inline validation errors under form fields, from a domain ValidationError."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from chantier_app.domain.errors import ValidationError

ERROR_STYLE = "color: #b00020;"
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
        from PySide6.QtWidgets import QVBoxLayout

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

    def show(self, error: ValidationError) -> None:
        self.clear()
        general: list[str] = []
        first: QWidget | None = None
        for field, messages in error.by_field.items():
            if field in self._fields:
                widget, label = self._fields[field]
                label.setText("\n".join(messages))
                label.show()
                widget.setStyleSheet(INVALID_STYLE)
                first = first or widget
            else:
                general.extend(messages)
        if general:
            self.general.setText("\n".join(general))
            self.general.show()
        if first is not None:
            first.setFocus()

    def message_for(self, field: str) -> str:
        return self._fields[field][1].text() if field in self._fields else ""
