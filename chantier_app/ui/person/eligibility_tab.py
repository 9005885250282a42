"""The Éligibilité et PASS IAE tab: diagnoses with their rule and validity, PASS with its end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from chantier_app.domain.fr_format import format_date
from chantier_app.domain.sensitivity import HIDDEN
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import eligibility, pass_iae
from chantier_app.services.people.diagnosis_corrections import (
    cancel_diagnosis,
    check_cancel_diagnosis,
)
from chantier_app.services.people.eligibility import DiagnosisView
from chantier_app.services.people.pass_corrections import (
    cancel_pass,
    cancel_pass_prolongation,
    cancel_pass_suspension,
    check_cancel_pass,
    check_cancel_pass_prolongation,
    check_cancel_pass_suspension,
)
from chantier_app.services.people.pass_iae import PassView
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.pages import Navigator
from chantier_app.ui.person.eligibility_corrections import CancelRecordDialog
from chantier_app.ui.widgets.parts import PersonTab
from chantier_app.ui.widgets.table import Column, RowTableModel
from chantier_app.ui.widgets.table_filter import RowFilterProxy

RED = QBrush(QColor("#b00020"))
ORANGE = QBrush(QColor("#a15c00"))
PASS_WARNING_DAYS = 60


@dataclass(frozen=True)
class PassEvent:
    """A suspension or a prolongation, one line of the PASS's history."""

    kind: str  # "suspension" | "prolongation"
    id: int
    reason: str
    start: dt.date
    end: dt.date
    days: int
    version: int = 1  # handed back with a cancellation (another office's save: refused)


DIAGNOSIS_COLUMNS: list[Column[DiagnosisView]] = [
    Column(tr("Date"), lambda d: format_date(d.made_on), sort_key=lambda d: d.made_on),
    Column(tr("Réalisé par"), lambda d: d.author_name or d.author_kind.label),
    Column(tr("Critères"), lambda d: ", ".join(c.label for c, _ in d.criteria)),
    Column(
        tr("Résultat"),
        lambda d: tr("Éligible") if d.outcome.eligible else tr("Non éligible"),
        foreground=lambda d: None if d.outcome.eligible else RED,
        tooltip=lambda d: d.outcome.summary,
    ),
    Column(tr("Validité"), lambda d: d.validity_text, sort_key=lambda d: d.last_valid_day),
]
PASS_COLUMNS: list[Column[PassView]] = [
    Column(tr("Numéro"), lambda p: p.formatted_number),
    Column(tr("Début"), lambda p: format_date(p.start), sort_key=lambda p: p.start),
    Column(tr("Fin"), lambda p: format_date(p.end), sort_key=lambda p: p.end),
    Column(
        tr("État"),
        lambda p: p.status_text,
        sort_key=lambda p: p.days_left,
        foreground=lambda p: (
            RED if p.days_left < 0 else (ORANGE if p.days_left <= PASS_WARNING_DAYS else None)
        ),
    ),
]
EVENT_COLUMNS: list[Column[PassEvent]] = [
    Column(
        tr("Événement"),
        lambda e: tr("Suspension") if e.kind == "suspension" else tr("Prolongation"),
    ),
    Column(tr("Motif"), lambda e: e.reason),
    Column(tr("Du"), lambda e: format_date(e.start), sort_key=lambda e: e.start),
    Column(tr("Au"), lambda e: format_date(e.end), sort_key=lambda e: e.end),
    Column(tr("Jours"), lambda e: e.days, align_right=True),
]


def _table(model: RowTableModel, name: str) -> tuple[QTableView, RowFilterProxy]:  # type: ignore[type-arg]
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    view.setSortingEnabled(True)
    view.sortByColumn(2 if name == "passEvents" else 0, Qt.SortOrder.DescendingOrder)
    model.modelReset.connect(view.resizeColumnsToContents)
    return view, proxy


def _selected(view: QTableView, proxy: RowFilterProxy, model: RowTableModel):  # type: ignore[no-untyped-def,type-arg]
    rows = view.selectionModel().selectedRows()
    return model.row(proxy.source_row(rows[0])) if rows else None


class EligibilityTab(PersonTab):
    def __init__(self, ctx: AppContext, nav: Navigator, person_id: int) -> None:
        super().__init__()
        self.ctx, self.nav, self.person_id = ctx, nav, person_id
        can_edit = allowed(ctx.actor, Permission.PEOPLE_EDIT)
        self.can_see_diagnosis = allowed(ctx.actor, Permission.ELIGIBILITY_VIEW)
        layout = QVBoxLayout(self)

        box = QGroupBox(tr("Diagnostics d'éligibilité IAE"))
        inner = QVBoxLayout(box)
        self.diagnoses: RowTableModel[DiagnosisView] = RowTableModel(DIAGNOSIS_COLUMNS)
        self.diagnosis_view, self.diagnosis_proxy = _table(self.diagnoses, "diagnosisTable")
        self.diagnosis_view.doubleClicked.connect(lambda _i: self.edit_diagnosis())
        if self.can_see_diagnosis:
            inner.addWidget(self.diagnosis_view)
            self.rule = QLabel(
                tr("Règle : 1 critère de niveau 1 ou 3 critères de niveau 2. Validité : 6 mois "
                   "(92 jours quand la structure fait le diagnostic elle-même).")
            )  # fmt: skip
            self.rule.setWordWrap(True)
            inner.addWidget(self.rule)
            inner.addLayout(self._buttons([
                (tr("Nouveau diagnostic…"), self.new_diagnosis, can_edit),
                (tr("Corriger…"), self.edit_diagnosis, can_edit),
                (tr("Annuler…"), self.cancel_diagnosis, can_edit),
            ]))  # fmt: skip
        else:
            inner.addWidget(
                QLabel(
                    tr(
                        "Le diagnostic et ses justificatifs sont réservés à la direction et aux CIP."
                    )
                )
            )
        layout.addWidget(box, 2)

        box = QGroupBox(tr("PASS IAE"))
        inner = QVBoxLayout(box)
        self.passes: RowTableModel[PassView] = RowTableModel(PASS_COLUMNS)
        self.pass_view, self.pass_proxy = _table(self.passes, "passTable")
        self.pass_view.selectionModel().selectionChanged.connect(lambda *_: self._show_events())
        self.pass_view.doubleClicked.connect(lambda _i: self.edit_pass())
        inner.addWidget(self.pass_view, 1)
        inner.addLayout(self._buttons([
            (tr("Nouveau PASS…"), self.new_pass, can_edit),
            (tr("Corriger…"), self.edit_pass, can_edit),
            (tr("Suspendre…"), self.suspend, can_edit),
            (tr("Prolonger…"), self.prolong, can_edit),
            (tr("Annuler le PASS…"), self.cancel_pass, can_edit),
        ]))  # fmt: skip
        inner.addWidget(QLabel(tr("Suspensions et prolongations du PASS sélectionné :")))
        self.events: RowTableModel[PassEvent] = RowTableModel(EVENT_COLUMNS)
        self.event_view, self.event_proxy = _table(self.events, "passEvents")
        inner.addWidget(self.event_view, 1)
        inner.addLayout(self._buttons([
            (tr("Corriger la ligne…"), self.correct_event, can_edit),
            (tr("Annuler la ligne…"), self.cancel_event, can_edit),
        ]))  # fmt: skip
        layout.addWidget(box, 3)

    def _buttons(self, specs) -> QHBoxLayout:  # type: ignore[no-untyped-def]
        row = QHBoxLayout()
        row.addStretch(1)
        for text, slot, enabled in specs:
            button = QPushButton(text)
            button.setObjectName(f"btn_{slot.__name__}")  # « Corriger… » twice: told apart
            button.setEnabled(enabled)
            button.clicked.connect(lambda _=False, s=slot: s())
            row.addWidget(button)
        return row

    # Data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.can_see_diagnosis:
            self.diagnoses.set_rows(self.ctx.read(eligibility.list_diagnoses, self.person_id))
        selected = self.current_pass()
        self.passes.set_rows(self.ctx.read(pass_iae.list_passes, self.person_id))
        if self.passes.rowCount():
            ids = [p.id for p in self.passes.rows()]
            row = ids.index(selected.id) if selected and selected.id in ids else 0
            self.pass_view.selectRow(self.pass_proxy.mapFromSource(self.passes.index(row, 0)).row())
        self._show_events()

    def show_person(self, person_id: int) -> bool:
        """The person's file shows another person: this tab, their data (read now)."""
        self.person_id = person_id
        self.refresh()
        return True

    def current_pass(self) -> PassView | None:
        return _selected(self.pass_view, self.pass_proxy, self.passes)

    def _show_events(self) -> None:
        current = self.current_pass()
        events: list[PassEvent] = []
        if current is not None:
            events += [
                PassEvent(
                    "suspension",
                    s.id,
                    s.reason.label if s.reason else HIDDEN,
                    s.start,
                    s.end,
                    s.days,
                    s.version,
                )
                for s in current.suspensions
            ]
            events += [
                PassEvent(
                    "prolongation",
                    p.id,
                    p.reason.label if p.reason else HIDDEN,
                    p.start,
                    p.end,
                    p.days,
                    p.version,
                )
                for p in current.prolongations
            ]
        self.events.set_rows(sorted(events, key=lambda e: e.start))

    def _after(self, dialog) -> None:  # type: ignore[no-untyped-def]
        if dialog.exec():
            self.refresh()

    # Diagnoses -------------------------------------------------------------------------------
    def new_diagnosis(self) -> None:
        from chantier_app.ui.person.diagnosis_dialog import DiagnosisDialog

        self._after(DiagnosisDialog(self.ctx, self.person_id, parent=self))

    def edit_diagnosis(self) -> None:
        from chantier_app.ui.person.diagnosis_dialog import DiagnosisDialog

        current = _selected(self.diagnosis_view, self.diagnosis_proxy, self.diagnoses)
        if current is not None and allowed(self.ctx.actor, Permission.PEOPLE_EDIT):
            self._after(DiagnosisDialog(self.ctx, self.person_id, current, parent=self))

    def cancel_diagnosis(self) -> None:
        current = _selected(self.diagnosis_view, self.diagnosis_proxy, self.diagnoses)
        if current is None:
            return
        text = tr(
            "Diagnostic d'éligibilité du {date} ({criteria}).<br>L'annuler le retire du "
            "dossier ; il reste dans l'historique des modifications."
        ).format(
            date=format_date(current.made_on),
            criteria=", ".join(c.label for c, _ in current.criteria) or tr("aucun critère"),
        )
        self._after(
            CancelRecordDialog(
                self.ctx,
                tr("Annuler le diagnostic d'éligibilité"),
                text,
                lambda reason, _ok: self.ctx.run(
                    cancel_diagnosis, current.id, reason, expected_version=current.version
                ),
                parent=self,
                check=lambda reason: self.ctx.read(check_cancel_diagnosis, current.id, reason),
            )
        )

    # PASS ------------------------------------------------------------------------------------
    def new_pass(self) -> None:
        from chantier_app.ui.person.pass_dialogs import PassDialog

        self._after(PassDialog(self.ctx, self.person_id, parent=self))

    def edit_pass(self) -> None:
        from chantier_app.ui.person.pass_dialogs import PassDialog

        current = self.current_pass()
        if current is not None and allowed(self.ctx.actor, Permission.PEOPLE_EDIT):
            self._after(PassDialog(self.ctx, self.person_id, current, parent=self))

    def suspend(self) -> None:
        from chantier_app.ui.person.pass_dialogs import SuspensionDialog

        current = self.current_pass()
        if current is not None:
            self._after(SuspensionDialog(self.ctx, current, parent=self))

    def prolong(self) -> None:
        from chantier_app.ui.person.pass_dialogs import ProlongationDialog

        current = self.current_pass()
        if current is not None:
            start = self.ctx.read(pass_iae.suggested_prolongation_start, current.id)
            self._after(ProlongationDialog(self.ctx, current, start, parent=self))

    def cancel_pass(self) -> None:
        current = self.current_pass()
        if current is None:
            return
        text = tr(
            "PASS IAE n° {number} du {start} au {end}.<br>L'annuler le retire du dossier avec "
            "ses suspensions et prolongations ; ils restent dans l'historique des "
            "modifications."
        ).format(
            number=current.formatted_number,
            start=format_date(current.start),
            end=format_date(current.end),
        )
        self._after(
            CancelRecordDialog(
                self.ctx,
                tr("Annuler le PASS IAE"),
                text,
                lambda reason, ok: self.ctx.run(
                    cancel_pass,
                    current.id,
                    reason,
                    acknowledge_warnings=ok,
                    expected_version=current.version,
                ),
                parent=self,
                check=lambda reason: self.ctx.read(check_cancel_pass, current.id, reason),
            )
        )

    def _event(self) -> tuple[PassView, PassEvent] | None:
        current = self.current_pass()
        event = _selected(self.event_view, self.event_proxy, self.events)
        return (current, event) if current is not None and event is not None else None

    def correct_event(self) -> None:
        from chantier_app.ui.person.pass_dialogs import ProlongationDialog, SuspensionDialog

        chosen = self._event()
        if chosen is None:
            return
        current, event = chosen
        if event.kind == "suspension":
            existing = next(s for s in current.suspensions if s.id == event.id)
            self._after(SuspensionDialog(self.ctx, current, parent=self, existing=existing))
        else:
            found = next(p for p in current.prolongations if p.id == event.id)
            self._after(
                ProlongationDialog(self.ctx, current, found.start, parent=self, existing=found)
            )

    def cancel_event(self) -> None:
        chosen = self._event()
        if chosen is None:
            return
        _current, event = chosen
        suspension = event.kind == "suspension"
        what = tr("La suspension") if suspension else tr("La prolongation")
        text = tr(
            "{what} du {start} au {end} ({days} jours).<br>L'annuler recalcule la fin du "
            "PASS ; elle reste dans l'historique des modifications."
        ).format(
            what=what, start=format_date(event.start), end=format_date(event.end), days=event.days
        )
        action = cancel_pass_suspension if suspension else cancel_pass_prolongation
        checked = check_cancel_pass_suspension if suspension else check_cancel_pass_prolongation
        title = (
            tr("Annuler la suspension du PASS IAE")
            if suspension
            else tr("Annuler la prolongation du PASS IAE")
        )
        self._after(
            CancelRecordDialog(
                self.ctx,
                title,
                text,
                lambda reason, ok: self.ctx.run(
                    action,
                    event.id,
                    reason,
                    acknowledge_warnings=ok,
                    expected_version=event.version,
                ),
                parent=self,
                check=lambda reason: self.ctx.read(checked, event.id, reason),
            )
        )
