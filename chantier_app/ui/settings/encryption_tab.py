"""Paramètres → « Chiffrement » (direction): encrypt a clear folder, export encrypted data in
clear. Both ask the direction's password again; the demo stays in clear."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.safety import encryption, keys
from chantier_app.services.safety.encryption import Encrypted
from chantier_app.ui.errors import show_error
from chantier_app.ui.safety.recovery_sheet_dialog import RecoverySheetDialog
from chantier_app.ui.widgets.jobs import Job, Progress, run_job

R = TypeVar("R")


class EncryptionTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.sheet: RecoverySheetDialog | None = None
        self.job: Job[Any] | None = None
        self.status = QLabel()
        self.status.setObjectName("encryptionStatus")
        self.status.setWordWrap(True)
        self.result = QLabel()
        self.result.setObjectName("encryptionResult")
        self.result.setWordWrap(True)
        self.encrypt_button = QPushButton(tr("Chiffrer les données…"))
        self.encrypt_button.setObjectName("encryptData")
        self.encrypt_button.clicked.connect(self.ask_encrypt)
        self.export_button = QPushButton(tr("Exporter en clair…"))
        self.export_button.setObjectName("exportClear")
        self.export_button.clicked.connect(self.ask_export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addWidget(self.encrypt_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def refresh(self) -> None:
        paths = self.ctx.paths
        encrypted = paths is not None and keys.is_encrypted(paths)
        if encrypted:
            self.status.setText(
                tr(
                    "Les données et les sauvegardes de ce poste sont chiffrées : chaque compte "
                    "les ouvre avec son mot de passe, la feuille de secours sans."
                )
            )
        else:
            self.status.setText(
                tr(
                    "Les données ne sont pas chiffrées : un ordinateur ou une clé USB perdus "
                    "révèlent les NIR et les notes. Le chiffrement est recommandé."
                )
            )
        self.encrypt_button.setEnabled(paths is not None and not encrypted)
        self.export_button.setEnabled(encrypted)

    def _password(self, title: str, question: str) -> str | None:
        text, given = QInputDialog.getText(self, title, question, QLineEdit.EchoMode.Password)
        return text if given else None

    def ask_encrypt(self) -> None:
        password = self._password(
            tr("Chiffrer les données"),
            tr(
                "Une sauvegarde est faite d'abord, puis les données et toutes les sauvegardes "
                "du dossier sont chiffrées. Les copies déjà faites sur une clé USB restent en "
                "clair : remplacez-les. Votre mot de passe :"
            ),
        )
        if password is not None:
            self.encrypt(password)

    def encrypt(self, password: str) -> Job[Encrypted]:
        """Encrypt off the GUI thread (a large folder takes seconds). Not cancellable: once
        the file is sealed, its recovery key must reach the screen."""
        paths, database, actor = self.ctx.paths, self.ctx.database, self.ctx.actor
        assert paths is not None

        def work(_progress: Progress) -> Encrypted:
            return encryption.encrypt_data(paths, database, actor, password)

        return self._run(work, self._encrypted, tr("Chiffrement des données en cours…"),
                         tr("Données non chiffrées"))  # fmt: skip

    def _encrypted(self, done: Encrypted) -> None:
        self.result.setText(
            tr("Données chiffrées, et {n} sauvegarde(s) avec elles.").format(
                n=done.backups_encrypted
            )
        )
        self.refresh()
        self.sheet = RecoverySheetDialog(self.ctx.database, done, self)
        self.sheet.open()

    def _run(
        self, work: Callable[[Progress], R], done: Callable[[R], None], doing: str, failed: str
    ) -> Job[R]:
        self.result.setText(doing)
        self.encrypt_button.setEnabled(False)
        self.export_button.setEnabled(False)

        def refused(error: BaseException) -> None:
            self.result.clear()
            self.refresh()
            show_error(self, error, title=failed)

        job = run_job(work, done, parent=self, on_error=refused, show_dialog=False)
        self.job = job
        return job

    def ask_export(self) -> None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen = QFileDialog.getExistingDirectory(self, tr("Exporter en clair vers…"), start)
        if not chosen:
            return
        password = self._password(
            tr("Exporter en clair"),
            tr(
                "La copie en clair contient toutes les données, NIR et notes compris, lisibles "
                "par qui la trouve. Votre mot de passe :"
            ),
        )
        if password is not None:
            self.export_clear(password, Path(chosen))

    def export_clear(self, password: str, folder: Path) -> Job[Path]:
        paths, database, actor = self.ctx.paths, self.ctx.database, self.ctx.actor
        assert paths is not None

        def work(_progress: Progress) -> Path:
            return encryption.export_clear(paths, database, actor, password, folder)

        def written(path: Path) -> None:
            self.refresh()
            self.result.setText(tr("Copie en clair écrite : {path}").format(path=path))

        return self._run(work, written, tr("Copie en clair en cours…"),
                         tr("Export en clair impossible"))  # fmt: skip
