"""The eligibility diagnosis: date, author, criteria met with their proof; the rule shown live.

A correction runs ``correct_diagnosis``'s rules while the user types (``LiveFormDialog``):
the save button stays disabled while one refuses it; a new diagnosis is checked on save."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from chantier_app.domain import eligibility as rules
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import eligibility
from chantier_app.services.people.diagnosis_corrections import (
    check_diagnosis_correction,
    correct_diagnosis,
)
from chantier_app.ui.format import format_date
from chantier_app.ui.people.fields import CodeCombo, text_or_none
from chantier_app.ui.widgets.forms import DateField, LiveFormDialog


class DiagnosisDialog(LiveFormDialog):
    def __init__(
        self,
        ctx: AppContext,
        person_id: int,
        current: eligibility.DiagnosisView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (
            tr("Corriger le diagnostic d'éligibilité")
            if current
            else tr("Nouveau diagnostic d'éligibilité")
        )
        super().__init__(ctx, title, parent)
        self.person_id, self.current = person_id, current
        if current:
            intro = QLabel(
                tr(
                    "Diagnostic du {date}. La correction est vérifiée comme un nouveau "
                    "diagnostic ; la version précédente est gardée dans l'historique des "
                    "modifications."
                ).format(date=format_date(current.made_on))
            )
            intro.setObjectName("intro")
            intro.setWordWrap(True)
            self.form.addRow(intro)
        # The age criteria are compared with the person's age on the diagnosis day, live.
        self.birth_date = ctx.read(eligibility.diagnosis_birth_date, person_id)
        self.made_on = self.row("made_on", tr("Date du diagnostic *"), DateField())
        self.author = self.row("author_kind", tr("Réalisé par *"), CodeCombo(DiagnosisAuthor))
        self.author_name = self.row(
            "author_name", tr("Prescripteur (organisme, conseiller)"), QLineEdit()
        )
        self.checks: dict[EligibilityCriterion, tuple[QCheckBox, QLineEdit]] = {}
        criteria = QWidget()
        grid = QGridLayout(criteria)
        grid.setContentsMargins(0, 0, 0, 0)
        levels = (
            (1, tr("Niveau 1 (un seul suffit)")),
            (2, tr("Niveau 2 (trois sont nécessaires)")),
        )
        for row, (level, title) in enumerate(levels):
            box = QGroupBox(title)
            inner = QGridLayout(box)
            for i, criterion in enumerate(c for c in EligibilityCriterion if c.level == level):
                check = QCheckBox(criterion.label)
                check.setObjectName(f"criterion_{criterion.value}")
                proof = QLineEdit()
                proof.setPlaceholderText(tr("justificatif vu"))
                proof.setMinimumWidth(200)
                proof.setEnabled(False)
                check.toggled.connect(proof.setEnabled)
                check.toggled.connect(lambda _=False: self._update_outcome())
                inner.addWidget(check, i, 0)
                inner.addWidget(proof, i, 1)
                self.checks[criterion] = (check, proof)
            inner.setColumnStretch(1, 1)
            grid.addWidget(box, row, 0)
        # The two levels' boxes are taller than a 1280×720 screen allows with the rest of the
        # form (764 px): they scroll, the dialog fits.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(criteria)
        scroll.setMinimumWidth(
            criteria.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        scroll.setMinimumHeight(260)
        self.row("criteria", tr("Critères constatés *"), scroll)
        self.outcome = QLabel()
        self.outcome.setObjectName("eligibilityOutcome")
        self.outcome.setWordWrap(True)
        self.form.addRow("", self.outcome)
        self.made_on.textChanged.connect(lambda _t: self._update_outcome())
        self.notes = self.row("notes", tr("Notes"), QLineEdit())
        self.reason = QLineEdit()
        if current:  # why it is corrected: required once the diagnosis served a hire
            self.row("reason", tr("Motif de la correction"), self.reason)
        self.author.currentIndexChanged.connect(self._author_changed)
        if current:
            self.made_on.set_date(current.made_on)
            self.author.set_value(current.author_kind)
            self.author_name.setText(current.author_name or "")
            self.notes.setText(current.notes or "")
            for criterion, proof in current.criteria:
                check, edit = self.checks[criterion]
                check.setChecked(True)
                edit.setText(proof or "")
        self._author_changed()
        self._update_outcome()
        self.live = current is not None  # a correction is checked as typed; a new one on save
        if current:
            self.save_button.setText(tr("Enregistrer la correction"))
            for check, proof in self.checks.values():
                check.toggled.connect(self.refresh)
                proof.textChanged.connect(self.refresh)
        self.finish_layout()
        self.resize(860, 640)

    def _author_changed(self) -> None:
        self.author_name.setEnabled(self.author.value() is not DiagnosisAuthor.STRUCTURE)

    def selected(self) -> dict[EligibilityCriterion, str | None]:
        return {
            c: text_or_none(proof) for c, (check, proof) in self.checks.items() if check.isChecked()
        }

    def _made_on(self) -> dt.date | None:
        try:
            return self.made_on.date()
        except ValueError:
            return None

    def _update_outcome(self) -> None:
        """The rule on the criteria that hold, and why a ticked one does not (in red)."""
        made_on = self._made_on()
        selected = self.selected()
        outcome = rules.assess(selected, birth_date=self.birth_date, made_on=made_on)
        color = "#1b5e20" if outcome.eligible else "#b00020"
        lines = [f"<b style='color:{color}'>{html.escape(outcome.summary)}</b>"]
        for violation in rules.check_criteria(
            selected, birth_date=self.birth_date, made_on=made_on
        ):
            lines.append(f"<span style='color:#b00020'>{html.escape(violation.message)}</span>")
        self.outcome.setText("<br>".join(lines))

    def check(self) -> list[Violation]:
        assert self.current is not None  # live only for a correction
        return self.ctx.read(
            check_diagnosis_correction, self.current.id, self._data(), self.reason.text()
        )

    def _data(self) -> eligibility.DiagnosisInput:
        d = self.dates(made_on=(self.made_on, tr("Date du diagnostic")))
        author = self.author.value()
        return eligibility.DiagnosisInput(
            made_on=d["made_on"],
            author_kind=author,
            author_name=None
            if author is DiagnosisAuthor.STRUCTURE
            else text_or_none(self.author_name),
            criteria=self.selected(),
            notes=text_or_none(self.notes),
            author_staff_id=self.ctx.actor.staff_id
            if author is DiagnosisAuthor.STRUCTURE
            else None,
        )

    def submit(self) -> None:
        data = self._data()
        if self.current is None:
            self.ctx.run(eligibility.add_diagnosis, self.person_id, data)
        else:
            self.ctx.run(
                correct_diagnosis,
                self.current.id,
                data,
                self.reason.text(),
                expected_version=self.current.version,
            )
