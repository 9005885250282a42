"""Cancelling a milestone still to hold and restoring one cancelled by mistake, from the
« Accompagnement » tab; the previous version goes to « Historique des modifications »."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QWidget

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
from chantier_app.ui.widgets.forms import FormDialog, LiveFormDialog


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("intro")
    label.setWordWrap(True)
    return label


def _when(milestone: MilestoneView) -> str:
    return format_date(milestone.planned_date or milestone.due_date)


class CancelPlannedDialog(LiveFormDialog):
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
            ctx, tr("Annuler l'entretien — {kind}").format(kind=milestone.kind.label), parent
        )
        self.milestone, self.today = milestone, today
        self.form.addRow(
            _intro(
                tr(
                    "{kind} prévu le {date}.<br>L'annuler dit qu'il n'aura pas lieu ; il reste "
                    "dans l'historique des modifications et peut être rétabli."
                ).format(kind=milestone.kind.label, date=_when(milestone))
            )
        )
        self.reason = self.row("reason", tr("Motif de l'annulation :"), QLineEdit())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Annuler l'entretien"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Fermer"))
        self.finish_layout()

    def check(self) -> list[Violation]:
        return self.ctx.read(
            check_cancel_planned, self.milestone.id, self.reason.text(), today=self.today
        )

    def submit(self) -> MilestoneView:
        return self.ctx.run(
            cancel_planned,
            self.milestone.id,
            self.reason.text(),
            today=self.today,
            expected_version=self.milestone.version,
        )


class RestoreMilestoneDialog(FormDialog):
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
            ctx, tr("Rétablir l'entretien — {kind}").format(kind=milestone.kind.label), parent
        )
        self.milestone, self.today = milestone, today
        self.form.addRow(
            _intro(
                tr(
                    "{kind} du {date}, annulé.<br>Le rétablir lui rend ses dates et son état "
                    "d'avant l'annulation."
                ).format(kind=milestone.kind.label, date=_when(milestone))
            )
        )
        self.reason = self.row("reason", tr("Motif :"), QLineEdit())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            tr("Rétablir l'entretien")
        )
        self.finish_layout()

    def submit(self) -> MilestoneView:
        return self.ctx.run(
            restore_milestone,
            self.milestone.id,
            self.reason.text(),
            today=self.today,
            expected_version=self.milestone.version,
        )


class CancelActionDialog(FormDialog):
    """« Annuler l'action » : entered by mistake; it stays in the history."""

    def __init__(self, ctx: AppContext, action: ActionView, parent: QWidget | None = None):
        super().__init__(ctx, tr("Annuler l'action sur un frein"), parent)
        self.action = action
        self.form.addRow(
            _intro(
                tr(
                    "« {what} » ({barrier}).<br>L'annuler la retire (saisie par erreur) ; elle "
                    "reste dans l'historique des modifications. Une action abandonnée se "
                    "clôt plutôt dans sa fiche."
                ).format(what=action.description, barrier=action.barrier.label)
            )
        )
        self.reason = self.row("reason", tr("Motif de l'annulation :"), QLineEdit())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Annuler l'action"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Fermer"))
        self.finish_layout()

    def submit(self) -> None:
        self.ctx.run(
            cancel_action, self.action.id, self.reason.text(), expected_version=self.action.version
        )
