"""Cancelling an eligibility diagnosis, a PASS IAE or one of its decisions entered by
mistake, from the « Éligibilité et PASS IAE » tab: the dialog says what goes, asks why and
is the confirmation; the previous version goes to « Historique des modifications »."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QWidget

from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.ui.widgets.forms import LiveFormDialog


class CancelRecordDialog(LiveFormDialog):
    """« Annuler … » : what is cancelled, the reason, « Confirmer l'annulation ».

    ``cancel(reason, acknowledged)`` runs the service; ``check(reason)``, its ``check_*``
    function, runs while the reason is typed: « Confirmer l'annulation » stays disabled
    while it refuses, and waits for the box under a warning (a CDDI concluded under the
    PASS) to be ticked."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        text: str,
        cancel: Callable[[str, bool], object],
        parent: QWidget | None = None,
        *,
        check: Callable[[str], list[Violation]] | None = None,
    ) -> None:
        super().__init__(ctx, title, parent)
        self._cancel, self._check = cancel, check
        intro = QLabel(text)
        intro.setObjectName("intro")
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.reason = self.row("reason", tr("Motif de l'annulation :"), QLineEdit())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            tr("Confirmer l'annulation")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Fermer"))
        self.setMinimumWidth(520)
        self.live = check is not None
        self.finish_layout()

    def check(self) -> list[Violation]:
        assert self._check is not None  # live only with a check
        # A PASS decision's service names its correction reason « correction_reason » (its
        # own « reason » is the motif of suspension): here it is the one reason typed.
        return [
            dataclasses.replace(v, field="reason") if v.field == "correction_reason" else v
            for v in self._check(self.reason.text())
        ]

    def accept(self) -> None:
        super().accept()
        if self.isVisible():  # refused or warned: the messages grow the dialog, not squeeze it
            self.adjustSize()

    def submit(self) -> object:
        return self._cancel(self.reason.text(), self.acknowledged)
