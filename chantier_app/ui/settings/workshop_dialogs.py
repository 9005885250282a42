"""Dialogs to create or change a workshop, and a team with its encadrants."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.fr_format import format_minutes
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.structure import workshops
from chantier_app.services.structure.workshops import (
    TeamInput,
    TeamView,
    WorkshopInput,
    WorkshopView,
)
from chantier_app.ui.widgets.forms import FormDialog, line_edit


class WorkshopDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, workshop: WorkshopView | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, tr("Atelier") if workshop else tr("Nouvel atelier"), parent)
        self.setMinimumWidth(460)
        self.workshop = workshop
        w = workshop
        self.name = line_edit("name", w.name if w else "")
        self.kind = QComboBox()
        self.kind.setObjectName("contract_kind")
        for kind in ContractKind:
            self.kind.addItem(kind.label, kind.value)
        if w:
            self.kind.setCurrentIndex(self.kind.findData(w.contract_kind.value))
        self.activity = line_edit("activity", w.activity if w else "")
        hours = format_minutes(w.default_weekly_minutes, unit=False) if w and w.default_weekly_minutes else ""  # fmt: skip
        self.hours = line_edit("default_weekly_hours", hours)
        self.diploma = line_edit("target_diploma", w.target_diploma if w else "")
        self.provider = line_edit("training_provider", w.training_provider if w else "")
        self.active = QCheckBox(tr("Atelier en activité"))
        self.active.setObjectName("active")
        self.active.setChecked(w.active if w else True)
        for field, label, widget in (
            ("name", tr("Nom * :"), self.name),
            ("contract_kind", tr("Contrat habituel :"), self.kind),
            ("activity", tr("Activité :"), self.activity),
            ("default_weekly_hours", tr("Heures par semaine :"), self.hours),
            ("target_diploma", tr("Diplôme visé (qualifiant) :"), self.diploma),
            ("training_provider", tr("Organisme de formation :"), self.provider),
        ):
            self.errors.add_row(self.form, field, label, widget)
        self.form.addRow(self.active)
        self.finish_layout()

    def submit(self) -> int:
        data = WorkshopInput(
            self.name.text(), ContractKind(self.kind.currentData()), self.activity.text(),
            self.hours.text(), self.diploma.text(), self.provider.text(), self.active.isChecked(),
        )  # fmt: skip
        return self.ctx.run(
            workshops.save_workshop, self.workshop.id if self.workshop else None, data
        )


class TeamDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        workshop: WorkshopView,
        team: TeamView | None,
        parent: QWidget | None = None,
    ) -> None:
        title = tr("Équipe de l'atelier {w}").format(w=workshop.name)
        super().__init__(ctx, title, parent)
        self.setMinimumWidth(460)
        self.workshop, self.team = workshop, team
        self.name = line_edit("name", team.name if team else "")
        self.supervisors = QListWidget()
        self.supervisors.setObjectName("supervisor_ids")
        chosen = set(team.supervisor_ids) if team else set()
        for choice in ctx.read(workshops.supervisor_choices):
            item = QListWidgetItem(choice.name)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if choice.id in chosen else Qt.CheckState.Unchecked
            )
            self.supervisors.addItem(item)
        self.supervisors.setMaximumHeight(140)
        self.active = QCheckBox(tr("Équipe en activité"))
        self.active.setObjectName("active")
        self.active.setChecked(team.active if team else True)
        self.errors.add_row(self.form, "name", tr("Nom * :"), self.name)
        self.errors.add_row(self.form, "supervisor_ids", tr("Encadrants :"), self.supervisors)
        self.form.addRow(self.active)
        self.finish_layout()

    def chosen(self) -> list[int]:
        return [
            self.supervisors.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.supervisors.count())
            if self.supervisors.item(i).checkState() == Qt.CheckState.Checked
        ]

    def submit(self) -> int:
        data = TeamInput(self.workshop.id, self.name.text(), self.chosen(), self.active.isChecked())
        return self.ctx.run(workshops.save_team, self.team.id if self.team else None, data).id
