"""The people list: search as you type, filters, sortable columns, and the record actions."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.errors import AppError
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.pass_iae import format_number as format_pass
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import records as people
from chantier_app.services.people import views as people_views
from chantier_app.services.people.views import PersonRow, PersonStatus
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.errors import show_error
from chantier_app.ui.widgets.empty_note import EmptyNote
from chantier_app.ui.widgets.table import Column, RowTableModel
from chantier_app.ui.widgets.table_filter import RowFilterProxy

GREY = QBrush(QColor("#6b6b6b"))
# The list is narrow: the short names people use for the three contracts.
SHORT_KIND = {
    ContractKind.FIRST_HOURS: tr("Premières Heures"),
    ContractKind.CDDI_REMOBILISING: tr("CDDI remobilisant"),
    ContractKind.CDDI_QUALIFYING: tr("CDDI qualifiant"),
}
NO_CONTRACT = "none"


def people_columns(show_nir: bool) -> list[Column[PersonRow]]:
    columns: list[Column[PersonRow]] = [
        Column(tr("Nom"), lambda r: r.usage_name.upper()),
        Column(tr("Prénom(s)"), lambda r: r.first_names),
        Column(tr("Âge"), lambda r: r.age, align_right=True, searchable=False),
        Column(tr("Équipe"), lambda r: r.team_name),
        Column(tr("CIP"), lambda r: r.cip_name),
        Column(
            tr("Contrat"),
            lambda r: SHORT_KIND[r.contract_kind] if r.contract_kind else "",
            searchable=False,
            tooltip=lambda r: r.contract_kind.label if r.contract_kind else None,
        ),
        Column(
            tr("Situation"),
            lambda r: r.status_text,
            sort_key=lambda r: (r.status.value, r.status_text),
            searchable=False,
            foreground=lambda r: None if r.status.active else GREY,
        ),
        Column(
            tr("N° PASS IAE"),
            lambda r: format_pass(r.pass_number) if r.pass_number else "",
            search=lambda r: r.pass_number or "",  # typed with or without its spaces
        ),
        Column(
            tr("Fin du PASS"),
            lambda r: format_date(r.pass_end),
            sort_key=lambda r: r.pass_end,
            searchable=False,
        ),
    ]
    if show_nir:
        columns.append(Column(tr("NIR"), lambda r: r.nir or ""))
    return columns


class _OpenOnEnter(QObject):
    """Enter/Return on the table opens the selected person, like a double-click."""

    def __init__(self, callback) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (  # type: ignore[attr-defined]
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.callback()
            return True
        return False


class _SearchKeys(QObject):
    """From the search field, Down goes to the results (the first one, or the next) and
    Enter opens the one selected, or the first: the list without the mouse."""

    def __init__(self, owner: PeopleList) -> None:
        super().__init__(owner)
        self.owner = owner

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()  # type: ignore[attr-defined]
        owner = self.owner
        if owner.proxy.rowCount() == 0:
            return False
        if key == Qt.Key.Key_Down:
            rows = owner.table.selectionModel().selectedRows()
            row = min(rows[0].row() + 1, owner.proxy.rowCount() - 1) if rows else 0
            owner.table.selectRow(row)
            owner.table.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not owner.table.selectionModel().selectedRows():
                owner.table.selectRow(0)
            owner._open_selected()
            return True
        return False


class PeopleList(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()
    edit_requested = Signal(int)
    import_requested = Signal()
    export_requested = Signal()
    emplois_requested = Signal()
    asp_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        can_edit = allowed(ctx.actor, Permission.PEOPLE_EDIT)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("<h2>Salariés en insertion</h2>")))

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("peopleSearch")
        self.search.setPlaceholderText(tr("Rechercher un nom, un NIR, un n° de PASS…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        filters.addWidget(self.search, 2)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        for label, key in (
            (tr("En parcours"), "active"),
            (tr("Anciens"), "former"),
            (tr("Tous"), "all"),
        ):
            self.status_filter.addItem(label, key)
        self.team_filter = QComboBox()
        self.team_filter.setObjectName("teamFilter")
        self.cip_filter = QComboBox()
        self.cip_filter.setObjectName("cipFilter")
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kindFilter")
        self.kind_filter.addItem(tr("Tous les contrats"), None)
        for kind in ContractKind:
            self.kind_filter.addItem(kind.label, kind.value)
        self.kind_filter.addItem(tr("Sans contrat"), NO_CONTRACT)
        for combo in (self.status_filter, self.team_filter, self.cip_filter, self.kind_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
            filters.addWidget(combo, 1)
        layout.addLayout(filters)

        self.model: RowTableModel[PersonRow] = RowTableModel(
            people_columns(allowed(ctx.actor, Permission.NIR_VIEW))
        )
        self.proxy = RowFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("peopleTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self._open_selected())
        self._enter = _OpenOnEnter(self._open_selected)
        self.table.installEventFilter(self._enter)
        actions = [
            (tr("Nouveau salarié…"), self.new_requested.emit),
            (tr("Importer un tableur…"), self.import_requested.emit),
        ]
        self.empty = EmptyNote(
            tr(
                "Aucun salarié pour l'instant : saisissez-les un par un ou importez le tableur "
                "où vous les suivez (CSV ou Excel)."
            ),
            actions if can_edit else [],
        )
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("peopleCount")
        buttons.addWidget(self.count_label, 1)
        self.new_button = self._button(tr("Nouveau…"), self.new_requested.emit, can_edit)
        self.new_button.setToolTip(tr("Nouveau salarié (Ctrl+N)"))
        self.edit_button = self._button(tr("Modifier…"), self._edit_selected, can_edit)
        self.open_button = self._button(tr("Ouvrir le dossier"), self._open_selected, True)
        self.archive_button = self._button(tr("Archiver"), self._toggle_archive, can_edit)
        self.import_button = self._button(tr("Importer…"), self.import_requested.emit, can_edit)
        self.export_button = self._button(
            tr("Exporter…"),
            self.export_requested.emit,
            allowed(ctx.actor, Permission.EXPORT_PERSONAL),
        )
        self.emplois_button = self._button(
            tr("Import les emplois…"), self.emplois_requested.emit, can_edit
        )
        self.emplois_button.setObjectName("emploisImport")
        self.emplois_button.setToolTip(
            tr("Importer les embauches de l'export des candidatures des emplois de l'inclusion")
        )
        self.asp_button = self._button(
            tr("Fiches ASP…"),
            self.asp_requested.emit,
            allowed(ctx.actor, Permission.SITUATION_VIEW),
        )
        self.asp_button.setObjectName("aspIncomplete")
        self.asp_button.setToolTip(tr("Les fiches salarié ASP incomplètes"))
        for button in (
            self.new_button,
            self.open_button,
            self.edit_button,
            self.archive_button,
            self.import_button,
            self.emplois_button,
            self.export_button,
            self.asp_button,
        ):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._search_keys = _SearchKeys(self)
        self.search.installEventFilter(self._search_keys)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._can_edit = can_edit

    def _button(self, text: str, slot, enabled: bool) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.clicked.connect(lambda _=False: slot())
        button.setEnabled(enabled)
        return button

    # Data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_id()
        first_load = self.model.rowCount() == 0
        self.model.set_rows(self.ctx.read(people_views.list_people))
        self.empty.setVisible(self.model.rowCount() == 0)
        if first_load:
            self.table.resizeColumnsToContents()
        choices = self.ctx.read(people_views.form_choices)
        self._fill(self.team_filter, tr("Toutes les équipes"), choices.teams)
        self._fill(self.cip_filter, tr("Tous les CIP"), choices.cips)
        self._filters_changed()
        if selected is not None:
            self.select(selected)
        self._update_buttons()

    def _fill(self, combo: QComboBox, all_label: str, choices) -> None:  # type: ignore[no-untyped-def]
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_label, None)
        for choice in choices:
            combo.addItem(choice.label, choice.id)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
        combo.blockSignals(False)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _filters_changed(self) -> None:
        status = self.status_filter.currentData()
        team = self.team_filter.currentData()
        cip = self.cip_filter.currentData()
        kind = self.kind_filter.currentData()
        status_test = {
            "active": lambda r: r.status.active,
            "former": lambda r: not r.status.active,
        }.get(status)
        self.proxy.set_predicate("status", status_test)
        self.proxy.set_predicate("team", None if team is None else (lambda r: r.team_id == team))
        self.proxy.set_predicate("cip", None if cip is None else (lambda r: r.cip_id == cip))
        if kind is None:
            kind_test = None
        elif kind == NO_CONTRACT:
            kind_test = lambda r: r.contract_kind is None  # noqa: E731
        else:
            kind_test = lambda r: r.contract_kind is not None and r.contract_kind.value == kind  # noqa: E731
        self.proxy.set_predicate("kind", kind_test)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(
            tr("{shown} salarié(s) affiché(s) sur {total}").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount()
            )
        )
        self._update_buttons()

    # Selection and actions -----------------------------------------------------------------
    def selected_row(self) -> PersonRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.row(self.proxy.source_row(indexes[0]))

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row else None

    def visible_ids(self) -> list[int]:
        return [
            self.model.row(self.proxy.source_row(self.proxy.index(i, 0))).id
            for i in range(self.proxy.rowCount())
        ]

    def select(self, person_id: int) -> None:
        for i in range(self.proxy.rowCount()):
            index = self.proxy.index(i, 0)
            if self.model.row(self.proxy.source_row(index)).id == person_id:
                self.table.selectRow(i)
                self.table.scrollTo(index)
                return

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.open_button.setEnabled(row is not None)
        self.edit_button.setEnabled(row is not None and self._can_edit)
        self.archive_button.setEnabled(row is not None and self._can_edit)
        archived = row is not None and row.status is PersonStatus.ARCHIVED
        self.archive_button.setText(tr("Désarchiver") if archived else tr("Archiver"))

    def _open_selected(self) -> None:
        person_id = self.selected_id()
        if person_id is not None:
            self.open_requested.emit(person_id)

    def _edit_selected(self) -> None:
        person_id = self.selected_id()
        if person_id is not None:
            self.edit_requested.emit(person_id)

    def _toggle_archive(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            if row.status is PersonStatus.ARCHIVED:
                self.ctx.run(people.unarchive_person, row.id)
            elif self._confirm_archive(row):
                self.ctx.run(people.archive_person, row.id)
            else:
                return
        except AppError as error:
            show_error(self, error)
            return
        self.refresh()

    def _confirm_archive(self, row: PersonRow) -> bool:
        answer = QMessageBox.question(
            self,
            tr("Archiver le dossier"),
            tr(
                "Archiver le dossier de {name} ? Il n'apparaîtra plus parmi les salariés en "
                "parcours (filtre « Anciens » pour le retrouver). Rien n'est effacé."
            ).format(name=row.display_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
