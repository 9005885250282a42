"""« Sauvegardes du serveur… »: the shared databases' backups on this PC, each with its date,
the server and database it came from and its schema; another server's or an older schema's
labelled, and what restoring the one selected would do (``services/safety/server_backups``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from chantier_app.i18n import tr
from chantier_app.services.safety.server_backups import ServerBackup
from chantier_app.ui.widgets.table import Column, RowTableModel, table_view

COLUMNS: list[Column[ServerBackup]] = [
    Column(
        tr("Date"),
        lambda b: b.taken_at.strftime(tr("%d/%m/%Y à %H:%M")),
        sort_key=lambda b: b.taken_at,
    ),
    Column(tr("Serveur et base"), lambda b: b.where),
    Column(tr("Version du schéma"), lambda b: b.schema),
    Column(tr("Motif"), lambda b: b.reason.replace("-", " ")),
    Column(tr("Provenance"), lambda b: b.label),
]


class ServerBackupsDialog(QDialog):
    def __init__(
        self, found: list[ServerBackup], current: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sauvegardes du serveur"))
        self.resize(1000, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Les copies de la base partagée faites par ce poste (avant une migration, à la "
                "fermeture, « Sauvegarder maintenant »). Ce poste travaille sur la {current}."
            ).format(current=current or tr("base partagée d'un serveur"))
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model: RowTableModel[ServerBackup] = RowTableModel(COLUMNS, found, self)
        self.view = table_view("serverBackups", self.model)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the newest first
        layout.addWidget(self.view, 1)
        self.empty = QLabel(tr("Aucune sauvegarde d'une base partagée sur ce poste."))
        self.empty.setObjectName("serverBackupsEmpty")
        self.empty.setVisible(not found)
        layout.addWidget(self.empty)
        self.detail = QLabel(tr("Choisissez une sauvegarde : ce que sa restauration ferait."))
        self.detail.setObjectName("serverBackupDetail")
        self.detail.setWordWrap(True)
        layout.addWidget(self.detail)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.view.resizeColumnsToContents()

    def current_backup(self) -> ServerBackup | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _selected(self) -> None:
        backup = self.current_backup()
        if backup is not None:
            self.detail.setText(
                tr("{name} — {where}, le {date} :").format(
                    name=backup.path.name,
                    where=backup.where,
                    date=backup.taken_at.strftime(tr("%d/%m/%Y à %H:%M")),
                )
                + "\n"
                + backup.restoring()
            )
