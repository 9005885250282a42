"""PMSMP placements: host, target job, dates (one month at most), outcome.

The person's contract is suspended for the placement's dates: a ``ContractSuspension``
with reason PMSMP is written alongside and kept in step with the placement. A placement
entered by mistake is cancelled, never deleted (``db.cancellable``): it then counts for
nothing, neither D5135-3's placements at the same host nor the overlaps, and its id is never
another placement's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum.fr import siret as stdnum_siret

from chantier_app.db import models as m
from chantier_app.domain import pmsmp as rules
from chantier_app.domain.codes.contract_codes import SuspensionReason
from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.codes.support_codes import PmsmpOutcome
from chantier_app.domain.errors import (
    UnacknowledgedWarnings,
    Violation,
    refuse_errors,
    warnings_only,
)
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import checked_notes
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services._records import live
from chantier_app.services.context import Actor
from chantier_app.services.history import keep_cancellation, row_values
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class PmsmpView:
    id: int
    person_id: int
    contract_id: int | None
    host_name: str
    host_siret: str | None
    host_contact: str | None
    target_job: str | None
    start_date: dt.date
    end_date: dt.date
    agreement_reference: str | None
    outcome: PmsmpOutcome
    notes: str | None
    version: int = 1  # handed back with an edit (services._concurrency)

    @property
    def days(self) -> int:
        return rules.length_days(self.start_date, self.end_date)


@dataclass(frozen=True)
class PmsmpInput:
    host_name: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    target_job: str | None = None
    host_siret: str | None = None
    host_contact: str | None = None
    agreement_reference: str | None = None
    notes: str | None = None
    outcome: PmsmpOutcome | None = None  # None: unchanged (« en cours » for a new one)


def _view(row: m.Pmsmp) -> PmsmpView:
    return PmsmpView(
        row.id,
        row.person_id,
        row.contract_id,
        row.host_name,
        row.host_siret,
        row.host_contact,
        row.target_job,
        row.start_date,
        row.end_date,
        row.agreement_reference,
        row.outcome,
        row.notes,
        row.version,
    )


def list_pmsmps(session: Session, actor: Actor, person_id: int) -> list[PmsmpView]:
    permissions.require_person(session, actor, person_id, Permission.SUPPORT_VIEW)
    rows = session.scalars(
        select(m.Pmsmp).where(m.Pmsmp.person_id == person_id).order_by(m.Pmsmp.start_date)
    )
    return [_view(r) for r in rows]


def _validate(
    session: Session,
    person_id: int,
    data: PmsmpInput,
    pmsmp_id: int | None,
    acknowledge_warnings: bool,
) -> tuple[m.Contract, str, str | None, tuple[str, ...]]:
    """Everything checked before anything is written.

    Returns the contract suspended, the host, its SIRET and the codes of the warnings the
    user acknowledged (D5135-3's same-host count: ``rules.check_same_host``).
    """
    violations, contract, host, siret = _checked(session, person_id, data, pmsmp_id)
    refuse_errors(violations)
    warned = warnings_only(violations)
    if warned and not acknowledge_warnings:
        raise UnacknowledgedWarnings(warned)
    assert contract is not None and host is not None
    return contract, host, siret, tuple(dict.fromkeys(v.code for v in warned))


def check_pmsmp(
    session: Session,
    actor: Actor,
    person_id: int,
    data: PmsmpInput,
    pmsmp_id: int | None = None,
) -> list[Violation]:
    """What ``create_pmsmp`` (or ``update_pmsmp`` of ``pmsmp_id``) would refuse or warn
    about, read while the user types."""
    permissions.require_person(session, actor, person_id, Permission.SUPPORT_EDIT)
    return _checked(session, person_id, data, pmsmp_id)[0]


def _checked(
    session: Session, person_id: int, data: PmsmpInput, pmsmp_id: int | None
) -> tuple[list[Violation], m.Contract | None, str | None, str | None]:
    """Every rule's violation, and the contract suspended, the host and its SIRET."""
    violations: list[Violation] = []
    host = clean_text(data.host_name)
    if host is None:
        violations.append(
            Violation("pmsmp_host", tr("Entreprise d'accueil : obligatoire."), field="host_name")
        )
    siret = clean_text(data.host_siret)
    if siret is not None:
        siret = siret.replace(" ", "")
        if not stdnum_siret.is_valid(siret):
            violations.append(
                Violation(
                    "pmsmp_siret",
                    tr("SIRET : 14 chiffres avec une clé valide."),
                    field="host_siret",
                )
            )
    violations.extend(rules.check_dates(data.start_date, data.end_date))
    contract = None
    if not violations:
        start, end = data.start_date, data.end_date
        assert start is not None and end is not None
        contracts = list(
            session.scalars(select(m.Contract).where(m.Contract.person_id == person_id))
        )
        covering = [c for c in contracts if c.start_date <= start and end <= c.effective_end]
        violations.extend(
            rules.check_within_contract(
                start, end, [(c.start_date, c.effective_end) for c in contracts]
            )
        )
        if covering:
            contract = covering[0]
            others = session.execute(
                select(m.ContractSuspension.start_date, m.ContractSuspension.end_date).where(
                    m.ContractSuspension.contract_id == contract.id,
                    func.coalesce(m.ContractSuspension.pmsmp_id, 0) != (pmsmp_id or -1),
                )
            )
            placements = list(
                session.scalars(
                    select(m.Pmsmp).where(
                        m.Pmsmp.person_id == person_id, m.Pmsmp.id != (pmsmp_id or -1)
                    )
                )
            )
            periods = [(a, b) for a, b in others] + [(p.start_date, p.end_date) for p in placements]
            violations.extend(rules.check_overlaps(start, end, periods))
            if host is not None and not violations:
                violations.extend(
                    rules.check_same_host(
                        rules.Placement(host, siret, start, end),
                        [_placement(p) for p in placements],
                    )
                )
    return violations, contract, host, siret


def _placement(row: m.Pmsmp) -> rules.Placement:
    return rules.Placement(row.host_name, row.host_siret, row.start_date, row.end_date)


def _acknowledged(summary: str, codes: tuple[str, ...]) -> str:
    if not codes:
        return summary
    return summary + " (avertissement accepté : " + ", ".join(codes) + ")"


def _fill(
    row: m.Pmsmp, data: PmsmpInput, contract: m.Contract, host: str, siret: str | None
) -> None:
    row.contract_id = contract.id
    row.host_name = host
    row.host_siret = siret
    row.host_contact = clean_text(data.host_contact)
    row.target_job = clean_text(data.target_job)
    assert data.start_date is not None and data.end_date is not None
    row.start_date, row.end_date = data.start_date, data.end_date
    row.agreement_reference = clean_text(data.agreement_reference)
    row.notes = checked_notes(data.notes)
    if data.outcome is not None:
        row.outcome = data.outcome


def _suspension(session: Session, pmsmp_id: int) -> m.ContractSuspension | None:
    return session.scalars(
        select(m.ContractSuspension).where(m.ContractSuspension.pmsmp_id == pmsmp_id)
    ).first()


def create_pmsmp(
    session: Session,
    actor: Actor,
    person_id: int,
    data: PmsmpInput,
    *,
    acknowledge_warnings: bool = False,
) -> PmsmpView:
    """A new placement; the same-host warning (D5135-3) refuses until acknowledged."""
    permissions.require_person(session, actor, person_id, Permission.SUPPORT_EDIT)
    contract, host, siret, warned = _validate(session, person_id, data, None, acknowledge_warnings)
    row = m.Pmsmp(
        person_id=person_id, host_name=host, start_date=data.start_date, end_date=data.end_date
    )
    _fill(row, data, contract, host, siret)
    session.add(row)
    session.flush()
    suspension = m.ContractSuspension(
        contract_id=contract.id,
        reason=SuspensionReason.PMSMP,
        start_date=row.start_date,
        end_date=row.end_date,
        other_employer=host,
        pmsmp_id=row.id,
    )
    session.add(suspension)
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        "pmsmp",
        row.id,
        person_id=person_id,
        summary=_acknowledged("PMSMP ajoutée", warned),
    )
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        "contract_suspension",
        suspension.id,
        person_id=person_id,
        summary="contrat suspendu pendant la PMSMP",
    )
    return _view(row)


def _load(session: Session, pmsmp_id: int) -> m.Pmsmp:
    """The placement; one cancelled meanwhile is a stale edit (``_records.live``)."""
    return live(session, m.Pmsmp, pmsmp_id, tr("PMSMP"))


def update_pmsmp(
    session: Session,
    actor: Actor,
    pmsmp_id: int,
    data: PmsmpInput,
    *,
    acknowledge_warnings: bool = False,
    expected_version: int | None = None,
) -> PmsmpView:
    """Change a placement; the same-host warning (D5135-3) refuses until acknowledged."""
    roles_matrix.require(actor, Permission.SUPPORT_EDIT)
    row = _load(session, pmsmp_id)
    concurrency.expect(session, row, expected_version)
    contract, host, siret, warned = _validate(
        session, row.person_id, data, pmsmp_id, acknowledge_warnings
    )
    before = _view(row).__dict__.copy()
    _fill(row, data, contract, host, siret)
    suspension = _suspension(session, pmsmp_id)
    if suspension is None:
        suspension = m.ContractSuspension(reason=SuspensionReason.PMSMP, pmsmp_id=row.id)
        session.add(suspension)
    suspension.contract_id = contract.id
    suspension.start_date, suspension.end_date = row.start_date, row.end_date
    suspension.other_employer = host
    changed = audit.changed_fields(before, _view(row).__dict__)
    audit.record(
        session,
        actor,
        audit.Action.UPDATE,
        "pmsmp",
        row.id,
        person_id=row.person_id,
        summary=_acknowledged(
            "champs modifiés : " + ", ".join(changed) if changed else "aucun changement", warned
        ),
    )
    return _view(row)


def record_outcome(
    session: Session,
    actor: Actor,
    pmsmp_id: int,
    outcome: PmsmpOutcome,
    notes: str | None = None,
    *,
    expected_version: int | None = None,
) -> PmsmpView:
    roles_matrix.require(actor, Permission.SUPPORT_EDIT)
    row = _load(session, pmsmp_id)
    concurrency.expect(session, row, expected_version)
    row.outcome = outcome
    if checked_notes(notes) is not None:
        row.notes = checked_notes(notes)
    audit.record(
        session,
        actor,
        audit.Action.UPDATE,
        "pmsmp",
        row.id,
        person_id=row.person_id,
        summary="bilan de la PMSMP",
    )
    return _view(row)


def delete_pmsmp(
    session: Session,
    actor: Actor,
    pmsmp_id: int,
    *,
    expected_version: int | None = None,
) -> None:
    """Remove a placement entered by mistake, and the contract's suspension with it: both
    cancelled, not deleted (``db.cancellable``), kept in the history as
    ``pmsmp_corrections.cancel_pmsmp`` keeps them (this one asks no reason)."""
    roles_matrix.require(actor, Permission.SUPPORT_EDIT)
    row = _load(session, pmsmp_id)
    concurrency.expect(session, row, expected_version)
    suspension = _suspension(session, pmsmp_id)
    keep_cancellation(
        session,
        actor,
        RecordKind.PMSMP,
        record_id=row.id,
        person_id=row.person_id,
        previous={
            **row_values(row),
            "suspension": row_values(suspension) if suspension is not None else None,
        },
        reason=None,
        summary=tr("PMSMP chez {host} du {start} au {end} annulée").format(
            host=row.host_name, start=format_date(row.start_date), end=format_date(row.end_date)
        ),
        trail=tr("PMSMP annulée"),
    )
    if suspension is not None:
        suspension.mark_cancelled(actor.staff_id, None)
    row.mark_cancelled(actor.staff_id, None)
    session.flush()
