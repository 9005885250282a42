"""Conventions with the State: funded FTE (ETP conventionnés) per year, global or per workshop."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError, ValidationError
from chantier_app.domain.fr_format import format_number
from chantier_app.i18n import tr
from chantier_app.services import roles_matrix
from chantier_app.services.context import AppContext
from chantier_app.services.hours import fte
from chantier_app.services.hours.fte import ConventionInput, ConventionView
from chantier_app.services.roles_matrix import Permission
from chantier_app.ui.errors import show_error
from chantier_app.ui.hours import cells
from chantier_app.ui.widgets.forms import FieldErrors
from chantier_app.ui.widgets.table import Column, RowTableModel

COLUMNS: list[Column[ConventionView]] = [
    Column(tr("Année"), lambda c: c.year),
    Column(tr("Atelier"), lambda c: c.workshop_name),
    Column(
        tr("ETP conventionnés"),
        lambda c: format_number(c.funded_fte, 2),
        sort_key=lambda c: c.funded_fte,
        align_right=True,
    ),
    Column(tr("Référence"), lambda c: c.reference),
    Column(
        tr("Aide au poste (€)"),
        lambda c: format_number(c.aid_amount, 2) if c.aid_amount is not None else "",
        sort_key=lambda c: c.aid_amount,
        align_right=True,
    ),
]


class ConventionsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editing: int | None = None
        self.setWindowTitle(tr("Conventions : ETP conventionnés"))
        self.model: RowTableModel[ConventionView] = RowTableModel(COLUMNS, [], self)
        self.table = QTableView()
        self.table.setObjectName("conventions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.workshop = QComboBox()
        self.workshop.addItem(tr("Globale (toute la structure)"), None)
        for choice in ctx.read(fte.workshops):
            self.workshop.addItem(choice.name, choice.id)
        self.funded = QLineEdit()
        self.funded.setObjectName("fundedFte")
        self.funded.setPlaceholderText(tr("ex. 25 ou 24,5"))
        self.reference = QLineEdit()
        self.aid = QLineEdit()
        self.notes = QLineEdit()
        self.dynamic = QLineEdit()
        self.dynamic.setObjectName("targetDynamic")
        self.dynamic.setPlaceholderText(tr("ex. 60"))
        self.sustainable = QLineEdit()
        self.sustainable.setObjectName("targetSustainable")
        self.sustainable.setPlaceholderText(tr("ex. 25"))
        general = QLabel()
        self.errors = FieldErrors(general)
        form = QFormLayout()
        self.errors.add_row(form, "year", tr("Année :"), self.year)
        self.errors.add_row(form, "workshop", tr("Atelier :"), self.workshop)
        self.errors.add_row(form, "funded_fte", tr("ETP conventionnés :"), self.funded)
        form.addRow(tr("Référence :"), self.reference)
        self.errors.add_row(form, "aid_amount", tr("Aide au poste (€) :"), self.aid)
        self.errors.add_row(form, "target_dynamic_rate", tr("Objectif de sorties dynamiques (%) :"),
                            self.dynamic)  # fmt: skip
        self.errors.add_row(form, "target_sustainable_rate",
                            tr("Objectif de sorties en emploi durable (%) :"), self.sustainable)  # fmt: skip
        form.addRow(tr("Notes :"), self.notes)

        self.new_button = QPushButton(tr("Nouvelle convention"))
        self.delete_button = QPushButton(tr("Supprimer"))
        self.save_button = QPushButton(tr("Enregistrer"))
        self.save_button.setDefault(True)
        close = QPushButton(tr("Fermer"))
        buttons = QHBoxLayout()
        for button in (self.new_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(general)
        layout.addLayout(buttons)

        can_edit = roles_matrix.allowed(ctx.actor, Permission.SETTINGS_EDIT)
        for widget in (self.new_button, self.delete_button, self.save_button):
            widget.setEnabled(can_edit)
        self.new_button.clicked.connect(self.new)
        self.delete_button.clicked.connect(self.delete)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.accept)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.changed = False
        self.reload()
        self.resize(720, 480)

    def reload(self) -> None:
        self.model.set_rows(self.ctx.read(fte.list_conventions))
        self.table.resizeColumnsToContents()

    def new(self) -> None:
        self.editing = None
        self.table.clearSelection()
        self.funded.clear()
        self.reference.clear()
        self.aid.clear()
        self.notes.clear()
        self.dynamic.clear()
        self.sustainable.clear()
        self.errors.clear()
        self.funded.setFocus()

    def _selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        convention = self.model.row(index.row())
        self.editing = convention.id
        self.year.setValue(convention.year)
        self.workshop.setCurrentIndex(max(0, self.workshop.findData(convention.workshop_id)))
        self.funded.setText(format_number(convention.funded_fte, 2))
        self.reference.setText(convention.reference)
        aid = convention.aid_amount
        self.aid.setText(format_number(aid, 2).replace("\u202f", "") if aid is not None else "")
        self.notes.setText(convention.notes)
        for edit, value in ((self.dynamic, convention.target_dynamic_rate),
                            (self.sustainable, convention.target_sustainable_rate)):  # fmt: skip
            edit.setText(format_number(value, 1) if value is not None else "")
        self.errors.clear()

    def save(self) -> None:
        data = ConventionInput(
            year=self.year.value(),
            workshop_id=self.workshop.currentData(),
            funded_fte=self.funded.text(),
            reference=self.reference.text(),
            aid_amount=self.aid.text(),
            notes=self.notes.text(),
            id=self.editing,
            target_dynamic_rate=self.dynamic.text(),
            target_sustainable_rate=self.sustainable.text(),
        )
        try:
            saved = self.ctx.run(fte.save_convention, data)
        except ValidationError as error:
            self.errors.show(error)
            return
        except AppError as error:
            show_error(self, error)
            return
        self.errors.clear()
        self.changed = True
        self.reload()
        row = next((i for i, c in enumerate(self.model.rows()) if c.id == saved.id), None)
        if row is not None:
            self.table.selectRow(row)

    def delete(self) -> None:
        if self.editing is None:
            return
        if not cells.confirm(self, tr("Supprimer"), tr("Supprimer cette convention ?")):
            return
        try:
            self.ctx.run(fte.delete_convention, self.editing)
        except AppError as error:
            show_error(self, error)
            return
        self.changed = True
        self.reload()
        self.new()
