"""« Saisie du mois »: the grid, its messages, saving, declaring and unlocking the month."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError, ValidationError
from chantier_app.domain.fr_format import format_date, format_month
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.declared_corrections import correct_declared_month
from chantier_app.services.hours.grid import SaveResult
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.errors import show_error
from chantier_app.ui.hours import cells
from chantier_app.ui.hours.grid_view import HoursTableView
from chantier_app.ui.hours.month_model import MonthGridModel
from chantier_app.ui.hours.unlock_dialog import ask_correction_reason, ask_unlock_reason
from chantier_app.ui.widgets.empty_note import EmptyNote
from chantier_app.ui.widgets.remembered import RememberedWidths, interface_settings

ROLE_CELL = Qt.ItemDataRole.UserRole + 1


class EntryTab(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        month: dt.date,
        parent: QWidget | None = None,
        *,
        go_to_people: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.month = month
        self.model = MonthGridModel(self)

        self.team = QComboBox()
        self.team.setObjectName("teamFilter")
        self.team.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.state = QLabel()
        self.state.setObjectName("monthState")
        self.day_sheet = QPushButton(tr("Feuille d'émargement…"))
        self.day_sheet.setToolTip(tr("Saisir jour par jour les heures du salarié sélectionné"))
        self.import_button = QPushButton(tr("Importer…"))
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Équipe :")))
        top.addWidget(self.team)
        top.addWidget(self.state, 1)
        top.addWidget(self.day_sheet)
        top.addWidget(self.import_button)

        self.view = HoursTableView(self.model)
        self.view.setObjectName("hoursGrid")
        header = self.view.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # names, in French order
        self.view.setSortingEnabled(True)
        self.widths = RememberedWidths(
            self.view, interface_settings(ctx), "hours/grid-columns", self.model.column_names
        )
        self.messages = QListWidget()
        self.messages.setObjectName("hoursMessages")
        self.messages.setMaximumHeight(110)
        self.status = QLabel()
        self.status.setObjectName("hoursStatus")
        self.status.setWordWrap(True)

        self.save_button = QPushButton(tr("Enregistrer"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(tr("Enregistrer les heures du mois (Ctrl+S)"))
        self.revert_button = QPushButton(tr("Annuler les modifications"))
        self.declare_button = QPushButton(tr("Déclarer le mois"))
        self.unlock_button = QPushButton(tr("Déverrouiller…"))
        # Correct a declared month's hours without unlocking it (the direction, a reason).
        self.correct_declared_button = QPushButton(tr("Corriger le mois déclaré…"))
        self.correct_declared_button.setObjectName("correct_declared")
        self.correction_reason: str | None = None  # set while a declared month is corrected
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (
            self.revert_button,
            self.declare_button,
            self.unlock_button,
            self.correct_declared_button,
        ):
            buttons.addWidget(button)
        buttons.addWidget(self.save_button)

        self.can_hire = allowed(ctx.actor, Permission.CONTRACTS_EDIT)
        actions = [(tr("Aller aux salariés"), go_to_people)] if go_to_people else []
        self.empty = EmptyNote("", actions if self.can_hire else [])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.messages)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.declare_button.clicked.connect(self.declare)
        self.unlock_button.clicked.connect(self.unlock)
        self.correct_declared_button.clicked.connect(self.correct_declared)
        self.day_sheet.clicked.connect(self.open_day_sheet)
        self.import_button.clicked.connect(self.open_import)
        self.messages.itemActivated.connect(self._go_to_message)
        self.messages.itemClicked.connect(self._go_to_message)
        self.view.pasted.connect(self._on_pasted)
        self.model.on_change = self._refresh_messages
        self._teams_loaded = False

    # Loading -----------------------------------------------------------------------------
    def load(self, month: dt.date) -> None:
        self.month = month
        self.reload()

    def reload(self) -> None:
        self.correction_reason = None  # a correction of a declared month ends with its save
        team = self.team.currentData()
        # The teams to choose from are read once, with the first load (``_fill_teams``).
        grid = self.ctx.read(hours.month_grid, self.month, team, with_teams=not self._teams_loaded)
        if not self._teams_loaded:
            self._fill_teams(grid)
            if self.team.currentData() is not None:
                grid = self.ctx.read(hours.month_grid, self.month, self.team.currentData())
        self.model.load(grid)
        self._show_empty(not grid.rows)
        self.view.horizontalHeader().setSortIndicator(*self.model.sort_order())
        self.widths.apply()
        if grid.declared is not None:
            self.state.setText(
                tr("Mois déclaré le {date} par {name} : les heures sont verrouillées.").format(
                    date=format_date(grid.declared.declared_at.date()),
                    name=grid.declared.declared_by,
                )
            )
        else:
            self.state.setText(tr("Mois non déclaré."))
        editable = grid.can_edit and not grid.locked
        self.save_button.setEnabled(editable)
        self.revert_button.setEnabled(editable)
        self.import_button.setEnabled(editable)
        self.declare_button.setVisible(grid.can_declare)
        self.unlock_button.setVisible(grid.can_declare)
        self.declare_button.setEnabled(not grid.locked and bool(grid.rows))
        self.unlock_button.setEnabled(grid.locked)
        self.correct_declared_button.setVisible(grid.can_declare)
        self.correct_declared_button.setEnabled(grid.locked)
        self.status.clear()

    def _fill_teams(self, grid: hours.MonthGrid) -> None:
        self.team.blockSignals(True)
        self.team.addItem(tr("Toutes les équipes"), None)
        for team in grid.teams:
            self.team.addItem(team.label, team.id)
        mine = [
            i for i in range(self.team.count()) if self.team.itemData(i) in self.ctx.actor.team_ids
        ]
        if mine:  # a supervisor starts on their own team
            self.team.setCurrentIndex(mine[0])
        self.team.blockSignals(False)
        self.team.currentIndexChanged.connect(self._team_changed)
        self._teams_loaded = True

    def _show_empty(self, empty: bool) -> None:
        """A month with no contract running (in the team chosen) says where rows come from."""
        self.empty.setVisible(empty)
        if not empty:
            return
        where = format_month(self.month)
        if self.team.currentData() is not None:
            where += " " + tr("dans l'équipe {team}").format(team=self.team.currentText())
        text = tr("Aucun contrat en cours en {where} : la grille liste les salariés sous contrat.")
        text = text.format(where=where) + " "
        if self.can_hire:
            text += tr(
                "On embauche depuis le dossier du salarié, onglet « Contrats », bouton "
                "« Embaucher… » (l'équipe du contrat le place dans sa grille)."
            )
        else:
            text += tr("La direction ou le CIP enregistre les contrats ; ils apparaîtront ici.")
        self.empty.label.setText(text)

    def _team_changed(self) -> None:
        if self.keep_or_drop_changes():
            self.reload()

    # Messages -------------------------------------------------------------------------------
    def _refresh_messages(self) -> None:
        self.messages.clear()
        for message in self.model.messages():
            item = QListWidgetItem(message.text)
            item.setData(ROLE_CELL, (message.row, message.column))
            item.setForeground(
                QColor("#b00020") if message.severity == "error" else QColor("#8a5300")
            )
            self.messages.addItem(item)
        self.messages.setVisible(self.messages.count() > 0)

    def _go_to_message(self, item: QListWidgetItem) -> None:
        row, column = item.data(ROLE_CELL)
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus()

    def _on_pasted(self, pasted: int, skipped: int) -> None:
        text = tr("{n} cellule(s) collée(s).").format(n=pasted)
        if skipped:
            text += " " + tr("{n} ignorée(s) : non modifiables ou hors de la grille.").format(
                n=skipped
            )
        self.status.setText(text)

    # Actions ---------------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return bool(self.model.changed_rows())

    def keep_or_drop_changes(self) -> bool:
        """Before leaving the month (or the application): save the changes, drop them, or
        stay (False)."""
        if not self.is_dirty():
            return True
        choice = cells.save_discard_or_cancel(
            self,
            tr("Modifications non enregistrées"),
            tr("Les heures de {month} ont été modifiées. Les enregistrer ?").format(
                month=format_month(self.month)
            ),
        )
        if choice == cells.SAVE:
            return self.save()
        return choice == cells.DISCARD

    def revert(self) -> None:
        """« Annuler les modifications »: typed hours are dropped only once the user said so."""
        if self.view.state() == self.view.State.EditingState:
            self.view.setFocus()  # the cell being typed counts as a change too
        changed = len(self.model.changed_rows())
        if changed:
            text = tr(
                "Abandonner les heures modifiées de {n} ligne(s) en {month} ? Elles n'ont pas "
                "été enregistrées et seront perdues."
            ).format(n=changed, month=format_month(self.month))
            if not cells.confirm(self, tr("Annuler les modifications"), text):
                return
        self.reload()

    def save(self) -> bool:
        if self.view.state() == self.view.State.EditingState:
            self.view.setFocus()  # closes the editor: its text is committed first
        if self.model.has_errors():
            self.status.setText(tr("Corrigez les cellules en rouge : rien n'a été enregistré."))
            first = next((m for m in self.model.messages() if m.severity == "error"), None)
            if first is not None:
                self.view.setCurrentIndex(self.model.index(first.row, first.column))
            return False
        entries = self.model.entries()
        if not entries:
            self.status.setText(tr("Aucune modification à enregistrer."))
            return True
        try:
            result = cells.save_after_warnings(
                self,
                lambda acknowledged: self._save_entries(entries, acknowledged),
                tr("Enregistrer quand même ?"),
            )
        except AppError as error:
            return self._refused(error)
        if result is None:
            self.status.setText(tr("Rien n'a été enregistré."))
            return False
        # The grid already shows what was saved (cells filled from sign-in sheets or training
        # attendance cannot be typed): no need to read the month again.
        if self.correction_reason is not None:  # the month is shown locked again
            self.reload()
            self.status.setText(
                tr("Mois déclaré corrigé : {n} ligne(s) ; l'historique garde les heures d'avant.")
                .format(n=result.saved)
            )  # fmt: skip
            return True
        self.model.saved(result.versions)
        self.status.setText(tr("Enregistré : {n} ligne(s) modifiée(s).").format(n=result.saved))
        return True

    def _save_entries(self, entries: list[hours.MonthEntry], acknowledged: bool) -> SaveResult:
        if self.correction_reason is None:
            return self.ctx.run(
                hours.save_month, self.month, entries, acknowledge_warnings=acknowledged
            )
        result: SaveResult = self.ctx.run(
            correct_declared_month,
            self.month,
            entries,
            self.correction_reason,
            acknowledge_warnings=acknowledged,
        )
        return result

    def correct_declared(self) -> None:
        """Type over the declared month's hours; « Enregistrer » saves them as a correction."""
        reason = ask_correction_reason(self, self.month)
        if not reason:
            return
        grid = self.ctx.read(hours.month_grid, self.month, self.team.currentData())
        self.model.load(dataclasses.replace(grid, declared=None))  # typed as a fresh entry
        self.correction_reason = reason
        for button in (self.save_button, self.revert_button):
            button.setEnabled(grid.can_declare)
        self.correct_declared_button.setEnabled(False)
        self.unlock_button.setEnabled(False)
        self.state.setText(
            tr(
                "Correction du mois déclaré (motif : {reason}) : « Enregistrer » garde les heures "
                "d'avant dans l'historique ; le mois reste déclaré."
            ).format(reason=reason)
        )

    def _refused(self, error: AppError) -> bool:
        if isinstance(error, ValidationError):
            self.model.apply_violations(error.violations)
            self.status.setText(tr("Rien n'a été enregistré : voir les messages."))
        else:
            show_error(self, error)
        return False

    def declare(self) -> None:
        if self.is_dirty() and not self.save():
            return
        empty = sum(1 for row in self.model.rows if row.values.total == 0)
        text = tr(
            "Déclarer le mois de {month} ?\n\nSes heures seront verrouillées : plus aucune "
            "modification sans le déverrouiller."
        ).format(month=format_month(self.month))
        if empty:
            text += "\n\n" + tr("Attention : {n} contrat(s) n'ont aucune heure saisie.").format(
                n=empty
            )
        if not cells.confirm(self, tr("Déclarer le mois"), text):
            return
        try:
            self.ctx.run(hours.declare_month, self.month)
        except AppError as error:
            show_error(self, error)
        self.reload()

    def unlock(self) -> None:
        reason = ask_unlock_reason(self, self.month)
        if reason is None:
            return
        try:
            self.ctx.run(hours.unlock_month, self.month, reason)
        except AppError as error:
            show_error(self, error)
        self.reload()

    def open_day_sheet(self) -> None:
        from chantier_app.ui.hours.day_dialog import DaySheetDialog

        source = self.model.source(self.view.currentIndex().row())
        if source is None:
            self.status.setText(tr("Sélectionnez d'abord la ligne d'un salarié."))
            return
        if not self.keep_or_drop_changes():
            return
        dialog = DaySheetDialog(self.ctx, source.contract_id, self.month, self)
        if dialog.exec():
            self.reload()

    def open_import(self) -> None:
        from chantier_app.ui.hours.import_dialog import ImportDialog

        if not self.keep_or_drop_changes():
            return
        dialog = ImportDialog(self.ctx, self.month, self)
        if dialog.exec():
            self.reload()
