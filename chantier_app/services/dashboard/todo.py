"""The to-do list (« À faire ») of the CIP and the director.

Milestones overdue or due within 14 days, barrier actions due, PMSMP ending (or ended
without an outcome), trainings starting, derogations below 20 h lapsing within a month
before the contract ends. Each item names the person and the tab of their
file to open. One query per kind of item, whatever the number of people.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVarTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain.codes.support_codes import ActionStatus, EnrolmentStatus, PmsmpOutcome
from chantier_app.domain.derogations import MIN_WEEKLY_MINUTES, DerogationPeriod, lapsing
from chantier_app.domain.path_end import PathContract
from chantier_app.services import roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.dashboard.figures import (
    HORIZON_DAYS,
    TodoItem,
    TodoKind,
    action_item,
    derogation_item,
    milestone_item,
    path_report_items,
    pmsmp_item,
    todo_order,
    training_item,
)
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.support.milestones import OPEN_STATUSES

_Ts = TypeVarTuple("_Ts")  # a query's columns


def _people(query: Select[*_Ts], actor: Actor, mine_only: bool) -> Select[*_Ts]:
    query = query.where(m.Person.archived_at.is_(None), m.Person.anonymised_at.is_(None))
    if mine_only:  # « Mes suivis »: nobody for an actor without a staff account
        query = query.where(m.Person.cip_id == (actor.staff_id or -1))
    return query


def todo_list(
    session: Session,
    actor: Actor,
    *,
    mine_only: bool = False,
    today: dt.date | None = None,
    horizon_days: int = HORIZON_DAYS,
) -> list[TodoItem]:
    """Everything to do by ``today + horizon_days``, overdue first, then by date."""
    roles_matrix.require(actor, Permission.SUPPORT_VIEW)
    today = today or dt.date.today()
    limit = today + dt.timedelta(days=horizon_days)
    person_cols = (m.Person.id, m.Person.usage_name, m.Person.first_names, m.Person.cip_id)
    items: list[TodoItem] = []

    milestones = session.execute(
        _people(
            select(m.Milestone, *person_cols)
            .join(m.Person, m.Person.id == m.Milestone.person_id)
            .where(
                m.Milestone.status.in_(OPEN_STATUSES),
                func.coalesce(m.Milestone.planned_date, m.Milestone.due_date) <= limit,
            ),
            actor,
            mine_only,
        )
    )
    for milestone, pid, last, first, cip in milestones:
        items.append(
            milestone_item(
                milestone.id, milestone.kind, milestone.due_date, milestone.planned_date,
                (pid, last, first, cip), today,
            )
        )  # fmt: skip

    actions = session.execute(
        _people(
            select(m.BarrierAction, *person_cols)
            .join(m.Person, m.Person.id == m.BarrierAction.person_id)
            .where(
                m.BarrierAction.status.in_([ActionStatus.TODO, ActionStatus.IN_PROGRESS]),
                m.BarrierAction.due_date.is_not(None),
                m.BarrierAction.due_date <= limit,
            ),
            actor,
            mine_only,
        )
    )
    for action, pid, last, first, cip in actions:
        assert action.due_date is not None  # the query keeps only actions with a due date
        items.append(
            action_item(
                action.id, action.barrier, action.description, action.partner, action.due_date,
                (pid, last, first, cip), today,
            )
        )  # fmt: skip

    placements = session.execute(
        _people(
            select(m.Pmsmp, *person_cols)
            .join(m.Person, m.Person.id == m.Pmsmp.person_id)
            .where(m.Pmsmp.end_date <= limit)
            .where((m.Pmsmp.end_date >= today) | (m.Pmsmp.outcome == PmsmpOutcome.PENDING)),
            actor,
            mine_only,
        )
    )
    for pmsmp, pid, last, first, cip in placements:
        items.append(
            pmsmp_item(
                pmsmp.id,
                pmsmp.host_name,
                pmsmp.start_date,
                pmsmp.end_date,
                (pid, last, first, cip),
                today,
            )
        )

    trainings = session.execute(
        _people(
            select(m.Enrolment, m.TrainingSession, *person_cols)
            .join(m.TrainingSession, m.TrainingSession.id == m.Enrolment.session_id)
            .join(m.Person, m.Person.id == m.Enrolment.person_id)
            .where(
                m.TrainingSession.start_date >= today,
                m.TrainingSession.start_date <= limit,
                m.Enrolment.status == EnrolmentStatus.ENROLLED,
            ),
            actor,
            mine_only,
        )
    )
    for enrolment, training, pid, last, first, cip in trainings:
        items.append(
            training_item(
                enrolment.id, training.title, training.start_date, training.provider,
                (pid, last, first, cip),
            )
        )  # fmt: skip

    items += _path_reports(session, actor, mine_only, today)
    items += _derogations(session, actor, mine_only, today)
    return todo_order(items)


def _derogations(session: Session, actor: Actor, mine_only: bool, today: dt.date) -> list[TodoItem]:
    """CDDI below 20 h whose latest derogation lapses before the contract ends, from one
    month before (D5132-43-5, D5132-43-8: twelve months at most each)."""
    rows = session.execute(
        _people(
            select(m.Contract, m.Person.id, m.Person.usage_name, m.Person.first_names,
                   m.Person.cip_id)
            .join(m.Person, m.Person.id == m.Contract.person_id)
            .where(
                m.Contract.actual_end_date.is_(None),
                m.Contract.weekly_minutes < MIN_WEEKLY_MINUTES,
                m.Contract.id.in_(select(m.ContractDerogation.contract_id)),
            )
            .options(selectinload(m.Contract.derogations)),
            actor,
            mine_only,
        )
    )  # fmt: skip
    items = []
    for contract, pid, last, first, cip in rows:
        periods = [
            DerogationPeriod(d.kind, d.start_date, d.end_date, d.reference, d.decided_on)
            for d in contract.derogations
        ]
        period = lapsing(periods, contract.end_date, today)
        if period is not None and contract.weekly_minutes is not None:
            items.append(
                derogation_item(
                    contract.id, period, contract.weekly_minutes, (pid, last, first, cip), today
                )
            )
    return items


def _path_reports(
    session: Session, actor: Actor, mine_only: bool, today: dt.date
) -> list[TodoItem]:
    """Paths nearing their end (3 queries): the people with a contract still running."""
    people = {
        pid: (pid, last, first, cip)
        for pid, last, first, cip in session.execute(
            _people(
                select(m.Person.id, m.Person.usage_name, m.Person.first_names, m.Person.cip_id)
                .where(m.Person.id.in_(
                    select(m.Contract.person_id).where(m.Contract.actual_end_date.is_(None))
                )),
                actor,
                mine_only,
            )
        )
    }  # fmt: skip
    contracts = [
        (c.person_id, PathContract(c.id, c.kind, c.start_date, c.effective_end,
                                   c.actual_end_date is not None))
        for c in session.scalars(select(m.Contract).where(m.Contract.person_id.in_(people)))
    ]  # fmt: skip
    passes: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for pid, start, end in session.execute(
        select(m.PassIae.person_id, m.PassIae.start_date, m.PassIae.initial_end_date).where(
            m.PassIae.person_id.in_(people)
        )
    ):
        passes.setdefault(pid, []).append((start, end))
    written: dict[int, dt.date] = {
        pid: day
        for pid, day in session.execute(
            select(m.PathReport.person_id, func.max(m.PathReport.written_on))
            .where(m.PathReport.person_id.in_(people), m.PathReport.cancelled_at.is_(None))
            .group_by(m.PathReport.person_id)
        )
    }
    return path_report_items(contracts, passes, written, people, today)


__all__ = ["HORIZON_DAYS", "TodoItem", "TodoKind", "todo_list"]  # the items' types live in figures
