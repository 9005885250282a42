"""Correcting a review recorded wrong and cancelling one that did not take place, from the
« Accompagnement » tab; the previous version goes to « Historique des modifications ».

Each dialog runs the service's rules while the user types (``LiveFormDialog``): what the
correction would refuse shows under its field and keeps the save button disabled."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from chantier_app.domain.codes.barriers import SCORE_LABELS
from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.support.corrections import (
    ReviewCorrection,
    ScoreCorrection,
    ScoreView,
    cancel_review,
    cancel_score,
    check_cancel_review,
    check_cancel_score,
    check_review_correction,
    check_score_correction,
    correct_review,
    correct_score,
)
from chantier_app.services.support.milestones import MilestoneView
from chantier_app.services.support.pmsmp import PmsmpView
from chantier_app.services.support.pmsmp_corrections import cancel_pmsmp, check_cancel_pmsmp
from chantier_app.ui.format import format_date
from chantier_app.ui.support.reason_dialog import (
    MilestoneReasonDialog,
    ReasonDialog,
    intro_label,
    says,
)
from chantier_app.ui.widgets.fields import text_box
from chantier_app.ui.widgets.forms import DateField, LiveFormDialog


class CorrectReviewDialog(LiveFormDialog):
    """« Corriger l'entretien » : its date and texts as they should have been written."""

    def __init__(
        self,
        ctx: AppContext,
        milestone: MilestoneView,
        *,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, tr("Corriger l'entretien — {kind}").format(kind=milestone.kind.label), parent
        )
        self.milestone, self.today = milestone, today
        self.form.addRow(
            intro_label(
                tr(
                    "{kind} réalisé le {date}.<br>La correction est vérifiée comme un nouvel "
                    "entretien ; la version précédente est gardée dans l'historique des "
                    "modifications."
                ).format(kind=milestone.kind.label, date=format_date(milestone.done_date))
            )
        )
        self.done_date = self.row(
            "done_date", tr("Date de l'entretien :"), DateField(milestone.done_date)
        )
        self.notes = self.row("notes", tr("Compte rendu :"), text_box(milestone.notes))
        self.reached = self.row(
            "objectives_reached",
            tr("Objectifs atteints :"),
            text_box(milestone.objectives_reached, 50),
        )
        self.next = self.row(
            "next_objectives", tr("Prochains objectifs :"), text_box(milestone.next_objectives, 50)
        )
        self.reason = self.row("reason", tr("Motif de la correction :"), QLineEdit())
        says(self, tr("Enregistrer la correction"))
        self.finish_layout()

    def _data(self) -> ReviewCorrection:
        return ReviewCorrection(
            self.milestone.id,
            self.done_date.checked_date("done_date", tr("Date de l'entretien")),
            self.notes.toPlainText(),
            self.reached.toPlainText(),
            self.next.toPlainText(),
            self.reason.text(),
        )

    def check(self) -> list[Violation]:
        return self.ctx.read(check_review_correction, self._data(), today=self.today)

    def submit(self) -> MilestoneView:
        acknowledge = self._warned if self.acknowledged else ()
        return self.ctx.run(
            correct_review,
            self._data(),
            acknowledge=acknowledge,
            today=self.today,
            expected_version=self.milestone.version,
        )


class CancelReviewDialog(MilestoneReasonDialog):
    """« Annuler l'entretien » : it did not take place; it is to hold again."""

    def __init__(
        self,
        ctx: AppContext,
        milestone: MilestoneView,
        *,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            milestone,
            tr("Annuler l'entretien — {kind}"),
            tr(
                "{kind} réalisé le {date}.<br>L'annuler le remet à tenir ; son compte rendu "
                "et les cotations des freins données ce jour-là restent dans l'historique "
                "des modifications."
            ).format(kind=milestone.kind.label, date=format_date(milestone.done_date)),
            tr("Annuler l'entretien"),
            today=today,
            parent=parent,
        )
        self.finish_layout()

    def check(self) -> list[Violation]:
        return self.read_check(check_cancel_review)

    def submit(self) -> MilestoneView:
        acknowledge = self._warned if self.acknowledged else ()
        return self.run_service(cancel_review, acknowledge=acknowledge)


class CancelPmsmpDialog(ReasonDialog):
    """« Annuler la PMSMP » : entered by mistake; the contract's suspension goes with it."""

    def __init__(self, ctx: AppContext, placement: PmsmpView, parent: QWidget | None = None):
        super().__init__(
            ctx,
            tr("Annuler la PMSMP"),
            tr(
                "PMSMP chez {host} du {start} au {end}.<br>L'annuler retire aussi la "
                "suspension du contrat ; elle reste dans l'historique des modifications."
            ).format(
                host=placement.host_name,
                start=format_date(placement.start_date),
                end=format_date(placement.end_date),
            ),
            tr("Annuler la PMSMP"),
            parent=parent,
        )
        self.placement = placement
        self.finish_layout()

    def check(self) -> list[Violation]:
        return self.ctx.read(check_cancel_pmsmp, self.placement.id, self.reason.text())

    def submit(self) -> None:
        self.ctx.run(
            cancel_pmsmp,
            self.placement.id,
            self.reason.text(),
            expected_version=self.placement.version,
        )


class CorrectScoreDialog(LiveFormDialog):
    """« Corriger la cotation » : the latest score of a barrier, its value or comment."""

    def __init__(self, ctx: AppContext, score: ScoreView, parent: QWidget | None = None):
        super().__init__(
            ctx, tr("Corriger la cotation — {barrier}").format(barrier=score.barrier.label), parent
        )
        self.score_view = score
        self.form.addRow(
            intro_label(
                tr("Cotée {score} le {date} ; la version précédente est gardée dans "
                   "l'historique des modifications.").format(
                    score=score.score, date=format_date(score.scored_on))
            )
        )  # fmt: skip
        self.score = self.row("score", tr("Cotation :"), QComboBox())
        for value, text in SCORE_LABELS.items():
            self.score.addItem(text, value)
        self.score.setCurrentIndex(self.score.findData(score.score))
        self.comment = self.row("comment", tr("Commentaire :"), QLineEdit(score.comment or ""))
        self.reason = self.row("reason", tr("Motif de la correction :"), QLineEdit())
        says(self, tr("Enregistrer la correction"))
        self.finish_layout()

    def _data(self) -> ScoreCorrection:
        return ScoreCorrection(
            self.score_view.id, self.score.currentData(), self.comment.text(), self.reason.text()
        )

    def check(self) -> list[Violation]:
        return self.ctx.read(check_score_correction, self._data())

    def submit(self) -> None:
        self.ctx.run(correct_score, self._data(), expected_version=self.score_view.version)


class CancelScoreDialog(ReasonDialog):
    """« Annuler la cotation » : entered by mistake (kept in the history)."""

    def __init__(self, ctx: AppContext, score: ScoreView, parent: QWidget | None = None):
        super().__init__(
            ctx,
            tr("Annuler la cotation — {barrier}").format(barrier=score.barrier.label),
            tr(
                "Cotée {score} le {date} : l'annuler la retire ; elle reste dans "
                "l'historique des modifications."
            ).format(score=score.score, date=format_date(score.scored_on)),
            tr("Annuler la cotation"),
            parent=parent,
        )
        self.score_view = score
        self.finish_layout()

    def check(self) -> list[Violation]:
        return self.ctx.read(check_cancel_score, self.score_view.id, self.reason.text())

    def submit(self) -> None:
        self.ctx.run(
            cancel_score,
            self.score_view.id,
            self.reason.text(),
            expected_version=self.score_view.version,
        )
