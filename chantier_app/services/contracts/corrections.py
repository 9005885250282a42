"""Correcting a contract entered wrong and cancelling an exit.

The start date, workshop, team, job title and signature date; and its terms
(``contracts._terms``): the end date, the weekly hours (monthly for Premières Heures), the
kind, a derogation below 20 h a week, the trial period.

A correction is checked as if the record were entered that way now: the same rules as a
hire (``check_contract``, the placement checks, hours already entered), the same warnings
to acknowledge, against the person's other contracts. It keeps the previous version
(``services.history``) and is one transaction. Who may: ``roles_matrix.CORRECTIONS``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind, EndReason
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.contract_history import ContractHistory, ProposedContract
from chantier_app.domain.contract_limits import check_trial
from chantier_app.domain.contract_rules import check_contract
from chantier_app.domain.contract_signature import check_signature
from chantier_app.domain.errors import PermissionDeniedError, ValidationError, Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import clean_text
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services._records import stale_as_violation
from chantier_app.services.context import Actor
from chantier_app.services.contracts import _terms as terms
from chantier_app.services.contracts._common import (
    append_acknowledgement,
    describe,
    get_contract,
    hours_conflicts,
    live_contract,
    settle,
)
from chantier_app.services.contracts._consequences import declared_changes, workshop_change
from chantier_app.services.contracts._history import load_history
from chantier_app.services.contracts.hiring import ContractInput, _reference_checks
from chantier_app.services.contracts.views import (
    ContractView,
    _contract_view,
    read_acknowledgements,
    write_acknowledgements,
)
from chantier_app.services.history import keep_correction, keep_version, reason_check, row_values
from chantier_app.services.hours._common import holidays_for
from chantier_app.services.hours._contracts import terms_of
from chantier_app.services.support import schedule

# What ending a contract with an exit writes on it (``events.end_contract``).
EXIT_FIELDS = (
    "actual_end_date",
    "end_reason",
    "exit_reason",
    "exit_notes",
    "acknowledged_warnings",
)


# Why a reason is asked when a declared statement (EMI) would read differently.
DECLARED = tr("un relevé mensuel déjà déclaré à l'ASP changerait")


@dataclass(frozen=True)
class ContractCorrection:
    """The contract as it should have been entered. The terms left None stay as stored:
    the end date, the kind, the hours (weekly for a CDDI, monthly for Premières Heures),
    the derogation and a new period of it (D5132-43-5, -8), a chantier qualifiant's
    training provider and target diploma, the trial period in days (not given, a trial at
    the legal maximum stays at the maximum of the corrected dates), the workshop (a
    contract placed in one is never taken out of every workshop), the signature date."""

    contract_id: int
    start_date: dt.date
    team_id: int | None
    job_title: str | None
    reason: str | None = None
    end_date: dt.date | None = None
    kind: ContractKind | None = None
    weekly_minutes: int | None = None
    monthly_minutes: int | None = None
    derogation: DerogationKind | None = None
    derogation_reference: str | None = None
    derogation_start: dt.date | None = None
    derogation_end: dt.date | None = None
    derogation_decided_on: dt.date | None = None
    training_provider: str | None = None
    target_diploma: str | None = None
    trial_days: int | None = None
    workshop_id: int | None = None
    signed_on: dt.date | None = None

    def workshop_of(self, contract: m.Contract) -> int | None:
        return self.workshop_id if self.workshop_id is not None else contract.workshop_id

    def signed_of(self, contract: m.Contract) -> dt.date | None:
        return self.signed_on if self.signed_on is not None else contract.signed_on


@dataclass(frozen=True)
class CorrectionResult:
    contract: ContractView
    # Set when the contract was printed: the signed paper no longer says what is recorded.
    notice: str | None = None


def correct_contract(
    session: Session,
    actor: Actor,
    data: ContractCorrection,
    *,
    acknowledge: Iterable[str] = (),
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> CorrectionResult:
    """Correct what a contract was entered with: its start date, workshop, team, job title,
    signature date, and its terms (end date, hours, kind, trial period)."""
    today = today or dt.date.today()
    contract = _contract_to_correct(session, actor, data.contract_id, today)
    concurrency.expect(session, contract, expected_version)
    job_title = clean_text(data.job_title)
    changes, found = _correction_check(session, contract, data, today)
    printed = contract.print_count > 0
    acknowledgement = settle(found, acknowledge, actor, "correct")
    previous = row_values(contract)
    terms.apply(contract, terms.resolve(contract, data), data.derogation_reference, actor)
    contract.start_date = data.start_date
    contract.workshop_id = data.workshop_of(contract)
    contract.team_id = data.team_id
    contract.job_title = job_title
    contract.signed_on = data.signed_of(contract)
    contract.acknowledged_warnings = append_acknowledgement(
        contract.acknowledged_warnings, acknowledgement
    )
    what = describe(contract)
    keep_correction(
        session,
        actor,
        RecordKind.CONTRACT,
        record_id=contract.id,
        person_id=contract.person_id,
        previous=previous,
        reason=data.reason,
        what=what,
        changes=changes,
        acknowledged=acknowledgement.codes if acknowledgement is not None else (),
    )
    session.flush()  # the schedule reads the corrected row
    schedule.on_contract_changed(session, actor, contract.id)  # milestones follow the dates
    notice = (
        tr(
            "Ce contrat a déjà été imprimé : le document signé ne correspond plus. Faites "
            "signer un nouveau contrat (réimprimé, il portera le numéro d'exemplaire suivant) "
            "ou un avenant."
        )
        if printed
        else None
    )
    return CorrectionResult(_contract_view(session, contract.id), notice)


@stale_as_violation
def check_correction(
    session: Session, actor: Actor, data: ContractCorrection, *, today: dt.date | None = None
) -> list[Violation]:
    """What ``correct_contract`` would refuse or warn about (read while the user types)."""
    today = today or dt.date.today()
    contract = _contract_to_correct(session, actor, data.contract_id, today)
    return _correction_check(session, contract, data, today)[1]


def may_correct_contract(
    session: Session, actor: Actor, contract_id: int, *, today: dt.date | None = None
) -> bool:
    """May ``actor`` correct this contract (the direction, or its author the same day)?"""
    contract = get_contract(session, contract_id)
    return permissions.in_scope(session, actor, contract.person_id) and roles_matrix.may_correct(
        actor,
        RecordKind.CONTRACT,
        author_id=contract.created_by_id,
        recorded_on=contract.created_at.date(),
        today=today or dt.date.today(),
    )


def _correction_check(
    session: Session, contract: m.Contract, data: ContractCorrection, today: dt.date
) -> tuple[list[tuple[str, str]], list[Violation]]:
    """The lines the correction changes, and every rule it breaks as a fresh entry."""
    job_title = clean_text(data.job_title)
    corrected = terms.resolve(contract, data)
    workshop_id, signed_on = data.workshop_of(contract), data.signed_of(contract)
    changes = _changes(session, contract, data, job_title)
    changes += terms.changes(contract, corrected)
    if not changes:
        message = tr("Correction : rien n'a changé.")
        return [], [Violation("correction_unchanged", message, field="start_date")]
    found = _reason_check(
        data.reason, contract.print_count > 0, tr("le contrat a déjà été imprimé")
    )
    after = terms.state_after(contract, data.start_date, corrected)
    runs = data.start_date <= after.span.end
    if not found and runs:
        declared = declared_changes(session, contract, after) or any(
            c.declared for c in workshop_change(session, contract, workshop_id, after)
        )
        found = _reason_check(data.reason, declared, DECLARED)
    entry = dataclasses.replace(
        _as_entry(contract),
        start_date=data.start_date,
        workshop_id=workshop_id,
        team_id=data.team_id,
        job_title=job_title,
        signed_on=signed_on,
        kind=corrected.kind,
        end_date=corrected.end_date,
        weekly_minutes=corrected.weekly_minutes,
        monthly_minutes=corrected.monthly_minutes,
        trial_days=corrected.trial_days,
        derogation=corrected.derogation,
        derogation_reference=data.derogation_reference,
        derogation_start=corrected.new_period.start if corrected.new_period else None,
        derogation_end=corrected.new_period.end if corrected.new_period else None,
        derogation_decided_on=corrected.new_period.decided_on if corrected.new_period else None,
        training_provider=corrected.training_provider,
        target_diploma=corrected.target_diploma,
    )
    history, proposal = _as_new(session, contract, entry)
    found += check_contract(history, proposal) + _reference_checks(session, entry)
    signed_end = corrected.signed_end or corrected.end_date
    if signed_end != corrected.end_date and data.start_date <= signed_end:
        # Renewed since: the trial is the contract's as signed, not as renewed (L1242-10).
        found = [v for v in found if v.field != "trial_days"]
        found += check_trial(data.start_date, signed_end, corrected.trial_days)
    found += _dates_inside(contract, data.start_date)
    found += terms.guards(contract, data.start_date, corrected)
    if signed_on is not None and signed_on != contract.signed_on:
        years = {data.start_date.year, data.start_date.year + 1}
        found += check_signature(signed_on, data.start_date, today, holidays_for(session, years))
    if runs:
        found += hours_conflicts(
            session,
            terms_of(contract),
            terms.hours_terms_after(contract, data.start_date, corrected),
        )
    return changes, found


def cancel_exit(
    session: Session,
    actor: Actor,
    contract_id: int,
    reason: str | None = None,
    *,
    acknowledge: Iterable[str] = (),
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> ContractView:
    """Cancel an end and exit recorded by mistake: the contract reopens as it was before."""
    today = today or dt.date.today()
    contract = _exit_to_cancel(session, actor, contract_id, today)
    concurrency.expect(session, contract, expected_version)
    found = _exit_check(session, contract, reason)
    acknowledgement = settle(found, acknowledge, actor, "cancel_exit")
    previous = row_values(contract, EXIT_FIELDS)
    end, exit_reason = contract.actual_end_date, contract.exit_reason
    assert end is not None and exit_reason is not None  # _exit_to_cancel checked it
    contract.actual_end_date = None
    contract.end_reason = None
    contract.exit_reason = None
    contract.exit_notes = None
    contract.acknowledged_warnings = _without_exit_acknowledgement(contract.acknowledged_warnings)
    summary = tr(
        "sortie du {date} annulée ({exit}, {category}) : {what}, qui reprend jusqu'au {end}"
    ).format(
        date=format_date(end),
        exit=exit_reason.label,
        category=exit_reason.category.label,
        what=describe(contract),
        end=format_date(contract.end_date),
    )
    if acknowledgement is not None:
        summary += tr(" ; avertissements acceptés : {codes}").format(
            codes=", ".join(acknowledgement.codes)
        )
    keep_version(
        session,
        actor,
        RecordKind.EXIT,
        VersionAction.CANCEL,
        record_id=contract.id,
        person_id=contract.person_id,
        previous=previous,
        reason=reason,
        summary=summary,
    )
    schedule.on_contract_changed(session, actor, contract.id)  # no exit review any more
    return _contract_view(session, contract.id)


@stale_as_violation
def check_cancel_exit(
    session: Session,
    actor: Actor,
    contract_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``cancel_exit`` would refuse or warn about."""
    contract = _exit_to_cancel(session, actor, contract_id, today or dt.date.today())
    return _exit_check(session, contract, reason)


def may_cancel_exit(
    session: Session, actor: Actor, contract_id: int, *, today: dt.date | None = None
) -> bool:
    """Has the contract an exit this actor may cancel (the direction, or its author that day)?"""
    contract = get_contract(session, contract_id)
    if contract.exit_reason is None or contract.end_reason is EndReason.MOVE_TO_CDDI:
        return False
    author_id, recorded_at = _exit_recorded(session, contract)
    return permissions.in_scope(session, actor, contract.person_id) and roles_matrix.may_correct(
        actor,
        RecordKind.EXIT,
        author_id=author_id,
        recorded_on=recorded_at.date() if recorded_at else None,
        today=today or dt.date.today(),
    )


# Helpers ---------------------------------------------------------------------------------
def _contract_to_correct(
    session: Session, actor: Actor, contract_id: int, today: dt.date
) -> m.Contract:
    contract = live_contract(session, actor, contract_id)
    if not permissions.in_scope(session, actor, contract.person_id):
        raise PermissionDeniedError(permissions.OUT_OF_TEAM)
    roles_matrix.require_correction(
        actor,
        RecordKind.CONTRACT,
        author_id=contract.created_by_id,
        recorded_on=contract.created_at.date(),
        today=today,
    )
    return contract


def _exit_to_cancel(session: Session, actor: Actor, contract_id: int, today: dt.date) -> m.Contract:
    contract = live_contract(session, actor, contract_id)
    if not permissions.in_scope(session, actor, contract.person_id):
        raise PermissionDeniedError(permissions.OUT_OF_TEAM)
    author_id, recorded_at = _exit_recorded(session, contract)
    roles_matrix.require_correction(
        actor,
        RecordKind.EXIT,
        author_id=author_id,
        recorded_on=recorded_at.date() if recorded_at else None,
        today=today,
    )
    if contract.actual_end_date is None or contract.exit_reason is None:
        raise ValidationError(
            tr("Sortie : ce contrat n'a pas de sortie enregistrée à annuler."), field="contract"
        )
    if contract.end_reason is EndReason.MOVE_TO_CDDI:
        raise ValidationError(
            tr("Sortie : ce contrat s'est terminé par un passage en CDDI, pas par une sortie."),
            field="contract",
        )
    return contract


def _exit_check(session: Session, contract: m.Contract, reason: str | None) -> list[Violation]:
    """A reason once the exit was used; reopened, the contract must hold as if it were
    entered now, next to the person's other contracts."""
    _author_id, recorded_at = _exit_recorded(session, contract)
    found = _reason_check(reason, *_exit_was_used(session, contract, recorded_at), cancel=True)
    history, proposal = _as_new(session, contract, _as_entry(contract))
    return found + check_contract(history, proposal)


# The contract corrections' name for ``history.reason_check`` (their modules import it).
_reason_check = reason_check


def _as_entry(contract: m.Contract) -> ContractInput:
    """The contract as the hire form would enter it today (its planned end, its hours)."""
    return ContractInput(
        person_id=contract.person_id,
        kind=contract.kind,
        start_date=contract.start_date,
        end_date=contract.end_date,
        workshop_id=contract.workshop_id,
        team_id=contract.team_id,
        job_title=contract.job_title,
        signed_on=contract.signed_on,
        weekly_minutes=contract.weekly_minutes,
        monthly_minutes=contract.monthly_minutes,
        trial_days=contract.trial_days,
        hourly_wage=contract.hourly_wage,
        derogation=contract.derogation,
        derogation_reference=contract.derogation_reference,
        adjusted_sentence=contract.adjusted_sentence,
        extension_reason=contract.extension_reason,
        extension_until=contract.extension_until,
        extension_notes=contract.extension_notes,
        training_provider=contract.training_provider,
        target_diploma=contract.target_diploma,
    )


def _as_new(
    session: Session, contract: m.Contract, entry: ContractInput
) -> tuple[ContractHistory, ProposedContract]:
    """The person's history as if this contract were not entered yet, and the contract as
    ``entry`` would enter it, with the derogation periods already recorded on it."""
    history = load_history(session, contract.person_id)
    own = history.contract(contract.id)
    others = tuple(c for c in history.contracts if c.contract_id != contract.id)
    proposal = dataclasses.replace(
        entry.proposal(), recorded_derogations=own.derogations if own else ()
    )
    return dataclasses.replace(history, contracts=others), proposal


def _changes(
    session: Session, contract: m.Contract, data: ContractCorrection, job_title: str | None
) -> list[tuple[str, str]]:
    """Each field corrected and its line: (« date de début », « début : 05/01/2026 →
    12/01/2026 »)."""

    def team_name(team_id: int | None) -> str:
        team = session.get(m.Team, team_id) if team_id else None
        return team.name if team else tr("aucune")

    def workshop_name(workshop_id: int | None) -> str:
        workshop = session.get(m.Workshop, workshop_id) if workshop_id else None
        return workshop.name if workshop else tr("aucun")

    start, team_id, workshop_id = data.start_date, data.team_id, data.workshop_of(contract)
    changes = []
    if start != contract.start_date:
        line = tr("début : {old} → {new}").format(
            old=format_date(contract.start_date), new=format_date(start)
        )
        changes.append((tr("date de début"), line))
    if workshop_id != contract.workshop_id:
        line = tr("atelier : {old} → {new}").format(
            old=workshop_name(contract.workshop_id), new=workshop_name(workshop_id)
        )
        changes.append((tr("atelier"), line))
    if team_id != contract.team_id:
        line = tr("équipe : {old} → {new}").format(
            old=team_name(contract.team_id), new=team_name(team_id)
        )
        changes.append((tr("équipe"), line))
    if job_title != contract.job_title:
        line = tr("emploi : {old} → {new}").format(
            old=contract.job_title or tr("aucun"), new=job_title or tr("aucun")
        )
        changes.append((tr("emploi"), line))
    signed_on = data.signed_of(contract)
    if signed_on != contract.signed_on:
        line = tr("signé le : {old} → {new}").format(
            old=format_date(contract.signed_on) if contract.signed_on else tr("non renseigné"),
            new=format_date(signed_on),
        )
        changes.append((tr("date de signature"), line))
    return changes


def _dates_inside(contract: m.Contract, start: dt.date) -> list[Violation]:
    """What happens on the contract stays inside it: its end, amendments and suspensions."""
    found = []
    if contract.actual_end_date is not None and start > contract.actual_end_date:
        found.append(
            Violation(
                "start_after_end",
                tr("Date de début : elle suit la fin du contrat (le {date}).").format(
                    date=format_date(contract.actual_end_date)
                ),
                field="start_date",
            )
        )
    events = [
        (a.effective_date, tr("l'avenant n° {n}").format(n=a.number)) for a in contract.amendments
    ]
    events += [(s.start_date, tr("une suspension")) for s in contract.suspensions]
    before = sorted((day, what) for day, what in events if day < start)
    if before:
        day, what = before[0]
        found.append(
            Violation(
                "start_after_event",
                tr("Date de début : {what} prend effet le {date}, avant elle.").format(
                    what=what, date=format_date(day)
                ),
                field="start_date",
            )
        )
    return found


def _exit_recorded(session: Session, contract: m.Contract) -> tuple[int | None, dt.datetime | None]:
    """Who recorded the exit, and when: the end's line in the audit trail."""
    entry = session.scalars(
        select(m.AuditEntry)
        .where(
            m.AuditEntry.entity == "contract",
            m.AuditEntry.entity_id == contract.id,
            m.AuditEntry.action == audit.Action.UPDATE.value,
            m.AuditEntry.summary.contains(tr("; sortie : ")),
        )
        .order_by(m.AuditEntry.at.desc(), m.AuditEntry.id.desc())
        .limit(1)
    ).first()
    return (entry.staff_id, entry.at) if entry else (None, None)


def _exit_was_used(
    session: Session, contract: m.Contract, recorded_at: dt.datetime | None
) -> tuple[bool, str]:
    """A reason is asked once the exit's month was declared or a document printed since."""
    assert contract.actual_end_date is not None
    month = contract.actual_end_date.replace(day=1)
    if session.scalar(select(m.DeclaredMonth.id).where(m.DeclaredMonth.month == month)):
        return True, tr("le mois de la sortie a été déclaré")
    printed = select(m.AuditEntry.id).where(
        m.AuditEntry.person_id == contract.person_id,
        m.AuditEntry.action == audit.Action.PRINT.value,
    )
    if recorded_at is None:
        return True, tr("la date d'enregistrement de la sortie n'est pas connue")
    if session.scalar(printed.where(m.AuditEntry.at >= recorded_at).limit(1)):
        return True, tr("un document a été imprimé depuis la sortie")
    return False, ""


def _without_exit_acknowledgement(text: str | None) -> str | None:
    """The warnings acknowledged on the contract before its end (the end's own went last)."""
    entries = read_acknowledgements(text)
    if entries and entries[-1].action == "end":
        entries = entries[:-1]
    return write_acknowledgements(entries)
