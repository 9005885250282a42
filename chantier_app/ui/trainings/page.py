"""The « Formations » page: the catalogue of sessions, who is enrolled, attendance and results."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from chantier_app.i18n import tr
from chantier_app.services import roles_matrix
from chantier_app.services.context import AppContext
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.enrolments import EnrolmentView
from chantier_app.services.trainings.sessions import SessionView
from chantier_app.ui.format import format_date
from chantier_app.ui.pages import Navigator
from chantier_app.ui.trainings.columns import (
    CANCELLED_COLUMN,
    ENROLMENT_COLUMNS,
    SESSION_COLUMNS,
    cancelled_reason,
)
from chantier_app.ui.trainings.correction_dialogs import CancelSessionDialog, SessionHistoryDialog
from chantier_app.ui.trainings.dialogs import (
    AttendanceDialog,
    EnrolDialog,
    ResultDialog,
    SessionDialog,
)
from chantier_app.ui.widgets.empty_note import EmptyNote
from chantier_app.ui.widgets.listview import ListView
from chantier_app.ui.widgets.parts import Page


def _button(text: str, name: str, row: QHBoxLayout) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    row.addWidget(button)
    return button


class TrainingsPage(Page):
    def __init__(self, ctx: AppContext, nav: Navigator, *, today: dt.date | None = None) -> None:
        super().__init__()
        self.ctx, self.nav, self.today = ctx, nav, today
        self.can_edit = roles_matrix.allowed(ctx.actor, Permission.TRAININGS_EDIT)
        self.can_attend = roles_matrix.allowed(ctx.actor, Permission.TRAINING_ATTENDANCE)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + tr("Formations") + "</h2>"))
        if not (self.can_edit or self.can_attend):
            layout.addWidget(QLabel(tr("Les formations ne sont pas accessibles avec votre rôle.")))
            layout.addStretch(1)
            return
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._catalogue_box())
        splitter.addWidget(self._enrolments_box())
        layout.addWidget(splitter, 1)

    def _catalogue_box(self) -> QGroupBox:
        box = QGroupBox(tr("Catalogue des sessions"))
        layout = QVBoxLayout(box)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("session_search")
        self.search.setPlaceholderText(tr("Rechercher (intitulé, organisme, type…)"))
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        # Off by default: the catalogue is the live sessions. Ticked, the cancelled ones come
        # back greyed, for their « Historique… » (a session nobody was enrolled in has its
        # history nowhere else: its versions are of no one's file).
        self.show_cancelled = QCheckBox(tr("Afficher les sessions a&nnulées"))
        self.show_cancelled.setObjectName("show_cancelled_sessions")
        top.addWidget(self.show_cancelled)
        self.new_button = _button(tr("Nouvelle session…"), "new_session", top)
        self.edit_button = _button(tr("Corriger…"), "edit_session", top)
        self.cancel_session_button = _button(tr("Annuler la session…"), "cancel_session", top)
        self.history_button = _button(tr("Historique…"), "session_history", top)
        layout.addLayout(top)
        text = tr("Aucune session de formation pour l'instant.")
        if self.can_edit:
            text += " " + tr(
                "Créez-en une (intitulé, organisme, dates, durée), puis inscrivez-y les salariés."
            )
        else:
            text += " " + tr("La direction ou le CIP les crée ; elles apparaîtront ici.")
        self.empty = EmptyNote(
            text,
            [(tr("Nouvelle session…"), lambda: self._edit_session(None))] if self.can_edit else [],
        )
        layout.addWidget(self.empty)
        self.sessions = ListView(SESSION_COLUMNS, "sessions")
        self.sessions.setColumnHidden(CANCELLED_COLUMN, True)
        layout.addWidget(self.sessions)
        # What the selected cancelled session's row says, in full (a tooltip is not read by
        # keyboard users); plain text: the reason was typed by a user.
        self.cancelled_line = QLabel()
        self.cancelled_line.setObjectName("cancelled_session_line")
        self.cancelled_line.setTextFormat(Qt.TextFormat.PlainText)
        self.cancelled_line.setWordWrap(True)
        self.cancelled_line.setVisible(False)
        layout.addWidget(self.cancelled_line)
        self.show_cancelled.toggled.connect(self._show_cancelled_toggled)
        self.search.textChanged.connect(self.sessions.proxy.set_search)
        self.sessions.selectionModel().selectionChanged.connect(self._session_changed)
        self.sessions.row_activated.connect(lambda s: self._edit_session(s))
        self.new_button.clicked.connect(lambda: self._edit_session(None))
        self.edit_button.clicked.connect(lambda: self._edit_session(self.sessions.selected()))
        self.cancel_session_button.clicked.connect(self._cancel_session)
        self.history_button.clicked.connect(self._history)
        for button in (self.new_button, self.edit_button, self.cancel_session_button):
            button.setVisible(self.can_edit)
        return box

    def _enrolments_box(self) -> QGroupBox:
        self.enrolments_box = box = QGroupBox(tr("Inscrits"))
        layout = QVBoxLayout(box)
        self.enrolments = ListView(ENROLMENT_COLUMNS, "enrolments")
        layout.addWidget(self.enrolments)
        row = QHBoxLayout()
        self.enrol_button = _button(tr("Inscrire…"), "enrol", row)
        self.attendance_button = _button(tr("Présences…"), "attendance", row)
        self.result_button = _button(tr("Résultat…"), "result", row)
        row.addStretch(1)
        self.open_button = _button(tr("Ouvrir le dossier"), "open_person", row)
        layout.addLayout(row)
        self.enrol_button.setVisible(self.can_edit)
        self.result_button.setVisible(self.can_edit)
        self.attendance_button.setVisible(self.can_attend)
        self.enrol_button.clicked.connect(self._enrol)
        self.attendance_button.clicked.connect(self._attendance)
        self.result_button.clicked.connect(self._result)
        self.open_button.clicked.connect(self._open_person)
        self.enrolments.row_activated.connect(self._open_person)
        self.enrolments.selectionModel().selectionChanged.connect(self._update_buttons)
        return box

    # Data -------------------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        if not (self.can_edit or self.can_attend):
            return
        listing = (
            trainings.list_sessions_including_cancelled
            if self.show_cancelled.isChecked()
            else trainings.list_sessions
        )
        self.sessions.set_rows(self.ctx.read(listing))
        self.empty.setVisible(self.sessions.model_.rowCount() == 0)  # not the filtered count
        if self.sessions.selected() is None and self.sessions.rows():
            self.sessions.selectRow(0)
        self._session_changed()

    def _show_cancelled_toggled(self, shown: bool) -> None:
        selected = self.sessions.selected()
        self.sessions.setColumnHidden(CANCELLED_COLUMN, not shown)
        self.refresh()
        if selected is not None:  # the same session stays selected, if still listed
            self.sessions.select_row(
                next((s for s in self.sessions.rows() if s.id == selected.id), None)
            )

    def _session_changed(self) -> None:
        session = self.sessions.selected()
        self.cancelled_line.setVisible(session is not None and session.cancelled)
        if session is not None and session.cancelled:
            assert session.cancelled_on is not None
            self.cancelled_line.setText(
                tr("Session annulée le {day}. {reason}").format(
                    day=format_date(session.cancelled_on), reason=cancelled_reason(session)
                )
            )
        if session is None:
            self.enrolments_box.setTitle(tr("Inscrits"))
            self.enrolments.set_rows([])
        else:
            self.enrolments_box.setTitle(tr("Inscrits à « {title} »").format(title=session.title))
            self.enrolments.set_rows(self.ctx.read(enrolments.list_enrolments, session.id))
        self._update_buttons()

    def _update_buttons(self) -> None:
        session = self.sessions.selected()
        has_session = session is not None
        live = session is not None and not session.cancelled
        has_person = self.enrolments.selected() is not None
        self.history_button.setEnabled(has_session)
        # A cancelled session is read, not changed: its history only.
        why = (
            tr("Session annulée : seul son historique peut être consulté.")
            if has_session and not live
            else ""
        )
        for button in (
            self.edit_button,
            self.cancel_session_button,
            self.enrol_button,
            self.attendance_button,
        ):
            button.setToolTip(why)
        self.edit_button.setEnabled(live)
        self.cancel_session_button.setEnabled(live)
        self.enrol_button.setEnabled(live)
        self.attendance_button.setEnabled(live and bool(self.enrolments.rows()))
        self.result_button.setEnabled(has_person)
        self.open_button.setEnabled(has_person)

    # Actions ----------------------------------------------------------------------------------
    def _edit_session(self, session: SessionView | None) -> None:
        if not self.can_edit or (session is not None and session.cancelled):
            return  # a cancelled one is opened by « Historique… »
        dialog = SessionDialog(self.ctx, session, parent=self)
        if dialog.exec():
            self.refresh()
            self.sessions.select_row(
                next((s for s in self.sessions.rows() if s.id == dialog.result_value.id), None)
            )

    def _cancel_session(self) -> None:
        session = self.sessions.selected()
        if (
            session is not None
            and not session.cancelled
            and CancelSessionDialog(self.ctx, session, parent=self).exec()
        ):
            self.sessions.clearSelection()
            self.refresh()

    def _history(self) -> None:
        session = self.sessions.selected()
        if session is not None:
            SessionHistoryDialog(self.ctx, session, parent=self).exec()

    def _enrol(self) -> None:
        session = self.sessions.selected()
        if (
            session is not None
            and not session.cancelled
            and EnrolDialog(self.ctx, session, parent=self).exec()
        ):
            self.refresh()

    def _attendance(self) -> None:
        session = self.sessions.selected()
        if session is None or session.cancelled:
            return
        today = self.today or dt.date.today()
        day = today if session.start_date <= today <= session.end_date else session.start_date
        dialog = AttendanceDialog(self.ctx, session, self.enrolments.rows(), day, parent=self)
        if dialog.exec():
            self._session_changed()

    def _result(self) -> None:
        enrolment = self.enrolments.selected()
        if enrolment is not None and ResultDialog(self.ctx, enrolment, parent=self).exec():
            self._session_changed()

    def _open_person(self, enrolment: EnrolmentView | None = None) -> None:
        enrolment = enrolment or self.enrolments.selected()
        if enrolment is not None:
            self.nav.open_person(enrolment.person_id, "trainings")
