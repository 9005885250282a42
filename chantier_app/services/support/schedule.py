"""The support schedule follows the contracts: milestones created and moved from their dates.

The contracts services call ``on_contract_changed`` after every hire, renewal, change of
dates, suspension or end, in the same transaction. Generated milestones carry
``Milestone.generated=True``; those done or changed by hand (planned, postponed,
cancelled: the support services then clear ``generated``) are never moved nor deleted.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import AmendmentKind
from chantier_app.domain.codes.support_codes import MilestoneStatus
from chantier_app.domain.schedule import (
    DEFAULT_SETTINGS,
    ContractDates,
    ExistingMilestone,
    ScheduleChanges,
    ScheduleSettings,
    planned_milestones,
    reconcile,
)
from chantier_app.services import audit, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission


def _contract_dates(session: Session, contract: m.Contract) -> ContractDates:
    """What the schedule needs from a contract row (its renewals, its neighbours)."""
    followed = session.scalar(
        select(m.Contract.id).where(m.Contract.previous_contract_id == contract.id).limit(1)
    )
    # Queried rather than read from ``contract.amendments``: the caller may have added
    # an amendment by its contract_id, which an already loaded collection would not show.
    renewed = session.scalars(
        select(m.Amendment.previous_end_date).where(
            m.Amendment.contract_id == contract.id,
            m.Amendment.kind == AmendmentKind.RENEWAL,
            m.Amendment.new_end_date.is_not(None),
        )
    )
    return ContractDates(
        start=contract.start_date,
        planned_end=contract.end_date,
        actual_end=contract.actual_end_date,
        renewed_ends=tuple(renewed),
        continues_previous=contract.previous_contract_id is not None,
        followed_by_next=followed is not None,
    )


def _structure_settings(session: Session) -> ScheduleSettings:
    """The schedule as the association set it (Paramètres), the usual one before set-up."""
    structure = session.scalars(select(m.Structure).order_by(m.Structure.id).limit(1)).first()
    if structure is None:
        return DEFAULT_SETTINGS
    return dataclasses.replace(
        DEFAULT_SETTINGS,
        diagnosis_months=structure.schedule_diagnosis_months,
        plan_months=structure.schedule_plan_months,
        renewal_review_months_before=structure.schedule_renewal_months,
        reviews=DEFAULT_SETTINGS.reviews if structure.schedule_reviews else (),
        follow_ups=DEFAULT_SETTINGS.follow_ups if structure.schedule_follow_ups else (),
    )


def _locked(milestone: m.Milestone) -> bool:
    return not milestone.generated or milestone.status is not MilestoneStatus.TO_PLAN


def on_contract_changed(
    session: Session,
    actor: Actor,
    contract_id: int,
    settings: ScheduleSettings | None = None,
) -> ScheduleChanges:
    """(Re)build the generated milestones of ``contract_id`` from its current dates.

    A contract that follows another one also refreshes the previous one (its exit review
    and follow-ups are no longer due: the person stays). A deleted contract loses its
    generated milestones still to plan.
    """
    roles_matrix.require(actor, Permission.CONTRACTS_EDIT)
    session.flush()  # the caller's changes to the contract must be visible to the queries
    settings = settings or _structure_settings(session)
    contract = session.get(m.Contract, contract_id)
    if contract is None:
        # The foreign key has already emptied contract_id when the row was deleted:
        # a generated milestone without a contract belongs to no schedule any more.
        session.execute(
            delete(m.Milestone).where(
                or_(m.Milestone.contract_id == contract_id, m.Milestone.contract_id.is_(None)),
                m.Milestone.generated.is_(True),
                m.Milestone.status == MilestoneStatus.TO_PLAN,
            )
        )
        return ScheduleChanges()
    changes = _apply(session, actor, contract, settings)
    if contract.previous_contract_id is not None:
        previous = session.get(m.Contract, contract.previous_contract_id)
        if previous is not None:
            _apply(session, actor, previous, settings)
    return changes


def _preview(
    session: Session, contract: m.Contract, dates: ContractDates
) -> tuple[ScheduleChanges, dict[int, m.Milestone]]:
    """What ``on_contract_changed`` would create, move and delete were the contract's dates
    ``dates`` (a correction not saved yet), and the stored milestones by id; writes nothing."""
    stored = list(
        session.scalars(select(m.Milestone).where(m.Milestone.contract_id == contract.id))
    )
    changes = reconcile(
        planned_milestones(dates, _structure_settings(session)),
        [ExistingMilestone(x.id, x.kind, x.due_date, _locked(x)) for x in stored],
    )
    return changes, {milestone.id: milestone for milestone in stored}


def _apply(
    session: Session, actor: Actor, contract: m.Contract, settings: ScheduleSettings
) -> ScheduleChanges:
    stored = list(
        session.scalars(select(m.Milestone).where(m.Milestone.contract_id == contract.id))
    )
    by_id = {milestone.id: milestone for milestone in stored}
    changes = reconcile(
        planned_milestones(_contract_dates(session, contract), settings),
        [ExistingMilestone(x.id, x.kind, x.due_date, _locked(x)) for x in stored],
    )
    if changes.empty:
        return changes
    for planned in changes.create:
        session.add(
            m.Milestone(
                person_id=contract.person_id,
                contract_id=contract.id,
                kind=planned.kind,
                due_date=planned.due_date,
                status=MilestoneStatus.TO_PLAN,
                generated=True,
            )
        )
    for milestone_id, due in changes.move:
        by_id[milestone_id].due_date = due
    for milestone_id in changes.delete:
        session.delete(by_id[milestone_id])
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.UPDATE,
        "milestone_schedule",
        contract.id,
        person_id=contract.person_id,
        summary=(
            f"calendrier d'accompagnement recalculé : {len(changes.create)} créé(s), "
            f"{len(changes.move)} déplacé(s), {len(changes.delete)} supprimé(s)"
        ),
    )
    return changes
