"""Hiring, and moving from Premières Heures to a CDDI.

The package lists every contract use case: renew and change the working time
(``amendments``), suspend and end with an exit (``events``); screens read through
``views`` and ``running``. Every action: rights first, every rule
checked before anything is written (``ValidationError``: the database is unchanged),
warnings only with an explicit acknowledgement (recorded: codes, who, when), an audit
line, then ``support.schedule.on_contract_changed`` in the same transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import (
    ContractKind,
    DerogationKind,
    EndReason,
    ExtensionReason,
)
from chantier_app.domain.contract_dates import ONE_DAY, max_trial_days
from chantier_app.domain.contract_history import (
    ProposedContract,
)
from chantier_app.domain.contract_limits import check_placement
from chantier_app.domain.contract_rules import (
    check_contract,
    check_move_to_cddi,
)
from chantier_app.domain.derogations import period_from
from chantier_app.domain.errors import Severity, Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import checked_notes
from chantier_app.i18n import tr
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import (
    append_acknowledgement,
    derogation_row,
    describe,
    get_contract,
    hours_conflicts,
    record_change,
    settle,
)
from chantier_app.services.contracts._history import load_history
from chantier_app.services.contracts.views import (
    ContractView,
    _contract_view,
)
from chantier_app.services.hours._contracts import terms_of
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class ContractInput:
    """A new contract as the hire form gives it (values already parsed)."""

    person_id: int
    kind: ContractKind
    start_date: dt.date
    end_date: dt.date
    workshop_id: int | None = None
    team_id: int | None = None
    job_title: str | None = None
    signed_on: dt.date | None = None
    weekly_minutes: int | None = None
    monthly_minutes: int | None = None
    trial_days: int | None = None  # None: the longest the law allows
    hourly_wage: Decimal | None = None
    derogation: DerogationKind = DerogationKind.NONE
    derogation_reference: str | None = None
    derogation_start: dt.date | None = None  # the derogation's period (D5132-43-5, -8)
    derogation_end: dt.date | None = None
    derogation_decided_on: dt.date | None = None
    adjusted_sentence: bool = False
    extension_reason: ExtensionReason = ExtensionReason.NONE
    extension_until: dt.date | None = None
    extension_notes: str | None = None
    training_provider: str | None = None
    target_diploma: str | None = None

    def proposal(self, follows: int | None = None) -> ProposedContract:
        return ProposedContract(
            kind=self.kind,
            start=self.start_date,
            end=self.end_date,
            weekly_minutes=None if self.kind.hours_per_month else self.weekly_minutes,
            monthly_minutes=self.monthly_minutes if self.kind.hours_per_month else None,
            trial_days=self.trial_days,
            derogation=self.derogation,
            derogation_period=None
            if self.kind.hours_per_month
            else period_from(
                self.derogation,
                self.derogation_start,
                self.derogation_end,
                self.derogation_reference,
                self.derogation_decided_on,
            ),
            adjusted_sentence=self.adjusted_sentence,
            extension_reason=self.extension_reason,
            extension_until=self.extension_until,
            training_provider=self.training_provider,
            target_diploma=self.target_diploma,
            follows_contract_id=follows,
        )


def hire(
    session: Session, actor: Actor, data: ContractInput, *, acknowledge: Iterable[str] = ()
) -> ContractView:
    """Hire the person on a new contract (Premières Heures or CDDI)."""
    permissions.require_person(session, actor, data.person_id, Permission.CONTRACTS_EDIT)
    history = load_history(session, data.person_id)
    found = check_contract(history, data.proposal()) + _reference_checks(session, data)
    acknowledgement = settle(found, acknowledge, actor, "hire")
    contract = _new_contract(session, actor, data, _latest_before(session, data))
    contract.acknowledged_warnings = append_acknowledgement(None, acknowledgement)
    record_change(
        session,
        actor,
        audit.Action.CREATE,
        contract,
        tr("embauche : {what}").format(what=describe(contract)),
        acknowledgement,
    )
    return _contract_view(session, contract.id)


def move_to_cddi(
    session: Session,
    actor: Actor,
    first_hours_id: int,
    data: ContractInput,
    *,
    acknowledge: Iterable[str] = (),
) -> ContractView:
    """End Premières Heures the day before ``data.start_date`` and hire the CDDI that follows."""
    roles_matrix.require(actor, Permission.CONTRACTS_EDIT)
    first_hours = get_contract(session, first_hours_id)
    found: list[Violation] = []
    if first_hours.person_id != data.person_id:
        found.append(
            Violation(
                "other_person",
                tr("Contrat : il appartient à une autre personne."),
                field="contract",
            )
        )
    history = load_history(session, first_hours.person_id)
    found += check_move_to_cddi(history, first_hours_id, data.proposal())
    found += _reference_checks(session, data)
    before = terms_of(first_hours)
    ended = dataclasses.replace(before, end=min(before.end, data.start_date - ONE_DAY))
    found += hours_conflicts(session, before, ended)
    acknowledgement = settle(found, acknowledge, actor, "move_to_cddi")
    first_hours.actual_end_date = data.start_date - ONE_DAY
    first_hours.end_reason = EndReason.MOVE_TO_CDDI
    cddi = _new_contract(session, actor, data, first_hours.id)
    cddi.acknowledged_warnings = append_acknowledgement(None, acknowledgement)
    record_change(
        session,
        actor,
        audit.Action.UPDATE,
        first_hours,
        tr("fin des Premières Heures le {date} : passage en CDDI").format(
            date=format_date(first_hours.actual_end_date)
        ),
        None,
    )
    record_change(
        session,
        actor,
        audit.Action.CREATE,
        cddi,
        tr("passage en CDDI : {what}").format(what=describe(cddi)),
        acknowledgement,
    )
    return _contract_view(session, cddi.id)


def default_trial_days(start: dt.date, end: dt.date) -> int:
    """The trial period a new contract gets unless the form says otherwise: the legal maximum."""
    return max_trial_days(start, end) if end >= start else 0


# Helpers ---------------------------------------------------------------------------------
def _new_contract(
    session: Session, actor: Actor, data: ContractInput, previous_id: int | None
) -> m.Contract:
    per_month = data.kind.hours_per_month
    contract = m.Contract(
        person_id=data.person_id,
        kind=data.kind,
        workshop_id=data.workshop_id,
        team_id=data.team_id,
        job_title=clean_text(data.job_title),
        signed_on=data.signed_on,
        start_date=data.start_date,
        initial_end_date=data.end_date,
        end_date=data.end_date,
        weekly_minutes=None if per_month else data.weekly_minutes,
        monthly_minutes=data.monthly_minutes if per_month else None,
        trial_days=default_trial_days(data.start_date, data.end_date)
        if data.trial_days is None
        else data.trial_days,
        hourly_wage=data.hourly_wage,
        derogation=DerogationKind.NONE if per_month else data.derogation,
        derogation_reference=None if per_month else clean_text(data.derogation_reference),
        adjusted_sentence=data.adjusted_sentence,
        extension_reason=data.extension_reason,
        extension_until=data.extension_until,
        extension_notes=checked_notes(
            data.extension_notes, field="extension_notes", label=tr("Notes de prolongation")
        ),
        previous_contract_id=previous_id,
        training_provider=clean_text(data.training_provider),
        target_diploma=clean_text(data.target_diploma),
        created_by_id=actor.staff_id,
    )
    period = data.proposal().derogation_period
    if period is not None:
        contract.derogations.append(derogation_row(period, actor))
    session.add(contract)
    session.flush()
    return contract


def _latest_before(session: Session, data: ContractInput) -> int | None:
    """The person's previous contract, which the new one follows (kept as a chain)."""
    return session.scalar(
        select(m.Contract.id)
        .where(m.Contract.person_id == data.person_id, m.Contract.start_date < data.start_date)
        .order_by(m.Contract.start_date.desc(), m.Contract.id.desc())
        .limit(1)
    )


def _reference_checks(session: Session, data: ContractInput) -> list[Violation]:
    found = check_placement(data.workshop_id, data.team_id, data.job_title)
    if data.workshop_id is not None and session.get(m.Workshop, data.workshop_id) is None:
        found.append(
            Violation("workshop_unknown", tr("Atelier : introuvable."), field="workshop_id")
        )
    if data.team_id is not None:
        team = session.get(m.Team, data.team_id)
        if team is None:
            found.append(Violation("team_unknown", tr("Équipe : introuvable."), field="team_id"))
        elif data.workshop_id is not None and team.workshop_id != data.workshop_id:
            found.append(
                Violation(
                    "team_outside_workshop",
                    tr("Équipe : elle n'appartient pas à l'atelier choisi."),
                    Severity.ERROR,
                    "team_id",
                )
            )
    if data.hourly_wage is not None and data.hourly_wage <= 0:
        found.append(
            Violation(
                "wage_not_positive",
                tr("Salaire horaire : il doit être positif."),
                field="hourly_wage",
            )
        )
    return found
