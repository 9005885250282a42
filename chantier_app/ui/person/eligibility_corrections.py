"""Cancelling an eligibility diagnosis, a PASS IAE or one of its decisions entered by
mistake, from the « Éligibilité et PASS IAE » tab: the dialog says what goes, asks why and
is the confirmation; the previous version goes to « Historique des modifications »."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QWidget

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.ui.widgets.forms import FormDialog


class CancelRecordDialog(FormDialog):
    """« Annuler … » : what is cancelled, the reason, « Confirmer l'annulation ».

    ``cancel(reason, acknowledged)`` runs the service; a warning shown (a CDDI concluded
    under the PASS) is ticked, then confirmed again."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        text: str,
        cancel: Callable[[str, bool], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, title, parent)
        self._cancel = cancel
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
        self.finish_layout()

    def accept(self) -> None:
        super().accept()
        if self.isVisible():  # refused or warned: the messages grow the dialog, not squeeze it
            self.adjustSize()

    def submit(self) -> object:
        return self._cancel(self.reason.text(), self.acknowledged)
