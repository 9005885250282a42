"""Input widgets of the contract dialogs, and a reader that turns bad input into violations.

Dates and hours are typed as people write them (« 31/12/2026 », « 26 », « 19,5 »,
« 7:30 ») and parsed by ``domain/parsing.py``; a value that does not parse becomes a
``Violation`` on its field, shown like any broken rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from typing import Generic, TypeVar

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_minutes
from chantier_app.domain.parsing import parse_minutes
from chantier_app.i18n import tr
from chantier_app.ui.widgets.forms import DateField

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


class HoursField(QLineEdit):
    """Hours as decimal (« 26 », « 19,5 ») or « 19:30 »; stored as integer minutes."""

    def __init__(self, minutes: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(tr("ex. 26 ou 19,5"))
        self.setMaximumWidth(140)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int | None) -> None:
        self.setText("" if minutes is None else format_minutes(minutes, unit=False))


class ChoiceCombo(QComboBox, Generic[T]):
    """A combo box over (value, label) pairs; ``value()`` is the chosen value (None: none)."""

    def __init__(
        self,
        choices: Sequence[tuple[T | None, str]],
        current: T | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._values: list[T | None] = []
        self.set_choices(choices, current)

    def set_choices(
        self, choices: Sequence[tuple[T | None, str]], current: T | None = None
    ) -> None:
        self.blockSignals(True)
        self.clear()
        self._values = [value for value, _ in choices]
        for _, label in choices:
            self.addItem(label)
        if current in self._values:
            self.setCurrentIndex(self._values.index(current))
        self.blockSignals(False)

    def value(self) -> T | None:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def set_value(self, value: T | None) -> None:
        if value in self._values:
            self.setCurrentIndex(self._values.index(value))


def code_choices(enum_cls: type[CodeEnum], *, empty: str | None = None) -> list[tuple[object, str]]:
    """Members of a code list with their French labels (an optional empty first choice)."""
    choices: list[tuple[object, str]] = [(None, empty)] if empty is not None else []
    return choices + [(member, member.label) for member in enum_cls]


class Reader:
    """Reads typed values; what does not parse becomes a violation on its field."""

    def __init__(self) -> None:
        self.violations: list[Violation] = []

    def _bad(self, field: str, label: str, text: str) -> None:
        self.violations.append(Violation("invalid_input", f"{label} : {text}", field=field))

    def date(
        self, field: str, label: str, widget: DateField, *, required: bool = True
    ) -> dt.date | None:
        try:
            value = widget.date()
        except ValueError as error:
            self._bad(field, label, str(error))
            return None
        if value is None and required:
            self._bad(field, label, tr("à renseigner."))
        return value

    def minutes(
        self, field: str, label: str, widget: HoursField, *, required: bool = True
    ) -> int | None:
        try:
            value = parse_minutes(widget.text())
        except ValueError as error:
            self._bad(field, label, str(error))
            return None
        if value is None and required:
            self._bad(field, label, tr("à renseigner."))
        return value

    def integer(self, field: str, label: str, widget: QLineEdit) -> int | None:
        """A whole number of days; empty -> None."""
        text = widget.text().strip()
        if not text:
            return None
        if not text.isdigit():
            self._bad(
                field, label, tr("« {text} » n'est pas un nombre de jours.").format(text=text)
            )
            return None
        return int(text)

    def choice(self, field: str, label: str, widget: ChoiceCombo[T]) -> T | None:
        value = widget.value()
        if value is None:
            self._bad(field, label, tr("à choisir."))
        return value

    @property
    def ok(self) -> bool:
        return not self.violations
