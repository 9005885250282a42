"""Hire on a new contract, or move from Premières Heures to a CDDI (the same form)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from chantier_app.domain.codes.contract_codes import ContractKind, ExtensionReason
from chantier_app.domain.contract_dates import ONE_DAY, last_day_of, max_trial_days
from chantier_app.domain.contract_limits import check_placement
from chantier_app.domain.contract_rules import check_contract, check_move_to_cddi
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services import contracts
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import ContractInput
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

DEFAULT_MONTHS = {
    ContractKind.FIRST_HOURS: 4,
    ContractKind.CDDI_REMOBILISING: 6,
    ContractKind.CDDI_QUALIFYING: 12,
}
DEFAULT_WEEKLY_MINUTES = 26 * 60
DEFAULT_MONTHLY_MINUTES = 40 * 60


class HireDialog(ActionDialog):
    """A new contract; with ``first_hours`` given, the CDDI that follows Premières Heures."""

    def __init__(
        self,
        ctx: AppContext,
        data: PersonContracts,
        first_hours: ContractView | None = None,
        parent: QWidget | None = None,
        *,
        hiring: tuple[dt.date, dt.date | None] | None = None,
    ) -> None:
        """``hiring``: the dates of a hire imported from les emplois, the contract to complete."""
        moving = first_hours is not None
        super().__init__(ctx, tr("Passage en CDDI") if moving else tr("Embaucher"), parent)
        self.data = data
        self.first_hours = first_hours
        self.today = data.today
        if first_hours is not None:
            self.set_intro(
                tr(
                    "Les Premières Heures ({start} – {end}) prennent fin la veille du début du "
                    "CDDI (motif « Passage de Premières Heures en CDDI », sans sortie)."
                ).format(
                    start=format_date(first_hours.start_date), end=format_date(first_hours.end_date)
                )
            )
        kinds = [k for k in ContractKind if k.is_cddi or not moving]
        first_kind = kinds[0] if moving else ContractKind.CDDI_REMOBILISING
        self.kind = self.add_field(
            "kind", tr("Type de contrat"), ChoiceCombo([(k, k.label) for k in kinds], first_kind)
        )
        self.workshop = self.add_field(
            "workshop_id",
            tr("Atelier"),
            ChoiceCombo([(None, tr("— aucun —")), *[(w.id, w.name) for w in data.workshops]]),
        )
        self.team = self.add_field("team_id", tr("Équipe"), ChoiceCombo([(None, tr("— aucune —"))]))
        self.job_title = self.add_field("job_title", tr("Poste"), QLineEdit())
        start = self.today
        if (
            first_hours is not None
            and not first_hours.start_date < start <= first_hours.end_date + ONE_DAY
        ):
            start = first_hours.end_date + ONE_DAY
        self.start = self.add_field("start_date", tr("Date de début"), DateField(start))
        self.end = self.add_field("end_date", tr("Date de fin"), DateField())
        self.hours = self.add_field(
            "weekly_minutes", tr("Heures par semaine"), HoursField(DEFAULT_WEEKLY_MINUTES)
        )
        self.errors.register("monthly_minutes", self.hours, self.error_labels["weekly_minutes"])
        self.trial = self.add_field("trial_days", tr("Période d'essai (jours)"), QLineEdit())
        self.derogation = DerogationFields(self, default_span=self._contract_span)
        self.adjusted = self.add_field(
            "adjusted_sentence",
            tr("Aménagement de peine"),
            QCheckBox(tr("moins de 4 mois possible")),
        )
        self.extension = self.add_field(
            "extension_reason",
            tr("Motif au-delà de 24 mois"),
            ChoiceCombo(code_choices(ExtensionReason), ExtensionReason.NONE),
        )
        self.until = self.add_field("extension_until", tr("Fin de la formation"), DateField())
        self.provider = self.add_field(
            "training_provider", tr("Organisme de formation"), QLineEdit()
        )
        self.diploma = self.add_field("target_diploma", tr("Diplôme visé"), QLineEdit())
        self.signed_on = self.add_field("signed_on", tr("Signé le"), DateField(self.today))
        self._end_touched = False
        if hiring is not None:
            self.start.set_date(hiring[0])
            if hiring[1] is not None:
                self.end.set_date(hiring[1])
                self._end_touched = True
            self.set_intro(
                tr("Embauche importée des emplois de l'inclusion : complétez le contrat.")
            )
        self.end.textEdited.connect(self._touch_end)
        self.start.textChanged.connect(self._suggest_end)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.workshop.currentIndexChanged.connect(self._workshop_changed)
        self._kind_changed()
        self._place(first_hours)
        self.refresh()

    # Suggestions ------------------------------------------------------------------------------
    def _contract_span(self) -> tuple[dt.date | None, dt.date | None]:
        read = Reader()
        return read.date("start_date", "", self.start), read.date("end_date", "", self.end)

    def _touch_end(self) -> None:
        self._end_touched = True

    def _suggest_end(self) -> None:
        if self._end_touched:
            return
        read = Reader()
        start = read.date("start_date", "", self.start)
        kind = self.kind.value() or ContractKind.CDDI_REMOBILISING
        if start is not None:
            self.end.set_date(last_day_of(start, DEFAULT_MONTHS[kind]))

    def _kind_changed(self) -> None:
        kind = self.kind.value() or ContractKind.CDDI_REMOBILISING
        label = self.form.labelForField(self.hours.parentWidget())
        if label is not None:
            label.setText(
                tr("Heures par mois") if kind.hours_per_month else tr("Heures par semaine")
            )
        self.hours.set_minutes(
            DEFAULT_MONTHLY_MINUTES if kind.hours_per_month else self._default_weekly()
        )
        self.derogation.set_enabled(kind.is_cddi)
        for widget in (self.extension, self.until):
            widget.setEnabled(kind.is_cddi)
        for widget in (self.provider, self.diploma):
            widget.setEnabled(kind is ContractKind.CDDI_QUALIFYING)
        self._suggest_end()

    def _place(self, first_hours: ContractView | None) -> None:
        """Where the person works, as known: the Premières Heures' team and job for the CDDI
        that follows; else the team set in the person's file and their last contract's job
        (an empty team leaves the person out of every encadrant's grid)."""
        latest = self.data.contracts[-1] if self.data.contracts else None
        source = first_hours or latest
        team_id = first_hours.team_id if first_hours else self.data.person_team_id
        team = next((t for t in self.data.teams if t.id == team_id), None)
        workshop_id = team.parent_id if team else (source.workshop_id if source else None)
        if workshop_id is not None:
            self.workshop.set_value(workshop_id)  # its teams, its usual contract and hours
        if team is not None:
            self.team.set_value(team.id)
        if source is not None and source.job_title:
            self.job_title.setText(source.job_title)

    def _default_weekly(self) -> int:
        workshop = next((w for w in self.data.workshops if w.id == self.workshop.value()), None)
        return (workshop.weekly_minutes if workshop else None) or DEFAULT_WEEKLY_MINUTES

    def _workshop_changed(self) -> None:
        workshop = next((w for w in self.data.workshops if w.id == self.workshop.value()), None)
        teams = [(t.id, t.name) for t in self.data.teams if workshop and t.parent_id == workshop.id]
        self.team.set_choices(
            [(None, tr("— aucune —")), *teams], teams[0][0] if len(teams) == 1 else None
        )
        if workshop is None:
            return
        if workshop.kind is not None and (workshop.kind.is_cddi or self.first_hours is None):
            self.kind.set_value(workshop.kind)
        self.provider.setText(workshop.training_provider or "")
        self.diploma.setText(workshop.target_diploma or "")
        self._kind_changed()

    # Checking ---------------------------------------------------------------------------------
    def evaluate(self) -> tuple[Any, list[Violation]]:
        read = Reader()
        kind = self.kind.value() or ContractKind.CDDI_REMOBILISING
        start = read.date("start_date", tr("Date de début"), self.start)
        end = read.date("end_date", tr("Date de fin"), self.end)
        hours_field = "monthly_minutes" if kind.hours_per_month else "weekly_minutes"
        hours_label = tr("Heures par mois") if kind.hours_per_month else tr("Heures par semaine")
        minutes = read.minutes(hours_field, hours_label, self.hours)
        derogation = self.derogation.read(read)
        trial = read.integer("trial_days", tr("Période d'essai"), self.trial)
        reason = self.extension.value() or ExtensionReason.NONE
        until = None
        if kind.is_cddi and reason is ExtensionReason.FINISH_TRAINING:
            until = read.date(
                "extension_until", tr("Fin de la formation"), self.until, required=False
            )
        if start is not None and end is not None and end >= start:
            self.trial.setPlaceholderText(
                tr("vide : maximum légal ({n} jours)").format(n=max_trial_days(start, end))
            )
        if start is None or end is None or not read.ok:
            return None, read.violations
        data = ContractInput(
            person_id=self.data.person_id,
            kind=kind,
            start_date=start,
            end_date=end,
            workshop_id=self.workshop.value(),
            team_id=self.team.value(),
            job_title=self.job_title.text(),
            signed_on=read.date("signed_on", tr("Signé le"), self.signed_on, required=False),
            weekly_minutes=None if kind.hours_per_month else minutes,
            monthly_minutes=minutes if kind.hours_per_month else None,
            trial_days=trial,
            derogation=derogation.kind,
            derogation_reference=derogation.reference,
            derogation_start=derogation.start,
            derogation_end=derogation.end,
            derogation_decided_on=derogation.decided_on,
            adjusted_sentence=self.adjusted.isChecked(),
            extension_reason=reason if kind.is_cddi else ExtensionReason.NONE,
            extension_until=until,
            training_provider=self.provider.text()
            if kind is ContractKind.CDDI_QUALIFYING
            else None,
            target_diploma=self.diploma.text() if kind is ContractKind.CDDI_QUALIFYING else None,
        )
        if not read.ok:
            return None, read.violations
        placement = check_placement(data.workshop_id, data.team_id, data.job_title)
        if self.first_hours is not None:
            found = check_move_to_cddi(self.data.history, self.first_hours.id, data.proposal())
            return data, found + placement
        return data, check_contract(self.data.history, data.proposal()) + placement

    def save(self, data: ContractInput, acknowledge: Sequence[str]) -> Any:
        if self.first_hours is not None:
            return self.ctx.run(
                contracts.move_to_cddi, self.first_hours.id, data, acknowledge=acknowledge
            )
        return self.ctx.run(contracts.hire, data, acknowledge=acknowledge)
