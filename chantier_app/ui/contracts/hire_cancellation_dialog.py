"""« Annuler l'embauche » : a contract entered by mistake (the wrong person, never signed)
is cancelled; what goes with it is listed before saving, and it stays in « Historique des
modifications »."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from chantier_app.domain.correction_consequences import Consequence
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services.contracts.hire_cancellation import (
    HireCancellation,
    cancel_hire,
    cancel_hire_consequences,
    check_cancel_hire,
)
from chantier_app.services.contracts.views import ContractView
from chantier_app.ui.contracts.dialogs import ContractDialog


class CancelHireDialog(ContractDialog):
    """Says what the cancellation does, asks why, checks, then cancels in one go."""

    title = tr("Annuler l'embauche")
    # Not « Annuler l'embauche » beside the dialog's « Annuler »: two buttons saying the same.
    save_text = tr("Confirmer l'annulation de l'embauche")

    def build(self, contract: ContractView) -> None:
        self.set_intro(
            tr(
                "{kind} du {start} au {end}.<br>Annuler l'embauche retire ce contrat du "
                "dossier, des heures, des relevés et du bilan, comme s'il n'avait pas été "
                "saisi : pour un contrat enregistré sur la mauvaise personne, ou jamais signé. "
                "Il reste dans l'historique des modifications."
            ).format(
                kind=contract.kind.label,
                start=format_date(contract.start_date),
                end=format_date(contract.effective_end),
            )
        )
        self.consequences.setTitle(tr("Ce que l'annulation change"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(tr("Garder le contrat"))
        self.reason = self.add_field("reason", tr("Motif de l'annulation"), QLineEdit())
        self.reason.setPlaceholderText(tr("par exemple : saisi sur la mauvaise personne"))

    def evaluate(self) -> tuple[Any, list[Violation]]:
        reason = self.reason.text()
        found = self.ctx.read(check_cancel_hire, self.contract.id, reason, today=self.today)
        return reason, found

    def preview(self, reason: str) -> list[Consequence]:
        return self.ctx.read(cancel_hire_consequences, self.contract.id, today=self.today)

    def save(self, reason: str, acknowledge: Sequence[str]) -> HireCancellation:
        return self.ctx.run(
            cancel_hire,
            self.contract.id,
            reason,
            acknowledge=acknowledge,
            today=self.today,
            expected_version=self.contract.version,
        )
