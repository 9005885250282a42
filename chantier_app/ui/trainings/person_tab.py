"""The person's « Formations » tab: trainings followed, hours, results, and the qualifying exam."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chantier_app.i18n import tr
from chantier_app.services import roles_matrix
from chantier_app.services.context import AppContext
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.enrolment_corrections import may_correct_enrolment
from chantier_app.services.trainings.sessions import QualificationView
from chantier_app.ui.format import format_date, format_minutes
from chantier_app.ui.pages import Navigator
from chantier_app.ui.trainings.columns import PERSON_COLUMNS
from chantier_app.ui.trainings.correction_dialogs import (
    CancelEnrolmentDialog,
    CorrectEnrolmentDialog,
)
from chantier_app.ui.trainings.dialogs import QualificationDialog, ResultDialog
from chantier_app.ui.widgets.listview import ListView
from chantier_app.ui.widgets.parts import PersonTab


class TrainingsTab(PersonTab):
    loads_when_built = True  # the person's file does not read it twice on first show

    def __init__(self, ctx: AppContext, nav: Navigator, person_id: int) -> None:
        super().__init__()
        self.ctx, self.nav, self.person_id = ctx, nav, person_id
        self.can_edit = roles_matrix.allowed(ctx.actor, Permission.TRAININGS_EDIT)
        self.can_view = self.can_edit or roles_matrix.allowed(
            ctx.actor, Permission.TRAINING_ATTENDANCE
        )
        self.layout_ = QVBoxLayout(self)
        if not self.can_view:
            self.layout_.addWidget(
                QLabel(tr("Les formations ne sont pas accessibles avec votre rôle."))
            )
            self.layout_.addStretch(1)
            return
        self.total = QLabel()
        self.total.setObjectName("training_total")
        self.layout_.addWidget(self.total)
        self.list = ListView(PERSON_COLUMNS, "person_trainings")
        self.layout_.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.result_button = QPushButton(tr("Résultat…"))
        self.result_button.setObjectName("result")
        self.result_button.setVisible(self.can_edit)
        self.result_button.clicked.connect(self._result)
        self.list.row_activated.connect(lambda _e: self._result())
        row.addWidget(self.result_button)
        # An enrolment made in the wrong session, or by mistake (kept in the history).
        self.correct_button = QPushButton(tr("Corriger l'inscription…"))
        self.correct_button.setObjectName("correct_enrolment")
        self.correct_button.clicked.connect(lambda: self._fix(CorrectEnrolmentDialog))
        self.cancel_button = QPushButton(tr("Annuler l'inscription…"))
        self.cancel_button.setObjectName("cancel_enrolment")
        self.cancel_button.clicked.connect(lambda: self._fix(CancelEnrolmentDialog))
        for button in (self.correct_button, self.cancel_button):
            button.setVisible(self.can_edit)
            row.addWidget(button)
        self.list.selectionModel().selectionChanged.connect(self._update_buttons)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.qualifying_box = QGroupBox(tr("Chantier qualifiant : diplôme visé et examen"))
        self.qualifying_form = QVBoxLayout(self.qualifying_box)
        self.layout_.addWidget(self.qualifying_box)
        self.refresh()

    def refresh(self) -> None:
        if not self.can_view:
            return
        followed = self.ctx.read(enrolments.person_enrolments, self.person_id)
        self.list.set_rows(followed)
        total = sum(e.attended_minutes for e in followed)
        self.total.setText(
            tr("{n} formation(s), {hours} suivies (temps de travail rémunéré).").format(
                n=len(followed), hours=format_minutes(total)
            )
        )
        self._show_qualifications(self.ctx.read(trainings.qualifications, self.person_id))
        self._update_buttons()

    def _update_buttons(self) -> None:
        enrolment = self.list.selected()
        may = (
            self.can_edit
            and enrolment is not None
            and self.ctx.read(may_correct_enrolment, enrolment.id)
        )
        self.correct_button.setEnabled(may)
        self.cancel_button.setEnabled(may)

    def show_person(self, person_id: int) -> bool:
        """The person's file shows another person: this tab, their data (read now)."""
        self.person_id = person_id
        self.refresh()
        return True

    def _show_qualifications(self, items: list[QualificationView]) -> None:
        while self.qualifying_form.count():
            child = self.qualifying_form.takeAt(0)
            if child.widget() is not None:
                child.widget().deleteLater()
        self.qualifying_box.setVisible(bool(items))
        for item in items:
            block = QWidget()
            form = QFormLayout(block)
            form.addRow(tr("Organisme de formation :"), QLabel(item.training_provider or "—"))
            form.addRow(tr("Diplôme visé :"), QLabel(item.target_diploma or "—"))
            form.addRow(tr("Date de l'examen :"), QLabel(format_date(item.exam_date) or "—"))
            form.addRow(
                tr("Résultat :"),
                QLabel(item.exam_result.label if item.exam_result else tr("non connu")),
            )
            if self.can_edit:
                button = QPushButton(tr("Modifier…"))
                button.setObjectName(f"qualification_{item.contract_id}")
                button.clicked.connect(
                    lambda _=False, current=item: self._edit_qualification(current)
                )
                form.addRow("", button)
            self.qualifying_form.addWidget(block)

    def _result(self) -> None:
        enrolment = self.list.selected()
        if (
            self.can_edit
            and enrolment is not None
            and ResultDialog(self.ctx, enrolment, parent=self).exec()
        ):
            self.refresh()

    def _fix(self, kind: Callable[..., QDialog]) -> None:
        enrolment = self.list.selected()
        if enrolment is not None and kind(self.ctx, enrolment, parent=self).exec():
            self.refresh()
            self.changed.emit()  # the history tab shows the new line

    def _edit_qualification(self, current: QualificationView) -> None:
        if QualificationDialog(self.ctx, current, parent=self).exec():
            self.refresh()
