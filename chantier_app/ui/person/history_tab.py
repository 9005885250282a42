"""« Historique des modifications » : what was corrected or cancelled in a person's file.

One line per previous version kept (when, who, what, why); the selected line shows what
the change changed, as it was before and just after.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.history import RecordVersionView, record_history
from chantier_app.ui.pages import Navigator
from chantier_app.ui.widgets.parts import PersonTab
from chantier_app.ui.widgets.table import Column, RowTableModel


def _when(version: RecordVersionView) -> str:
    return version.at.strftime("%d/%m/%Y %H:%M")


def _lower_first(label: str) -> str:
    """« Passage en CDDI » -> « passage en CDDI »; « PASS IAE », « PMSMP » stay as written
    (lower() made them « pass iae », « pmsmp »)."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def history_columns() -> list[Column[RecordVersionView]]:
    return [
        Column(tr("Le"), _when, sort_key=lambda v: v.at),
        Column(tr("Par"), lambda v: v.staff_name or "—"),
        Column(tr("Quoi"), lambda v: f"{v.action.label} — {_lower_first(v.kind.label)}"),
        Column(tr("Modification"), lambda v: v.summary or ""),
        Column(tr("Motif"), lambda v: v.reason or "—"),
    ]


def _values(pairs: tuple[tuple[str, str], ...]) -> str:
    return " ; ".join(f"{label} : {value}" for label, value in pairs) or "—"


def previous_text(version: RecordVersionView) -> str:
    """« Avant : Début : 01/01/2026 ; Poste : Agent d'entretien », then on a second line
    « Après : Début : 05/01/2026 ; Poste : Agent polyvalent » (« Après : retiré du dossier »
    for a record a cancellation removed)."""
    before = tr("Avant : {values}").format(values=_values(version.before))
    after = (
        tr("Après : {values}").format(values=_values(version.after))
        if version.after
        else tr("Après : retiré du dossier")
    )
    return f"{before}\n{after}"


class HistoryTab(PersonTab):
    loads_when_built = True

    def __init__(self, ctx: AppContext, nav: Navigator, person_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.person_id = person_id
        layout = QVBoxLayout(self)
        self.empty = QLabel(tr("Aucune correction ni annulation dans ce dossier."))
        self.empty.setObjectName("history_empty")
        layout.addWidget(self.empty)
        self.model: RowTableModel[RecordVersionView] = RowTableModel(history_columns())
        self.table = QTableView()
        self.table.setObjectName("history")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._show_previous)
        layout.addWidget(self.table, 1)
        self.previous = QLabel()
        self.previous.setObjectName("history_previous")
        self.previous.setWordWrap(True)
        self.previous.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.previous)
        self.refresh()

    def refresh(self) -> None:
        rows = self.ctx.read(record_history, self.person_id)
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        if rows:
            self.table.selectRow(0)
        self._show_previous()

    def show_person(self, person_id: int) -> bool:
        self.person_id = person_id
        self.refresh()
        return True

    def _show_previous(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        self.previous.setText(previous_text(self.model.row(selected[0].row())) if selected else "")
