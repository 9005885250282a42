"""Correcting a contract entered wrong and cancelling an exit, from the Contracts tab.

Each dialog asks the service what the correction would break while the user types (the
same rules as a fresh entry, read from the database) and what it would change around the
contract (« Ce que la correction change »), then saves in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind
from chantier_app.domain.correction_consequences import Consequence
from chantier_app.domain.derogations import MIN_WEEKLY_MINUTES
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import parse_minutes
from chantier_app.i18n import tr
from chantier_app.services.contracts.corrections import (
    ContractCorrection,
    CorrectionResult,
    cancel_exit,
    check_cancel_exit,
    check_correction,
    correct_contract,
)
from chantier_app.services.contracts.hiring import default_trial_days
from chantier_app.services.contracts.previews import (
    cancel_exit_consequences,
    correction_consequences,
)
from chantier_app.services.contracts.views import ContractView
from chantier_app.ui.contracts.derogation_fields import DerogationFields
from chantier_app.ui.contracts.dialogs import ContractDialog
from chantier_app.ui.contracts.fields import ChoiceCombo, HoursField, Reader
from chantier_app.ui.widgets.forms import DateField


def _describe(contract: ContractView) -> str:
    return tr("{kind} du {start} au {end}").format(
        kind=contract.kind.label,
        start=format_date(contract.start_date),
        end=format_date(contract.end_date),
    )


class CorrectDialog(ContractDialog):
    """« Corriger le contrat » : what it should have been entered with, its terms included
    (end date, trial period, kind, hours per week or per month, a derogation below 20 h),
    where the person works (workshop, team, job) and the day it was signed."""

    title = tr("Corriger le contrat")
    save_text = tr("Enregistrer la correction")

    def build(self, contract: ContractView) -> None:
        self.notice: str | None = None
        self.set_intro(
            tr(
                "{what}.<br>Corrigez ce qui a été mal saisi : la correction est vérifiée comme "
                "une nouvelle saisie et la version précédente est gardée dans l'historique des "
                "modifications."
            ).format(what=_describe(contract))
        )
        self.kind = self.add_field(
            "kind",
            tr("Type de contrat"),
            ChoiceCombo([(kind, kind.label) for kind in ContractKind], contract.kind),
        )
        # Short fields in pairs: with the derogation's rows and the preview, the dialog
        # still fits a 1280×720 screen.
        self.start = DateField(contract.start_date)
        self.signed_on = DateField(contract.signed_on)
        self._add_pair(
            ("start_date", tr("Date de début"), self.start),
            ("signed_on", tr("Signé le"), self.signed_on),
        )
        self.end = DateField(contract.end_date)
        # The trial period as entered; a trial at the legal maximum follows corrected dates.
        self.trial = QLineEdit("" if contract.trial_days is None else str(contract.trial_days))
        self.trial.setMaximumWidth(60)
        hint = tr("jours (au plus {n})")
        self.trial_hint = QLabel(
            hint.format(n=default_trial_days(contract.start_date, contract.initial_end_date))
        )
        # Room for the longest it says (a month: 31 days), the form laid out once.
        self.trial_hint.setMinimumWidth(
            self.trial_hint.fontMetrics().horizontalAdvance(hint.format(n=31)) + 4
        )
        self._add_pair(
            ("end_date", tr("Date de fin"), self.end),
            ("trial_days", tr("Période d'essai"), self.trial),
            self.trial_hint,
        )
        self._trial_follows = contract.trial_days is not None and contract.trial_days == (
            default_trial_days(contract.start_date, contract.initial_end_date)
        )
        self._trial_shown = self.trial.text()
        # The hours the contract was entered with (an hours amendment's are corrected
        # through the amendment: the service says so under the field).
        self.weekly = self.add_field(
            "weekly_minutes", tr("Heures par semaine"), HoursField(contract.weekly_minutes)
        )
        self.monthly = self.add_field(
            "monthly_minutes", tr("Heures par mois"), HoursField(contract.monthly_minutes)
        )
        self.derogation = DerogationFields(self, contract.derogation, self._contract_span)
        self.provider = self.add_field(
            "training_provider",
            tr("Organisme de formation"),
            QLineEdit(contract.training_provider or ""),
        )
        self.diploma = self.add_field(
            "target_diploma", tr("Diplôme visé"), QLineEdit(contract.target_diploma or "")
        )
        known = self._known()
        if known:
            self.derogation.prefill(known[-1])
        workshops = [(w.id, w.name) for w in self.data.workshops]
        if contract.workshop_id is not None and contract.workshop_id not in dict(workshops):
            workshops.append((contract.workshop_id, contract.workshop_name or "?"))  # inactive
        if contract.workshop_id is None:
            workshops.insert(0, (None, tr("— aucun —")))  # never taken out once placed
        self.workshop = self.add_field(
            "workshop_id", tr("Atelier"), ChoiceCombo(workshops, contract.workshop_id)
        )
        self.team = self.add_field(
            "team_id",
            tr("Équipe"),
            ChoiceCombo(self._team_choices(contract.workshop_id), contract.team_id),
        )
        self.job = self.add_field("job_title", tr("Emploi"), QLineEdit(contract.job_title or ""))
        self.reason = self.add_field("reason", tr("Motif de la correction"), QLineEdit())
        self.workshop.currentIndexChanged.connect(self._workshop_changed)
        self.start.textChanged.connect(self._dates_changed)
        self.end.textChanged.connect(self._dates_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.weekly.textChanged.connect(self._show_rows)
        self.derogation.kind.currentIndexChanged.connect(self._show_rows)
        self._show_rows()

    def _add_pair(
        self,
        first: tuple[str, str, QLineEdit],
        second: tuple[str, str, QLineEdit],
        after: QLabel | None = None,
    ) -> None:
        """Two fields on one row of the form, the second named beside it; the messages of
        both under the row."""
        line = QWidget()
        layout = QHBoxLayout(line)
        layout.setContentsMargins(0, 0, 0, 0)
        for _field, _label, widget in (first, second):  # as wide as their maximum, aligned
            widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout.addWidget(first[2])
        layout.addSpacing(16)
        layout.addWidget(QLabel(second[1]))
        layout.addWidget(second[2])
        if after is not None:  # never narrower than its words
            after.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
            layout.addWidget(after)
        layout.addStretch(1)
        self.add_field(f"{first[0]}_line", first[1], line)
        error = self.error_labels.pop(f"{first[0]}_line")
        for field, _label, widget in (first, second):
            widget.setObjectName(field)
            widget.textChanged.connect(self.refresh)
            self.errors.register(field, widget, error)
            self.error_labels[field] = error

    def _chosen_kind(self) -> ContractKind:
        kind = self.kind.value()
        return kind if isinstance(kind, ContractKind) else self.contract.kind

    def _contract_span(self) -> tuple[dt.date | None, dt.date | None]:
        read = Reader()
        return read.date("", "", self.start), read.date("", "", self.end)

    def _team_choices(self, workshop_id: int | None) -> list[tuple[int | None, str]]:
        teams = [
            (team.id, team.name)
            for team in self.data.teams
            if workshop_id is None or team.parent_id == workshop_id
        ]
        return [(None, tr("— aucune —")), *teams]

    def _workshop_changed(self, *_args: object) -> None:
        """Another workshop: its teams to choose from (its only one chosen: the person's
        grid and sign-in sheets are a team's). The kind stays: only what the user changes
        is corrected, and the preview lists it."""
        workshop_id = self.workshop.value()
        choices = self._team_choices(workshop_id)
        keep = self.team.value() if self.team.value() in dict(choices) else None
        if keep is None and len(choices) == 2:
            keep = choices[1][0]
        self.team.set_choices(choices, keep)
        self.refresh()

    def _dates_changed(self, *_args: object) -> None:
        """A trial period at the legal maximum stays at the maximum of the dates typed
        (L1242-10), unless the user typed another one."""
        if not self._trial_follows or self.trial.text() != self._trial_shown:
            return
        start, end = self._contract_span()
        if start is not None and end is not None and end >= start:
            self._trial_shown = str(default_trial_days(start, self._signed_end(end)))
            self.trial.setText(self._trial_shown)

    def _signed_end(self, end: dt.date) -> dt.date:
        """The end the trial is measured on: the contract's as signed, before renewals."""
        return self.contract.initial_end_date if end == self.contract.end_date else end

    def _kind_changed(self, *_args: object) -> None:
        """Corrected to a chantier qualifiant: the workshop's training, as the hire fills it."""
        if self._chosen_kind() is ContractKind.CDDI_QUALIFYING and not self.provider.text():
            workshop = next((w for w in self.data.workshops if w.id == self.workshop.value()), None)
            if workshop is not None:
                self.provider.setText(workshop.training_provider or "")
                self.diploma.setText(workshop.target_diploma or "")
        self._show_rows()

    def _show_rows(self, *_args: object) -> None:
        """Hours per month for Premières Heures, per week for a CDDI; the derogation's rows
        once the weekly hours go below 20 h or a derogation is recorded (D5132-43-5, -8)."""
        per_month = self._chosen_kind().hours_per_month
        self._row_visible(self.monthly, per_month)
        self._row_visible(self.weekly, not per_month)
        derogation = self._derogation_asked()
        qualifying = self._chosen_kind() is ContractKind.CDDI_QUALIFYING
        self._row_visible(self.provider, qualifying)
        self._row_visible(self.diploma, qualifying)
        self.derogation.set_enabled(not per_month)
        for widget in (
            self.derogation.kind,
            self.derogation.reference,
            self.derogation.decided_on,
            self.derogation.start,
            self.derogation.end,
        ):
            self._row_visible(widget, derogation)
        if self.isVisible():
            # Rows hidden: no blank band where they stood (the dialog only grows otherwise).
            QTimer.singleShot(0, self, self._fit_rows)

    def _fit_rows(self) -> None:
        layout = self.layout()
        if layout is not None:
            layout.activate()
        height = max(self.sizeHint().height(), self.minimumSizeHint().height())
        if height < self.height():
            self.resize(self.width(), height)

    def _derogation_asked(self) -> bool:
        if self._chosen_kind().hours_per_month:
            return False
        try:
            weekly = parse_minutes(self.weekly.text())
        except ValueError:
            weekly = None
        chosen = self.derogation.kind.value() or DerogationKind.NONE
        below = weekly is not None and weekly < MIN_WEEKLY_MINUTES
        return below or chosen is not DerogationKind.NONE

    def _row_visible(self, widget: QWidget, visible: bool) -> None:
        container = widget.parentWidget()
        if container is not None:
            self.form.setRowVisible(container, visible)

    def evaluate(self) -> tuple[Any, list[Violation]]:
        read = Reader()
        kind = self._chosen_kind()
        start = read.date("start_date", tr("Date de début"), self.start)
        end = read.date("end_date", tr("Date de fin"), self.end)
        weekly = monthly = None
        if kind.hours_per_month:
            monthly = read.minutes("monthly_minutes", tr("Heures par mois"), self.monthly)
        else:
            weekly = read.minutes("weekly_minutes", tr("Heures par semaine"), self.weekly)
        derogation = self.derogation.read(read)
        trial = read.integer("trial_days", tr("Période d'essai"), self.trial)
        signed = read.date("signed_on", tr("Signé le"), self.signed_on, required=False)
        if start is not None and end is not None and end >= start:
            longest = default_trial_days(start, self._signed_end(end))
            self.trial_hint.setText(tr("jours (au plus {n})").format(n=longest))
        if start is None or end is None or not read.ok:
            return None, read.violations
        if trial is None and self.contract.trial_days is not None:
            # Emptied: the longest the law allows, as the hire form reads it.
            trial = default_trial_days(start, self._signed_end(end))
        asked = self._derogation_asked()
        period = self.derogation.new_period(derogation, self._known()) if asked else None
        data = ContractCorrection(
            self.contract.id,
            start,
            self.team.value(),
            self.job.text(),
            self.reason.text(),
            end_date=end,
            kind=kind,
            weekly_minutes=weekly,
            monthly_minutes=monthly,
            derogation=derogation.kind if asked else None,
            derogation_reference=derogation.reference if period else None,
            derogation_start=period.start if period else None,
            derogation_end=period.end if period else None,
            derogation_decided_on=period.decided_on if period else None,
            training_provider=self.provider.text()
            if kind is ContractKind.CDDI_QUALIFYING
            else None,
            target_diploma=self.diploma.text() if kind is ContractKind.CDDI_QUALIFYING else None,
            # As stored when left as shown: the service keeps a maximum trial at the maximum.
            trial_days=None if trial == self.contract.trial_days else trial,
            workshop_id=self.workshop.value(),
            signed_on=signed,
        )
        return data, self.ctx.read(check_correction, data, today=self.today)

    def preview(self, data: ContractCorrection) -> list[Consequence]:
        return self.ctx.read(correction_consequences, data, today=self.today)

    def save(self, data: ContractCorrection, acknowledge: Sequence[str]) -> CorrectionResult:
        result = self.ctx.run(
            correct_contract,
            data,
            acknowledge=acknowledge,
            today=self.today,
            expected_version=self.contract.version,
        )
        self.notice = result.notice
        return result


class CancelExitDialog(ContractDialog):
    """« Annuler la sortie » : the contract reopens as it was before its end."""

    title = tr("Annuler la sortie")
    save_text = tr("Annuler la sortie et rouvrir le contrat")

    def build(self, contract: ContractView) -> None:
        exit_text = (
            f"{contract.exit_reason.label} ({contract.exit_reason.category.label})"
            if contract.exit_reason is not None
            else tr("motif non communiqué")
        )
        self.set_intro(
            tr(
                "{what}.<br>Sortie enregistrée le {date} : {exit}.<br>Annuler la sortie rouvre "
                "le contrat tel qu'il était avant elle, jusqu'au {end} ; la sortie annulée reste "
                "dans l'historique des modifications."
            ).format(
                what=_describe(contract),
                date=format_date(contract.actual_end_date),
                exit=exit_text,
                end=format_date(contract.end_date),
            )
        )
        self.reason = self.add_field("reason", tr("Motif de l'annulation"), QLineEdit())

    def evaluate(self) -> tuple[Any, list[Violation]]:
        reason = self.reason.text()
        found = self.ctx.read(check_cancel_exit, self.contract.id, reason, today=self.today)
        return reason, found

    def preview(self, reason: str) -> list[Consequence]:
        return self.ctx.read(cancel_exit_consequences, self.contract.id, today=self.today)

    def save(self, reason: str, acknowledge: Sequence[str]) -> ContractView:
        return self.ctx.run(
            cancel_exit,
            self.contract.id,
            reason,
            acknowledge=acknowledge,
            today=self.today,
            expected_version=self.contract.version,
        )
