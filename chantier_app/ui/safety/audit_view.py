"""« Journal des actions »: the audit trail for the director, filtered, sorted, exported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chantier_app.i18n import tr
from chantier_app.services import audit
from chantier_app.ui.errors import show_error
from chantier_app.ui.widgets.table import Column, RowTableModel
from chantier_app.ui.widgets.table_filter import RowFilterProxy

if TYPE_CHECKING:
    from chantier_app.services.audit import AuditRow
    from chantier_app.services.context import AppContext

DEFAULT_DAYS = 90
ALL = None


def audit_columns() -> list[Column[AuditRow]]:
    return [
        Column(tr("Date"), lambda r: r.at.strftime("%d/%m/%Y %H:%M:%S"), sort_key=lambda r: r.at),
        Column(tr("Personnel"), lambda r: r.staff_name),
        Column(tr("Action"), lambda r: r.action_label),
        Column(tr("Objet"), lambda r: r.entity_label),
        Column(tr("N°"), lambda r: r.entity_id, align_right=True),
        Column(tr("Salarié"), lambda r: r.person_name),
        Column(tr("Détail"), lambda r: r.summary, tooltip=lambda r: r.summary or None),
    ]


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class AuditDialog(QDialog):
    """Dates are asked of the database; staff, person, action and words filter the list."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("Journal des actions"))
        self.resize(1000, 600)
        today = today or dt.date.today()

        self.since = QDateEdit(_qdate(today - dt.timedelta(days=DEFAULT_DAYS)))
        self.until = QDateEdit(_qdate(today))
        for edit, name in ((self.since, "since"), (self.until, "until")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.dateChanged.connect(lambda _d: self.reload())
        self.staff = self._combo("staff")
        self.action = self._combo("action")
        self.person = self._combo("person")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(tr("Rechercher dans le journal…"))
        self.search.setClearButtonEnabled(True)

        filters = QGridLayout()
        filters.addWidget(QLabel(tr("Du")), 0, 0)
        filters.addWidget(self.since, 0, 1)
        filters.addWidget(QLabel(tr("au")), 0, 2)
        filters.addWidget(self.until, 0, 3)
        filters.addWidget(QLabel(tr("Personnel")), 0, 4)
        filters.addWidget(self.staff, 0, 5)
        filters.addWidget(QLabel(tr("Action")), 1, 0)
        filters.addWidget(self.action, 1, 1)
        filters.addWidget(QLabel(tr("Salarié")), 1, 2)
        filters.addWidget(self.person, 1, 3)
        filters.addWidget(self.search, 1, 4, 1, 2)
        for column in (1, 3, 5):
            filters.setColumnStretch(column, 1)

        self.model: RowTableModel[AuditRow] = RowTableModel(audit_columns(), parent=self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("audit_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)

        self.count = QLabel()
        self.count.setObjectName("count")
        self.export_button = QPushButton(tr("&Exporter en CSV…"))
        self.export_button.setObjectName("export")
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(lambda: self.export())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.export_result = QLabel()
        self.export_result.setObjectName("export_result")
        self.export_result.hide()
        layout.addWidget(self.export_result)
        layout.addWidget(buttons)

        self.search.textChanged.connect(self._filter_changed)
        self.reload()

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setMinimumContentsLength(16)
        combo.currentIndexChanged.connect(lambda _i: self._filter_changed())
        return combo

    # Data ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Ask the database for the chosen dates, then refill the filter lists."""
        since, until = _pydate(self.since.date()), _pydate(self.until.date())
        try:
            page = self.ctx.read(audit.list_entries, since=since, until=until)
        except Exception as error:  # an AppError is shown as is, a bug as a bug
            show_error(self, error)
            return
        self.truncated = page.truncated
        self.model.set_rows(page.rows)
        rows = page.rows
        self._fill(
            self.staff, tr("Tout le personnel"), {(r.staff_name, r.staff_name) for r in rows}
        )
        self._fill(
            self.action, tr("Toutes les actions"), {(r.action, r.action_label) for r in rows}
        )
        self._fill(
            self.person,
            tr("Tous les salariés"),
            {(r.person_id, r.person_name) for r in rows if r.person_id is not None},
        )
        self._filter_changed()
        self.table.resizeColumnsToContents()

    def _fill(self, combo: QComboBox, everyone: str, choices: set[tuple[Any, str]]) -> None:
        kept = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everyone, ALL)
        for key, label in sorted(choices, key=lambda c: c[1].casefold()):
            combo.addItem(label, key)
        index = combo.findData(kept) if kept is not ALL else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _filter_changed(self) -> None:
        self.proxy.set_search(self.search.text())
        self._predicate("staff", self.staff, lambda r, v: r.staff_name == v)
        self._predicate("action", self.action, lambda r, v: r.action == v)
        self._predicate("person", self.person, lambda r, v: r.person_id == v)
        shown = self.proxy.rowCount()
        text = tr("{shown} actions affichées sur {total}").format(
            shown=shown, total=self.model.rowCount()
        )
        if getattr(self, "truncated", False):
            text += " — " + tr(
                "seules les {n} plus récentes de la période sont chargées : réduisez les dates"
            ).format(n=self.model.rowCount())
        self.count.setText(text)

    def _predicate(
        self, name: str, combo: QComboBox, test: Callable[[AuditRow, Any], bool]
    ) -> None:
        value = combo.currentData()
        self.proxy.set_predicate(
            name, None if value is ALL else (lambda row, v=value: test(row, v))
        )

    def visible_rows(self) -> list[AuditRow]:
        return [
            self.model.row(self.proxy.source_row(self.proxy.index(i, 0)))
            for i in range(self.proxy.rowCount())
        ]

    # Export -------------------------------------------------------------------------------------
    def export(self, path: Path | None = None) -> Path | None:
        if path is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            default = Path(folder) / f"journal-des-actions-{dt.date.today():%Y-%m-%d}.csv"
            chosen, _filter = QFileDialog.getSaveFileName(
                self, tr("Exporter le journal"), str(default), tr("CSV (*.csv)")
            )
            if not chosen:
                return None
            path = Path(chosen)
        rows = self.visible_rows()
        try:
            self.ctx.run(audit.export_csv, rows, path)
        except Exception as error:
            show_error(self, error, title=tr("Export impossible"))
            return None
        self.export_result.setText(
            tr("{n} lignes exportées dans {path}").format(n=len(rows), path=path)
        )
        self.export_result.show()
        return path
