"""The person's « Accompagnement » tab: the path so far and to come, barriers, actions, notes."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from chantier_app.domain.barriers import evolution
from chantier_app.domain.codes.support_codes import MilestoneStatus
from chantier_app.i18n import tr
from chantier_app.services import permissions, roles_matrix
from chantier_app.services.context import AppContext
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.support import barriers, pmsmp, sensitive_notes
from chantier_app.services.support import milestones as support
from chantier_app.services.support.corrections import latest_score, may_correct_support
from chantier_app.services.support.milestone_corrections import may_change_milestone
from chantier_app.services.support.timeline import EntryKind, TimelineEntry, person_support
from chantier_app.ui.pages import Navigator
from chantier_app.ui.support import columns
from chantier_app.ui.support.chart import BarrierChart
from chantier_app.ui.support.correction_dialogs import (
    CancelPmsmpDialog,
    CancelReviewDialog,
    CancelScoreDialog,
    CorrectReviewDialog,
    CorrectScoreDialog,
)
from chantier_app.ui.support.dialogs import (
    CONFIDENTIAL,
    ActionDialog,
    CancelNoteDialog,
    NoteDialog,
    interview_dialog,
    plan_dialog,
    postpone_dialog,
)
from chantier_app.ui.support.milestone_dialogs import (
    CancelActionDialog,
    CancelPlannedDialog,
    RestoreMilestoneDialog,
)
from chantier_app.ui.support.pmsmp_dialog import PmsmpDialog
from chantier_app.ui.support.review_dialog import open_review
from chantier_app.ui.widgets.listview import ListView
from chantier_app.ui.widgets.parts import PersonTab


def _button(text: str, name: str, parent_layout: QHBoxLayout) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    parent_layout.addWidget(button)
    return button


class SupportTab(PersonTab):
    loads_when_built = True  # the person's file does not read it twice on first show

    def __init__(
        self, ctx: AppContext, nav: Navigator, person_id: int, *, today: dt.date | None = None
    ) -> None:
        super().__init__()
        self.ctx, self.nav, self.person_id = ctx, nav, person_id
        self._today = today
        actor = ctx.actor
        self.can_view = roles_matrix.allowed(actor, Permission.SUPPORT_VIEW)
        self.can_edit = roles_matrix.allowed(actor, Permission.SUPPORT_EDIT)
        self._read_rights()
        layout = QVBoxLayout(self)
        if not self.can_view:
            refused = QLabel(
                tr("L'accompagnement de la personne est réservé aux CIP et à la direction.")
            )
            refused.setObjectName("support_refused")
            layout.addWidget(refused)
            layout.addStretch(1)
            return
        outer = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self._timeline_box())
        top.addWidget(self._barriers_box())
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self._actions_box())
        self.notes_box = self._notes_box()
        bottom.addWidget(self.notes_box)
        self.notes_box.setVisible(self.can_see_notes)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        outer.addWidget(top)
        outer.addWidget(bottom)
        outer.setStretchFactor(0, 3)
        outer.setStretchFactor(1, 2)
        outer.setSizes([440, 220])
        layout.addWidget(outer)
        self.refresh()

    def _read_rights(self) -> None:
        # Health and justice notes: the person's CIP and the direction (services decide).
        rights = None
        if roles_matrix.allowed(self.ctx.actor, Permission.SENSITIVE_VIEW):
            rights = self.ctx.read(permissions.person_rights, self.person_id)
        self.can_see_notes = rights is not None and rights.sensitive_view
        self.can_write_notes = rights is not None and rights.sensitive_edit

    def show_person(self, person_id: int) -> bool:
        """The person's file shows another person: their support, and their notes only if
        this user may read them (rights are the person's)."""
        self.person_id = person_id
        if not self.can_view:
            return True
        self._read_rights()
        self.notes.set_rows([])  # nothing of the previous person stays, even hidden
        self.notes_box.setVisible(self.can_see_notes)
        self.new_note_button.setVisible(self.can_write_notes)
        for button in (self.correct_note_button, self.cancel_note_button):
            button.setVisible(self.can_write_notes)
        self.timeline.set_rows([])  # read anew, it scrolls to what comes next
        self.refresh()
        return True

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # Building -------------------------------------------------------------------------------
    def _timeline_box(self) -> QGroupBox:
        box = QGroupBox(tr("Parcours : ce qui a eu lieu et ce qui est prévu"))
        layout = QVBoxLayout(box)
        self.timeline = ListView(columns.TIMELINE_COLUMNS, "timeline", [82, 80, 250])
        self.timeline.row_activated.connect(self._open_entry)
        layout.addWidget(self.timeline, 1)
        self.detail = QLabel()
        self.detail.setObjectName("timeline_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(36)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.detail)
        # Two rows (the entry chosen, then what to add): in one, the six buttons made the
        # tab wider than a 1280×720 screen leaves for it.
        buttons = QHBoxLayout()
        self.done_button = _button(tr("Entretien réalisé…"), "mark_done", buttons)
        self.plan_button = _button(tr("Planifier…"), "plan", buttons)
        self.postpone_button = _button(tr("Reporter…"), "postpone", buttons)
        # A review recorded wrong, or that did not take place (kept in the history).
        self.correct_review_button = _button(tr("Corriger l'entretien…"), "correct_review", buttons)
        self.cancel_review_button = _button(tr("Annuler l'entretien…"), "cancel_review", buttons)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        # « Rétablir… » short: with « Rétablir l'entretien… » the tab outgrew 1280×720.
        self.restore_button = _button(tr("Rétablir…"), "restore_milestone", buttons)
        self.restore_button.setToolTip(tr("Rétablir l'entretien annulé par erreur"))
        self.interview_button = _button(tr("Nouvel entretien…"), "new_interview", buttons)
        self.pmsmp_button = _button(tr("Nouvelle PMSMP…"), "new_pmsmp", buttons)
        self.cancel_pmsmp_button = _button(tr("Annuler la PMSMP…"), "cancel_pmsmp", buttons)
        self.report_button = _button(tr("Bilan d'accompagnement…"), "new_path_report", buttons)
        self.report_button.setToolTip(
            tr("Le bilan pour le prescripteur ou le référent RSA, à la fin du parcours")
        )
        layout.addLayout(buttons)
        self.done_button.clicked.connect(self._mark_done)
        self.plan_button.clicked.connect(self._plan)
        self.postpone_button.clicked.connect(self._postpone)
        self.correct_review_button.clicked.connect(lambda: self._fix_review(CorrectReviewDialog))
        self.cancel_review_button.clicked.connect(self._cancel_milestone)
        self.restore_button.clicked.connect(lambda: self._fix_review(RestoreMilestoneDialog))
        self.interview_button.clicked.connect(self._new_interview)
        self.pmsmp_button.clicked.connect(lambda: self._edit_pmsmp(None))
        self.cancel_pmsmp_button.clicked.connect(self._cancel_pmsmp)
        self.report_button.clicked.connect(lambda: self._path_report(None))
        self.timeline.selectionModel().selectionChanged.connect(self._update_buttons)
        for button in (
            self.done_button,
            self.plan_button,
            self.postpone_button,
            self.correct_review_button,
            self.cancel_review_button,
        ):
            button.setVisible(self.can_edit)
        self.interview_button.setVisible(self.can_edit)
        self.restore_button.setVisible(self.can_edit)
        self.pmsmp_button.setVisible(self.can_edit)
        self.cancel_pmsmp_button.setVisible(self.can_edit)
        self.report_button.setVisible(self.can_edit)
        return box

    def _barriers_box(self) -> QGroupBox:
        box = QGroupBox(tr("Freins : cotation de 1 (aucun) à 5 (bloquant)"))
        layout = QVBoxLayout(box)
        self.chart = BarrierChart()
        layout.addWidget(self.chart, 3)
        self.evolution = ListView(columns.EVOLUTION_COLUMNS, "barrier_evolution", [112, 44, 44, 60])
        layout.addWidget(self.evolution, 2)
        # The latest score of the barrier picked, entered wrong (kept in the history).
        buttons = QHBoxLayout()
        self.correct_score_button = _button(tr("Corriger la cotation…"), "correct_score", buttons)
        self.cancel_score_button = _button(tr("Annuler la cotation…"), "cancel_score", buttons)
        buttons.addStretch(1)
        self.correct_score_button.clicked.connect(lambda: self._fix_score(CorrectScoreDialog))
        self.cancel_score_button.clicked.connect(lambda: self._fix_score(CancelScoreDialog))
        for button in (self.correct_score_button, self.cancel_score_button):
            button.setVisible(self.can_edit)
        self.evolution.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addLayout(buttons)
        return box

    def _actions_box(self) -> QGroupBox:
        box = QGroupBox(tr("Actions sur les freins"))
        layout = QVBoxLayout(box)
        self.actions = ListView(columns.ACTION_COLUMNS, "barrier_actions", [95, 180, 125, 82])
        self.actions.row_activated.connect(self._edit_action)
        layout.addWidget(self.actions)
        buttons = QHBoxLayout()
        self.new_action_button = _button(tr("Nouvelle action…"), "new_action", buttons)
        self.new_action_button.clicked.connect(lambda: self._edit_action(None))
        self.new_action_button.setVisible(self.can_edit)
        self.correct_action_button = _button(tr("Corriger l'action…"), "correct_action", buttons)
        self.correct_action_button.clicked.connect(
            lambda: self._edit_action(self.actions.selected())
        )
        self.correct_action_button.setVisible(self.can_edit)
        self.cancel_action_button = _button(tr("Annuler l'action…"), "cancel_action", buttons)
        self.cancel_action_button.clicked.connect(self._cancel_action)
        self.cancel_action_button.setVisible(self.can_edit)
        self.actions.selectionModel().selectionChanged.connect(self._update_buttons)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    def _notes_box(self) -> QGroupBox:
        box = QGroupBox(CONFIDENTIAL)
        box.setObjectName("sensitive_notes")
        box.setStyleSheet(
            "QGroupBox#sensitive_notes { border: 2px solid #8a1c1c; margin-top: 1.2em; }"
            "QGroupBox#sensitive_notes::title { color: #8a1c1c; font-weight: bold;"
            " subcontrol-origin: margin; left: 8px; }"
        )
        layout = QVBoxLayout(box)
        self.notes = ListView(columns.NOTE_COLUMNS, "notes", [82, 60, 110])
        self.notes.row_activated.connect(self._edit_note)
        self.notes.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.notes)
        buttons = QHBoxLayout()
        self.new_note_button = _button(tr("Nouvelle note…"), "new_note", buttons)
        self.correct_note_button = _button(tr("Corriger la note…"), "correct_note", buttons)
        self.cancel_note_button = _button(tr("Annuler la note…"), "cancel_note", buttons)
        buttons.addStretch(1)
        self.new_note_button.clicked.connect(lambda: self._edit_note(None))
        self.correct_note_button.clicked.connect(lambda: self._edit_note(self.notes.selected()))
        self.cancel_note_button.clicked.connect(self._cancel_note)
        for button in (self.new_note_button, self.correct_note_button, self.cancel_note_button):
            button.setVisible(self.can_write_notes)
        layout.addLayout(buttons)
        return box

    # Data -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.can_view:
            return
        support = self.ctx.read(person_support, self.person_id, today=self.today)
        entries = support.timeline
        first_load = not self.timeline.model_.rows()
        self.timeline.set_rows(entries)
        if first_load:  # show where the person is now: the first thing still to come
            upcoming = next((i for i, e in enumerate(self.timeline.rows()) if not e.done), None)
            if upcoming is not None:
                self.timeline.scrollTo(self.timeline.proxy.index(upcoming, 0))
        points = self.ctx.read(barriers.score_history, self.person_id)
        self.chart.set_points(points)
        self.evolution.set_rows(evolution(points))
        self.actions.set_rows(support.actions)
        if self.can_see_notes:
            self.notes.set_rows(self.ctx.read(sensitive_notes.list_notes, self.person_id))
        self._update_buttons()

    def _selected_milestone(self) -> TimelineEntry | None:
        entry = self.timeline.selected()
        return entry if entry is not None and entry.kind is EntryKind.MILESTONE else None

    def _update_buttons(self) -> None:
        selected = self.timeline.selected()
        self.detail.setText(
            f"<b>{escape(selected.title)}</b> — {escape(selected.detail)}"
            if selected and selected.detail
            else ""
        )
        entry = self._selected_milestone()
        self.done_button.setEnabled(entry is not None)
        self.done_button.setText(
            tr("Entretien réalisé…")
            if entry is None or entry.open_milestone
            else tr("Compte rendu…")
        )
        is_open = entry is not None and entry.open_milestone
        self.plan_button.setEnabled(is_open)
        self.postpone_button.setEnabled(is_open)
        status = self.ctx.read(support.get_milestone, entry.ref_id).status if entry else None
        may_fix = (
            self.can_edit
            and entry is not None
            and self.ctx.read(may_change_milestone, entry.ref_id, today=self.today)
        )
        # A review held is corrected or cancelled; one still to hold is cancelled (it will
        # not take place); a cancelled one is restored.
        self.correct_review_button.setEnabled(may_fix and status is MilestoneStatus.DONE)
        self.cancel_review_button.setEnabled(
            may_fix and status is not None and status is not MilestoneStatus.CANCELLED
        )
        self.restore_button.setEnabled(may_fix and status is MilestoneStatus.CANCELLED)
        scored = self.can_edit and self.evolution.selected() is not None
        for button in (self.correct_score_button, self.cancel_score_button):
            button.setEnabled(
                scored and self.ctx.read(may_correct_support, self.person_id, today=self.today)
            )
        placement = selected is not None and selected.kind is EntryKind.PMSMP
        self.cancel_pmsmp_button.setEnabled(
            self.can_edit
            and placement
            and self.ctx.read(may_correct_support, self.person_id, today=self.today)
        )
        for button in (self.correct_note_button, self.cancel_note_button):
            button.setEnabled(self.notes.selected() is not None)
        chosen = self.actions.selected()
        may_fix_action = (
            self.can_edit
            and chosen is not None
            and self.ctx.read(may_correct_support, self.person_id, today=self.today)
        )
        self.correct_action_button.setEnabled(may_fix_action)
        self.cancel_action_button.setEnabled(may_fix_action)

    def _after(self, dialog: object) -> None:
        if dialog.exec():  # type: ignore[attr-defined]
            self.refresh()

    # Actions ----------------------------------------------------------------------------------
    def _open_entry(self, entry: TimelineEntry) -> None:
        if not self.can_edit:
            return
        if entry.kind is EntryKind.MILESTONE:
            self._mark_done()
        elif entry.kind is EntryKind.PMSMP:
            self._edit_pmsmp(entry.ref_id)
        elif entry.kind is EntryKind.ACTION:
            action = next((a for a in self.actions.rows() if a.id == entry.ref_id), None)
            if action is not None:
                self._edit_action(action)
        elif entry.kind is EntryKind.TRAINING:
            self.nav.open_person(self.person_id, "trainings")
        elif entry.kind is EntryKind.PATH_REPORT:
            self._path_report(entry.ref_id)

    def _path_report(self, report_id: int | None) -> None:
        from chantier_app.ui.platforms.bilan_dialog import PathReportDialog

        PathReportDialog(self.ctx, self.person_id, report_id, parent=self, today=self.today).exec()
        self.refresh()

    def _mark_done(self) -> None:
        entry = self._selected_milestone()
        if entry is not None:
            self._after(open_review(self.ctx, entry.ref_id, today=self.today, parent=self))

    def _plan(self) -> None:
        entry = self._selected_milestone()
        if entry is not None:
            milestone = self.ctx.read(support.get_milestone, entry.ref_id)
            self._after(plan_dialog(self.ctx, milestone, parent=self))

    def _postpone(self) -> None:
        entry = self._selected_milestone()
        if entry is not None:
            milestone = self.ctx.read(support.get_milestone, entry.ref_id)
            self._after(postpone_dialog(self.ctx, milestone, parent=self))

    def _fix_review(
        self,
        kind: type[CorrectReviewDialog]
        | type[CancelReviewDialog]
        | type[CancelPlannedDialog]
        | type[RestoreMilestoneDialog],
    ) -> None:
        entry = self._selected_milestone()
        if entry is not None:
            milestone = self.ctx.read(support.get_milestone, entry.ref_id)
            if kind(self.ctx, milestone, today=self.today, parent=self).exec():
                self.refresh()
                self.changed.emit()  # the history tab shows the new line

    def _cancel_milestone(self) -> None:
        entry = self._selected_milestone()
        if entry is not None:
            held = self.ctx.read(support.get_milestone, entry.ref_id).status
            kind = CancelReviewDialog if held is MilestoneStatus.DONE else CancelPlannedDialog
            self._fix_review(kind)

    def _new_interview(self) -> None:
        self._after(interview_dialog(self.ctx, self.person_id, self.today, parent=self))

    def _edit_pmsmp(self, pmsmp_id: int | None) -> None:
        existing = None
        if pmsmp_id is not None:
            existing = self._placement(pmsmp_id)
            if existing is None:
                return
        self._after(PmsmpDialog(self.ctx, self.person_id, existing, parent=self))

    def _fix_score(self, kind: type[CorrectScoreDialog] | type[CancelScoreDialog]) -> None:
        row = self.evolution.selected()
        if row is None:
            return
        score = self.ctx.read(latest_score, self.person_id, row.barrier)
        if score is not None and kind(self.ctx, score, parent=self).exec():
            self.refresh()
            self.changed.emit()  # the history tab shows the new line

    def _cancel_pmsmp(self) -> None:
        entry = self.timeline.selected()
        if entry is None or entry.kind is not EntryKind.PMSMP:
            return
        placement = self._placement(entry.ref_id)
        if placement is not None and CancelPmsmpDialog(self.ctx, placement, parent=self).exec():
            self.refresh()
            self.changed.emit()  # the history tab shows the new line

    def _placement(self, pmsmp_id: int) -> pmsmp.PmsmpView | None:
        """The placement as it is now; None (the list reloaded) when another office
        cancelled it since the list was read."""
        found = next(
            (p for p in self.ctx.read(pmsmp.list_pmsmps, self.person_id) if p.id == pmsmp_id),
            None,
        )
        if found is None:
            self.refresh()
        return found

    def _edit_action(self, action: object) -> None:
        if not self.can_edit:
            return
        dialog = ActionDialog(self.ctx, self.person_id, action, today=self.today, parent=self)  # type: ignore[arg-type]
        if dialog.exec():
            self.refresh()
            if action is not None:
                self.changed.emit()  # the history tab shows the correction

    def _cancel_action(self) -> None:
        action = self.actions.selected()
        if action is not None and CancelActionDialog(self.ctx, action, parent=self).exec():
            self.refresh()
            self.changed.emit()  # the history tab shows the new line

    def _edit_note(self, note: object) -> None:
        if not self.can_write_notes:
            return
        dialog = NoteDialog(self.ctx, self.person_id, note, today=self.today, parent=self)  # type: ignore[arg-type]
        if dialog.exec():
            self.refresh()
            if note is not None:
                self.changed.emit()  # the history tab shows the correction

    def _cancel_note(self) -> None:
        note = self.notes.selected()
        if note is not None and CancelNoteDialog(self.ctx, note, parent=self).exec():
            self.refresh()
            self.changed.emit()  # the history tab shows the cancellation
