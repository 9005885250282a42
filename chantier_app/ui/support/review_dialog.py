"""« Entretien réalisé » : the date, notes, objectives and the eight barrier scores, in one go."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QWidget

from chantier_app.domain.barriers import ScorePoint, history
from chantier_app.domain.codes.barriers import SCORE_LABELS, Barrier
from chantier_app.domain.codes.support_codes import MilestoneKind, MilestoneStatus
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.support import barriers
from chantier_app.services.support import milestones as support
from chantier_app.services.support.milestones import MilestoneView, ReviewInput
from chantier_app.ui.format import format_date
from chantier_app.ui.widgets.fields import text_box
from chantier_app.ui.widgets.forms import ERROR_STYLE, DateField, FormDialog

NOT_SCORED = tr("Non évalué")


class ReviewDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        milestone: MilestoneView,
        scores: list[ScorePoint],
        *,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, tr("Entretien réalisé — {kind}").format(kind=milestone.kind.label), parent
        )
        self.milestone = milestone
        self.today = today or dt.date.today()
        due = QLabel(
            tr("{kind}, échéance le {due}").format(
                kind=milestone.kind.label, due=format_date(milestone.due_date)
            )
        )
        self.form.addRow(due)
        done = milestone.status is MilestoneStatus.DONE
        planned = milestone.planned_date
        default = (
            milestone.done_date
            if done
            else (planned if planned and planned <= self.today else self.today)
        )
        self.done_date = self.row("done_date", tr("Date de l'entretien :"), DateField(default))
        self.notes = self.row("notes", tr("Compte rendu :"), text_box(milestone.notes))
        self.reached = self.row(
            "objectives_reached",
            tr("Objectifs atteints :"),
            text_box(milestone.objectives_reached, 50),
        )
        self.next = self.row(
            "next_objectives", tr("Prochains objectifs :"), text_box(milestone.next_objectives, 50)
        )
        self.score_boxes = self._scores_group(scores)
        self.finish_layout()
        self.resize(620, 720)

    def _scores_group(self, points: list[ScorePoint]) -> dict[Barrier, QComboBox]:
        group = QGroupBox(tr("Cotation des freins (1 = pas de frein, 5 = frein bloquant)"))
        grid = QGridLayout(group)
        # Editing a done review: « previous » means before it, not its own scores.
        before = self.milestone.done_date if self.milestone.status is MilestoneStatus.DONE else None
        past = history(p for p in points if before is None or p.scored_on < before)
        mine = {p.barrier: p.score for p in points if p.scored_on == self.milestone.done_date}
        prefill = self.milestone.kind.is_review or self.milestone.kind is MilestoneKind.DIAGNOSIS
        boxes: dict[Barrier, QComboBox] = {}
        for row, barrier in enumerate(Barrier):
            label = QLabel(barrier.label)
            combo = QComboBox()
            combo.setObjectName(f"score_{barrier.value}")
            combo.addItem(NOT_SCORED, None)
            for score, text in SCORE_LABELS.items():
                combo.addItem(text, score)
            label.setBuddy(combo)
            scored = past.get(barrier, [])
            if self.milestone.status is MilestoneStatus.DONE:
                current = mine.get(barrier)
            else:
                current = scored[-1][1] if scored and prefill else None
            combo.setCurrentIndex(combo.findData(current) if current else 0)
            hint = QLabel(
                tr("précédente : {score} ({date})").format(
                    score=scored[-1][1], date=format_date(scored[-1][0])
                )
                if scored
                else ""
            )
            hint.setStyleSheet("color: #666;")
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(hint, row, 2)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            grid.addWidget(error, row, 3)
            self.errors.register(f"score_{barrier.value}", combo, error)
            boxes[barrier] = combo
        self.layout_.addWidget(group)
        return boxes

    def review(self) -> ReviewInput:
        return ReviewInput(
            done_date=self.done_date.checked_date("done_date", tr("Date de l'entretien")),
            notes=self.notes.toPlainText(),
            objectives_reached=self.reached.toPlainText(),
            next_objectives=self.next.toPlainText(),
            scores={b: combo.currentData() for b, combo in self.score_boxes.items()},
        )

    def submit(self) -> MilestoneView:
        return self.ctx.run(
            support.mark_done,
            self.milestone.id,
            self.review(),
            today=self.today,
            expected_version=self.milestone.version,
        )


def open_review(
    ctx: AppContext,
    milestone_id: int,
    *,
    today: dt.date | None = None,
    parent: QWidget | None = None,
) -> ReviewDialog:
    """The dialog for ``milestone_id``, with the person's scores so far."""
    milestone = ctx.read(support.get_milestone, milestone_id)
    points = ctx.read(barriers.score_history, milestone.person_id)
    return ReviewDialog(ctx, milestone, points, today=today, parent=parent)
