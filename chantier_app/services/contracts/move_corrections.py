"""Cancelling a move from Premières Heures to a CDDI recorded by mistake.

``hiring.move_to_cddi`` ended the Premières Heures the day before the CDDI and hired the
CDDI; its cancellation gives back the Premières Heures as they were (no end, no end
reason) and removes the CDDI, both
kept in the history (``services.history``). The reopened Premières Heures are checked as
if entered now, next to the person's other contracts (``check_contract``: 12 months at
most, 72 h a month). Refused while the CDDI carries what would be lost with it: hours,
amendments, suspensions, an exit, a review that took place, a training, a PMSMP, a
contract that follows it; each is corrected or cancelled first. A reason once the CDDI was
printed or a month of it declared. One transaction. Who may: ``roles_matrix.CORRECTIONS``
(the direction, or who recorded the move that day).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, EndReason
from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.codes.support_codes import MilestoneStatus
from chantier_app.domain.contract_dates import ONE_DAY
from chantier_app.domain.contract_rules import check_contract
from chantier_app.domain.errors import ValidationError, Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.text_rules import checked_reason
from chantier_app.i18n import tr
from chantier_app.services._records import stale_as_violation
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import describe, get_contract, live_contract, settle
from chantier_app.services.contracts.corrections import _as_entry, _as_new
from chantier_app.services.contracts.views import ContractView, _contract_view
from chantier_app.services.history import (
    Recorded,
    keep_cancellation,
    may_change,
    reason_check,
    require_may_change,
    row_values,
)
from chantier_app.services.hours._common import entered_hours
from chantier_app.services.support import schedule

# What the move wrote on the Premières Heures (``hiring.move_to_cddi``; the warnings it
# acknowledged went on the CDDI).
MOVE_FIELDS = ("actual_end_date", "end_reason")


def cancel_move_to_cddi(
    session: Session,
    actor: Actor,
    contract_id: int,
    reason: str | None = None,
    *,
    acknowledge: Iterable[str] = (),
    today: dt.date | None = None,
) -> ContractView:
    """Cancel the move ``contract_id`` belongs to (the CDDI or the Premières Heures it
    ended): the Premières Heures run again as before it, the CDDI goes."""
    first_hours, cddi = _move_to_cancel(session, actor, contract_id, today)
    found = _cancel_check(session, first_hours, cddi, reason)
    settle(found, acknowledge, actor, "cancel_move_to_cddi")
    previous: dict[str, object] = {
        **row_values(cddi),
        "derogations": [row_values(d) for d in cddi.derogations],
        "first_hours": row_values(first_hours, MOVE_FIELDS),
    }
    what = tr("passage en CDDI du {date} annulé : {cddi} retiré, {first} qui reprennent").format(
        date=format_date(cddi.start_date),
        cddi=describe(cddi),
        first=tr("Premières Heures"),
    )
    # Milestones planned for the CDDI (none took place: _cancel_check) are cancelled with
    # it, kept with their dates (the schedule no longer moves them: not generated).
    for milestone in session.scalars(select(m.Milestone).where(m.Milestone.contract_id == cddi.id)):
        milestone.status = MilestoneStatus.CANCELLED
        milestone.generated = False
    first_hours.actual_end_date = None
    first_hours.end_reason = None
    summary = tr("{what} jusqu'au {end}").format(what=what, end=format_date(first_hours.end_date))
    keep_cancellation(
        session,
        actor,
        RecordKind.MOVE_TO_CDDI,
        record_id=cddi.id,
        person_id=cddi.person_id,
        previous=previous,
        reason=reason,
        summary=summary,
    )
    # Cancelled, not deleted (db.cancellable): its id is never given to another contract,
    # whose history this version would be read with.
    cddi.mark_cancelled(actor.staff_id, checked_reason(reason))
    session.flush()
    schedule.on_contract_changed(session, actor, first_hours.id)  # its milestones again
    return _contract_view(session, first_hours.id)


@stale_as_violation
def check_cancel_move(
    session: Session,
    actor: Actor,
    contract_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``cancel_move_to_cddi`` would refuse or warn about."""
    first_hours, cddi = _move_to_cancel(session, actor, contract_id, today)
    return _cancel_check(session, first_hours, cddi, reason)


def may_cancel_move(
    session: Session, actor: Actor, contract_id: int, *, today: dt.date | None = None
) -> bool:
    """Is ``contract_id`` part of a move to CDDI that ``actor`` may cancel?"""
    move = _move_of(session, contract_id)
    if move is None:
        return False
    cddi = move[1]
    by = Recorded(cddi.created_by_id, cddi.created_at)
    return may_change(session, actor, RecordKind.MOVE_TO_CDDI, cddi.person_id, by, today)


# Helpers ---------------------------------------------------------------------------------
def _move_of(session: Session, contract_id: int) -> tuple[m.Contract, m.Contract] | None:
    """(the Premières Heures, the CDDI) of the move ``contract_id`` is part of, or None."""
    contract = get_contract(session, contract_id)
    cddi: m.Contract | None
    first_hours: m.Contract | None
    if contract.kind is ContractKind.FIRST_HOURS:
        cddi = session.scalars(
            select(m.Contract).where(m.Contract.previous_contract_id == contract.id)
        ).first()
        first_hours = contract
    else:
        cddi = contract
        previous = contract.previous_contract_id
        first_hours = session.get(m.Contract, previous) if previous is not None else None
    if (
        cddi is None
        or first_hours is None
        or first_hours.kind is not ContractKind.FIRST_HOURS
        or first_hours.end_reason is not EndReason.MOVE_TO_CDDI
        or first_hours.actual_end_date != cddi.start_date - ONE_DAY
    ):
        return None
    return first_hours, cddi


def _move_to_cancel(
    session: Session, actor: Actor, contract_id: int, today: dt.date | None
) -> tuple[m.Contract, m.Contract]:
    live_contract(session, actor, contract_id)  # cancelled meanwhile: a stale edit
    move = _move_of(session, contract_id)
    if move is None:
        raise ValidationError(
            tr("Contrat : il ne fait pas partie d'un passage de Premières Heures en CDDI."),
            field="contract",
        )
    cddi = move[1]
    by = Recorded(cddi.created_by_id, cddi.created_at)
    require_may_change(session, actor, RecordKind.MOVE_TO_CDDI, cddi.person_id, by, today)
    return move


def _cancel_check(
    session: Session, first_hours: m.Contract, cddi: m.Contract, reason: str | None
) -> list[Violation]:
    """What the CDDI carries that would be lost, then the reopened Premières Heures as if
    entered now, and a reason once the CDDI was used."""
    found = _carried(session, cddi)
    if found:
        return found
    declared = session.scalar(
        select(m.DeclaredMonth.id)
        .where(
            m.DeclaredMonth.month >= cddi.start_date.replace(day=1),
            m.DeclaredMonth.month <= cddi.effective_end,
        )
        .limit(1)
    )
    if cddi.print_count > 0:
        found = reason_check(reason, True, tr("le CDDI a déjà été imprimé"), cancel=True)
    else:
        because = tr("un mois du CDDI a été déclaré")
        found = reason_check(reason, declared is not None, because, cancel=True)
    history, proposal = _as_new(session, first_hours, _as_entry(first_hours))
    history = dataclasses.replace(
        history, contracts=tuple(c for c in history.contracts if c.contract_id != cddi.id)
    )
    return found + check_contract(history, proposal)


def _carried(session: Session, cddi: m.Contract) -> list[Violation]:
    """What was recorded on the CDDI: each is corrected or cancelled before the move."""
    months, days = entered_hours(session, cddi.id)
    counts = {
        "hours": len(months) + len(days),
        "amendments": len(cddi.amendments),
        "suspensions": len(cddi.suspensions),
        "exit": int(cddi.actual_end_date is not None),
    }
    for key, column in (
        ("enrolments", m.Enrolment.contract_id),
        ("pmsmp", m.Pmsmp.contract_id),
        ("followers", m.Contract.previous_contract_id),
    ):
        counts[key] = session.scalar(select(func.count()).where(column == cddi.id)) or 0
    counts["reviews"] = (
        session.scalar(
            select(func.count())
            .select_from(m.Milestone)
            .where(m.Milestone.contract_id == cddi.id, m.Milestone.status == MilestoneStatus.DONE)
        )
        or 0
    )
    texts = {
        "hours": tr("des heures sont saisies sur le CDDI ; effacez-les d'abord"),
        "amendments": tr("le CDDI a un avenant ; annulez-le d'abord"),
        "suspensions": tr("le CDDI a une suspension ; annulez-la d'abord"),
        "exit": tr("le CDDI est terminé ; annulez d'abord sa sortie"),
        "enrolments": tr("une inscription en formation compte sur le CDDI ; annulez-la d'abord"),
        "pmsmp": tr("une PMSMP a lieu pendant le CDDI ; annulez-la d'abord"),
        "followers": tr("un autre contrat suit le CDDI ; annulez-le d'abord"),
        "reviews": tr("un entretien a eu lieu pendant le CDDI ; annulez-le d'abord"),
    }
    return [
        Violation(
            f"move_cddi_{key}",
            tr("Passage en CDDI : {text}.").format(text=texts[key]),
            field="contract",
        )
        for key, count in counts.items()
        if count
    ]
