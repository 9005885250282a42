"""Correcting or cancelling a suspension, and cancelling the last hours amendment.

The same discipline as ``contracts.corrections``: the corrected state is checked as if it
were entered that way now (``check_suspension``, the hours already entered), the previous
version is kept (``services.history``), it is one transaction, and who may is
``roles_matrix.CORRECTIONS``. A cancelled suspension or amendment leaves the contract (its
row and its hours' terms) as it was before it; its values stay in the history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import AmendmentKind, SuspensionReason
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.contract_dates import Span
from chantier_app.domain.contract_end_rules import check_suspension
from chantier_app.domain.contract_history import ProposedSuspension
from chantier_app.domain.errors import NotFoundError, PermissionDeniedError, Violation
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.domain.hours_terms import SuspensionPeriod
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import checked_notes, checked_reason
from chantier_app.i18n import tr
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services._records import in_team, live, parent_person, stale_as_violation
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import (
    append_acknowledgement,
    describe,
    hours_conflicts,
    settle,
)
from chantier_app.services.contracts._history import load_history
from chantier_app.services.contracts.corrections import _reason_check
from chantier_app.services.contracts.events import _pmsmp_check
from chantier_app.services.contracts.views import ContractView, SuspensionView, _contract_view
from chantier_app.services.history import keep_correction, keep_version, row_values
from chantier_app.services.hours._common import entered_hours
from chantier_app.services.hours._contracts import terms_of
from chantier_app.services.support import schedule

_Row = TypeVar("_Row", m.ContractSuspension, m.Amendment)


@dataclass(frozen=True)
class SuspensionCorrection:
    """A suspension's reason, dates and details as they should have been entered."""

    suspension_id: int
    suspension_reason: SuspensionReason
    start_date: dt.date
    end_date: dt.date
    other_employer: str | None = None
    notes: str | None = None
    offer_qualifies: bool | None = None  # trial elsewhere: a CDI or a CDD of 6 months or more
    reason: str | None = None  # why it is corrected (required once a month was declared)


# Suspensions -----------------------------------------------------------------------------
def correct_suspension(
    session: Session,
    actor: Actor,
    data: SuspensionCorrection,
    *,
    acknowledge: Iterable[str] = (),
    today: dt.date | None = None,
) -> SuspensionView:
    """Correct the reason, dates, other employer or notes of a suspension entered wrong."""
    suspension = _suspension_to_change(session, actor, data.suspension_id, today)
    changes, found = _suspension_check(session, suspension, data)
    acknowledgement = settle(found, acknowledge, actor, "correct_suspension")
    previous = row_values(suspension)
    contract = suspension.contract
    suspension.reason = data.suspension_reason
    suspension.start_date = data.start_date
    suspension.end_date = data.end_date
    suspension.other_employer = clean_text(data.other_employer)
    suspension.notes = checked_notes(data.notes)
    contract.acknowledged_warnings = append_acknowledgement(
        contract.acknowledged_warnings, acknowledgement
    )
    what = tr("suspension de : {what}").format(what=describe(contract))
    keep_correction(
        session,
        actor,
        RecordKind.SUSPENSION,
        record_id=suspension.id,
        person_id=contract.person_id,
        previous=previous,
        reason=data.reason,
        what=what,
        changes=changes,
        acknowledged=acknowledgement.codes if acknowledgement is not None else (),
    )
    session.flush()
    schedule.on_contract_changed(session, actor, contract.id)
    return SuspensionView(
        suspension.id,
        suspension.reason,
        suspension.start_date,
        suspension.end_date,
        suspension.other_employer,
        suspension.notes,
    )


@stale_as_violation
def check_suspension_correction(
    session: Session, actor: Actor, data: SuspensionCorrection, *, today: dt.date | None = None
) -> list[Violation]:
    """What ``correct_suspension`` would refuse or warn about (read while the user types)."""
    suspension = _suspension_to_change(session, actor, data.suspension_id, today)
    return _suspension_check(session, suspension, data)[1]


def cancel_suspension(
    session: Session,
    actor: Actor,
    suspension_id: int,
    reason: str | None = None,
    *,
    acknowledge: Iterable[str] = (),
    today: dt.date | None = None,
) -> ContractView:
    """Cancel a suspension entered by mistake: the contract runs through those days again."""
    suspension = _suspension_to_change(session, actor, suspension_id, today)
    found = _cancel_suspension_check(session, suspension, reason)
    settle(found, acknowledge, actor, "cancel_suspension")
    contract = suspension.contract
    previous = row_values(suspension)
    summary = tr("suspension ({reason}) du {start} au {end} annulée : {what}").format(
        reason=suspension.reason.label,
        start=format_date(suspension.start_date),
        end=format_date(suspension.end_date),
        what=describe(contract),
    )
    keep_version(
        session,
        actor,
        RecordKind.SUSPENSION,
        VersionAction.CANCEL,
        record_id=suspension.id,
        person_id=contract.person_id,
        previous=previous,
        reason=reason,
        summary=summary,
        audit_summary=tr("suspension annulée : {what}").format(what=describe(contract)),
    )
    # Cancelled, not deleted (db.cancellable): its id is never given to another suspension,
    # whose history its versions would be read with.
    suspension.mark_cancelled(actor.staff_id, checked_reason(reason))
    session.flush()
    session.expire(contract, ["suspensions"])  # read again, without it
    schedule.on_contract_changed(session, actor, contract.id)
    return _contract_view(session, contract.id)


@stale_as_violation
def check_cancel_suspension(
    session: Session,
    actor: Actor,
    suspension_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``cancel_suspension`` would refuse or warn about."""
    suspension = _suspension_to_change(session, actor, suspension_id, today)
    return _cancel_suspension_check(session, suspension, reason)


def may_correct_suspension(
    session: Session, actor: Actor, suspension_id: int, *, today: dt.date | None = None
) -> bool:
    """May ``actor`` correct or cancel this suspension (the direction, or its author that day)?"""
    suspension = _get(session, m.ContractSuspension, suspension_id, tr("Suspension"))
    author_id, recorded_at = _suspension_recorded(session, suspension)
    return permissions.in_scope(
        session, actor, suspension.contract.person_id
    ) and roles_matrix.may_correct(
        actor,
        RecordKind.SUSPENSION,
        author_id=author_id,
        recorded_on=recorded_at.date() if recorded_at else None,
        today=today or dt.date.today(),
    )


# Hours amendments ------------------------------------------------------------------------
def cancel_amendment(
    session: Session,
    actor: Actor,
    amendment_id: int,
    reason: str | None = None,
    *,
    acknowledge: Iterable[str] = (),
    today: dt.date | None = None,
) -> ContractView:
    """Cancel the contract's last amendment of the working time: the contract's hours and
    derogation go back to what the amendment replaced (``previous_*``)."""
    amendment = _amendment_to_cancel(session, actor, amendment_id, today)
    found = _cancel_amendment_check(session, amendment, reason)
    settle(found, acknowledge, actor, "cancel_amendment")
    contract = amendment.contract
    added = _derogations_added(amendment)
    previous: dict[str, object] = {
        **row_values(amendment),
        "derogations": [row_values(d) for d in added],
    }
    per_month = contract.kind.hours_per_month
    if per_month:
        contract.monthly_minutes = amendment.previous_monthly_minutes
    else:
        contract.weekly_minutes = amendment.previous_weekly_minutes
        if amendment.previous_derogation is not None:
            contract.derogation = amendment.previous_derogation
        contract.derogation_reference = amendment.previous_derogation_reference
    for row in added:
        contract.derogations.remove(row)
    new = amendment.new_monthly_minutes if per_month else amendment.new_weekly_minutes
    old = amendment.previous_monthly_minutes if per_month else amendment.previous_weekly_minutes
    what = tr("avenant n° {n} de durée du travail du {date} annulé : {what}").format(
        n=amendment.number, date=format_date(amendment.effective_date), what=describe(contract)
    )
    summary = tr("{what} ; {new} → {old} {unit}").format(
        what=what,
        new=format_minutes(new or 0),
        old=format_minutes(old or 0),
        unit=tr("par mois") if per_month else tr("par semaine"),
    )
    keep_version(
        session,
        actor,
        RecordKind.AMENDMENT,
        VersionAction.CANCEL,
        record_id=amendment.id,
        person_id=contract.person_id,
        previous=previous,
        reason=reason,
        summary=summary,
        audit_summary=what,
    )
    cancel_kept(session, actor, amendment, reason)
    schedule.on_contract_changed(session, actor, contract.id)
    return _contract_view(session, contract.id)


@stale_as_violation
def check_cancel_amendment(
    session: Session,
    actor: Actor,
    amendment_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``cancel_amendment`` would refuse or warn about."""
    amendment = _amendment_to_cancel(session, actor, amendment_id, today)
    return _cancel_amendment_check(session, amendment, reason)


def may_cancel_amendment(
    session: Session, actor: Actor, amendment_id: int, *, today: dt.date | None = None
) -> bool:
    """Is this the contract's last amendment, one of the working time, that ``actor`` may
    cancel (the direction, or its author on the same day)?"""
    amendment = _get(session, m.Amendment, amendment_id, tr("Avenant"))
    if amendment.kind is not AmendmentKind.HOURS_CHANGE or not _is_last(amendment):
        return False
    return permissions.in_scope(
        session, actor, amendment.contract.person_id
    ) and roles_matrix.may_correct(
        actor,
        RecordKind.AMENDMENT,
        author_id=amendment.created_by_id,
        recorded_on=amendment.created_at.date(),
        today=today or dt.date.today(),
    )


# Helpers ---------------------------------------------------------------------------------
def _get(session: Session, model: type[_Row], record_id: int, label: str) -> _Row:
    row = session.get(model, record_id)
    # Cancelled in this very session, it may still be in hand (no query hides it then).
    if row is None or row.cancelled:
        raise NotFoundError(label, record_id)
    return row


def _live(session: Session, actor: Actor, model: type[_Row], record_id: int, label: str) -> _Row:
    """The suspension or amendment a dialog changes; one cancelled meanwhile (or its
    contract's hire) is a stale edit (``_records.live``), out of the actor's teams refused
    first."""
    guard = in_team(
        session, actor, model, lambda row: parent_person(session, m.Contract, row.contract_id)
    )
    return live(session, model, record_id, label, guard=guard)


def cancel_kept(session: Session, actor: Actor, amendment: m.Amendment, reason: str | None) -> None:
    """The amendment cancelled, not deleted (db.cancellable): its number is never drawn
    again for the contract (a new amendment after it is the next one: the signed paper of the
    cancelled one keeps its own), its id never given to another amendment, whose history its
    versions would then be read with."""
    amendment.mark_cancelled(actor.staff_id, checked_reason(reason))
    session.flush()
    session.expire(amendment.contract, ["amendments"])  # read again, without it


def _suspension_to_change(
    session: Session, actor: Actor, suspension_id: int, today: dt.date | None
) -> m.ContractSuspension:
    suspension = _live(session, actor, m.ContractSuspension, suspension_id, tr("Suspension"))
    if not permissions.in_scope(session, actor, suspension.contract.person_id):
        raise PermissionDeniedError(permissions.OUT_OF_TEAM)
    author_id, recorded_at = _suspension_recorded(session, suspension)
    roles_matrix.require_correction(
        actor,
        RecordKind.SUSPENSION,
        author_id=author_id,
        recorded_on=recorded_at.date() if recorded_at else None,
        today=today or dt.date.today(),
    )
    return suspension


def _suspension_recorded(
    session: Session, suspension: m.ContractSuspension
) -> tuple[int | None, dt.datetime | None]:
    """Who recorded the suspension, and when: the first suspension line of its contract in
    the audit trail written with it (``events.suspend`` writes it in the same transaction)."""
    entry = session.scalars(
        select(m.AuditEntry)
        .where(
            m.AuditEntry.entity == "contract",
            m.AuditEntry.entity_id == suspension.contract_id,
            m.AuditEntry.action == audit.Action.UPDATE.value,
            m.AuditEntry.summary.startswith(tr("suspension (")),
            m.AuditEntry.at >= suspension.created_at,
        )
        .order_by(m.AuditEntry.at, m.AuditEntry.id)
        .limit(1)
    ).first()
    return (entry.staff_id, entry.at) if entry else (None, None)


def _suspension_check(
    session: Session, suspension: m.ContractSuspension, data: SuspensionCorrection
) -> tuple[list[tuple[str, str]], list[Violation]]:
    """The lines the correction changes, and every rule it breaks as a fresh suspension."""
    changes = _suspension_changes(suspension, data)
    if not changes:
        message = tr("Correction : rien n'a changé.")
        return [], [Violation("correction_unchanged", message, field="suspension_start")]
    contract = suspension.contract
    found = _declared_reason(session, data.reason, suspension, (data.start_date, data.end_date))
    # The contract's history without this suspension, the correction as a new one.
    history = load_history(session, contract.person_id)
    own = history.contract(contract.id)
    if own is not None:
        others = tuple(
            s for s in own.suspensions if s != Span(suspension.start_date, suspension.end_date)
        )
        without = dataclasses.replace(own, suspensions=others)
        history = dataclasses.replace(
            history,
            contracts=tuple(without if c is own else c for c in history.contracts),
        )
    is_pmsmp = data.suspension_reason is SuspensionReason.PMSMP
    proposal = ProposedSuspension(
        contract.id,
        data.start_date,
        data.end_date,
        is_pmsmp=is_pmsmp,
        is_trial_elsewhere=data.suspension_reason is SuspensionReason.TRIAL_ELSEWHERE,
        other_employer=data.other_employer,
        offer_qualifies=data.offer_qualifies,
    )
    found += check_suspension(history, proposal)
    found += _pmsmp_check(session, contract, suspension.pmsmp_id)
    if data.start_date <= data.end_date:
        before = terms_of(contract)
        kept = tuple(_period(s) for s in contract.suspensions if s is not suspension)
        period = SuspensionPeriod(data.start_date, data.end_date, is_pmsmp)
        after = dataclasses.replace(before, suspensions=(*kept, period))
        found += hours_conflicts(session, before, after)
    return changes, found


def _cancel_suspension_check(
    session: Session, suspension: m.ContractSuspension, reason: str | None
) -> list[Violation]:
    """A reason once a month of the suspension was declared; the hours already entered must
    hold on the days the contract runs again."""
    found = _declared_reason(session, reason, suspension)
    contract = suspension.contract
    before = terms_of(contract)
    kept = tuple(_period(s) for s in contract.suspensions if s is not suspension)
    return found + hours_conflicts(session, before, dataclasses.replace(before, suspensions=kept))


def _period(suspension: m.ContractSuspension) -> SuspensionPeriod:
    return SuspensionPeriod(
        suspension.start_date, suspension.end_date, suspension.reason is SuspensionReason.PMSMP
    )


def _declared_reason(
    session: Session,
    reason: str | None,
    suspension: m.ContractSuspension,
    corrected: tuple[dt.date, dt.date] | None = None,
) -> list[Violation]:
    """A reason is asked once a month the suspension covers (before or after) was declared."""
    periods = [(suspension.start_date, suspension.end_date), *([corrected] if corrected else [])]
    months: set[dt.date] = set()
    for start, end in periods:
        day = start.replace(day=1)
        while day <= end:
            months.add(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
    declared = session.scalar(
        select(m.DeclaredMonth.id).where(m.DeclaredMonth.month.in_(sorted(months))).limit(1)
    )
    because = tr("un mois de la suspension a été déclaré")
    return _reason_check(reason, declared is not None, because, cancel=corrected is None)


def _suspension_changes(
    suspension: m.ContractSuspension, data: SuspensionCorrection
) -> list[tuple[str, str]]:
    """Each field corrected and its line: (« date de fin », « fin : 14/03 → 21/03/2026 »)."""
    changes = []
    if data.suspension_reason is not suspension.reason:
        line = tr("motif : {old} → {new}").format(
            old=suspension.reason.label, new=data.suspension_reason.label
        )
        changes.append((tr("motif"), line))
    for field, name, old, new in (
        ("start", tr("date de début"), suspension.start_date, data.start_date),
        ("end", tr("date de fin"), suspension.end_date, data.end_date),
    ):
        if old != new:
            label = tr("début") if field == "start" else tr("fin")
            line = tr("{label} : {old} → {new}").format(
                label=label, old=format_date(old), new=format_date(new)
            )
            changes.append((name, line))
    other = clean_text(data.other_employer)
    if other != suspension.other_employer:
        line = tr("autre employeur : {old} → {new}").format(
            old=suspension.other_employer or tr("aucun"), new=other or tr("aucun")
        )
        changes.append((tr("autre employeur"), line))
    if checked_notes(data.notes) != suspension.notes:
        # Notes may tell a sick leave or a detention: the line does not quote them.
        changes.append((tr("remarques"), tr("remarques corrigées")))
    return changes


def _amendment_to_cancel(
    session: Session, actor: Actor, amendment_id: int, today: dt.date | None
) -> m.Amendment:
    amendment = _live(session, actor, m.Amendment, amendment_id, tr("Avenant"))
    if not permissions.in_scope(session, actor, amendment.contract.person_id):
        raise PermissionDeniedError(permissions.OUT_OF_TEAM)
    roles_matrix.require_correction(
        actor,
        RecordKind.AMENDMENT,
        author_id=amendment.created_by_id,
        recorded_on=amendment.created_at.date(),
        today=today or dt.date.today(),
    )
    return amendment


def _is_last(amendment: m.Amendment) -> bool:
    return all(a.number <= amendment.number for a in amendment.contract.amendments)


def _cancel_amendment_check(
    session: Session, amendment: m.Amendment, reason: str | None
) -> list[Violation]:
    """Only the last amendment, of the working time, before any hours were entered under it;
    a reason once it was printed (the signed paper stays, the history says why)."""
    if amendment.kind is not AmendmentKind.HOURS_CHANGE:
        message = tr("Avenant : seul un avenant de durée du travail s'annule ici.")
        return [Violation("amendment_not_hours", message, field="amendment")]
    if not _is_last(amendment):
        message = tr(
            "Avenant n° {n} : un avenant plus récent le suit ; annulez d'abord le dernier."
        ).format(n=amendment.number)
        return [Violation("amendment_not_last", message, field="amendment")]
    printed = amendment.print_count > 0
    found = _reason_check(reason, printed, tr("l'avenant a déjà été imprimé"), cancel=True)
    months, days = entered_hours(session, amendment.contract_id)
    first_month = amendment.effective_date.replace(day=1)
    under = sorted(
        [month for month in months if month >= first_month]
        + [day for day in days if day >= amendment.effective_date]
    )
    if under:
        found.append(
            Violation(
                "amendment_hours_entered",
                tr(
                    "Avenant n° {n} : des heures sont déjà saisies depuis sa prise d'effet "
                    "(à partir du {date}) ; elles ont été vérifiées avec sa durée du travail. "
                    "Corrigez d'abord ces heures (page Heures), puis recommencez."
                ).format(n=amendment.number, date=format_date(under[0])),
                field="amendment",
            )
        )
    return found


def _derogations_added(amendment: m.Amendment) -> list[m.ContractDerogation]:
    """The derogation periods the amendment added: recorded with it, from its effective date
    on (``change_hours`` appends them in the same transaction)."""
    return [
        d
        for d in amendment.contract.derogations
        if d.created_at >= amendment.created_at
        and d.start_date >= amendment.effective_date
        and d.created_by_id == amendment.created_by_id
    ]
