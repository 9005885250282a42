"""« Fiches ASP incomplètes »: the people whose employee record the Extranet would refuse."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import asp_record
from chantier_app.services.people.asp_record import IncompleteRecord
from chantier_app.ui.widgets.listview import ListView
from chantier_app.ui.widgets.table import Column

COLUMNS: list[Column[IncompleteRecord]] = [
    Column(tr("Salarié"), lambda r: r.person_name),
    Column(tr("Manquants"), lambda r: r.missing, align_right=True),
    Column(tr("Invalides"), lambda r: r.invalid, align_right=True),
    Column(tr("En parcours"), lambda r: tr("oui") if r.in_path else tr("non")),
    Column(tr("Champs à compléter"), lambda r: r.summary, tooltip=lambda r: r.summary),
]


class IncompleteRecordsDialog(QDialog):
    """Double-click (or Entrée) opens the person's « Fiche ASP » tab."""

    def __init__(
        self, ctx: AppContext, open_person: Callable[[int], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.open_person = ctx, open_person
        self.setWindowTitle(tr("Fiches salarié ASP incomplètes"))
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("incomplete_summary")
        layout.addWidget(self.summary)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("incomplete_search")
        self.search.setPlaceholderText(tr("Rechercher un nom ou un champ…"))
        self.search.setClearButtonEnabled(True)
        self.in_path = QCheckBox(tr("Seulement les personnes en parcours"))
        self.in_path.setObjectName("incomplete_in_path")
        self.in_path.setChecked(True)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.in_path)
        layout.addLayout(filters)
        self.list: ListView[IncompleteRecord] = ListView(
            COLUMNS, "incomplete_records", widths=[220, 90, 80, 90]
        )
        self.list.row_activated.connect(self._open)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.open_button = buttons.addButton(
            tr("Ouvrir la fiche"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.clicked.connect(lambda: self._open(self.list.selected()))
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.list.proxy.set_search)
        self.in_path.toggled.connect(lambda _checked: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        rows = self.ctx.read(asp_record.incomplete_records, in_path_only=self.in_path.isChecked())
        self.list.set_rows(rows)
        self.summary.setText(
            tr("{n} fiche(s) à compléter avant la saisie dans l'Extranet IAE.").format(n=len(rows))
            if rows
            else tr("Toutes les fiches sont complètes.")
        )

    def _open(self, row: IncompleteRecord | None) -> None:
        if row is not None:
            self.accept()
            self.open_person(row.person_id)
