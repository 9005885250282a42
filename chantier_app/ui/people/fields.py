"""Small form widgets: a French date field that may stay empty, combo boxes over code lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import parse_date
from chantier_app.i18n import tr

EMPTY_CHOICE = "—"


class DateField(QLineEdit):
    """« jj/mm/aaaa » typed freely (also 5/3/26 or 2026-03-05); empty means no date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(tr("jj/mm/aaaa"))
        self.setMaxLength(10)
        self.editingFinished.connect(self._reformat)

    def date(self) -> dt.date | None:
        """The date typed, or None; ValueError (French) when it is not a date."""
        return parse_date(self.text())

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value))

    def _reformat(self) -> None:
        try:
            value = self.date()
        except ValueError:
            return
        if value is not None:
            self.set_date(value)


def read_date(
    field: DateField, name: str, label: str, violations: list[Violation]
) -> dt.date | None:
    """The field's date; a violation naming ``label`` when unreadable."""
    try:
        return field.date()
    except ValueError as exc:
        violations.append(Violation("date_format", f"{label} : {exc}.", field=name))
        return None


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
