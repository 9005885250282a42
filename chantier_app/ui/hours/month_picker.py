"""Choosing a month: previous / next buttons, the month's name and the year."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QToolButton, QWidget

from chantier_app.domain.fr_format import MONTHS
from chantier_app.i18n import tr


class MonthPicker(QWidget):
    month_changed = Signal(object)  # datetime.date, first day of the month

    def __init__(self, month: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.previous = QToolButton()
        self.previous.setText("◀")
        self.previous.setToolTip(tr("Mois précédent"))
        self.month_box = QComboBox()
        self.month_box.setObjectName("monthBox")
        self.month_box.addItems([name.capitalize() for name in MONTHS])
        self.year_box = QSpinBox()
        self.year_box.setObjectName("yearBox")
        self.year_box.setRange(2000, 2100)
        self.next = QToolButton()
        self.next.setText("▶")
        self.next.setToolTip(tr("Mois suivant"))
        for widget in (self.previous, self.month_box, self.year_box, self.next):
            layout.addWidget(widget)
        self._month = month.replace(day=1)
        self._show(self._month)
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.month_box.currentIndexChanged.connect(self._picked)
        self.year_box.valueChanged.connect(self._picked)

    def month(self) -> dt.date:
        return self._month

    def set_month(self, month: dt.date, *, notify: bool = True) -> None:
        month = month.replace(day=1)
        changed = month != self._month
        self._month = month
        self._show(month)
        if changed and notify:
            self.month_changed.emit(month)

    def step(self, months: int) -> None:
        index = self._month.year * 12 + self._month.month - 1 + months
        self.set_month(dt.date(index // 12, index % 12 + 1, 1))

    def _show(self, month: dt.date) -> None:
        self.month_box.blockSignals(True)
        self.year_box.blockSignals(True)
        self.month_box.setCurrentIndex(month.month - 1)
        self.year_box.setValue(month.year)
        self.month_box.blockSignals(False)
        self.year_box.blockSignals(False)

    def _picked(self) -> None:
        self.set_month(dt.date(self.year_box.value(), self.month_box.currentIndex() + 1, 1))
