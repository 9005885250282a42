"""Cancelling a hire entered by mistake: a contract recorded on the wrong person, or never
signed (Premières Heures or CDDI).

The contract is cancelled, never deleted (``db.cancellable``): no list, header, grid,
statement, report, alert, document or export reads it any more, « Historique des
modifications » keeps it as it was (``services.history``, ``VersionAction.CANCEL``), the
trail has the line, and its id is never given to another contract. It is one transaction;
a refused cancellation leaves nothing behind.

- Who may: ``roles_matrix.CORRECTIONS[RecordKind.CONTRACT]``: the direction, or who
  recorded the hire, on the same day.
- A reason (« Motif de l'annulation ») once the contract was printed (``print_count``: the
  paper may have been signed) or a month it runs through was declared to the ASP (its line
  of that monthly statement disappears).
- Refused while something recorded later depends on it, naming what to cancel first: the
  contract that follows it (a move to CDDI, a CDDI hired after it), its amendments (renewals,
  working time: the last first), hours entered in a month already declared, a PMSMP or a
  training enrolment counting on it, a review that took place. The CDDI of a move to CDDI
  is cancelled with the move (``move_corrections``), which gives the Premières Heures back.
- Cancelled with it: its suspensions, its milestones not done (the schedule no longer moves
  them), its exit (no longer in the year's exits); hours of months not declared stay on the
  cancelled contract, counted nowhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import EndReason
from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.codes.support_codes import MilestoneStatus
from chantier_app.domain.correction_consequences import (
    Consequence,
    ConsequenceKind,
    of_month,
    statement_line,
)
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date, format_minutes, format_month
from chantier_app.domain.hours_terms import month_start, next_month
from chantier_app.domain.text_rules import checked_reason
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services._records import stale_as_violation
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import describe, get_contract, live_contract, settle
from chantier_app.services.contracts._consequences import state_of
from chantier_app.services.contracts.move_corrections import _move_of
from chantier_app.services.contracts.previews import _yearly_exits
from chantier_app.services.history import (
    Recorded,
    keep_cancellation,
    may_change,
    reason_check,
    require_may_change,
    row_values,
)
from chantier_app.services.hours._common import declared_months, entered_hours
from chantier_app.services.support import schedule

# Milestones cancelled with the contract; a review that took place is cancelled first.
_OPEN = (MilestoneStatus.TO_PLAN, MilestoneStatus.PLANNED, MilestoneStatus.POSTPONED)
_DONE = (MilestoneStatus.DONE,)


@dataclass(frozen=True)
class HireCancellation:
    """What the cancellation did: the person's file is read again from it."""

    person_id: int
    contract_id: int
    summary: str


def cancel_hire(
    session: Session,
    actor: Actor,
    contract_id: int,
    reason: str | None = None,
    *,
    acknowledge: Iterable[str] = (),
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> HireCancellation:
    """Cancel a contract entered by mistake; its previous version stays in the history."""
    contract = _hire_to_cancel(session, actor, contract_id, today)
    concurrency.expect(session, contract, expected_version)
    found = _cancel_check(session, contract, reason)
    settle(found, acknowledge, actor, "cancel_hire")
    milestones = _milestones(session, contract, _OPEN)
    suspensions = list(contract.suspensions)
    months, days = entered_hours(session, contract.id)
    previous: dict[str, object] = {
        **row_values(contract),
        "derogations": [row_values(d) for d in contract.derogations],
        "suspensions": [row_values(s) for s in suspensions],
        "milestones": [row_values(ms) for ms in milestones],
    }
    summary = tr("embauche annulée : {what}").format(what=describe(contract))
    parts = []
    if milestones:
        parts.append(tr("{n} jalon(s) annulé(s)").format(n=len(milestones)))
    if suspensions:
        parts.append(tr("{n} suspension(s) annulée(s)").format(n=len(suspensions)))
    if months or days:
        parts.append(tr("heures saisies gardées avec lui, comptées nulle part"))
    if contract.exit_reason is not None:
        parts.append(tr("sa sortie ne compte plus"))
    if parts:
        summary += " ; " + " ; ".join(parts)
    keep_cancellation(
        session,
        actor,
        RecordKind.CONTRACT,
        record_id=contract.id,
        person_id=contract.person_id,
        previous=previous,
        reason=reason,
        summary=summary,
    )
    why = checked_reason(reason)
    for milestone in milestones:
        milestone.status = MilestoneStatus.CANCELLED
        milestone.generated = False  # the schedule no longer moves nor deletes it
    for suspension in suspensions:
        suspension.mark_cancelled(actor.staff_id, why)
    contract.mark_cancelled(actor.staff_id, why)
    session.flush()
    if contract.previous_contract_id is not None:
        # The contract before it is followed no more: its exit review and follow-ups are due.
        previous_contract = session.get(m.Contract, contract.previous_contract_id)
        if previous_contract is not None:
            schedule.on_contract_changed(session, actor, previous_contract.id)
    return HireCancellation(contract.person_id, contract.id, summary)


@stale_as_violation
def check_cancel_hire(
    session: Session,
    actor: Actor,
    contract_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``cancel_hire`` would refuse (read while the dialog is open)."""
    contract = _hire_to_cancel(session, actor, contract_id, today)
    return _cancel_check(session, contract, reason)


def may_cancel_hire(
    session: Session, actor: Actor, contract_id: int, *, today: dt.date | None = None
) -> bool:
    """May ``actor`` cancel this hire (the direction, or who recorded it that day)? The CDDI
    of a move to CDDI is cancelled with the move, not here."""
    contract = get_contract(session, contract_id)
    move = _move_of(session, contract.id)
    if move is not None and move[1].id == contract.id:
        return False
    by = Recorded(contract.created_by_id, contract.created_at)
    return may_change(session, actor, RecordKind.CONTRACT, contract.person_id, by, today)


def cancel_hire_consequences(
    session: Session, actor: Actor, contract_id: int, *, today: dt.date | None = None
) -> list[Consequence]:
    """What cancelling the hire does besides the contract, before it is saved: its
    milestones and suspensions cancelled, its hours counted nowhere (a declared month's
    refuse it), its lines of the declared statements, its exit, the person left without."""
    contract = _hire_to_cancel(session, actor, contract_id, today)
    found = [
        Consequence(
            ConsequenceKind.MILESTONES,
            tr("{kind} prévu le {date} : annulé avec le contrat").format(
                kind=milestone.kind.label, date=format_date(milestone.due_date)
            ),
        )
        for milestone in _milestones(session, contract, _OPEN)
    ]
    found += [
        Consequence(
            ConsequenceKind.REMOVED,
            tr("Suspension ({reason}) du {start} au {end} : annulée avec le contrat").format(
                reason=s.reason.label, start=format_date(s.start_date), end=format_date(s.end_date)
            ),
        )
        for s in contract.suspensions
    ]
    months = _months(contract)
    declared = set(declared_months(session, months))
    for month, minutes in sorted(_hours_by_month(session, contract).items()):
        locked = month in declared
        text = (
            tr("Heures {month} ({hours}) : mois déclaré, à corriger d'abord")
            if locked
            else tr("Heures {month} ({hours}) : gardées avec le contrat, comptées nulle part")
        )
        found.append(
            Consequence(
                ConsequenceKind.HOURS_OUTSIDE,
                text.format(month=of_month(month), hours=format_minutes(minutes)),
                declared=locked,
                blocking=locked,
            )
        )
    state = state_of(contract)
    for month in sorted(declared):
        if statement_line(state, month) is not None:
            text = tr("Relevé mensuel {month} : la ligne du contrat disparaît").format(
                month=of_month(month)
            )
            found.append(Consequence(ConsequenceKind.REMOVED, text, declared=True))
    if contract.exit_reason is not None and contract.actual_end_date is not None:
        found += _yearly_exits(session, contract)
    others = session.scalar(
        select(func.count())
        .select_from(m.Contract)
        .where(m.Contract.person_id == contract.person_id, m.Contract.id != contract.id)
    )
    if not others:
        found.append(
            Consequence(
                ConsequenceKind.REMOVED,
                tr("La personne n'a plus aucun contrat : son dossier dira « Sans contrat »"),
            )
        )
    return found


# Helpers ---------------------------------------------------------------------------------
def _hire_to_cancel(
    session: Session, actor: Actor, contract_id: int, today: dt.date | None
) -> m.Contract:
    contract = live_contract(session, actor, contract_id)
    by = Recorded(contract.created_by_id, contract.created_at)
    require_may_change(session, actor, RecordKind.CONTRACT, contract.person_id, by, today)
    return contract


def _cancel_check(session: Session, contract: m.Contract, reason: str | None) -> list[Violation]:
    """What depends on the contract (each cancelled first), then a reason once it was used."""
    found = _dependants(session, contract)
    if found:
        return found
    if contract.print_count > 0:
        return reason_check(reason, True, tr("le contrat a déjà été imprimé"), cancel=True)
    declared = bool(declared_months(session, _months(contract)))
    because = tr("un mois du contrat a été déclaré à l'ASP")
    return reason_check(reason, declared, because, cancel=True)


def _dependants(session: Session, contract: m.Contract) -> list[Violation]:
    """The records that depend on the contract, in the order they are cancelled."""

    def refused(code: str, text: str) -> Violation:
        return Violation(
            f"cancel_hire_{code}",
            tr("Annulation de l'embauche : {text}.").format(text=text),
            field="contract",
        )

    move = _move_of(session, contract.id)
    if move is not None and move[1].id == contract.id:
        return [
            refused(
                "move",
                tr(
                    "ce CDDI vient d'un passage des Premières Heures en CDDI le {date} ; "
                    "annulez le passage en CDDI (« Annuler le passage en CDDI… »), qui rend "
                    "les Premières Heures"
                ).format(date=format_date(contract.start_date)),
            )
        ]
    found = []
    for follower in session.scalars(
        select(m.Contract)
        .where(m.Contract.previous_contract_id == contract.id)
        .order_by(m.Contract.start_date.desc())
    ):
        if contract.end_reason is EndReason.MOVE_TO_CDDI and move is not None:
            text = tr(
                "ces Premières Heures se sont poursuivies en CDDI le {date} ; annulez d'abord "
                "le passage en CDDI"
            ).format(date=format_date(follower.start_date))
        else:
            text = tr("le contrat suivant ({what}) en dépend ; annulez-le d'abord").format(
                what=describe(follower)
            )
        found.append(refused("follower", text))
    for amendment in sorted(contract.amendments, key=lambda a: a.number, reverse=True):
        text = tr("l'avenant n° {n} ({kind}, du {date}) en dépend ; annulez-le d'abord").format(
            n=amendment.number,
            kind=amendment.kind.label.lower(),
            date=format_date(amendment.effective_date),
        )
        found.append(refused("amendment", text))
    hours = _hours_by_month(session, contract)
    locked = sorted(declared_months(session, list(hours)))
    if locked:
        text = tr(
            "des heures sont saisies pour {months} (mois déjà déclaré à l'ASP) ; corrigez "
            "d'abord ces heures (page Heures, le mois rouvert avec un motif)"
        ).format(months=", ".join(format_month(month) for month in locked))
        found.append(refused("declared_hours", text))
    for code, column, text in (
        ("pmsmp", m.Pmsmp.contract_id, tr("une PMSMP compte sur ce contrat ; annulez-la d'abord")),
        (
            "enrolment",
            m.Enrolment.contract_id,
            tr("une inscription en formation compte sur ce contrat ; annulez-la d'abord"),
        ),
    ):
        if session.scalar(select(func.count()).where(column == contract.id)):
            found.append(refused(code, text))
    if _milestones(session, contract, _DONE):
        found.append(
            refused("review", tr("un entretien a eu lieu pendant ce contrat ; annulez-le d'abord"))
        )
    return found


def _milestones(
    session: Session, contract: m.Contract, statuses: tuple[MilestoneStatus, ...]
) -> list[m.Milestone]:
    return list(
        session.scalars(
            select(m.Milestone)
            .where(m.Milestone.contract_id == contract.id, m.Milestone.status.in_(statuses))
            .order_by(m.Milestone.due_date, m.Milestone.id)
        )
    )


def _hours_by_month(session: Session, contract: m.Contract) -> dict[dt.date, int]:
    """The minutes entered on the contract, month by month (month rows and sign-in sheets)."""
    months, days = entered_hours(session, contract.id)
    totals = {month: values.total for month, values in months.items()}
    for day, values in days.items():
        month = month_start(day)
        if month not in months:  # a month entered by sheets also has its month row
            totals[month] = totals.get(month, 0) + values.total
    return totals


def _months(contract: m.Contract) -> list[dt.date]:
    """The months the contract runs through."""
    months, month = [], month_start(contract.start_date)
    while month <= contract.effective_end:
        months.append(month)
        month = next_month(month)
    return months
