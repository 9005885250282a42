"""Small support dialogs: plan, postpone or add an interview; a barrier action; a confidential note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.support_codes import ActionStatus, SensitiveNoteKind
from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.support import barriers, sensitive_notes
from chantier_app.services.support import milestones as support
from chantier_app.services.support.barriers import ActionInput, ActionView
from chantier_app.services.support.milestones import MilestoneView
from chantier_app.services.support.sensitive_notes import NoteInput, NoteView
from chantier_app.ui.format import format_date
from chantier_app.ui.support.reason_dialog import ReasonDialog, intro_label, says
from chantier_app.ui.widgets.fields import code_combo, text_box
from chantier_app.ui.widgets.forms import DateField, FormDialog, LiveFormDialog

CONFIDENTIAL = tr("Confidentiel — santé / justice")
CONFIDENTIAL_STYLE = "color: #8a1c1c; font-weight: bold;"


class DateDialog(FormDialog):
    """One date and an optional text, then one service call: plan, postpone, add."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        intro: str,
        date_label: str,
        text_label: str | None,
        action: Callable[[dt.date | None, str | None], Any],
        value: dt.date | None = None,
        *,
        field: str = "planned_date",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, title, parent)
        self.action, self.field, self.date_label = action, field, date_label
        if intro:
            self.form.addRow(QLabel(intro))
        self.date = self.row(field, date_label + " :", DateField(value))
        self.text = self.row("text", text_label + " :", QLineEdit()) if text_label else None
        self.finish_layout()

    def submit(self) -> Any:
        text = self.text.text() if self.text is not None else None
        return self.action(self.date.checked_date(self.field, self.date_label), text)


def plan_dialog(
    ctx: AppContext, milestone: MilestoneView, parent: QWidget | None = None
) -> DateDialog:
    return DateDialog(
        ctx,
        tr("Planifier l'entretien"),
        milestone.kind.label,
        tr("Date du rendez-vous"),
        None,
        lambda day, _text: ctx.run(
            support.plan_milestone, milestone.id, day, expected_version=milestone.version
        ),
        milestone.planned_date or milestone.due_date,
        parent=parent,
    )


def postpone_dialog(
    ctx: AppContext, milestone: MilestoneView, parent: QWidget | None = None
) -> DateDialog:
    return DateDialog(
        ctx,
        tr("Reporter l'entretien"),
        milestone.kind.label,
        tr("Nouvelle date"),
        tr("Motif"),
        lambda day, text: ctx.run(
            support.postpone_milestone, milestone.id, day, text, expected_version=milestone.version
        ),
        field="new_date",
        parent=parent,
    )


def interview_dialog(
    ctx: AppContext, person_id: int, today: dt.date, parent: QWidget | None = None
) -> DateDialog:
    return DateDialog(
        ctx,
        tr("Nouvel entretien"),
        tr("Un entretien en dehors du calendrier prévu."),
        tr("Date de l'entretien"),
        tr("Objet"),
        lambda day, text: ctx.run(support.add_interview, person_id, day, text),
        today,
        parent=parent,
    )


class ActionDialog(LiveFormDialog):
    """A new action, or « Corriger l'action » : its follow-up moved on or what was recorded
    corrected, the rules checked while the user types (the previous version is kept)."""

    def __init__(
        self,
        ctx: AppContext,
        person_id: int,
        existing: ActionView | None = None,
        *,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, tr("Corriger l'action") if existing else tr("Nouvelle action"), parent
        )
        self.person_id, self.existing, self.today = person_id, existing, today
        self.live = existing is not None  # a new action's empty form is checked on save
        e = existing
        if e is not None:
            self.form.addRow(
                intro_label(
                    tr(
                        "Changez son état quand elle avance ; corrigez ce qui a été mal saisi. "
                        "La version précédente est gardée dans l'historique des modifications."
                    )
                )
            )
        self.barrier = self.row(
            "barrier",
            tr("Frein :"),
            code_combo(
                [(None, tr("— choisir —")), *((b, b.label) for b in Barrier)],
                e.barrier if e else None,
            ),
        )
        self.description = self.row(
            "description", tr("Action :"), QLineEdit(e.description if e else "")
        )
        self.partner = self.row(
            "partner", tr("Partenaire :"), QLineEdit(e.partner or "" if e else "")
        )
        self.due = self.row("due_date", tr("Échéance :"), DateField(e.due_date if e else None))
        self.status = self.row(
            "status",
            tr("État :"),
            code_combo([(s, s.label) for s in ActionStatus], e.status if e else None),
        )
        self.notes = self.row("notes", tr("Notes :"), text_box(e.notes if e else None, 50))
        self.reason: QLineEdit | None = None
        if e is not None:
            self.reason = self.row("reason", tr("Motif de la correction :"), QLineEdit())
            says(self, tr("Enregistrer la correction"))
        self.finish_layout()
        self.resize(480, 400 if e else 360)

    def _data(self) -> ActionInput:
        return ActionInput(
            barrier=self.barrier.currentData(),
            description=self.description.text(),
            partner=self.partner.text(),
            due_date=self.due.checked_date("due_date", tr("Échéance")),
            status=self.status.currentData(),
            notes=self.notes.toPlainText(),
            reason=self.reason.text() if self.reason is not None else None,
        )

    def check(self) -> list[Violation]:
        if self.existing is None:
            return []
        return self.ctx.read(
            barriers.check_action_change, self.existing.id, self._data(), today=self.today
        )

    def submit(self) -> ActionView:
        data = self._data()
        if self.existing is None:
            return self.ctx.run(barriers.add_action, self.person_id, data, today=self.today)
        return self.ctx.run(
            barriers.update_action,
            self.existing.id,
            data,
            today=self.today,
            expected_version=self.existing.version,
        )


class NoteDialog(LiveFormDialog):
    """A health or justice note: said confidential on the dialog itself. An existing one is
    corrected (its previous text kept in the history, as restricted as the note)."""

    def __init__(
        self,
        ctx: AppContext,
        person_id: int,
        existing: NoteView | None = None,
        *,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, CONFIDENTIAL, parent)
        self.person_id, self.existing = person_id, existing
        self.live = existing is not None  # a new note's empty form is checked on save
        warning = QLabel(
            tr(
                "Note confidentielle : visible seulement des CIP et de la direction, jamais des "
                "encadrants. N'écrivez que ce qui est utile à l'accompagnement."
            )
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(CONFIDENTIAL_STYLE)
        self.form.addRow(warning)
        e = existing
        self.kind = self.row(
            "kind",
            tr("Nature :"),
            code_combo(
                [(None, tr("— choisir —")), *((k, k.label) for k in SensitiveNoteKind)],
                e.kind if e else None,
            ),
        )
        self.written_on = self.row(
            "written_on", tr("Date :"), DateField(e.written_on if e else (today or dt.date.today()))
        )
        self.text = self.row("text", tr("Note :"), text_box(e.text if e else None, 120))
        self.reason: QLineEdit | None = None
        if e is not None:
            self.setWindowTitle(tr("Corriger la note — {title}").format(title=CONFIDENTIAL))
            kept = QLabel(
                tr(
                    "Le texte d'avant est gardé dans l'historique des modifications, lisible "
                    "seulement de qui peut lire cette note."
                )
            )
            kept.setWordWrap(True)
            self.form.addRow(kept)
            self.reason = self.row("reason", tr("Motif de la correction :"), QLineEdit())
            says(self, tr("Enregistrer la correction"))
        self.finish_layout()
        self.resize(520, 430 if e else 380)

    def _data(self) -> NoteInput:
        return NoteInput(
            kind=self.kind.currentData(),
            written_on=self.written_on.checked_date("written_on", tr("Date")),
            text=self.text.toPlainText(),
            reason=self.reason.text() if self.reason is not None else None,
        )

    def check(self) -> list[Violation]:
        if self.existing is None:
            return []
        return self.ctx.read(sensitive_notes.check_note_correction, self.existing.id, self._data())

    def submit(self) -> object:
        data = self._data()
        if self.existing is None:
            return self.ctx.run(sensitive_notes.add_note, self.person_id, data)
        return self.ctx.run(
            sensitive_notes.update_note,
            self.existing.id,
            data,
            expected_version=self.existing.version,
        )


class CancelNoteDialog(ReasonDialog):
    """« Annuler la note » : written by mistake; its text stays in the history, restricted."""

    def __init__(self, ctx: AppContext, note: NoteView, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            tr("Annuler la note — {title}").format(title=CONFIDENTIAL),
            tr(
                "Note du {date} ({kind}).<br>L'annuler la retire des notes ; son texte reste "
                "dans l'historique des modifications, lisible seulement de qui peut lire cette "
                "note, jusqu'à l'effacement prévu par la durée de conservation."
            ).format(date=format_date(note.written_on), kind=note.kind.label),
            tr("Annuler la note"),
            close=tr("Fermer"),
            parent=parent,
        )
        self.note = note
        self.finish_layout()
        self.resize(480, self.sizeHint().height())

    def check(self) -> list[Violation]:
        return self.ctx.read(sensitive_notes.check_cancel_note, self.note.id, self.reason.text())

    def submit(self) -> None:
        self.ctx.run(
            sensitive_notes.cancel_note,
            self.note.id,
            self.reason.text(),
            expected_version=self.note.version,
        )
