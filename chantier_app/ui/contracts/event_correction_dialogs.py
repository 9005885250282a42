"""Correcting or cancelling a suspension, correcting an amendment and cancelling the last one,
from the line the user picked in the Contracts tab's timeline.

Like ``correction_dialogs``: each asks the service what it would break while the user
types (the same rules as a fresh suspension, the hours already entered), then saves in one
transaction; the previous version goes to « Historique des modifications ».
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from chantier_app.domain.codes.contract_codes import AmendmentKind, SuspensionReason
from chantier_app.domain.correction_consequences import Consequence
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.contracts.amendment_corrections import (
    AmendmentCorrection,
    AmendmentCorrectionResult,
    amendment_correction_consequences,
    check_amendment_correction,
    correct_amendment,
)
from chantier_app.services.contracts.event_corrections import (
    SuspensionCorrection,
    cancel_amendment,
    cancel_suspension,
    check_cancel_amendment,
    check_cancel_suspension,
    check_suspension_correction,
    correct_suspension,
)
from chantier_app.services.contracts.previews import (
    cancel_amendment_consequences,
    cancel_suspension_consequences,
    suspension_correction_consequences,
)
from chantier_app.services.contracts.renewal_corrections import (
    cancel_renewal,
    check_cancel_renewal,
)
from chantier_app.services.contracts.views import (
    AmendmentView,
    ContractView,
    PersonContracts,
    SuspensionView,
)
from chantier_app.ui.contracts.dialogs import ContractDialog
from chantier_app.ui.contracts.fields import ChoiceCombo, HoursField, Reader, code_choices
from chantier_app.ui.widgets.forms import DateField


def _suspension_text(s: SuspensionView) -> str:
    return tr("Suspension ({reason}) du {start} au {end}").format(
        reason=s.reason.label, start=format_date(s.start_date), end=format_date(s.end_date)
    )


class SuspensionDialog(ContractDialog):
    """A dialog about one suspension of the contract."""

    def __init__(
        self,
        ctx: AppContext,
        data: PersonContracts,
        contract: ContractView,
        suspension: SuspensionView,
        parent: QWidget | None = None,
    ) -> None:
        self.suspension = suspension
        super().__init__(ctx, data, contract, parent)


class CorrectSuspensionDialog(SuspensionDialog):
    """« Corriger la suspension » : reason, dates, other employer, notes as they should be."""

    title = tr("Corriger la suspension")
    save_text = tr("Enregistrer la correction")

    def build(self, contract: ContractView) -> None:
        s = self.suspension
        self.set_intro(
            tr(
                "{what}.<br>La correction est vérifiée comme une nouvelle suspension (dans le "
                "contrat, sans chevaucher une autre, heures déjà saisies) ; la version "
                "précédente est gardée dans l'historique des modifications."
            ).format(what=_suspension_text(s))
        )
        self.reason_choice = self.add_field(
            "suspension_reason",
            tr("Motif de la suspension"),
            ChoiceCombo(code_choices(SuspensionReason), s.reason),
        )
        self.start = self.add_field(
            "suspension_start", tr("Début de la suspension"), DateField(s.start_date)
        )
        self.end = self.add_field(
            "suspension_end", tr("Fin de la suspension"), DateField(s.end_date)
        )
        self.employer = self.add_field(
            "other_employer", tr("Autre employeur"), QLineEdit(s.other_employer or "")
        )
        self.offer = self.add_field(
            "offer_qualifies", tr("Emploi proposé"), QCheckBox(tr("CDI, ou CDD d'au moins 6 mois"))
        )
        self.offer.setChecked(True)  # it qualified when the suspension was entered
        self.notes = self.add_field("notes", tr("Observations"), QLineEdit(s.notes or ""))
        self.reason = self.add_field("reason", tr("Motif de la correction"), QLineEdit())

    def evaluate(self) -> tuple[Any, list[Violation]]:
        read = Reader()
        reason = self.reason_choice.value() or SuspensionReason.OTHER
        trial = reason is SuspensionReason.TRIAL_ELSEWHERE
        self.employer.setEnabled(trial)
        self.offer.setEnabled(trial)
        start = read.date("suspension_start", tr("Début de la suspension"), self.start)
        end = read.date("suspension_end", tr("Fin de la suspension"), self.end)
        if start is None or end is None or not read.ok:
            return None, read.violations
        data = SuspensionCorrection(
            self.suspension.id,
            reason,
            start,
            end,
            self.employer.text() if trial else None,
            self.notes.text(),
            self.offer.isChecked() if trial else None,
            self.reason.text(),
        )
        return data, self.ctx.read(check_suspension_correction, data, today=self.today)

    def preview(self, data: SuspensionCorrection) -> list[Consequence]:
        return self.ctx.read(suspension_correction_consequences, data, today=self.today)

    def save(self, data: SuspensionCorrection, acknowledge: Sequence[str]) -> SuspensionView:
        return self.ctx.run(correct_suspension, data, acknowledge=acknowledge, today=self.today)


class CancelSuspensionDialog(SuspensionDialog):
    """« Annuler la suspension » : the contract runs through those days again."""

    title = tr("Annuler la suspension")
    save_text = tr("Annuler la suspension")

    def build(self, contract: ContractView) -> None:
        self.set_intro(
            tr(
                "{what}.<br>Annuler la suspension rend ces jours au contrat ; la suspension "
                "annulée reste dans l'historique des modifications."
            ).format(what=_suspension_text(self.suspension))
        )
        self.reason = self.add_field("reason", tr("Motif de l'annulation"), QLineEdit())

    def evaluate(self) -> tuple[Any, list[Violation]]:
        reason = self.reason.text()
        found = self.ctx.read(check_cancel_suspension, self.suspension.id, reason, today=self.today)
        return reason, found

    def preview(self, reason: str) -> list[Consequence]:
        return self.ctx.read(cancel_suspension_consequences, self.suspension.id, today=self.today)

    def save(self, reason: str, acknowledge: Sequence[str]) -> ContractView:
        return self.ctx.run(
            cancel_suspension, self.suspension.id, reason, acknowledge=acknowledge, today=self.today
        )


class CancelAmendmentDialog(ContractDialog):
    """« Annuler l'avenant » : the contract's hours, or its end for a renewal, go back to what
    the amendment replaced."""

    title = tr("Annuler l'avenant")

    def __init__(
        self,
        ctx: AppContext,
        data: PersonContracts,
        contract: ContractView,
        amendment: AmendmentView,
        parent: QWidget | None = None,
    ) -> None:
        self.amendment = amendment
        renewal = amendment.kind is AmendmentKind.RENEWAL
        self._check = check_cancel_renewal if renewal else check_cancel_amendment
        self._cancel = cancel_renewal if renewal else cancel_amendment
        self.save_text = tr("Annuler l'avenant n° {n}").format(n=amendment.number)
        super().__init__(ctx, data, contract, parent)

    def build(self, contract: ContractView) -> None:
        a = self.amendment
        if a.kind is AmendmentKind.RENEWAL:
            intro = tr(
                "Avenant n° {n} de renouvellement : fin repoussée du {old} au {new}.<br>"
                "L'annuler rend au contrat sa fin d'avant ({old}) ; l'avenant annulé reste dans "
                "l'historique des modifications."
            ).format(
                n=a.number, old=format_date(a.previous_end_date), new=format_date(a.new_end_date)
            )
        else:
            per_month = contract.kind.hours_per_month
            old, new = (
                (a.previous_monthly_minutes, a.new_monthly_minutes)
                if per_month
                else (a.previous_weekly_minutes, a.new_weekly_minutes)
            )
            intro = tr(
                "Avenant n° {n} de durée du travail, à partir du {date} : {new} {unit}.<br>"
                "L'annuler rend au contrat sa durée d'avant ({old} {unit}) ; l'avenant annulé "
                "reste dans l'historique des modifications."
            ).format(
                n=a.number,
                date=format_date(a.effective_date),
                new=format_minutes(new or 0),
                old=format_minutes(old or 0),
                unit=tr("par mois") if per_month else tr("par semaine"),
            )
        self.set_intro(intro)
        self.reason = self.add_field("reason", tr("Motif de l'annulation"), QLineEdit())

    def evaluate(self) -> tuple[Any, list[Violation]]:
        reason = self.reason.text()
        found = self.ctx.read(self._check, self.amendment.id, reason, today=self.today)
        return reason, found

    def preview(self, reason: str) -> list[Consequence]:
        return self.ctx.read(cancel_amendment_consequences, self.amendment.id, today=self.today)

    def save(self, reason: str, acknowledge: Sequence[str]) -> ContractView:
        return self.ctx.run(
            self._cancel, self.amendment.id, reason, acknowledge=acknowledge, today=self.today
        )


class CorrectAmendmentDialog(ContractDialog):
    """« Corriger l'avenant » : an hours amendment's effective date, hours and signature
    date, a renewal's new end and signature date, as they should have been entered."""

    title = tr("Corriger l'avenant")
    save_text = tr("Enregistrer la correction")

    def __init__(
        self,
        ctx: AppContext,
        data: PersonContracts,
        contract: ContractView,
        amendment: AmendmentView,
        parent: QWidget | None = None,
    ) -> None:
        self.amendment = amendment
        self.notice: str | None = None
        super().__init__(ctx, data, contract, parent)

    def build(self, contract: ContractView) -> None:
        a = self.amendment
        self.renewal = a.kind is AmendmentKind.RENEWAL
        self.per_month = contract.kind.hours_per_month
        what = (
            tr("Avenant n° {n} de renouvellement : fin repoussée du {old} au {new}").format(
                n=a.number, old=format_date(a.previous_end_date), new=format_date(a.new_end_date)
            )
            if self.renewal
            else tr("Avenant n° {n} de durée du travail, à partir du {date}").format(
                n=a.number, date=format_date(a.effective_date)
            )
        )
        self.set_intro(
            tr(
                "{what}.<br>La correction est vérifiée comme un nouvel avenant (mêmes règles, "
                "heures déjà saisies) ; la version précédente est gardée dans l'historique des "
                "modifications."
            ).format(what=what)
        )
        if self.renewal:
            self.new_end = self.add_field(
                "new_end_date", tr("Nouvelle date de fin"), DateField(a.new_end_date)
            )
        else:
            self.effective = self.add_field(
                "effective_date", tr("Date d'effet"), DateField(a.effective_date)
            )
            self.hours_field, self.hours_label = (
                ("monthly_minutes", tr("Heures par mois"))
                if self.per_month
                else ("weekly_minutes", tr("Heures par semaine"))
            )
            current = a.new_monthly_minutes if self.per_month else a.new_weekly_minutes
            self.hours = self.add_field(self.hours_field, self.hours_label, HoursField(current))
        self.signed_on = self.add_field("signed_on", tr("Avenant signé le"), DateField(a.signed_on))
        self.reason = self.add_field("reason", tr("Motif de la correction"), QLineEdit())

    def evaluate(self) -> tuple[Any, list[Violation]]:
        read = Reader()
        signed = self.read_signed_on(read)
        if self.renewal:
            new_end = read.date("new_end_date", tr("Nouvelle date de fin"), self.new_end)
            if new_end is None or not read.ok:
                return None, read.violations
            data = AmendmentCorrection(
                self.amendment.id, signed, new_end_date=new_end, reason=self.reason.text()
            )
        else:
            effective = read.date("effective_date", tr("Date d'effet"), self.effective)
            minutes = read.minutes(self.hours_field, self.hours_label, self.hours)
            if effective is None or minutes is None or not read.ok:
                return None, read.violations
            weekly, monthly = (None, minutes) if self.per_month else (minutes, None)
            data = AmendmentCorrection(
                self.amendment.id, signed, effective, weekly, monthly, reason=self.reason.text()
            )
        return data, self.ctx.read(check_amendment_correction, data, today=self.today)

    def preview(self, data: AmendmentCorrection) -> list[Consequence]:
        return self.ctx.read(amendment_correction_consequences, data, today=self.today)

    def save(
        self, data: AmendmentCorrection, acknowledge: Sequence[str]
    ) -> AmendmentCorrectionResult:
        result: AmendmentCorrectionResult = self.ctx.run(
            correct_amendment,
            data,
            acknowledge=acknowledge,
            expected_version=self.amendment.version,
            today=self.today,
        )
        self.notice = result.notice
        return result
