"""Correcting a contract entered wrong and cancelling an exit, from the Contracts tab.

Each dialog asks the service what the correction would break while the user types (the
same rules as a fresh entry, read from the database) and what it would change around the
contract (« Ce que la correction change »), then saves in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QWidget

from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind
from chantier_app.domain.correction_consequences import Consequence
from chantier_app.domain.derogations import MIN_WEEKLY_MINUTES
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import parse_minutes
from chantier_app.i18n import tr
from chantier_app.services.contracts.corrections import (
    ContractCorrection,
    CorrectionResult,
    cancel_exit,
    check_cancel_exit,
    check_correction,
    correct_contract,
)
from chantier_app.services.contracts.previews import (
    cancel_exit_consequences,
    correction_consequences,
)
from chantier_app.services.contracts.views import ContractView
from chantier_app.ui.contracts.derogation_fields import DerogationFields
from chantier_app.ui.contracts.dialogs import ContractDialog
from chantier_app.ui.contracts.fields import ChoiceCombo, HoursField, Reader
from chantier_app.ui.widgets.forms import DateField


def _describe(contract: ContractView) -> str:
    return tr("{kind} du {start} au {end}").format(
        kind=contract.kind.label,
        start=format_date(contract.start_date),
        end=format_date(contract.end_date),
    )


class CorrectDialog(ContractDialog):
    """« Corriger le contrat » : what it should have been entered with, its terms included
    (end date, kind, hours per week or per month, a derogation below 20 h)."""

    title = tr("Corriger le contrat")
    save_text = tr("Enregistrer la correction")

    def build(self, contract: ContractView) -> None:
        self.notice: str | None = None
        self.set_intro(
            tr(
                "{what}.<br>Corrigez ce qui a été mal saisi : la correction est vérifiée comme "
                "une nouvelle saisie et la version précédente est gardée dans l'historique des "
                "modifications."
            ).format(what=_describe(contract))
        )
        self.kind = self.add_field(
            "kind",
            tr("Type de contrat"),
            ChoiceCombo([(kind, kind.label) for kind in ContractKind], contract.kind),
        )
        self.start = self.add_field(
            "start_date", tr("Date de début"), DateField(contract.start_date)
        )
        self.end = self.add_field("end_date", tr("Date de fin"), DateField(contract.end_date))
        # The hours the contract was entered with (an hours amendment's are corrected
        # through the amendment: the service says so under the field).
        self.weekly = self.add_field(
            "weekly_minutes", tr("Heures par semaine"), HoursField(contract.weekly_minutes)
        )
        self.monthly = self.add_field(
            "monthly_minutes", tr("Heures par mois"), HoursField(contract.monthly_minutes)
        )
        self.derogation = DerogationFields(self, contract.derogation, self._contract_span)
        self.provider = self.add_field(
            "training_provider",
            tr("Organisme de formation"),
            QLineEdit(contract.training_provider or ""),
        )
        self.diploma = self.add_field(
            "target_diploma", tr("Diplôme visé"), QLineEdit(contract.target_diploma or "")
        )
        known = self._known()
        if known:
            self.derogation.prefill(known[-1])
        teams = [
            (team.id, team.name)
            for team in self.data.teams
            if contract.workshop_id is None or team.parent_id == contract.workshop_id
        ]
        self.team = self.add_field(
            "team_id",
            tr("Équipe"),
            ChoiceCombo([(None, tr("— aucune —")), *teams], contract.team_id),
        )
        self.job = self.add_field("job_title", tr("Emploi"), QLineEdit(contract.job_title or ""))
        self.reason = self.add_field("reason", tr("Motif de la correction"), QLineEdit())
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.weekly.textChanged.connect(self._show_rows)
        self.derogation.kind.currentIndexChanged.connect(self._show_rows)
        self._show_rows()

    def _chosen_kind(self) -> ContractKind:
        kind = self.kind.value()
        return kind if isinstance(kind, ContractKind) else self.contract.kind

    def _contract_span(self) -> tuple[dt.date | None, dt.date | None]:
        read = Reader()
        return read.date("", "", self.start), read.date("", "", self.end)

    def _kind_changed(self, *_args: object) -> None:
        """Corrected to a chantier qualifiant: the workshop's training, as the hire fills it."""
        if self._chosen_kind() is ContractKind.CDDI_QUALIFYING and not self.provider.text():
            workshop = next(
                (w for w in self.data.workshops if w.id == self.contract.workshop_id), None
            )
            if workshop is not None:
                self.provider.setText(workshop.training_provider or "")
                self.diploma.setText(workshop.target_diploma or "")
        self._show_rows()

    def _show_rows(self, *_args: object) -> None:
        """Hours per month for Premières Heures, per week for a CDDI; the derogation's rows
        once the weekly hours go below 20 h or a derogation is recorded (D5132-43-5, -8)."""
        per_month = self._chosen_kind().hours_per_month
        self._row_visible(self.monthly, per_month)
        self._row_visible(self.weekly, not per_month)
        derogation = self._derogation_asked()
        qualifying = self._chosen_kind() is ContractKind.CDDI_QUALIFYING
        self._row_visible(self.provider, qualifying)
        self._row_visible(self.diploma, qualifying)
        self.derogation.set_enabled(not per_month)
        for widget in (
            self.derogation.kind,
            self.derogation.reference,
            self.derogation.decided_on,
            self.derogation.start,
            self.derogation.end,
        ):
            self._row_visible(widget, derogation)
        if self.isVisible():
            # Rows hidden: no blank band where they stood (the dialog only grows otherwise).
            QTimer.singleShot(0, self, self._fit_rows)

    def _fit_rows(self) -> None:
        layout = self.layout()
        if layout is not None:
            layout.activate()
        height = max(self.sizeHint().height(), self.minimumSizeHint().height())
        if height < self.height():
            self.resize(self.width(), height)

    def _derogation_asked(self) -> bool:
        if self._chosen_kind().hours_per_month:
            return False
        try:
            weekly = parse_minutes(self.weekly.text())
        except ValueError:
            weekly = None
        chosen = self.derogation.kind.value() or DerogationKind.NONE
        below = weekly is not None and weekly < MIN_WEEKLY_MINUTES
        return below or chosen is not DerogationKind.NONE

    def _row_visible(self, widget: QWidget, visible: bool) -> None:
        container = widget.parentWidget()
        if container is not None:
            self.form.setRowVisible(container, visible)

    def evaluate(self) -> tuple[Any, list[Violation]]:
        read = Reader()
        kind = self._chosen_kind()
        start = read.date("start_date", tr("Date de début"), self.start)
        end = read.date("end_date", tr("Date de fin"), self.end)
        weekly = monthly = None
        if kind.hours_per_month:
            monthly = read.minutes("monthly_minutes", tr("Heures par mois"), self.monthly)
        else:
            weekly = read.minutes("weekly_minutes", tr("Heures par semaine"), self.weekly)
        derogation = self.derogation.read(read)
        if start is None or end is None or not read.ok:
            return None, read.violations
        asked = self._derogation_asked()
        period = self.derogation.new_period(derogation, self._known()) if asked else None
        data = ContractCorrection(
            self.contract.id,
            start,
            self.team.value(),
            self.job.text(),
            self.reason.text(),
            end_date=end,
            kind=kind,
            weekly_minutes=weekly,
            monthly_minutes=monthly,
            derogation=derogation.kind if asked else None,
            derogation_reference=derogation.reference if period else None,
            derogation_start=period.start if period else None,
            derogation_end=period.end if period else None,
            derogation_decided_on=period.decided_on if period else None,
            training_provider=self.provider.text()
            if kind is ContractKind.CDDI_QUALIFYING
            else None,
            target_diploma=self.diploma.text() if kind is ContractKind.CDDI_QUALIFYING else None,
        )
        return data, self.ctx.read(check_correction, data, today=self.today)

    def preview(self, data: ContractCorrection) -> list[Consequence]:
        return self.ctx.read(correction_consequences, data, today=self.today)

    def save(self, data: ContractCorrection, acknowledge: Sequence[str]) -> CorrectionResult:
        result = self.ctx.run(
            correct_contract,
            data,
            acknowledge=acknowledge,
            today=self.today,
            expected_version=self.contract.version,
        )
        self.notice = result.notice
        return result


class CancelExitDialog(ContractDialog):
    """« Annuler la sortie » : the contract reopens as it was before its end."""

    title = tr("Annuler la sortie")
    save_text = tr("Annuler la sortie et rouvrir le contrat")

    def build(self, contract: ContractView) -> None:
        exit_text = (
            f"{contract.exit_reason.label} ({contract.exit_reason.category.label})"
            if contract.exit_reason is not None
            else tr("motif non communiqué")
        )
        self.set_intro(
            tr(
                "{what}.<br>Sortie enregistrée le {date} : {exit}.<br>Annuler la sortie rouvre "
                "le contrat tel qu'il était avant elle, jusqu'au {end} ; la sortie annulée reste "
                "dans l'historique des modifications."
            ).format(
                what=_describe(contract),
                date=format_date(contract.actual_end_date),
                exit=exit_text,
                end=format_date(contract.end_date),
            )
        )
        self.reason = self.add_field("reason", tr("Motif de l'annulation"), QLineEdit())

    def evaluate(self) -> tuple[Any, list[Violation]]:
        reason = self.reason.text()
        found = self.ctx.read(check_cancel_exit, self.contract.id, reason, today=self.today)
        return reason, found

    def preview(self, reason: str) -> list[Consequence]:
        return self.ctx.read(cancel_exit_consequences, self.contract.id, today=self.today)

    def save(self, reason: str, acknowledge: Sequence[str]) -> ContractView:
        return self.ctx.run(
            cancel_exit,
            self.contract.id,
            reason,
            acknowledge=acknowledge,
            today=self.today,
            expected_version=self.contract.version,
        )
