"""Unlocking a declared month: a confirmation with the reason, recorded in the audit trail."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from chantier_app.domain.fr_format import format_month
from chantier_app.i18n import tr
from chantier_app.services.hours.declared_corrections import reason_violations
from chantier_app.ui.widgets.forms import ERROR_STYLE


class UnlockDialog(QDialog):
    def __init__(self, month: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Déverrouiller le mois"))
        text = QLabel(
            tr(
                "Le mois de {month} a été déclaré à l'État. Le déverrouiller permet de modifier "
                "ses heures ; pensez à corriger aussi la déclaration.\n\nCe déverrouillage est "
                "inscrit dans le journal, avec son motif."
            ).format(month=format_month(month))
        )
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("unlockReason")
        self.reason.setPlaceholderText(tr("Motif (ex. erreur de saisie, rectification de paie)"))
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(
            tr("Déverrouiller"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = buttons.addButton(tr("Annuler"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)  # a binding action is never the default
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason_error = QLabel()
        self.reason_error.setObjectName("reasonError")
        self.reason_error.setStyleSheet(ERROR_STYLE)
        self.reason_error.setWordWrap(True)
        self.reason_error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(QLabel(tr("Motif :")))
        layout.addWidget(self.reason)
        layout.addWidget(self.reason_error)
        layout.addWidget(buttons)


def ask_unlock_reason(parent: QWidget | None, month: dt.date) -> str | None:
    """The reason typed, or None when the user cancelled."""
    dialog = UnlockDialog(month, parent)
    return dialog.reason.text().strip() if dialog.exec() else None


class CorrectDeclaredDialog(UnlockDialog):
    """« Corriger le mois déclaré » : the month stays declared, its hours are corrected with a
    reason, and the history says the statement sent no longer matches."""

    def __init__(self, month: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(month, parent)
        self.setWindowTitle(tr("Corriger le mois déclaré"))
        label = self.findChild(QLabel)
        assert label is not None
        label.setText(
            tr(
                "Le mois de {month} a été déclaré à l'État. Ses heures peuvent être corrigées "
                "sans le déverrouiller : il reste déclaré, chaque ligne corrigée garde ses heures "
                "d'avant dans l'historique des modifications, marquée « mois déclaré ». Pensez "
                "à rectifier la déclaration."
            ).format(month=format_month(month))
        )
        self.unlock_button.setText(tr("Corriger les heures"))
        self.reason.setObjectName("correctionReason")
        # The service's rule, while the user types: no correction of a declared month
        # without its reason, so the button waits for one.
        self.reason.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        refused = reason_violations(self.reason.text())
        self.reason_error.setText("\n".join(v.message for v in refused))
        self.reason_error.setVisible(bool(refused))
        self.unlock_button.setEnabled(not refused)

    def accept(self) -> None:
        if self.unlock_button.isEnabled():  # Enter in the reason field with none typed
            super().accept()


def ask_correction_reason(parent: QWidget | None, month: dt.date) -> str | None:
    """The reason typed (required: empty asks again), or None when the user cancelled."""
    dialog = CorrectDeclaredDialog(month, parent)
    return dialog.reason.text().strip() if dialog.exec() else None
