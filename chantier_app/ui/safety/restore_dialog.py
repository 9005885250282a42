"""« Restaurer… »: what a backup holds, beside the current data, before replacing them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from chantier_app.i18n import tr
from chantier_app.ui.format import format_number
from chantier_app.ui.widgets.forms import ERROR_STYLE

if TYPE_CHECKING:
    from chantier_app.db.backup import BackupPreview


def _when(preview: BackupPreview) -> str:
    return preview.taken_at.strftime(tr("%d/%m/%Y à %H:%M"))


def preview_box(title: str, preview: BackupPreview, name: str) -> QGroupBox:
    """A group of labels: date, state, schema, structure and counts of ``preview``."""
    box = QGroupBox(title)
    box.setObjectName(name)
    form = QFormLayout(box)
    rows = [
        ("date", tr("Date"), _when(preview)),
        ("status", tr("État"), preview.status.label),
        ("revision", tr("Version du schéma"), preview.revision or "–"),
        (
            "origin",
            tr("Provenance"),
            tr("base partagée : {where}").format(where=preview.origin.describe())
            if preview.origin is not None
            else tr("fichier de données"),
        ),
        ("structure", tr("Structure"), preview.structure or "–"),
        ("people", tr("Salariés"), format_number(preview.people)),
        ("contracts", tr("Contrats"), format_number(preview.contracts)),
        ("hours", tr("Lignes d'heures"), format_number(preview.hours_rows)),
    ]
    for key, label, value in rows:
        text = QLabel(value)
        text.setObjectName(f"{name}_{key}")
        form.addRow(label, text)
    for problem in preview.problems[:5]:
        form.addRow(QLabel("–"), QLabel(problem))
    return box


class RestoreDialog(QDialog):
    """Shows the backup (and the current data); « Restaurer » only when it can be restored."""

    def __init__(
        self,
        backup: BackupPreview,
        current: BackupPreview | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Restaurer une sauvegarde"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Les données actuelles seront remplacées par celles de la sauvegarde "
                "<b>{name}</b>. Elles sont d'abord copiées dans le dossier des sauvegardes : "
                "rien n'est perdu."
            ).format(name=backup.path.name)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if backup.origin is not None:
            # A server's snapshot (``chantier serveur restaurer`` puts one back on a server):
            # here its rows replace this folder's file, the server is not touched.
            origin = QLabel(
                tr(
                    "Cette sauvegarde est une copie de la base partagée {where} : la restaurer "
                    "remplace le fichier de ce poste par ces données ; le serveur n'est pas "
                    "modifié."
                ).format(where=backup.origin.describe())
            )
            origin.setObjectName("restoreOrigin")
            origin.setWordWrap(True)
            layout.addWidget(origin)
        boxes = QHBoxLayout()
        boxes.addWidget(preview_box(tr("Sauvegarde"), backup, "backup"))
        if current is not None:
            boxes.addWidget(preview_box(tr("Données actuelles"), current, "current"))
        layout.addLayout(boxes)
        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.refusal)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(
            tr("&Restaurer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restore")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if backup.restorable:
            self.refusal.hide()
        else:
            self.restore_button.setEnabled(False)
            self.refusal.setText(
                tr("Cette sauvegarde ne peut pas être restaurée : {status}.").format(
                    status=backup.status.label
                )
            )
        # Destructive: the safe button is the default one.
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
