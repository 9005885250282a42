"""A PMSMP: host company, target job, dates (one month at most, said as the dates are typed), outcome.

A correction runs the rules while the user types (``LiveFormDialog``), as ``correct_pmsmp``
checks it; a new placement is checked on « Enregistrer » (its empty form is not an error)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from chantier_app.domain import pmsmp as rules
from chantier_app.domain.codes.support_codes import PmsmpOutcome
from chantier_app.domain.errors import ValidationError, Violation
from chantier_app.domain.parsing import clean_text
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.support import pmsmp
from chantier_app.services.support.pmsmp import PmsmpInput, PmsmpView
from chantier_app.services.support.pmsmp_corrections import check_pmsmp_correction, correct_pmsmp
from chantier_app.ui.format import format_date
from chantier_app.ui.widgets.fields import code_combo, text_box
from chantier_app.ui.widgets.forms import DateField, LiveFormDialog


class PmsmpDialog(LiveFormDialog):
    def __init__(
        self,
        ctx: AppContext,
        person_id: int,
        existing: PmsmpView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = tr("Corriger la PMSMP") if existing else tr("Nouvelle PMSMP")
        super().__init__(ctx, title, parent)
        self.person_id = person_id
        self.existing = existing
        e = existing
        self.host = self.row(
            "host_name", tr("Entreprise d'accueil :"), QLineEdit(e.host_name if e else "")
        )
        self.siret = self.row(
            "host_siret", tr("SIRET :"), QLineEdit(e.host_siret or "" if e else "")
        )
        self.contact = self.row(
            "host_contact", tr("Tuteur, contact :"), QLineEdit(e.host_contact or "" if e else "")
        )
        self.job = self.row(
            "target_job", tr("Métier visé :"), QLineEdit(e.target_job or "" if e else "")
        )
        self.start = self.row("start_date", tr("Début :"), DateField(e.start_date if e else None))
        self.end = self.row("end_date", tr("Fin :"), DateField(e.end_date if e else None))
        self.length = QLabel()
        self.length.setObjectName("pmsmp_length")
        self.length.setStyleSheet("color: #555;")
        self.form.addRow("", self.length)
        self.reference = self.row(
            "agreement_reference",
            tr("N° de convention :"),
            QLineEdit(e.agreement_reference or "" if e else ""),
        )
        self.outcome = self.row(
            "outcome",
            tr("Bilan :"),
            code_combo([(o, o.label) for o in PmsmpOutcome], e.outcome if e else None),
        )
        self.notes = self.row("notes", tr("Notes :"), text_box(e.notes if e else None, 50))
        # Correcting the placement itself keeps its previous version (why, once declared).
        self.reason = QLineEdit()
        if e is not None:
            self.row("reason", tr("Motif de la correction :"), self.reason)
            self.save_button.setText(tr("Enregistrer la correction"))
        self.live = e is not None  # a correction is checked as typed; a new one on save
        self.finish_layout()
        self.start.textChanged.connect(self._show_length)
        self.end.textChanged.connect(self._show_length)
        self._show_length()
        self.resize(520, 520)

    def _show_length(self) -> None:
        """Say the length and the latest end while the dates are typed."""
        try:
            start = self.start.checked_date("start_date", "")
            end = self.end.checked_date("end_date", "")
        except ValidationError:
            start = end = None
        if start is None:
            self.length.setText(tr("Un mois au plus par convention."))
            return
        text = tr("Fin au plus tard le {latest}.").format(
            latest=format_date(rules.latest_end(start))
        )
        if end is not None and end >= start:
            text = tr("{days} jours. ").format(days=rules.length_days(start, end)) + text
        self.length.setText(text)

    def data(self) -> PmsmpInput:
        return PmsmpInput(
            host_name=self.host.text(),
            start_date=self.start.checked_date("start_date", tr("Date de début")),
            end_date=self.end.checked_date("end_date", tr("Date de fin")),
            target_job=self.job.text(),
            host_siret=self.siret.text(),
            host_contact=self.contact.text(),
            agreement_reference=self.reference.text(),
            notes=self.notes.toPlainText(),
            outcome=self.outcome.currentData(),
        )

    def check(self) -> list[Violation]:
        data = self.data()
        if self.existing is None:
            return self.ctx.read(pmsmp.check_pmsmp, self.person_id, data)
        if not self._placement_changed(data):  # the outcome or notes only
            return self.ctx.read(pmsmp.check_pmsmp, self.person_id, data, self.existing.id)
        return self.ctx.read(check_pmsmp_correction, self.existing.id, data, self.reason.text())

    def submit(self) -> PmsmpView:
        if self.existing is None:
            return self.ctx.run(
                pmsmp.create_pmsmp,
                self.person_id,
                self.data(),
                acknowledge_warnings=self.acknowledged,
            )
        data = self.data()
        if not self._placement_changed(data):  # the outcome or notes only: not a correction
            return self.ctx.run(
                pmsmp.update_pmsmp,
                self.existing.id,
                data,
                acknowledge_warnings=self.acknowledged,
                expected_version=self.existing.version,
            )
        return self.ctx.run(
            correct_pmsmp,
            self.existing.id,
            data,
            self.reason.text(),
            acknowledge_warnings=self.acknowledged,
            expected_version=self.existing.version,
        )

    def _placement_changed(self, data: PmsmpInput) -> bool:
        e = self.existing
        assert e is not None
        typed = PmsmpInput(
            clean_text(data.host_name), data.start_date, data.end_date,
            clean_text(data.target_job), clean_text((data.host_siret or "").replace(" ", "")),
            clean_text(data.host_contact), clean_text(data.agreement_reference),
        )  # fmt: skip
        kept = PmsmpInput(
            e.host_name, e.start_date, e.end_date, e.target_job, e.host_siret, e.host_contact,
            e.agreement_reference,
        )  # fmt: skip
        return typed != kept
