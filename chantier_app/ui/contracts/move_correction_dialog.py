"""« Annuler le passage en CDDI » : the Premières Heures run again as they were before the
move, the CDDI goes; both stay in « Historique des modifications »."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QLineEdit

from chantier_app.domain.correction_consequences import Consequence
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services.contracts.move_corrections import (
    cancel_move_to_cddi,
    check_cancel_move,
)
from chantier_app.services.contracts.previews import cancel_move_consequences
from chantier_app.services.contracts.views import ContractView
from chantier_app.ui.contracts.dialogs import ContractDialog


class CancelMoveDialog(ContractDialog):
    """Asks why, says what comes back, checks while the user types, cancels in one go."""

    title = tr("Annuler le passage en CDDI")
    save_text = tr("Annuler le passage et reprendre les Premières Heures")

    def build(self, contract: ContractView) -> None:
        self.set_intro(
            tr(
                "{kind} du {start} au {end}.<br>Annuler le passage en CDDI retire ce contrat "
                "et rouvre les Premières Heures telles qu'elles étaient avant lui ; les deux "
                "restent dans l'historique des modifications."
            ).format(
                kind=contract.kind.label,
                start=format_date(contract.start_date),
                end=format_date(contract.effective_end),
            )
        )
        self.reason = self.add_field("reason", tr("Motif de l'annulation"), QLineEdit())

    def evaluate(self) -> tuple[Any, list[Violation]]:
        reason = self.reason.text()
        found = self.ctx.read(check_cancel_move, self.contract.id, reason, today=self.today)
        return reason, found

    def preview(self, reason: str) -> list[Consequence]:
        return self.ctx.read(cancel_move_consequences, self.contract.id, today=self.today)

    def save(self, reason: str, acknowledge: Sequence[str]) -> ContractView:
        return self.ctx.run(
            cancel_move_to_cddi, self.contract.id, reason, acknowledge=acknowledge,
            today=self.today,
        )  # fmt: skip
