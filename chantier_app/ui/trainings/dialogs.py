"""Training dialogs: a session of the catalogue, an enrolment, a day's attendance, a result, the exam."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QWidget

from chantier_app.domain.codes.support_codes import EnrolmentStatus, TrainingKind, TrainingResult
from chantier_app.domain.errors import ValidationError, Violation
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.trainings import attendance, enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.enrolments import EnrolmentView, ResultInput
from chantier_app.services.trainings.session_corrections import (
    SessionCorrection,
    check_session_correction,
    correct_session,
)
from chantier_app.services.trainings.sessions import QualificationView, SessionInput, SessionView
from chantier_app.ui.format import format_date, format_minutes
from chantier_app.ui.trainings.columns import CANDIDATE_COLUMNS
from chantier_app.ui.widgets.fields import code_combo, text_box
from chantier_app.ui.widgets.forms import DateField, FormDialog, LiveFormDialog
from chantier_app.ui.widgets.listview import ListView


class SessionDialog(LiveFormDialog):
    """A new session of the catalogue, or « Corriger la session » : as it should have been
    entered, checked while the user types with what hangs on it (attendance, the enrolled
    people's contracts); the previous version goes to the session's history and to the
    enrolled people's."""

    def __init__(
        self, ctx: AppContext, existing: SessionView | None = None, parent: QWidget | None = None
    ):
        super().__init__(
            ctx, tr("Corriger la session") if existing else tr("Nouvelle session"), parent
        )
        self.existing = e = existing
        self.live = e is not None  # a new session's empty form is checked on save
        if e is not None:
            intro = QLabel(
                tr(
                    "La session corrigée est vérifiée comme une nouvelle, avec les présences "
                    "saisies et les contrats des inscrits ; la version précédente est gardée "
                    "dans l'historique de la session et dans celui de chaque inscrit."
                )
            )
            intro.setObjectName("intro")
            intro.setWordWrap(True)
            self.form.addRow(intro)
        self.title_ = self.row("title", tr("Intitulé :"), QLineEdit(e.title if e else ""))
        self.provider = self.row(
            "provider", tr("Organisme :"), QLineEdit(e.provider or "" if e else "")
        )
        self.kind = self.row(
            "kind",
            tr("Type :"),
            code_combo(
                [(None, tr("— choisir —")), *((k, k.label) for k in TrainingKind)],
                e.kind if e else None,
            ),
        )
        self.start = self.row("start_date", tr("Début :"), DateField(e.start_date if e else None))
        self.end = self.row("end_date", tr("Fin :"), DateField(e.end_date if e else None))
        duration = (
            format_minutes(e.duration_minutes, unit=False) if e and e.duration_minutes else ""
        )
        self.duration = self.row("duration", tr("Durée (heures) :"), QLineEdit(duration))
        self.funding = self.row(
            "funding", tr("Financement :"), QLineEdit(e.funding or "" if e else "")
        )
        self.certificate = self.row(
            "certificate_target",
            tr("Certification visée :"),
            QLineEdit(e.certificate_target or "" if e else ""),
        )
        self.location = self.row("location", tr("Lieu :"), QLineEdit(e.location or "" if e else ""))
        self.notes = self.row("notes", tr("Notes :"), text_box(e.notes if e else None, 50))
        self.reason: QLineEdit | None = None
        if e is not None:
            self.reason = self.row("reason", tr("Motif de la correction :"), QLineEdit())
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
                tr("Enregistrer la correction")
            )
        self.finish_layout()
        self.resize(520, 560 if e else 460)

    def _data(self) -> SessionInput:
        return SessionInput(
            title=self.title_.text(),
            kind=self.kind.currentData(),
            start_date=self.start.checked_date("start_date", tr("Début")),
            end_date=self.end.checked_date("end_date", tr("Fin")),
            duration=self.duration.text(),
            provider=self.provider.text(),
            funding=self.funding.text(),
            certificate_target=self.certificate.text(),
            location=self.location.text(),
            notes=self.notes.toPlainText(),
        )

    def _correction(self) -> SessionCorrection:
        assert self.existing is not None and self.reason is not None
        return SessionCorrection(self.existing.id, self._data(), self.reason.text())

    def check(self) -> list[Violation]:
        if self.existing is None:
            return []
        return self.ctx.read(check_session_correction, self._correction())

    def submit(self) -> SessionView:
        if self.existing is None:
            return self.ctx.run(trainings.save_session, None, self._data())
        acknowledge = self._warned if self.acknowledged else ()
        return self.ctx.run(
            correct_session,
            self._correction(),
            acknowledge=acknowledge,
            expected_version=self.existing.version,
        )


class EnrolDialog(FormDialog):
    """Choose among the people under contract during the session."""

    def __init__(self, ctx: AppContext, session: SessionView, parent: QWidget | None = None):
        super().__init__(ctx, tr("Inscrire à « {title} »").format(title=session.title), parent)
        self.session = session
        self.search = QLineEdit()
        self.search.setObjectName("candidate_search")
        self.search.setPlaceholderText(tr("Rechercher un nom"))
        self.form.addRow(self.search)
        self.people = ListView(CANDIDATE_COLUMNS, "candidates")
        self.people.set_rows(ctx.read(enrolments.candidates, session.id))
        self.row("person", tr("Salarié :"), self.people)
        self.search.textChanged.connect(self.people.proxy.set_search)
        self.people.row_activated.connect(lambda _row: self.accept())
        self.finish_layout()
        self.resize(420, 460)

    def submit(self) -> EnrolmentView:
        chosen = self.people.selected()
        if chosen is None:
            raise ValidationError(
                tr("Salarié : choisissez une personne dans la liste."), field="person"
            )
        return self.ctx.run(enrolments.enrol, self.session.id, chosen.person_id)


class AttendanceDialog(FormDialog):
    """One day of the session: the hours of each participant (empty or 0: absent)."""

    def __init__(
        self,
        ctx: AppContext,
        session: SessionView,
        enrolments: list[EnrolmentView],
        day: dt.date | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(ctx, tr("Présences — {title}").format(title=session.title), parent)
        self.session, self.enrolments = session, enrolments
        self.form.addRow(
            QLabel(
                tr(
                    "Session du {start} au {end}. Heures au format 7 ou 7:30 ; vide si absent."
                ).format(start=format_date(session.start_date), end=format_date(session.end_date))
            )
        )
        self.day = self.row("day", tr("Jour :"), DateField(day or session.start_date))
        self.hours: dict[int, QLineEdit] = {}
        for enrolment in enrolments:
            box = QLineEdit()
            box.setObjectName(f"minutes_{enrolment.id}")
            box.setMaximumWidth(90)
            self.hours[enrolment.id] = self.row(
                f"minutes_{enrolment.id}", enrolment.person_name + " :", box
            )
        self.day.editingFinished.connect(self.load_day)
        self.finish_layout()
        self.load_day()

    def load_day(self) -> None:
        try:
            day = self.day.checked_date("day", tr("Jour"))
        except ValidationError:
            return
        if day is None:
            return
        entered = self.ctx.read(attendance.day_attendance, self.session.id, day)
        for enrolment_id, box in self.hours.items():
            minutes = entered.get(enrolment_id, 0)
            box.setText(
                format_minutes(minutes, unit=False).replace("\u202f", "") if minutes else ""
            )

    def submit(self) -> int:
        day = self.day.checked_date("day", tr("Jour"))
        entries = {enrolment_id: box.text() for enrolment_id, box in self.hours.items()}
        return self.ctx.run(attendance.record_day, self.session.id, day, entries)


class ResultDialog(FormDialog):
    def __init__(self, ctx: AppContext, enrolment: EnrolmentView, parent: QWidget | None = None):
        super().__init__(ctx, tr("Résultat — {name}").format(name=enrolment.person_name), parent)
        self.enrolment = e = enrolment
        self.form.addRow(QLabel(e.session_title))
        self.status = self.row(
            "status", tr("Statut :"), code_combo([(s, s.label) for s in EnrolmentStatus], e.status)
        )
        self.result = self.row(
            "result", tr("Résultat :"), code_combo([(r, r.label) for r in TrainingResult], e.result)
        )
        self.certificate = self.row(
            "certificate_obtained",
            tr("Certification obtenue :"),
            QLineEdit(e.certificate_obtained or ""),
        )
        self.result_date = self.row(
            "result_date", tr("Date du résultat :"), DateField(e.result_date or e.end_date)
        )
        self.finish_layout()

    def submit(self) -> EnrolmentView:
        data = ResultInput(
            status=self.status.currentData(),
            result=self.result.currentData(),
            certificate_obtained=self.certificate.text(),
            result_date=self.result_date.checked_date("result_date", tr("Date du résultat")),
        )
        return self.ctx.run(
            enrolments.record_result,
            self.enrolment.id,
            data,
            expected_version=self.enrolment.version,
        )


class QualificationDialog(FormDialog):
    """Chantier qualifiant: the diploma targeted and the exam."""

    def __init__(self, ctx: AppContext, current: QualificationView, parent: QWidget | None = None):
        super().__init__(ctx, tr("Diplôme visé et examen"), parent)
        self.current = c = current
        self.diploma = self.row(
            "target_diploma", tr("Diplôme visé :"), QLineEdit(c.target_diploma or "")
        )
        self.exam_date = self.row("exam_date", tr("Date de l'examen :"), DateField(c.exam_date))
        self.exam_result = self.row(
            "exam_result",
            tr("Résultat :"),
            code_combo(
                [(None, tr("— non connu —")), *((r, r.label) for r in TrainingResult)],
                c.exam_result,
            ),
        )
        self.finish_layout()

    def submit(self) -> QualificationView:
        return self.ctx.run(
            trainings.set_qualification,
            self.current.contract_id,
            self.diploma.text(),
            self.exam_date.checked_date("exam_date", tr("Date de l'examen")),
            self.exam_result.currentData(),
        )
