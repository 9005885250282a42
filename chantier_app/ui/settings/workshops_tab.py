"""« Ateliers et équipes »: workshops on the left, the selected one's teams on the right."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.fr_format import format_minutes
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.services.structure import workshops
from chantier_app.services.structure.workshops import TeamView, WorkshopView
from chantier_app.ui.settings.workshop_dialogs import TeamDialog, WorkshopDialog
from chantier_app.ui.widgets.table import Column, RowTableModel, table_view


def _yes(active: bool) -> str:
    return tr("oui") if active else tr("non (désactivé)")


WORKSHOP_COLUMNS: list[Column[WorkshopView]] = [
    Column(tr("Atelier"), lambda w: w.name),
    Column(tr("Contrat habituel"), lambda w: w.contract_kind.label),
    Column(
        tr("Heures / semaine"),
        lambda w: format_minutes(w.default_weekly_minutes) if w.default_weekly_minutes else "",
        sort_key=lambda w: w.default_weekly_minutes or 0,
        align_right=True,
    ),
    Column(tr("Équipes"), lambda w: len(w.teams), align_right=True),
    Column(tr("En activité"), lambda w: _yes(w.active)),
]
TEAM_COLUMNS: list[Column[TeamView]] = [
    Column(tr("Équipe"), lambda t: t.name),
    Column(tr("Encadrants"), lambda t: ", ".join(t.supervisor_names)),
    Column(tr("En activité"), lambda t: _yes(t.active)),
]


class WorkshopsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        can_edit = allowed(ctx.actor, Permission.SETTINGS_EDIT)
        self.workshops: RowTableModel[WorkshopView] = RowTableModel(WORKSHOP_COLUMNS, [], self)
        self.teams: RowTableModel[TeamView] = RowTableModel(TEAM_COLUMNS, [], self)
        self.workshop_view = table_view("workshops", self.workshops)
        self.team_view = table_view("teams", self.teams)
        self.new_workshop = QPushButton(tr("Nouvel atelier…"))
        self.edit_workshop = QPushButton(tr("Modifier l'atelier…"))
        self.new_team = QPushButton(tr("Nouvelle équipe…"))
        self.edit_team = QPushButton(tr("Modifier l'équipe…"))
        left, right = QGroupBox(tr("Ateliers")), QGroupBox(tr("Équipes de l'atelier choisi"))
        for box, view, buttons in (
            (left, self.workshop_view, (self.new_workshop, self.edit_workshop)),
            (right, self.team_view, (self.new_team, self.edit_team)),
        ):
            column = QVBoxLayout(box)
            column.addWidget(view, 1)
            row = QHBoxLayout()
            row.addStretch(1)
            for button in buttons:
                button.setVisible(can_edit)
                row.addWidget(button)
            column.addLayout(row)
        layout = QHBoxLayout(self)
        layout.addWidget(left, 3)
        layout.addWidget(right, 2)
        self.new_workshop.clicked.connect(lambda: self._edit_workshop(None))
        self.edit_workshop.clicked.connect(lambda: self._edit_workshop(self.current_workshop()))
        self.new_team.clicked.connect(lambda: self._edit_team(None))
        self.edit_team.clicked.connect(lambda: self._edit_team(self.current_team()))
        self.workshop_view.selectionModel().selectionChanged.connect(self._show_teams)
        self.team_view.selectionModel().selectionChanged.connect(self._update_buttons)

    def refresh(self, select_id: int | None = None) -> None:
        keep = select_id or (w.id if (w := self.current_workshop()) else None)
        self.workshops.set_rows(self.ctx.read(workshops.list_workshops))
        rows = self.workshops.rows()
        index = next((i for i, w in enumerate(rows) if w.id == keep), 0 if rows else -1)
        if index >= 0:
            self.workshop_view.selectRow(index)
        self._show_teams()

    def current_workshop(self) -> WorkshopView | None:
        selected = self.workshop_view.selectionModel().selectedRows()
        return self.workshops.row(selected[0].row()) if selected else None

    def current_team(self) -> TeamView | None:
        selected = self.team_view.selectionModel().selectedRows()
        return self.teams.row(selected[0].row()) if selected else None

    def _show_teams(self) -> None:
        workshop = self.current_workshop()
        self.teams.set_rows(list(workshop.teams) if workshop else [])
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.edit_workshop.setEnabled(self.current_workshop() is not None)
        self.new_team.setEnabled(self.current_workshop() is not None)
        self.edit_team.setEnabled(self.current_team() is not None)

    def _edit_workshop(self, workshop: WorkshopView | None) -> None:
        dialog = WorkshopDialog(self.ctx, workshop, self)
        if dialog.exec():
            self.refresh(dialog.result_value)

    def _edit_team(self, team: TeamView | None) -> None:
        workshop = self.current_workshop()
        if workshop is None:
            return
        dialog = TeamDialog(self.ctx, workshop, team, self)
        if dialog.exec():
            self.refresh(workshop.id)
