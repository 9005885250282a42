"""What every contract action shares: errors refuse, warnings need an acknowledgement.

``settle`` is called once all checks are done and before anything is written: it raises
``ValidationError`` (errors) or ``UnacknowledgedWarnings`` (warnings the user did not tick),
and otherwise returns the acknowledgement to record with the change (codes, who, when).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import now
from chantier_app.domain.contract_history import ContractHistory
from chantier_app.domain.derogations import DerogationPeriod
from chantier_app.domain.errors import (
    NotFoundError,
    UnacknowledgedWarnings,
    Violation,
    refuse_errors,
    warnings_only,
)
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.hours_rules import entered_hours_conflicts
from chantier_app.domain.hours_terms import ContractTerms
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import audit, roles_matrix
from chantier_app.services._records import in_team, live
from chantier_app.services.context import Actor
from chantier_app.services.contracts._history import load_history
from chantier_app.services.contracts.views import (
    Acknowledgement,
    read_acknowledgements,
    write_acknowledgements,
)
from chantier_app.services.hours._common import entered_hours, holidays_for
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.support import schedule


def settle(
    violations: Iterable[Violation], acknowledge: Iterable[str], actor: Actor, action: str
) -> Acknowledgement | None:
    """Refuse on any error or unacknowledged warning; else the acknowledgement to record."""
    found = list(violations)
    refuse_errors(found)
    warnings = warnings_only(found)
    acknowledged = set(acknowledge)
    missing = [w for w in warnings if w.code not in acknowledged]
    if missing:
        raise UnacknowledgedWarnings(missing)
    if not warnings:
        return None
    codes = tuple(dict.fromkeys(w.code for w in warnings))
    return Acknowledgement(codes, actor.name, now(), action)


def append_acknowledgement(current: str | None, entry: Acknowledgement | None) -> str | None:
    if entry is None:
        return current
    return write_acknowledgements((*read_acknowledgements(current), entry))


def derogation_row(period: DerogationPeriod, actor: Actor) -> m.ContractDerogation:
    return m.ContractDerogation(
        kind=period.kind,
        start_date=period.start,
        end_date=period.end,
        reference=period.reference,
        decided_on=period.decided_on,
        created_by_id=actor.staff_id,
    )


def get_contract(session: Session, contract_id: int) -> m.Contract:
    contract = session.get(m.Contract, contract_id)
    # Cancelled in this very session, it may still be in hand (no query hides it then).
    if contract is None or contract.cancelled:
        raise NotFoundError(tr("Contrat"), contract_id)
    return contract


def live_contract(session: Session, actor: Actor, contract_id: int) -> m.Contract:
    """The contract a dialog corrects or cancels; one cancelled meanwhile (a hire cancelled
    at another office) is a stale edit (``_records.live``), out of the actor's teams refused
    first."""
    guard = in_team(session, actor, m.Contract, lambda c: c.person_id)
    return live(session, m.Contract, contract_id, tr("Contrat"), guard=guard)


def contract_to_change(
    session: Session, actor: Actor, contract_id: int, expected_version: int | None = None
) -> tuple[m.Contract, ContractHistory]:
    """The contract an action changes and its person's history, once the actor may do it.

    On a server the contract's row stays locked until the action commits (SQLite's writer
    lock already runs actions one at a time): two actions on one contract at once run one
    after the other, the second on the first's result, so two amendments never draw the
    same number. ``expected_version``: the contract as the dialog loaded it; refused when
    someone saved it since (``services._concurrency``)."""
    roles_matrix.require(actor, Permission.CONTRACTS_EDIT)
    locking = session.get_bind().dialect.name != "sqlite"
    contract = session.get(
        m.Contract, contract_id, with_for_update=locking, populate_existing=locking
    )
    if contract is None:
        raise NotFoundError(tr("Contrat"), contract_id)
    concurrency.expect(session, contract, expected_version)
    return contract, load_history(session, contract.person_id)


def describe(contract: m.Contract) -> str:
    """« CDDI chantier remobilisant du 01/01/2026 au 30/06/2026 »"""
    return tr("{kind} du {start} au {end}").format(
        kind=contract.kind.label,
        start=format_date(contract.start_date),
        end=format_date(contract.effective_end),
    )


def record_change(
    session: Session,
    actor: Actor,
    action: audit.Action,
    contract: m.Contract,
    summary: str,
    acknowledgement: Acknowledgement | None,
) -> None:
    """Audit the change, then let the support schedule follow the contract's new dates."""
    if acknowledgement is not None:
        summary += tr(" ; avertissements acceptés : {codes}").format(
            codes=", ".join(acknowledgement.codes)
        )
    audit.record(
        session,
        actor,
        action,
        "contract",
        contract.id,
        person_id=contract.person_id,
        summary=summary,
    )
    schedule.on_contract_changed(session, actor, contract.id)


def hours_conflicts(
    session: Session, before: ContractTerms, after: ContractTerms
) -> list[Violation]:
    """Hours already entered that the end or the suspension would leave outside the contract:
    they are corrected first (a declared month is unlocked to do so)."""
    months, days = entered_hours(session, before.contract_id)
    if not months and not days:
        return []
    years = {d.year for d in (*months, *days)}
    return entered_hours_conflicts(before, after, months, days, holidays_for(session, years))
