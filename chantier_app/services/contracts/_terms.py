"""The terms a contract correction may change besides its start: end date, hours, kind,
trial period.

``correct_contract`` reads them from ``ContractCorrection`` (None: as stored), checks them
with the hire's rules (``check_contract`` on the corrected entry) plus what only a
correction meets: a term an amendment has changed since is corrected through the
amendment, a Premières Heures moved to a CDDI keeps its kind while the move stands, and
what happened on the contract (its end, suspensions, amendments) stays inside the
corrected dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import object_session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import (
    AmendmentKind,
    ContractKind,
    DerogationKind,
    EndReason,
)
from chantier_app.domain.contract_dates import max_trial_days
from chantier_app.domain.contract_end_rules import TRIAL_REASONS
from chantier_app.domain.correction_consequences import ContractState
from chantier_app.domain.derogations import DerogationPeriod, period_from
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.domain.hours_terms import ContractTerms
from chantier_app.domain.parsing import clean_text
from chantier_app.i18n import tr
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import derogation_row
from chantier_app.services.hours._contracts import terms_of


class TermsInput(Protocol):
    """The fields of ``corrections.ContractCorrection`` read here (None: as stored)."""

    @property
    def start_date(self) -> dt.date: ...
    @property
    def end_date(self) -> dt.date | None: ...
    @property
    def kind(self) -> ContractKind | None: ...
    @property
    def weekly_minutes(self) -> int | None: ...
    @property
    def monthly_minutes(self) -> int | None: ...
    @property
    def trial_days(self) -> int | None: ...
    @property
    def derogation(self) -> DerogationKind | None: ...
    @property
    def derogation_reference(self) -> str | None: ...
    @property
    def derogation_start(self) -> dt.date | None: ...
    @property
    def derogation_end(self) -> dt.date | None: ...
    @property
    def derogation_decided_on(self) -> dt.date | None: ...
    @property
    def training_provider(self) -> str | None: ...
    @property
    def target_diploma(self) -> str | None: ...


@dataclass(frozen=True)
class Terms:
    """The contract's terms once corrected."""

    kind: ContractKind
    end_date: dt.date
    weekly_minutes: int | None
    monthly_minutes: int | None
    derogation: DerogationKind
    trial_days: int | None
    new_period: DerogationPeriod | None  # a derogation period not recorded yet
    training_provider: str | None = None  # a chantier qualifiant's (as at hire)
    target_diploma: str | None = None
    # The end the contract was signed with, before any renewal: the trial period's length
    # is that contract's (L1242-10, « durée initialement prévue au contrat »).
    signed_end: dt.date | None = None

    @property
    def hours_field(self) -> str:
        return "monthly_minutes" if self.kind.hours_per_month else "weekly_minutes"


def resolve(contract: m.Contract, data: TermsInput) -> Terms:
    """The corrected terms: what the correction says, else what is stored. Hours follow the
    kind (per month for Premières Heures, per week for a CDDI); a trial period not corrected
    that was the longest the law allows stays so for the corrected length (L1242-10)."""
    kind = data.kind or contract.kind
    end = data.end_date or contract.end_date
    if kind.hours_per_month:
        stored = contract.monthly_minutes if contract.kind.hours_per_month else None
        monthly = data.monthly_minutes if data.monthly_minutes is not None else stored
        weekly = None
        derogation = DerogationKind.NONE
    else:
        stored = None if contract.kind.hours_per_month else contract.weekly_minutes
        weekly = data.weekly_minutes if data.weekly_minutes is not None else stored
        monthly = None
        derogation = data.derogation or contract.derogation
    # A renewed contract's end is corrected through its renewal (the guards say so): its
    # signed end stays the initial one.
    signed_end = contract.initial_end_date if end == contract.end_date else end
    trial = contract.trial_days
    if data.trial_days is not None:
        trial = data.trial_days
    elif (
        (data.start_date, signed_end) != (contract.start_date, contract.initial_end_date)
        and contract.start_date <= contract.initial_end_date
        and trial == max_trial_days(contract.start_date, contract.initial_end_date)
        and data.start_date <= signed_end
    ):
        trial = max_trial_days(data.start_date, signed_end)
    period = None
    if not kind.hours_per_month:
        period = period_from(
            derogation,
            data.derogation_start,
            data.derogation_end,
            data.derogation_reference,
            data.derogation_decided_on,
        )
    if period is not None and any(
        (d.kind, d.start_date, d.end_date) == (period.kind, period.start, period.end)
        for d in contract.derogations
    ):
        period = None  # already recorded: nothing to add
    provider, diploma = contract.training_provider, contract.target_diploma
    if kind is ContractKind.CDDI_QUALIFYING:
        if data.training_provider is not None:
            provider = clean_text(data.training_provider)
        if data.target_diploma is not None:
            diploma = clean_text(data.target_diploma)
    elif contract.kind is ContractKind.CDDI_QUALIFYING:
        provider = diploma = None  # no longer qualifying: the hire keeps none either
    return Terms(
        kind, end, weekly, monthly, derogation, trial, period, provider, diploma, signed_end
    )


def changes(contract: m.Contract, terms: Terms) -> list[tuple[str, str]]:
    """Each term corrected and its line (« fin : 30/06/2026 → 31/07/2026 »)."""

    def hours(minutes: int | None, per_month: bool) -> str:
        if minutes is None:
            return tr("aucune")
        unit = tr("par mois") if per_month else tr("par semaine")
        return f"{format_minutes(minutes)} {unit}"

    found = []
    if terms.kind is not contract.kind:
        line = tr("type : {old} → {new}").format(old=contract.kind.label, new=terms.kind.label)
        found.append((tr("type de contrat"), line))
    if terms.end_date != contract.end_date:
        line = tr("fin : {old} → {new}").format(
            old=format_date(contract.end_date), new=format_date(terms.end_date)
        )
        found.append((tr("date de fin"), line))
    old = contract.monthly_minutes if contract.kind.hours_per_month else contract.weekly_minutes
    new = terms.monthly_minutes if terms.kind.hours_per_month else terms.weekly_minutes
    if (old, contract.kind.hours_per_month) != (new, terms.kind.hours_per_month):
        line = tr("durée du travail : {old} → {new}").format(
            old=hours(old, contract.kind.hours_per_month),
            new=hours(new, terms.kind.hours_per_month),
        )
        found.append((tr("durée du travail"), line))
    if terms.derogation is not contract.derogation:
        line = tr("dérogation : {old} → {new}").format(
            old=contract.derogation.label, new=terms.derogation.label
        )
        found.append((tr("dérogation"), line))
    elif terms.new_period is not None:
        line = tr("dérogation du {start} au {end} ajoutée").format(
            start=format_date(terms.new_period.start), end=format_date(terms.new_period.end)
        )
        found.append((tr("dérogation"), line))
    for label, old_text, new_text in (
        (tr("organisme de formation"), contract.training_provider, terms.training_provider),
        (tr("diplôme visé"), contract.target_diploma, terms.target_diploma),
    ):
        if old_text != new_text:
            line = tr("{label} : {old} → {new}").format(
                label=label, old=old_text or tr("aucun"), new=new_text or tr("aucun")
            )
            found.append((label, line))
    if terms.trial_days != contract.trial_days:
        line = tr("période d'essai : {old} → {new} jour(s)").format(
            old=contract.trial_days or 0, new=terms.trial_days or 0
        )
        found.append((tr("période d'essai"), line))
    return found


def guards(contract: m.Contract, start: dt.date, terms: Terms) -> list[Violation]:
    """What only a correction meets: terms an amendment changed since, a move to CDDI, and
    the contract's own events outside the corrected dates."""
    found: list[Violation] = []
    renewal = next((a for a in contract.amendments if a.kind is AmendmentKind.RENEWAL), None)
    if terms.end_date != contract.end_date and renewal is not None:
        found.append(
            Violation(
                "end_set_by_renewal",
                tr(
                    "Date de fin : l'avenant n° {n} a renouvelé le contrat jusqu'au {end} ; "
                    "la fin se corrige sur l'avenant (annulez-le, puis renouvelez de nouveau)."
                ).format(n=renewal.number, end=format_date(contract.end_date)),
                field="end_date",
            )
        )
    hours_amendment = next(
        (a for a in contract.amendments if a.kind is AmendmentKind.HOURS_CHANGE), None
    )
    same_unit = terms.kind.hours_per_month == contract.kind.hours_per_month
    hours_changed = not same_unit or (terms.weekly_minutes, terms.monthly_minutes) != (
        contract.weekly_minutes,
        contract.monthly_minutes,
    )
    if hours_changed and hours_amendment is not None:
        found.append(
            Violation(
                "hours_set_by_amendment",
                tr(
                    "{field} : l'avenant n° {n} a changé la durée du travail le {date} ; "
                    "annulez d'abord l'avenant, puis corrigez la durée."
                ).format(
                    field=_hours_label(terms),
                    n=hours_amendment.number,
                    date=format_date(hours_amendment.effective_date),
                ),
                field=terms.hours_field,
            )
        )
    if not same_unit and contract.amendments and hours_amendment is None:
        found.append(
            Violation(
                "kind_with_amendments",
                tr(
                    "Type de contrat : les avenants de ce contrat sont ceux d'un {kind} ; "
                    "annulez-les d'abord."
                ).format(kind=contract.kind.label),
                field="kind",
            )
        )
    moved = contract.end_reason is EndReason.MOVE_TO_CDDI or _follows_a_move(contract)
    if terms.kind is not contract.kind and moved and not same_unit:
        found.append(
            Violation(
                "kind_of_a_move",
                tr(
                    "Type de contrat : ce contrat fait partie d'un passage de Premières Heures "
                    "en CDDI ; annulez d'abord le passage en CDDI."
                ),
                field="kind",
            )
        )
    found += _trial_guard(contract, start, terms)
    if contract.actual_end_date is not None and terms.end_date < contract.actual_end_date:
        found.append(
            Violation(
                "end_before_actual_end",
                tr(
                    "Date de fin : le contrat a pris fin le {date}, après elle ; corrigez ou "
                    "annulez d'abord la sortie."
                ).format(date=format_date(contract.actual_end_date)),
                field="end_date",
            )
        )
    events = [
        (s.end_date, tr("une suspension"))
        for s in contract.suspensions
        if s.end_date > terms.end_date
    ]
    events += [
        (a.effective_date, tr("l'avenant n° {n}").format(n=a.number))
        for a in contract.amendments
        if a.effective_date > terms.end_date
    ]
    if events and terms.end_date >= start:
        day, what = max(events)
        found.append(
            Violation(
                "end_before_event",
                tr("Date de fin : {what} court jusqu'au {date}, après elle.").format(
                    what=what, date=format_date(day)
                ),
                field="end_date",
            )
        )
    return found


def _trial_guard(contract: m.Contract, start: dt.date, terms: Terms) -> list[Violation]:
    """A contract broken off during its trial period (L1242-11) keeps a trial running until
    that day: a shorter one would make the recorded end a rupture outside the trial."""
    end = contract.actual_end_date
    if end is None or contract.end_reason not in TRIAL_REASONS:
        return []
    needed = (end - start).days + 1
    if (terms.trial_days or 0) >= needed:
        return []
    return [
        Violation(
            "trial_before_trial_rupture",
            tr(
                "Période d'essai : le contrat a été rompu pendant la période d'essai le {date} ; "
                "elle dure au moins jusque-là ({n} jours), ou annulez d'abord la sortie."
            ).format(date=format_date(end), n=needed),
            field="trial_days",
        )
    ]


def state_after(contract: m.Contract, start: dt.date, terms: Terms) -> ContractState:
    """The contract as the consequences compare it, once corrected."""
    return ContractState(
        terms.kind,
        start,
        terms.end_date,
        contract.actual_end_date,
        contract.end_reason,
        contract.exit_reason,
    )


def hours_terms_after(contract: m.Contract, start: dt.date, terms: Terms) -> ContractTerms:
    """The contract as the hours rules see it, once corrected (no hours amendment: the
    guards refuse correcting hours an amendment changed since)."""
    before = terms_of(contract)
    same_unit = terms.kind.hours_per_month == contract.kind.hours_per_month
    return dataclasses.replace(
        before,
        kind=terms.kind,
        start=start,
        end=contract.actual_end_date or terms.end_date,
        weekly_minutes=terms.weekly_minutes,
        monthly_minutes=terms.monthly_minutes,
        changes=before.changes if same_unit else (),
    )


def apply(contract: m.Contract, terms: Terms, reference: str | None, actor: Actor) -> None:
    """Write the corrected terms. No renewal (the guards refuse it otherwise): the end
    signed is the planned end, and the contract reprints with it."""
    if terms.end_date != contract.end_date:
        contract.end_date = terms.end_date
        contract.initial_end_date = terms.end_date
    contract.kind = terms.kind
    contract.weekly_minutes = terms.weekly_minutes
    contract.monthly_minutes = terms.monthly_minutes
    contract.trial_days = terms.trial_days
    contract.training_provider = terms.training_provider
    contract.target_diploma = terms.target_diploma
    if terms.derogation is DerogationKind.NONE:
        contract.derogation_reference = None
    elif terms.new_period is not None:
        contract.derogation_reference = clean_text(reference)
    contract.derogation = terms.derogation
    if terms.new_period is not None:
        contract.derogations.append(derogation_row(terms.new_period, actor))


def _hours_label(terms: Terms) -> str:
    return tr("Heures par mois") if terms.kind.hours_per_month else tr("Heures par semaine")


def _follows_a_move(contract: m.Contract) -> bool:
    """Is this the CDDI a Premières Heures moved to (``hiring.move_to_cddi``)?"""
    previous = contract.previous_contract_id
    if previous is None:
        return False
    session = object_session(contract)
    row = session.get(m.Contract, previous) if session is not None else None
    return row is not None and row.end_reason is EndReason.MOVE_TO_CDDI
