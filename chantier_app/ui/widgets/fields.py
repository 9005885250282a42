"""Fields shared by the dialogs of several areas (support, trainings): code combo boxes and text boxes.

The dialogs themselves are ``ui.widgets.forms.FormDialog`` with its ``DateField``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QPlainTextEdit,
)


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
