"""Correcting an enrolment made in the wrong session and cancelling one made by mistake,
from the person's « Formations » tab; cancelling a session entered by mistake and reading a
session's corrections, from the « Formations » page. The previous version goes to
« Historique des modifications ».

Both run the service's rules while the user chooses (``LiveFormDialog``): the save button
stays disabled while one refuses the correction."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.history import RecordVersionView
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.enrolment_corrections import (
    EnrolmentCorrection,
    cancel_enrolment,
    check_cancel_enrolment,
    check_enrolment_correction,
    correct_enrolment,
)
from chantier_app.services.trainings.enrolments import EnrolmentView
from chantier_app.services.trainings.session_corrections import (
    cancel_session,
    check_cancel_session,
    session_history,
)
from chantier_app.services.trainings.sessions import SessionView
from chantier_app.ui.format import format_date
from chantier_app.ui.person.history_tab import history_columns
from chantier_app.ui.widgets.forms import LiveFormDialog
from chantier_app.ui.widgets.table import RowTableModel


def _session_text(title: str, start: object, end: object) -> str:
    return tr("{title} du {start} au {end}").format(
        title=title, start=format_date(start), end=format_date(end)
    )


class CorrectEnrolmentDialog(LiveFormDialog):
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
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(tr("Enregistrer la correction"))
        self.finish_layout()

    def _data(self) -> EnrolmentCorrection:
        return EnrolmentCorrection(
            self.enrolment.id, self.session.currentData(), self.reason.text()
        )

    def check(self) -> list[Violation]:
        return self.ctx.read(check_enrolment_correction, self._data())

    def submit(self) -> EnrolmentView:
        return self.ctx.run(
            correct_enrolment, self._data(), expected_version=self.enrolment.version
        )


class CancelEnrolmentDialog(LiveFormDialog):
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
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(tr("Annuler l'inscription"))
        self.finish_layout()

    def check(self) -> list[Violation]:
        return self.ctx.read(check_cancel_enrolment, self.enrolment.id, self.reason.text())

    def submit(self) -> None:
        self.ctx.run(
            cancel_enrolment,
            self.enrolment.id,
            self.reason.text(),
            expected_version=self.enrolment.version,
        )


class CancelSessionDialog(LiveFormDialog):
    """« Annuler la session » : entered by mistake; refused once attendance was entered."""

    def __init__(self, ctx: AppContext, session: SessionView, parent: QWidget | None = None):
        super().__init__(
            ctx, tr("Annuler la session — {title}").format(title=session.title), parent
        )
        self.session = session
        said = _session_text(session.title, session.start_date, session.end_date)
        if session.enrolled:
            text = tr(
                "{session}, {n} inscrit(s).<br>L'annuler la retire du catalogue avec ses "
                "inscriptions ; elle reste dans l'historique des modifications des inscrits."
            ).format(session=said, n=session.enrolled)
        else:  # in no one's file: its version is the session's own (record_version, 0024)
            text = tr(
                "{session}, aucun inscrit.<br>L'annuler la retire du catalogue ; elle est "
                "gardée avec son historique des modifications."
            ).format(session=said)
        intro = QLabel(text)
        intro.setObjectName("intro")
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.reason = self.row("reason", tr("Motif de l'annulation :"), QLineEdit())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Annuler la session"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Fermer"))
        self.finish_layout()
        self.resize(500, self.sizeHint().height())

    def check(self) -> list[Violation]:
        return self.ctx.read(check_cancel_session, self.session.id, self.reason.text())

    def submit(self) -> None:
        self.ctx.run(
            cancel_session,
            self.session.id,
            self.reason.text(),
            expected_version=self.session.version,
        )


class SessionHistoryDialog(QDialog):
    """« Historique de la session » : its corrections, latest first (when, who, what, why)."""

    def __init__(self, ctx: AppContext, session: SessionView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Historique — {title}").format(title=session.title))
        layout = QVBoxLayout(self)
        rows = ctx.read(session_history, session.id)
        self.empty = QLabel(tr("Aucune correction de cette session."))
        self.empty.setVisible(not rows)
        layout.addWidget(self.empty)
        self.model: RowTableModel[RecordVersionView] = RowTableModel(history_columns())
        self.model.set_rows(rows)
        self.table = QTableView()
        self.table.setObjectName("session_history")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(rows))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Fermer"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 360)
