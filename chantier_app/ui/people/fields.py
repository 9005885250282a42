"""Small form widgets of the person's file: combo boxes over code lists and ids, texts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from chantier_app.domain.codes import CodeEnum

EMPTY_CHOICE = "—"


class CodeCombo(QComboBox):
    """A code list (CodeEnum) shown by labels; optionally an empty first choice."""

    def __init__(self, enum: type[CodeEnum], *, empty: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.enum = enum
        if empty:
            self.addItem(EMPTY_CHOICE, None)
        for member in enum:
            self.addItem(member.label, member.value)  # Qt keeps the code as a plain string
        self.setMinimumContentsLength(18)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

    def value(self) -> Any:
        code = self.currentData()
        return None if code is None else self.enum(code)

    def set_value(self, member: CodeEnum | None) -> None:
        index = self.findData(member.value) if member is not None else 0
        self.setCurrentIndex(max(index, 0))


class IdCombo(QComboBox):
    """Records chosen by id (teams, CIP), with an empty first choice."""

    def __init__(self, choices: Iterable[Any] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_choices(choices)

    def set_choices(self, choices: Iterable[Any], empty_label: str = EMPTY_CHOICE) -> None:
        current = self.currentData()
        self.clear()
        self.addItem(empty_label, None)
        for choice in choices:
            self.addItem(choice.label, choice.id)
        self.set_value(current)

    def value(self) -> int | None:
        data = self.currentData()
        return int(data) if data is not None else None

    def set_value(self, ident: int | None) -> None:
        index = self.findData(ident) if ident is not None else 0
        self.setCurrentIndex(max(index, 0))


def text_or_none(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None


def labels(values: Sequence[CodeEnum]) -> str:
    return ", ".join(v.label for v in values)
