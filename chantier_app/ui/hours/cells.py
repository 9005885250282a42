"""How hours look in the grids: French decimals that read back exactly, cell colours, asking."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox, QWidget

from chantier_app.domain.errors import UnacknowledgedWarnings
from chantier_app.domain.fr_format import format_minutes
from chantier_app.i18n import tr

ERROR = QColor("#f8d7da")
WARNING = QColor("#fff3cd")
CHANGED = QColor("#dbeafe")
READ_ONLY = QColor("#eeeeee")
T = TypeVar("T")


@lru_cache(maxsize=8192)  # a grid shows the same few hundred values in thousands of cells
def minutes_text(minutes: int, *, blank_zero: bool = False) -> str:
    """« 7,5 » when two decimals are exact (minutes divisible by 3), else « 7:20 »: what is
    shown is what reads back, so editing a cell never changes its value."""
    if minutes == 0 and blank_zero:
        return ""
    if minutes % 3 == 0:
        return format_minutes(minutes, unit=False)
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours}:{rest:02d}"


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question whose default is « Non » (destructive or binding actions)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def save_discard_or_cancel(parent: QWidget | None, title: str, text: str) -> str:
    """Unsaved changes: « Enregistrer » (the default), « Abandonner les modifications » or
    « Annuler » (stay where one was). Échap cancels."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, buttons.Save | buttons.Discard | buttons.Cancel,
        parent,
    )  # fmt: skip
    box.button(buttons.Save).setText(tr("Enregistrer"))
    box.button(buttons.Discard).setText(tr("Abandonner les modifications"))
    box.button(buttons.Cancel).setText(tr("Annuler"))
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    answer = box.exec()
    return {buttons.Save: SAVE, buttons.Discard: DISCARD}.get(buttons(answer), CANCEL)


def save_after_warnings(parent: QWidget, save: Callable[[bool], T], question: str) -> T | None:
    """``save(False)``; when it answers with warnings, list them and ask ``question``
    (default « Non »), then ``save(True)``. None when the user declined; a refusal
    (AppError) is the caller's to show."""
    try:
        return save(False)
    except UnacknowledgedWarnings as warned:
        text = tr("{warnings}\n\n{question}").format(
            warnings=warnings_text([v.message for v in warned.violations]), question=question
        )
        if not confirm(parent, tr("Heures à vérifier"), text):
            return None
        return save(True)


def warnings_text(messages: list[str]) -> str:
    shown = messages[:12]
    more = len(messages) - len(shown)
    text = "\n".join(f"• {m}" for m in shown)
    if more:
        text += "\n" + tr("… et {n} autre(s).").format(n=more)
    return text
