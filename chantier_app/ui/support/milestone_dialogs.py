"""Cancelling a milestone still to hold, restoring one cancelled by mistake and cancelling an
action on a barrier, from the « Accompagnement » tab; the previous version goes to
« Historique des modifications »."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.support.barriers import ActionView
from chantier_app.services.support.milestone_corrections import (
    cancel_action,
    cancel_planned,
    check_cancel_planned,
    restore_milestone,
)
from chantier_app.services.support.milestones import MilestoneView
from chantier_app.ui.format import format_date
from chantier_app.ui.support.reason_dialog import MilestoneReasonDialog, ReasonDialog


def _when(milestone: MilestoneView) -> str:
    return format_date(milestone.planned_date or milestone.due_date)


class CancelPlannedDialog(MilestoneReasonDialog):
    """« Annuler l'entretien » of a milestone not held yet: it will not take place."""

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
                "{kind} prévu le {date}.<br>L'annuler dit qu'il n'aura pas lieu ; il reste "
                "dans l'historique des modifications et peut être rétabli."
            ).format(kind=milestone.kind.label, date=_when(milestone)),
            tr("Annuler l'entretien"),
            close=tr("Fermer"),
            today=today,
            parent=parent,
        )
        self.finish_layout()

    def check(self) -> list[Violation]:
        return self.read_check(check_cancel_planned)

    def submit(self) -> MilestoneView:
        return self.run_service(cancel_planned)


class RestoreMilestoneDialog(MilestoneReasonDialog):
    """« Rétablir l'entretien » : cancelled by mistake, back to its dates and status."""

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
            tr("Rétablir l'entretien — {kind}"),
            tr(
                "{kind} du {date}, annulé.<br>Le rétablir lui rend ses dates et son état "
                "d'avant l'annulation."
            ).format(kind=milestone.kind.label, date=_when(milestone)),
            tr("Rétablir l'entretien"),
            reason_label=tr("Motif :"),
            live=False,
            today=today,
            parent=parent,
        )
        self.finish_layout()

    def submit(self) -> MilestoneView:
        return self.run_service(restore_milestone)


class CancelActionDialog(ReasonDialog):
    """« Annuler l'action » : entered by mistake; it stays in the history."""

    def __init__(self, ctx: AppContext, action: ActionView, parent: QWidget | None = None):
        super().__init__(
            ctx,
            tr("Annuler l'action sur un frein"),
            tr(
                "« {what} » ({barrier}).<br>L'annuler la retire (saisie par erreur) ; elle "
                "reste dans l'historique des modifications. Une action abandonnée se "
                "clôt plutôt dans sa fiche."
            ).format(what=action.description, barrier=action.barrier.label),
            tr("Annuler l'action"),
            close=tr("Fermer"),
            live=False,
            parent=parent,
        )
        self.action = action
        self.finish_layout()

    def submit(self) -> None:
        self.ctx.run(
            cancel_action, self.action.id, self.reason.text(), expected_version=self.action.version
        )
