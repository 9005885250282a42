"""The « Feuille de secours » shown once, right after the data were encrypted: the key, its
PDF to print (or save to a USB key kept in a safe), and the accounts still to reset."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from chantier_app.i18n import tr
from chantier_app.services.documents.printing import GeneratedDocument
from chantier_app.services.safety import encryption
from chantier_app.ui.documents.preview import PdfPreview

if TYPE_CHECKING:
    from chantier_app.db.engine import Database
    from chantier_app.services.safety.encryption import Encrypted


class RecoverySheetDialog(QDialog):
    def __init__(self, database: Database, done: Encrypted, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoverySheetDialog")
        self.setWindowTitle(tr("Feuille de secours"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "<b>Les données sont chiffrées.</b> Imprimez maintenant la feuille de secours "
                "et rangez-la dans un coffre : elle ouvre les données si tous les mots de passe "
                "sont perdus, et ne sera plus jamais affichée."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.key = QLabel(f"<h2>{done.recovery_key}</h2>")
        self.key.setObjectName("recoveryKey")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.key)
        self.to_reset = QLabel()
        self.to_reset.setObjectName("accountsToReset")
        self.to_reset.setWordWrap(True)
        if done.accounts_to_reset:
            self.to_reset.setText(
                tr(
                    "Réinitialisez le mot de passe de ces comptes (Paramètres → Comptes) : "
                    "sans cela ils ne peuvent plus se connecter : {names}."
                ).format(names=", ".join(done.accounts_to_reset))
            )
            layout.addWidget(self.to_reset)
        self.preview = PdfPreview(self)
        pdf = encryption.recovery_sheet(database, done.recovery_key, dt.date.today())
        self.preview.show_document(
            GeneratedDocument(tr("Feuille de secours"), "feuille-de-secours.pdf", pdf)
        )
        layout.addWidget(self.preview, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            tr("J'ai imprimé la feuille de secours")
        )
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)
        self.resize(720, 820)
