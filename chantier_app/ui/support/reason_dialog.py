"""The support's « reason and save » dialogs, from the « Accompagnement » tab: what the record
is, « Motif … : », one button that says what it does. Cancelling a milestone, a review, a
PMSMP, a score, an action or a note and restoring a milestone differ only by their texts and
the service they call (the previous version goes to « Historique des modifications »)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QWidget

from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.support.milestones import MilestoneView
from chantier_app.ui.widgets.forms import LiveFormDialog


def intro_label(text: str) -> QLabel:
    """The dialog's first line: the record it acts on, and what saving does."""
    label = QLabel(text)
    label.setObjectName("intro")
    label.setWordWrap(True)
    return label


def says(dialog: LiveFormDialog, text: str, close: str | None = None) -> None:
    """The save button says what it does; ``close`` renames « Annuler » where the save
    button is itself an « Annuler … » (« Fermer »)."""
    dialog.save_button.setText(text)
    if close is not None:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(close)


class ReasonDialog(LiveFormDialog):
    """``intro``, then the reason, then the buttons. A subclass keeps what its ``check`` and
    ``submit`` need, then calls ``finish_layout``; ``live`` False: checked on save only."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        intro: str,
        save: str,
        *,
        reason_label: str | None = None,
        close: str | None = None,
        live: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, title, parent)
        self.live = live
        self.form.addRow(intro_label(intro))
        self.reason = self.row("reason", reason_label or tr("Motif de l'annulation :"), QLineEdit())
        says(self, save, close)


class MilestoneReasonDialog(ReasonDialog):
    """A ``ReasonDialog`` on a milestone (cancel one to hold or held, restore one): its
    title and intro name the milestone's kind; the service is called with its id, the
    reason, the day and the version the dialog showed (a stale one is refused)."""

    def __init__(
        self,
        ctx: AppContext,
        milestone: MilestoneView,
        title: str,
        intro: str,
        save: str,
        *,
        today: dt.date | None = None,
        parent: QWidget | None = None,
        **options: Any,
    ) -> None:
        kind = milestone.kind.label
        super().__init__(ctx, title.format(kind=kind), intro, save, parent=parent, **options)
        self.milestone, self.today = milestone, today

    def read_check(self, check: Callable[..., list[Violation]]) -> list[Violation]:
        """What ``check`` says of the reason typed (``check(milestone_id, reason, today=)``)."""
        return self.ctx.read(check, self.milestone.id, self.reason.text(), today=self.today)

    def run_service(self, service: Callable[..., MilestoneView], **extra: Any) -> MilestoneView:
        return self.ctx.run(
            service,
            self.milestone.id,
            self.reason.text(),
            today=self.today,
            expected_version=self.milestone.version,
            **extra,
        )
