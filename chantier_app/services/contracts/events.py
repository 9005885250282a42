"""Suspending a contract (PMSMP, trial at another employer) and ending it with an exit."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import EndReason, SuspensionReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.contract_end_rules import check_end, check_suspension
from chantier_app.domain.contract_history import ProposedEnd, ProposedSuspension
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.hours_terms import SuspensionPeriod
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import checked_notes
from chantier_app.i18n import tr
from chantier_app.services import audit
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import (
    append_acknowledgement,
    contract_to_change,
    hours_conflicts,
    record_change,
    settle,
)
from chantier_app.services.contracts.views import ContractView, SuspensionView, _contract_view
from chantier_app.services.hours._contracts import terms_of


@dataclass(frozen=True)
class SuspensionInput:
    contract_id: int
    reason: SuspensionReason
    start_date: dt.date
    end_date: dt.date
    other_employer: str | None = None
    pmsmp_id: int | None = None
    notes: str | None = None
    offer_qualifies: bool | None = None  # trial elsewhere: a CDI or a CDD of 6 months or more


@dataclass(frozen=True)
class EndInput:
    """The end of a contract (early or at its term) and the person's exit (ASP reason)."""

    contract_id: int
    end_date: dt.date
    end_reason: EndReason | None
    exit_reason: ExitReason | None
    exit_notes: str | None = None


def suspend(
    session: Session,
    actor: Actor,
    data: SuspensionInput,
    *,
    acknowledge: Iterable[str] = (),
    expected_version: int | None = None,
) -> SuspensionView:
    """Suspend the contract for a PMSMP or a trial at another employer (no hours then)."""
    contract, history = contract_to_change(session, actor, data.contract_id, expected_version)
    proposal = ProposedSuspension(
        contract.id,
        data.start_date,
        data.end_date,
        is_pmsmp=data.reason is SuspensionReason.PMSMP,
        is_trial_elsewhere=data.reason is SuspensionReason.TRIAL_ELSEWHERE,
        other_employer=data.other_employer,
        offer_qualifies=data.offer_qualifies,
    )
    found = check_suspension(history, proposal) + _pmsmp_check(session, contract, data.pmsmp_id)
    if data.start_date <= data.end_date:
        before = terms_of(contract)
        period = SuspensionPeriod(data.start_date, data.end_date, proposal.is_pmsmp)
        after = dataclasses.replace(before, suspensions=(*before.suspensions, period))
        found += hours_conflicts(session, before, after)
    acknowledgement = settle(found, acknowledge, actor, "suspend")
    suspension = m.ContractSuspension(
        reason=data.reason,
        start_date=data.start_date,
        end_date=data.end_date,
        other_employer=clean_text(data.other_employer),
        pmsmp_id=data.pmsmp_id,
        notes=checked_notes(data.notes),
    )
    contract.suspensions.append(suspension)
    contract.acknowledged_warnings = append_acknowledgement(
        contract.acknowledged_warnings, acknowledgement
    )
    session.flush()
    record_change(
        session,
        actor,
        audit.Action.UPDATE,
        contract,
        tr("suspension ({reason}) du {start} au {end}").format(
            reason=data.reason.label,
            start=format_date(data.start_date),
            end=format_date(data.end_date),
        ),
        acknowledgement,
    )
    return SuspensionView(
        suspension.id,
        suspension.reason,
        suspension.start_date,
        suspension.end_date,
        suspension.other_employer,
        suspension.notes,
    )


def end_contract(
    session: Session,
    actor: Actor,
    data: EndInput,
    *,
    acknowledge: Iterable[str] = (),
    expected_version: int | None = None,
) -> ContractView:
    """End the contract (early with its reason, or at its term) and record the exit."""
    contract, history = contract_to_change(session, actor, data.contract_id, expected_version)
    proposal = ProposedEnd(contract.id, data.end_date, data.end_reason, data.exit_reason)
    before = terms_of(contract)
    found = check_end(history, proposal)
    found += hours_conflicts(session, before, dataclasses.replace(before, end=data.end_date))
    acknowledgement = settle(found, acknowledge, actor, "end")
    early = data.end_date < contract.end_date
    contract.actual_end_date = data.end_date
    contract.end_reason = data.end_reason
    contract.exit_reason = data.exit_reason
    contract.exit_notes = checked_notes(
        data.exit_notes, field="exit_notes", label=tr("Observations de sortie")
    )
    contract.acknowledged_warnings = append_acknowledgement(
        contract.acknowledged_warnings, acknowledgement
    )
    assert data.end_reason is not None and data.exit_reason is not None  # checked above
    record_change(
        session,
        actor,
        audit.Action.UPDATE,
        contract,
        tr("{what} le {date} ({reason}) ; sortie : {exit} ({category})").format(
            what=tr("rupture anticipée") if early else tr("fin du contrat"),
            date=format_date(data.end_date),
            reason=data.end_reason.label,
            exit=data.exit_reason.label,
            category=data.exit_reason.category.label,
        ),
        acknowledgement,
    )
    return _contract_view(session, contract.id)


def _pmsmp_check(session: Session, contract: m.Contract, pmsmp_id: int | None) -> list[Violation]:
    if pmsmp_id is None:
        return []
    pmsmp = session.get(m.Pmsmp, pmsmp_id)
    if pmsmp is None or pmsmp.person_id != contract.person_id:
        return [
            Violation(
                "pmsmp_unknown", tr("PMSMP : introuvable pour cette personne."), field="pmsmp_id"
            )
        ]
    return []
