"""The Contracts page: running contracts with filters, and the alerts to act on."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.contracts.alerts import ContractAlert
from chantier_app.services.contracts.running import (
    ContractsPageData,
    CurrentContractRow,
    contracts_page,
)
from chantier_app.ui.contracts.fields import ChoiceCombo
from chantier_app.ui.pages import Navigator
from chantier_app.ui.widgets.empty_note import EmptyNote
from chantier_app.ui.widgets.parts import Command, Page
from chantier_app.ui.widgets.table import Column, RowTableModel
from chantier_app.ui.widgets.table_filter import RowFilterProxy

ENDING_SOON_DAYS = 30
END_COLUMN = 5
LATE = QColor("#b00020")


def _hours(row: CurrentContractRow) -> str:
    if row.kind.hours_per_month:
        return tr("{h}/mois").format(h=format_minutes(row.monthly_minutes or 0))
    return tr("{h}/sem.").format(h=format_minutes(row.weekly_minutes or 0))


def _days_left(row: CurrentContractRow) -> str:
    return str(row.days_left) if row.days_left >= 0 else tr("dépassé")


def contract_columns() -> list[Column[CurrentContractRow]]:
    soon = lambda r: LATE if r.days_left <= ENDING_SOON_DAYS else None  # noqa: E731
    return [
        Column(tr("Salarié"), lambda r: r.person_name),
        Column(tr("Contrat"), lambda r: r.kind.label),
        Column(tr("Atelier"), lambda r: r.workshop_name or ""),
        Column(tr("Équipe"), lambda r: r.team_name or ""),
        Column(
            tr("Début"),
            lambda r: format_date(r.start_date),
            sort_key=lambda r: r.start_date,
            searchable=False,
        ),
        Column(
            tr("Fin prévue"),
            lambda r: format_date(r.end_date),
            sort_key=lambda r: r.end_date,
            foreground=soon,
        ),
        Column(
            tr("Jours restants"),
            _days_left,
            sort_key=lambda r: r.days_left,
            align_right=True,
            foreground=soon,
            searchable=False,
        ),
        Column(tr("Durée"), _hours, searchable=False),
        Column(
            tr("Parcours CDDI"),
            lambda r: r.cddi_total.text() if r.kind.is_cddi else "",
            sort_key=lambda r: r.cddi_total.months * 100 + r.cddi_total.days,
            searchable=False,
        ),
    ]


def alert_columns() -> list[Column[ContractAlert]]:
    return [
        Column(tr("Échéance"), lambda a: format_date(a.due_date), sort_key=lambda a: a.due_date),
        Column(tr("Alerte"), lambda a: a.kind.label),
        Column(tr("Salarié"), lambda a: a.person_name),
        Column(tr("Détail"), lambda a: a.message, tooltip=lambda a: a.message),
    ]


def _table(name: str, proxy: RowFilterProxy) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ContractsPage(Page):
    def __init__(self, ctx: AppContext, nav: Navigator, today: dt.date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self._today = today
        self.data: ContractsPageData | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("<h2>Contrats en cours</h2>")))

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(tr("Rechercher un salarié, un atelier…"))
        self.search.setClearButtonEnabled(True)
        # Its placeholder whole (it was cut to « Rechercher un sa… »), with the clear button.
        hint = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
        self.search.setMinimumWidth(hint + 48)
        self.kind = ChoiceCombo(
            [(None, tr("Tous les contrats")), *[(k, k.label) for k in ContractKind]]
        )
        self.kind.setObjectName("kind_filter")
        self.place = ChoiceCombo([(None, tr("Tous les ateliers et équipes"))])
        self.place.setObjectName("place_filter")
        self.ending = QCheckBox(tr("Fin dans 30 jours"))
        self.ending.setObjectName("ending_filter")
        for widget in (self.search, self.kind, self.place, self.ending):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.count = QLabel()
        filters.addWidget(self.count)
        layout.addLayout(filters)

        self.model: RowTableModel[CurrentContractRow] = RowTableModel(contract_columns())
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = _table("contracts", self.proxy)
        self.table.doubleClicked.connect(self._open_contract)

        self.alerts_box = alerts_box = QGroupBox(tr("Alertes"))
        alerts_layout = QVBoxLayout(alerts_box)
        self.alerts_model: RowTableModel[ContractAlert] = RowTableModel(alert_columns())
        self.alerts_proxy = RowFilterProxy(self)
        self.alerts_proxy.setSourceModel(self.alerts_model)
        self.alerts = _table("alerts", self.alerts_proxy)
        self.alerts.doubleClicked.connect(self._open_alert)
        alerts_layout.addWidget(self.alerts)

        self.empty = EmptyNote(
            tr(
                "Aucun contrat en cours : on embauche depuis le dossier du salarié, onglet "
                "« Contrats », bouton « Embaucher… »."
            ),
            [(tr("Aller aux salariés"), lambda: nav.show_page("people"))],
        )
        layout.addWidget(self.empty)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(alerts_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(self.proxy.set_search)
        self.search.textChanged.connect(self._update_count)
        self.kind.currentIndexChanged.connect(self._apply_filters)
        self.place.currentIndexChanged.connect(self._apply_filters)
        self.ending.toggled.connect(self._apply_filters)

    def command(self, command: Command) -> bool:
        if command is Command.FIND:
            self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search.selectAll()
            return True
        return False

    def on_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        data = self.ctx.read(contracts_page, today=self._today)
        current = self.place.value()
        places: list[tuple[tuple[str, int] | None, str]] = [
            (None, tr("Tous les ateliers et équipes"))
        ]
        for workshop in data.workshops:
            places.append((("workshop", workshop.id), workshop.name))
            places += [
                (("team", team.id), f"    {workshop.name} / {team.name}")
                for team in data.teams
                if team.parent_id == workshop.id
            ]
        self.place.set_choices(places, current)
        first = self.data is None or not self.model.rowCount()
        self.model.set_rows(data.rows)
        self.empty.setVisible(not data.rows)
        if first:  # soonest end first; later, the user's own sort is kept
            self.table.sortByColumn(END_COLUMN, Qt.SortOrder.AscendingOrder)
        self.alerts_model.set_rows(data.alerts)
        self.alerts.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.alerts_box.setTitle(tr("Alertes ({n})").format(n=len(data.alerts)))
        self.data = data
        self._apply_filters()

    def _apply_filters(self) -> None:
        kind = self.kind.value()
        self.proxy.set_predicate("kind", (lambda r: r.kind is kind) if kind else None)
        place = self.place.value()
        if place is None:
            self.proxy.set_predicate("place", None)
        elif place[0] == "workshop":
            self.proxy.set_predicate("place", lambda r: r.workshop_id == place[1])
        else:
            self.proxy.set_predicate("place", lambda r: r.team_id == place[1])
        soon = self.ending.isChecked()
        self.proxy.set_predicate(
            "ending", (lambda r: r.days_left <= ENDING_SOON_DAYS) if soon else None
        )
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(
            tr("{shown} contrat(s) sur {total}").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount()
            )
        )

    def _open_contract(self, index: QModelIndex) -> None:
        row = self.model.row(self.proxy.source_row(index))
        self.nav.open_person(row.person_id, "contracts")

    def _open_alert(self, index: QModelIndex) -> None:
        alert = self.alerts_model.row(self.alerts_proxy.source_row(index))
        self.nav.open_person(alert.person_id, "contracts")
