"""Correcting a contract entered wrong and cancelling an exit, from the Contracts tab.

Each dialog asks the service what the correction would break while the user types (the
same rules as a fresh entry, read from the database) and what it would change around the
contract (« Ce que la correction change »), then saves in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QLineEdit

from chantier_app.domain.correction_consequences import Consequence
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
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
from chantier_app.ui.contracts.dialogs import ContractDialog
from chantier_app.ui.contracts.fields import ChoiceCombo, Reader
from chantier_app.ui.widgets.forms import DateField


def _describe(contract: ContractView) -> str:
    return tr("{kind} du {start} au {end}").format(
        kind=contract.kind.label,
        start=format_date(contract.start_date),
        end=format_date(contract.end_date),
    )


class CorrectDialog(ContractDialog):
    """« Corriger le contrat » : start date, team, job title as they should have been."""

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
        self.start = self.add_field(
            "start_date", tr("Date de début"), DateField(contract.start_date)
        )
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

    def evaluate(self) -> tuple[Any, list[Violation]]:
        read = Reader()
        start = read.date("start_date", tr("Date de début"), self.start)
        if start is None or not read.ok:
            return None, read.violations
        data = ContractCorrection(
            self.contract.id, start, self.team.value(), self.job.text(), self.reason.text()
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
