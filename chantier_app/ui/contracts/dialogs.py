"""Dialogs acting on one contract: renew, change the hours, suspend, end with an exit."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from chantier_app.domain.codes.contract_codes import (
    EndReason,
    ExtensionReason,
    SuspensionReason,
)
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.contract_dates import ONE_DAY, last_day_of
from chantier_app.domain.contract_end_rules import check_end, check_suspension
from chantier_app.domain.contract_history import (
    ProposedEnd,
    ProposedHoursChange,
    ProposedRenewal,
    ProposedSuspension,
)
from chantier_app.domain.contract_rules import check_hours_change, check_renewal
from chantier_app.domain.derogations import MIN_WEEKLY_MINUTES, DerogationPeriod, latest_end
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.i18n import tr
from chantier_app.services import contracts
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import HoursChangeInput, RenewalInput
from chantier_app.services.contracts import events as contracts_events
from chantier_app.services.contracts.events import EndInput, SuspensionInput
from chantier_app.services.contracts.views import ContractView, PersonContracts
from chantier_app.ui.contracts.action_dialog import ActionDialog
from chantier_app.ui.contracts.derogation_fields import DerogationFields
from chantier_app.ui.contracts.fields import (
    ChoiceCombo,
    HoursField,
    Reader,
    code_choices,
)
from chantier_app.ui.widgets.forms import DateField


def _describe(contract: ContractView) -> str:
    return tr("{kind} du {start} au {end}").format(
        kind=contract.kind.label,
        start=format_date(contract.start_date),
        end=format_date(contract.end_date),
    )


class ContractDialog(ActionDialog):
    """A dialog about one contract of the person whose file is open.

    A subclass names its ``title`` and adds its fields in ``build``; the form is then
    checked once, as the user will see it.
    """

    title = ""

    def __init__(
        self,
        ctx: AppContext,
        data: PersonContracts,
        contract: ContractView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.title, parent)
        self.data = data
        self.contract = contract
        self.today = data.today
        self.building = True
        self.build(contract)
        self.building = False
        self.refresh()

    def build(self, contract: ContractView) -> None:
        raise NotImplementedError

    def _known(self) -> tuple[DerogationPeriod, ...]:
        """The derogation periods recorded on this contract (D5132-43-5, D5132-43-8)."""
        period = self.data.history.contract(self.contract.id)
        return period.derogations if period is not None else ()

    def add_signed_on(self) -> None:
        """« Avenant signé le », today unless changed."""
        self.signed_on = self.add_field("signed_on", tr("Avenant signé le"), DateField(self.today))

    def read_signed_on(self, read: Reader) -> dt.date | None:
        return read.date("signed_on", tr("Avenant signé le"), self.signed_on, required=False)


class RenewDialog(ContractDialog):
    """Avenant de renouvellement: the planned end moves; beyond 24 months, a reason."""

    title = tr("Renouveler le contrat")

    def build(self, contract: ContractView) -> None:
        self.set_intro(
            tr(
                "{what}.<br>Parcours en CDDI à ce jour : {total} (24 mois au plus sans motif, 60 au plus)."
            ).format(what=_describe(contract), total=self.data.cddi_total.text())
        )
        months = 6 if contract.kind.is_cddi else 3
        suggested = last_day_of(contract.end_date + ONE_DAY, months)
        self.new_end = self.add_field(
            "new_end_date", tr("Nouvelle date de fin"), DateField(suggested)
        )
        self.add_signed_on()
        self.reason = self.add_field(
            "extension_reason",
            tr("Motif au-delà de 24 mois"),
            ChoiceCombo(code_choices(ExtensionReason), ExtensionReason.NONE),
        )
        self.until = self.add_field("extension_until", tr("Fin de la formation"), DateField())
        self.notes = self.add_field("reason", tr("Observations"), QLineEdit())
        # Below 20 h the months added need a derogation: a new period after the last one.
        below = (contract.weekly_minutes or MIN_WEEKLY_MINUTES) < MIN_WEEKLY_MINUTES
        self.derogation = DerogationFields(self, contract.derogation, self._next_span)
        known = self._known()
        if below and known and known[-1].end < suggested:
            self.derogation.start.set_date(known[-1].end + ONE_DAY)
            self.derogation.end.set_date(min(latest_end(known[-1].end + ONE_DAY), suggested))
            self.derogation.reference.clear()
        elif below and known:
            self.derogation.prefill(known[-1])
        self.derogation.set_enabled(below and contract.kind.is_cddi)

    def _next_span(self) -> tuple[dt.date | None, dt.date | None]:
        return self.contract.end_date + ONE_DAY, Reader().date("", "", self.new_end)

    def evaluate(self) -> tuple[Any, list[Violation]]:
        read = Reader()
        new_end = read.date("new_end_date", tr("Nouvelle date de fin"), self.new_end)
        signed = self.read_signed_on(read)
        derogation = self.derogation.read(read)
        reason = self.reason.value() or ExtensionReason.NONE
        self.until.setEnabled(reason is ExtensionReason.FINISH_TRAINING)
        until = None
        if reason is ExtensionReason.FINISH_TRAINING:
            until = read.date(
                "extension_until", tr("Fin de la formation"), self.until, required=False
            )
        if new_end is None or not read.ok:
            return None, read.violations
        period = self.derogation.new_period(derogation, self._known())
        data = RenewalInput(
            self.contract.id,
            new_end,
            signed,
            reason,
            until,
            self.notes.text(),
        )
        if period is not None:
            data = dataclasses.replace(
                data,
                derogation=period.kind,
                derogation_reference=period.reference,
                derogation_start=period.start,
                derogation_end=period.end,
                derogation_decided_on=period.decided_on,
            )
        proposal = ProposedRenewal(
            self.contract.id, new_end, signed or self.today, reason, until, period
        )
        return data, check_renewal(self.data.history, proposal)

    def save(self, data: RenewalInput, acknowledge: Sequence[str]) -> Any:
        return self.ctx.run(
            contracts.renew,
            data,
            acknowledge=acknowledge,
            today=self.today,
            expected_version=self.contract.version,
        )


class HoursDialog(ContractDialog):
    """Avenant de durée du travail: new weekly (CDDI) or monthly (Premières Heures) hours."""

    title = tr("Modifier la durée du travail")

    def build(self, contract: ContractView) -> None:
        self.per_month = contract.kind.hours_per_month
        current = contract.monthly_minutes if self.per_month else contract.weekly_minutes
        self.set_intro(
            tr("{what}.<br>Durée actuelle : {hours} {unit}.").format(
                what=_describe(contract),
                hours=format_minutes(current or 0),
                unit=tr("par mois") if self.per_month else tr("par semaine"),
            )
        )
        start = min(max(self.today, contract.start_date), contract.end_date)
        self.effective = self.add_field("effective_date", tr("Date d'effet"), DateField(start))
        field, label = (
            ("monthly_minutes", tr("Heures par mois"))
            if self.per_month
            else ("weekly_minutes", tr("Heures par semaine"))
        )
        self.hours_field, self.hours_label = field, label
        self.hours = self.add_field(field, label, HoursField(current))
        self.derogation = DerogationFields(self, contract.derogation, self._next_span)
        known = self._known()
        if known:
            self.derogation.prefill(known[-1])
        self.derogation.set_enabled(not self.per_month)
        self.add_signed_on()
        self.notes = self.add_field("reason", tr("Observations"), QLineEdit())

    def evaluate(self) -> tuple[Any, list[Violation]]:
        read = Reader()
        effective = read.date("effective_date", tr("Date d'effet"), self.effective)
        minutes = read.minutes(self.hours_field, self.hours_label, self.hours)
        signed = self.read_signed_on(read)
        derogation = self.derogation.read(read)
        if effective is None or not read.ok:
            return None, read.violations
        weekly, monthly = (None, minutes) if self.per_month else (minutes, None)
        new_period = self.derogation.new_period(derogation, self._known())
        data = HoursChangeInput(
            self.contract.id,
            effective,
            weekly,
            monthly,
            derogation.kind,
            derogation.reference,
            signed,
            self.notes.text(),
            new_period.start if new_period else None,
            new_period.end if new_period else None,
            new_period.decided_on if new_period else None,
        )
        proposal = ProposedHoursChange(
            self.contract.id, effective, weekly, monthly, derogation.kind, new_period
        )
        return data, check_hours_change(self.data.history, proposal)

    def _next_span(self) -> tuple[dt.date | None, dt.date | None]:
        return Reader().date("", "", self.effective), self.contract.end_date

    def save(self, data: HoursChangeInput, acknowledge: Sequence[str]) -> Any:
        return self.ctx.run(
            contracts.change_hours,
            data,
            acknowledge=acknowledge,
            expected_version=self.contract.version,
        )


class SuspendDialog(ContractDialog):
    """Suspension during a PMSMP or a trial period at another employer."""

    title = tr("Suspendre le contrat")

    def build(self, contract: ContractView) -> None:
        self.set_intro(_describe(contract) + ".")
        self.reason = self.add_field(
            "reason",
            tr("Motif"),
            ChoiceCombo(code_choices(SuspensionReason), SuspensionReason.PMSMP),
        )
        start = max(self.today, contract.start_date)
        self.start = self.add_field(
            "suspension_start", tr("Début de la suspension"), DateField(start)
        )
        self.end = self.add_field(
            "suspension_end", tr("Fin de la suspension"), DateField(start + dt.timedelta(days=13))
        )
        self.employer = self.add_field("other_employer", tr("Autre employeur"), QLineEdit())
        self.offer = self.add_field(
            "offer_qualifies",
            tr("Emploi proposé"),
            QCheckBox(tr("CDI, ou CDD d'au moins 6 mois")),
        )
        self.notes = self.add_field("notes", tr("Observations"), QLineEdit())

    def evaluate(self) -> tuple[Any, list[Violation]]:
        read = Reader()
        reason = self.reason.value() or SuspensionReason.OTHER
        trial = reason is SuspensionReason.TRIAL_ELSEWHERE
        self.employer.setEnabled(trial)
        self.offer.setEnabled(trial)
        start = read.date("suspension_start", tr("Début de la suspension"), self.start)
        end = read.date("suspension_end", tr("Fin de la suspension"), self.end)
        if start is None or end is None or not read.ok:
            return None, read.violations
        employer = self.employer.text() if trial else None
        offer = self.offer.isChecked() if trial else None
        data = SuspensionInput(
            self.contract.id, reason, start, end, employer, None, self.notes.text(), offer
        )
        proposal = ProposedSuspension(
            self.contract.id,
            start,
            end,
            is_pmsmp=reason is SuspensionReason.PMSMP,
            is_trial_elsewhere=trial,
            other_employer=employer,
            offer_qualifies=offer,
        )
        return data, check_suspension(self.data.history, proposal)

    def save(self, data: SuspensionInput, acknowledge: Sequence[str]) -> Any:
        return self.ctx.run(
            contracts_events.suspend,
            data,
            acknowledge=acknowledge,
            expected_version=self.contract.version,
        )


def exit_choices() -> list[tuple[ExitReason | None, str]]:
    """Exit reasons with their category, as the ASP lists them."""
    choices: list[tuple[ExitReason | None, str]] = [(None, tr("— choisir le motif de sortie —"))]
    return choices + [
        (reason, f"{reason.category.label} — {reason.value} {reason.label}")
        for reason in ExitReason
    ]


class EndDialog(ContractDialog):
    """End of the contract (at its term or early) and the person's exit."""

    title = tr("Fin de contrat et sortie")

    def build(self, contract: ContractView) -> None:
        self.set_intro(_describe(contract) + ".")
        self.end = self.add_field("end_date", tr("Date de fin"), DateField(contract.end_date))
        reasons = [(r, r.label) for r in EndReason if r is not EndReason.MOVE_TO_CDDI]
        self.end_reason = self.add_field(
            "end_reason",
            tr("Motif de fin"),
            ChoiceCombo([(None, tr("— choisir —")), *reasons], EndReason.TERM),
        )
        reasons_combo: ChoiceCombo[ExitReason] = ChoiceCombo(exit_choices())
        # As wide as its longest reason, the combo squeezed « Motif de sortie » at 1280×720:
        # 50 characters in the field, the whole reasons in its list.
        reasons_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        reasons_combo.setMinimumContentsLength(50)
        reasons_combo.view().setMinimumWidth(reasons_combo.view().sizeHintForColumn(0) + 24)
        reasons_combo.setToolTip(reasons_combo.currentText())  # the whole reason chosen
        reasons_combo.currentTextChanged.connect(reasons_combo.setToolTip)
        self.exit_reason = self.add_field("exit_reason", tr("Motif de sortie"), reasons_combo)
        self.category = QLabel()
        self.category.setObjectName("exit_category")
        self.form.addRow(tr("Catégorie"), self.category)
        self.notes = self.add_field("exit_notes", tr("Observations"), QLineEdit())

    def evaluate(self) -> tuple[Any, list[Violation]]:
        read = Reader()
        end = read.date("end_date", tr("Date de fin"), self.end)
        exit_reason = self.exit_reason.value()
        if exit_reason is None:
            self.category.setText("")
        else:
            dynamic = tr(" (sortie dynamique)") if exit_reason.category.dynamic else ""
            self.category.setText(exit_reason.category.label + dynamic)
        if end is None or not read.ok:
            return None, read.violations
        data = EndInput(
            self.contract.id, end, self.end_reason.value(), exit_reason, self.notes.text()
        )
        proposal = ProposedEnd(self.contract.id, end, data.end_reason, exit_reason)
        return data, check_end(self.data.history, proposal)

    def save(self, data: EndInput, acknowledge: Sequence[str]) -> Any:
        return self.ctx.run(
            contracts_events.end_contract,
            data,
            acknowledge=acknowledge,
            expected_version=self.contract.version,
        )
