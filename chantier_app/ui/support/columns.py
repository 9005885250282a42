"""Columns of the support lists (over the shared RowTableModel)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

from chantier_app.domain.barriers import Evolution, Trend
from chantier_app.i18n import tr
from chantier_app.ui.format import format_date
from chantier_app.ui.support.chart import COLOURS, SHORT_LABELS
from chantier_app.ui.widgets.table import Column

if TYPE_CHECKING:  # rows' types only: the dashboard's to-do list loads before SQLAlchemy
    from chantier_app.services.dashboard.figures import TodoItem
    from chantier_app.services.support.barriers import ActionView
    from chantier_app.services.support.sensitive_notes import NoteView
    from chantier_app.services.support.timeline import TimelineEntry

RED = QColor("#b00020")
GREY = QColor("#6b6b6b")
GREEN = QColor("#1b7a3a")


def _timeline_colour(entry: TimelineEntry) -> QColor | None:
    if entry.overdue:
        return RED
    return GREY if entry.done else None


def _first_line(text: str, length: int = 90) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= length else line[: length - 1] + "…"


TIMELINE_COLUMNS: list[Column[TimelineEntry]] = [
    Column(
        tr("Date"),
        lambda e: format_date(e.date),
        sort_key=lambda e: e.date,
        foreground=_timeline_colour,
    ),
    Column(tr("Type"), lambda e: e.kind.label, foreground=_timeline_colour),
    Column(
        tr("Objet"),
        lambda e: e.title,
        tooltip=lambda e: e.detail or None,
        foreground=_timeline_colour,
    ),
    Column(
        tr("État"),
        lambda e: tr("En retard") if e.overdue else e.status,
        foreground=_timeline_colour,
    ),
]

_TREND_TEXT = {
    Trend.NEW: tr("nouveau"),
    Trend.BETTER: tr("↘ amélioré"),
    Trend.WORSE: tr("↗ aggravé"),
    Trend.STABLE: tr("→ stable"),
}


def _trend_colour(e: Evolution) -> QColor | None:
    return {Trend.BETTER: GREEN, Trend.WORSE: RED}.get(e.trend)


EVOLUTION_COLUMNS: list[Column[Evolution]] = [
    Column(
        tr("Frein"),
        lambda e: f"● {SHORT_LABELS[e.barrier]}",  # the chart's legend: its line's colour
        sort_key=lambda e: SHORT_LABELS[e.barrier],
        tooltip=lambda e: e.barrier.label,
        foreground=lambda e: QColor(COLOURS[e.barrier]),
    ),
    Column(tr("Début"), lambda e: e.first, align_right=True),
    Column(tr("Avant"), lambda e: e.previous if e.previous is not None else "", align_right=True),
    Column(
        tr("Dernière"),
        lambda e: e.latest,
        align_right=True,
        tooltip=lambda e: format_date(e.latest_on),
    ),
    Column(
        tr("Évolution"),
        lambda e: _TREND_TEXT[e.trend],
        sort_key=lambda e: e.change,
        foreground=_trend_colour,
    ),
]


def _action_colour(a: ActionView) -> QColor | None:
    return None if a.open else GREY


ACTION_COLUMNS: list[Column[ActionView]] = [
    Column(
        tr("Frein"),
        lambda a: SHORT_LABELS[a.barrier],
        tooltip=lambda a: a.barrier.label,
        foreground=_action_colour,
    ),
    Column(
        tr("Action"), lambda a: a.description, tooltip=lambda a: a.notes, foreground=_action_colour
    ),
    Column(tr("Partenaire"), lambda a: a.partner or "", foreground=_action_colour),
    Column(
        tr("Échéance"),
        lambda a: format_date(a.due_date),
        sort_key=lambda a: a.due_date,
        foreground=_action_colour,
    ),
    Column(tr("État"), lambda a: a.status.label, foreground=_action_colour),
]

NOTE_COLUMNS: list[Column[NoteView]] = [
    Column(tr("Date"), lambda n: format_date(n.written_on), sort_key=lambda n: n.written_on),
    Column(tr("Nature"), lambda n: n.kind.label),
    Column(tr("Auteur"), lambda n: n.author_name or ""),
    Column(tr("Note"), lambda n: _first_line(n.text), tooltip=lambda n: n.text),
]


def _todo_colour(item: TodoItem) -> QColor | None:
    return RED if item.overdue else None


TODO_COLUMNS: list[Column[TodoItem]] = [
    Column(
        tr("Échéance"),
        lambda i: format_date(i.due_date),
        sort_key=lambda i: i.due_date,
        foreground=_todo_colour,
    ),
    Column(
        tr("État"),
        lambda i: tr("En retard") if i.overdue else tr("À venir"),
        foreground=_todo_colour,
    ),
    Column(tr("Salarié"), lambda i: i.person_name),
    Column(tr("Type"), lambda i: i.kind.label),
    Column(tr("À faire"), lambda i: i.title),
    Column(tr("Détail"), lambda i: i.detail),
]
