"""The Contracts tab of a person's file: path against 24 / 60 months, timeline, actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.contract_dates import cumulative_duration
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services import roles_matrix
from chantier_app.services.context import AppContext
from chantier_app.services.contracts.amendment_corrections import may_correct_amendment
from chantier_app.services.contracts.corrections import may_cancel_exit, may_correct_contract
from chantier_app.services.contracts.event_corrections import (
    may_cancel_amendment,
    may_correct_suspension,
)
from chantier_app.services.contracts.hire_cancellation import may_cancel_hire
from chantier_app.services.contracts.move_corrections import may_cancel_move
from chantier_app.services.contracts.renewal_corrections import may_cancel_renewal
from chantier_app.services.contracts.views import (
    AmendmentView,
    ContractView,
    PersonContracts,
    SuspensionView,
    person_contracts,
)
from chantier_app.services.people import emplois_hires as people
from chantier_app.services.people.emplois_hires import PendingHire
from chantier_app.services.roles_matrix import Permission
from chantier_app.ui.contracts.action_dialog import ActionDialog
from chantier_app.ui.contracts.correction_dialogs import CancelExitDialog, CorrectDialog
from chantier_app.ui.contracts.dialogs import EndDialog, HoursDialog, RenewDialog, SuspendDialog
from chantier_app.ui.contracts.event_correction_dialogs import (
    CancelAmendmentDialog,
    CancelSuspensionDialog,
    CorrectAmendmentDialog,
    CorrectSuspensionDialog,
)
from chantier_app.ui.contracts.hire_cancellation_dialog import CancelHireDialog
from chantier_app.ui.contracts.hire_dialog import HireDialog
from chantier_app.ui.contracts.move_correction_dialog import CancelMoveDialog
from chantier_app.ui.contracts.path_gauge import PathGauge
from chantier_app.ui.contracts.timeline import TimelineRow, timeline_columns, timeline_rows
from chantier_app.ui.pages import Navigator
from chantier_app.ui.widgets.parts import PersonTab
from chantier_app.ui.widgets.table import RowTableModel
from chantier_app.ui.widgets.table_filter import RowFilterProxy


class ContractsTab(PersonTab):
    loads_when_built = True  # the person's file does not read it twice on first show

    def __init__(
        self, ctx: AppContext, nav: Navigator, person_id: int, today: dt.date | None = None
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.person_id = person_id
        self._today = today
        self.data: PersonContracts | None = None
        self.dialog: ActionDialog | None = None
        self.can_edit = roles_matrix.allowed(ctx.actor, Permission.CONTRACTS_EDIT)

        layout = QVBoxLayout(self)
        self.path = QLabel()
        self.path.setObjectName("path_summary")
        self.path.setWordWrap(True)
        layout.addWidget(self.path)
        self.gauge = PathGauge()
        layout.addWidget(self.gauge)

        buttons = QHBoxLayout()
        self.hire_button = self._button(buttons, tr("Embaucher…"), self.open_hire)
        self.renew_button = self._button(buttons, tr("Renouveler…"), self.open_renew)
        self.hours_button = self._button(buttons, tr("Durée du travail…"), self.open_hours)
        self.suspend_button = self._button(buttons, tr("Suspendre…"), self.open_suspend)
        self.end_button = self._button(buttons, tr("Fin et sortie…"), self.open_end)
        self.move_button = self._button(buttons, tr("Passer en CDDI…"), self.open_move)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        fixes = QHBoxLayout()
        self.correct_button = self._button(fixes, tr("Corriger…"), self.open_correct)
        self.correct_button.setObjectName("correct_contract")
        # The cancellations on a row of their own: with the corrections they needed 1,075 px
        # of a 1,280-pixel screen's 1,073 (test_cut_texts).
        cancels = QHBoxLayout()
        self.cancel_exit_button = self._button(
            cancels, tr("Annuler la sortie…"), self.open_cancel_exit
        )
        self.cancel_exit_button.setObjectName("cancel_exit")
        # On the suspension or amendment line the user picked in the timeline.
        self.correct_suspension_button = self._button(
            fixes, tr("Corriger la suspension…"), self.open_correct_suspension
        )
        self.correct_suspension_button.setObjectName("correct_suspension")
        self.correct_amendment_button = self._button(
            fixes, tr("Corriger l'avenant…"), self.open_correct_amendment
        )
        self.correct_amendment_button.setObjectName("correct_amendment")
        self.cancel_suspension_button = self._button(
            cancels, tr("Annuler la suspension…"), self.open_cancel_suspension
        )
        self.cancel_suspension_button.setObjectName("cancel_suspension")
        self.cancel_amendment_button = self._button(
            cancels, tr("Annuler l'avenant…"), self.open_cancel_amendment
        )
        self.cancel_amendment_button.setObjectName("cancel_amendment")
        self.cancel_move_button = self._button(
            cancels, tr("Annuler le passage en CDDI…"), self.open_cancel_move
        )
        self.cancel_move_button.setObjectName("cancel_move")
        # A hire entered by mistake (the wrong person, never signed): the contract goes.
        self.cancel_hire_button = self._button(
            cancels, tr("Annuler l'embauche…"), self.open_cancel_hire
        )
        self.cancel_hire_button.setObjectName("cancel_hire")
        fixes.addStretch(1)
        layout.addLayout(fixes)
        cancels.addStretch(1)
        layout.addLayout(cancels)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("correction_notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        layout.addWidget(self.notice_label)
        pending = QHBoxLayout()
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pending_hire")
        self.pending_label.setWordWrap(True)
        self.complete_button = self._button(pending, tr("Compléter le contrat…"), self.open_pending)
        self.complete_button.setObjectName("complete_hire")
        pending.insertWidget(0, self.pending_label, 1)
        layout.addLayout(pending)
        self.pending: list[PendingHire] = []

        self.model: RowTableModel[TimelineRow] = RowTableModel(timeline_columns())
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("timeline")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.target_label = QLabel()
        self.target_label.setObjectName("target_contract")
        layout.addWidget(self.target_label)
        self.refresh()

    def _button(self, row: QHBoxLayout, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # Data -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        data = self.ctx.read(person_contracts, self.person_id, today=self._today)
        self.data = data
        self.model.set_rows(timeline_rows(data.contracts, data.today))
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        cddi = [c.span for c in data.history.contracts if c.kind.is_cddi]
        pass_iae = data.history.pass_at(data.today)
        planned = cumulative_duration(cddi, since=pass_iae.start if pass_iae else None)
        self.gauge.set_path(data.cddi_total, planned)
        text = tr(
            "<b>Parcours en CDDI</b> : {done} réalisés sur 24 mois (60 au plus avec un motif)"
        ).format(done=data.cddi_total.text())
        if data.cddi_24_months_on is not None:
            text += tr(" ; limite des 24 mois le {date}").format(
                date=format_date(data.cddi_24_months_on - dt.timedelta(days=1))
            )
        text += tr(" ; {planned} avec les contrats prévus.").format(planned=planned.text())
        if any(c.kind is ContractKind.FIRST_HOURS for c in data.contracts):
            text += tr("<br><b>Premières Heures</b> : {done} sur 12 mois au plus.").format(
                done=data.first_hours_total.text()
            )
        self.path.setText(text)
        self.pending = self.ctx.read(people.pending_hires, self.person_id)
        if self.pending:
            first = self.pending[0]
            end = (
                tr(" au {date}").format(date=format_date(first.hiring_end))
                if first.hiring_end
                else ""
            )
            self.pending_label.setText(
                tr("Embauche du {start}{end} importée des emplois de l'inclusion ({eligibility}) : "
                   "contrat à compléter.").format(
                    start=format_date(first.hiring_start), end=end,
                    eligibility=tr("éligibilité validée sur la plateforme")
                    if first.eligibility_validated else tr("éligibilité non validée")))  # fmt: skip
        self.pending_label.setVisible(bool(self.pending))
        self.complete_button.setVisible(bool(self.pending))
        self._update_buttons()

    def show_person(self, person_id: int) -> bool:
        """The person's file shows another person: this tab, their data (read now)."""
        self.person_id = person_id
        self.refresh()
        return True

    def selected_row(self) -> TimelineRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.source_row(rows[0])) if rows else None

    def target(self) -> ContractView | None:
        """The contract of the selected line, else the running one."""
        if self.data is None:
            return None
        row = self.selected_row()
        if row is not None:
            return next((c for c in self.data.contracts if c.id == row.contract_id), None)
        return self.data.current

    def selected_suspension(self) -> SuspensionView | None:
        row, target = self.selected_row(), self.target()
        if row is None or target is None or row.suspension_id is None:
            return None
        return next((s for s in target.suspensions if s.id == row.suspension_id), None)

    def selected_amendment(self) -> AmendmentView | None:
        row, target = self.selected_row(), self.target()
        if row is None or target is None or row.amendment_id is None:
            return None
        return next((a for a in target.amendments if a.id == row.amendment_id), None)

    def _no_target_text(self) -> str:
        if self.data is not None and self.data.contracts:
            return tr(
                "Aucun contrat en cours : « Embaucher… » crée le suivant, ou choisissez "
                "une ligne pour agir sur un contrat passé."
            )
        return tr("Aucun contrat : « Embaucher… » crée le premier.")

    def _update_buttons(self) -> None:
        target = self.target()
        running = target is not None and not target.ended
        edit = self.can_edit
        self.hire_button.setEnabled(edit and self.data is not None and self.data.current is None)
        self.complete_button.setEnabled(
            edit and self.data is not None and self.data.current is None
        )
        for button in (self.renew_button, self.hours_button, self.suspend_button, self.end_button):
            button.setEnabled(edit and running)
        is_first_hours = target is not None and target.kind is ContractKind.FIRST_HOURS
        self.move_button.setEnabled(edit and running and is_first_hours)
        # Corrections: the direction, or the record's author on the day they entered it.
        today = self.data.today if self.data is not None else None
        self.correct_button.setEnabled(
            edit
            and target is not None
            and self.ctx.read(may_correct_contract, target.id, today=today)
        )
        self.cancel_exit_button.setEnabled(
            edit
            and target is not None
            and target.ended
            and self.ctx.read(may_cancel_exit, target.id, today=today)
        )
        self.cancel_move_button.setEnabled(
            edit and target is not None and self.ctx.read(may_cancel_move, target.id, today=today)
        )
        self.cancel_hire_button.setEnabled(
            edit and target is not None and self.ctx.read(may_cancel_hire, target.id, today=today)
        )
        suspension = self.selected_suspension()
        may_fix_suspension = (
            edit
            and suspension is not None
            and self.ctx.read(may_correct_suspension, suspension.id, today=today)
        )
        self.correct_suspension_button.setEnabled(may_fix_suspension)
        self.cancel_suspension_button.setEnabled(may_fix_suspension)
        amendment = self.selected_amendment()
        self.correct_amendment_button.setEnabled(
            edit
            and amendment is not None
            and self.ctx.read(may_correct_amendment, amendment.id, today=today)
        )
        self.cancel_amendment_button.setEnabled(
            edit
            and amendment is not None
            and (
                self.ctx.read(may_cancel_amendment, amendment.id, today=today)
                or self.ctx.read(may_cancel_renewal, amendment.id, today=today)
            )
        )
        self.target_label.setText(
            tr("Contrat concerné par les actions : {kind} du {start} au {end}.").format(
                kind=target.kind.label,
                start=format_date(target.start_date),
                end=format_date(target.effective_end),
            )
            if target is not None
            else self._no_target_text()
        )

    # Actions ----------------------------------------------------------------------------------
    def _open(self, dialog: ActionDialog) -> None:
        self.dialog = dialog
        self.notice_label.hide()
        dialog.accepted.connect(self.refresh)
        # The file's header says whether the person is under contract and until when.
        dialog.accepted.connect(self.changed.emit)
        dialog.open()

    def open_correct(self) -> None:
        target = self.target()
        if self.data is None or target is None:
            return
        dialog = CorrectDialog(self.ctx, self.data, target, parent=self)
        dialog.accepted.connect(lambda: self._show_notice(dialog.notice))
        self._open(dialog)

    def open_cancel_exit(self) -> None:
        self._contract_dialog(CancelExitDialog)

    def open_cancel_move(self) -> None:
        self._contract_dialog(CancelMoveDialog)

    def open_cancel_hire(self) -> None:
        self._contract_dialog(CancelHireDialog)

    def open_correct_suspension(self) -> None:
        self._suspension_dialog(CorrectSuspensionDialog)

    def open_cancel_suspension(self) -> None:
        self._suspension_dialog(CancelSuspensionDialog)

    def _suspension_dialog(self, kind: Callable[..., ActionDialog]) -> None:
        target, suspension = self.target(), self.selected_suspension()
        if self.data is not None and target is not None and suspension is not None:
            self._open(kind(self.ctx, self.data, target, suspension, parent=self))

    def open_cancel_amendment(self) -> None:
        target, amendment = self.target(), self.selected_amendment()
        if self.data is not None and target is not None and amendment is not None:
            self._open(CancelAmendmentDialog(self.ctx, self.data, target, amendment, parent=self))

    def open_correct_amendment(self) -> None:
        target, amendment = self.target(), self.selected_amendment()
        if self.data is not None and target is not None and amendment is not None:
            dialog = CorrectAmendmentDialog(self.ctx, self.data, target, amendment, parent=self)
            dialog.accepted.connect(lambda: self._show_notice(dialog.notice))
            self._open(dialog)

    def _show_notice(self, notice: str | None) -> None:
        """A printed contract corrected: the paper signed no longer says what is recorded."""
        self.notice_label.setText(notice or "")
        self.notice_label.setVisible(bool(notice))

    def open_hire(self) -> None:
        if self.data is not None:
            self._open(HireDialog(self.ctx, self.data, parent=self))

    def open_pending(self) -> None:
        if self.data is not None and self.pending:
            hire = self.pending[0]
            self._open(HireDialog(self.ctx, self.data, parent=self,
                                  hiring=(hire.hiring_start, hire.hiring_end)))  # fmt: skip

    def open_move(self) -> None:
        target = self.target()
        if self.data is not None and target is not None:
            self._open(HireDialog(self.ctx, self.data, first_hours=target, parent=self))

    def open_renew(self) -> None:
        self._contract_dialog(RenewDialog)

    def open_hours(self) -> None:
        self._contract_dialog(HoursDialog)

    def open_suspend(self) -> None:
        self._contract_dialog(SuspendDialog)

    def open_end(self) -> None:
        self._contract_dialog(EndDialog)

    def _contract_dialog(self, kind: Callable[..., ActionDialog]) -> None:
        target = self.target()
        if self.data is not None and target is not None:
            self._open(kind(self.ctx, self.data, target, parent=self))
