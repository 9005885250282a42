"""Correcting an enrolment made in the wrong session and cancelling one made by mistake,
from the person's « Formations » tab; the previous version goes to « Historique des
modifications »."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.enrolment_corrections import (
    EnrolmentCorrection,
    cancel_enrolment,
    correct_enrolment,
)
from chantier_app.services.trainings.enrolments import EnrolmentView
from chantier_app.ui.format import format_date
from chantier_app.ui.widgets.forms import FormDialog


def _session_text(title: str, start: object, end: object) -> str:
    return tr("{title} du {start} au {end}").format(
        title=title, start=format_date(start), end=format_date(end)
    )


class CorrectEnrolmentDialog(FormDialog):
    """« Corriger l'inscription » : the session the person should have been enrolled in."""

    def __init__(self, ctx: AppContext, enrolment: EnrolmentView, parent: QWidget | None = None):
        super().__init__(
            ctx, tr("Corriger l'inscription — {name}").format(name=enrolment.person_name), parent
        )
        self.enrolment = e = enrolment
        intro = QLabel(
            tr(
                "Inscrite à : {session}.<br>Choisissez la session où la personne aurait dû être "
                "inscrite : elle est vérifiée comme une nouvelle inscription, et la version "
                "précédente est gardée dans l'historique des modifications."
            ).format(session=_session_text(e.session_title, e.start_date, e.end_date))
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.session = self.row("session_id", tr("Session :"), QComboBox())
        for item in ctx.read(trainings.list_sessions):
            text = _session_text(item.title, item.start_date, item.end_date)
            self.session.addItem(text, item.id)
        self.session.setCurrentIndex(self.session.findData(e.session_id))
        self.reason = self.row("reason", tr("Motif de la correction :"), QLineEdit())
        self.finish_layout()

    def submit(self) -> EnrolmentView:
        data = EnrolmentCorrection(
            self.enrolment.id, self.session.currentData(), self.reason.text()
        )
        return self.ctx.run(correct_enrolment, data)


class CancelEnrolmentDialog(FormDialog):
    """« Annuler l'inscription » : the person never was in the session."""

    def __init__(self, ctx: AppContext, enrolment: EnrolmentView, parent: QWidget | None = None):
        super().__init__(
            ctx, tr("Annuler l'inscription — {name}").format(name=enrolment.person_name), parent
        )
        self.enrolment = e = enrolment
        intro = QLabel(
            tr(
                "Inscription à : {session}.<br>L'annulation retire l'inscription ; elle reste "
                "dans l'historique des modifications."
            ).format(session=_session_text(e.session_title, e.start_date, e.end_date))
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.reason = self.row("reason", tr("Motif de l'annulation :"), QLineEdit())
        self.finish_layout()

    def submit(self) -> None:
        self.ctx.run(cancel_enrolment, self.enrolment.id, self.reason.text())
