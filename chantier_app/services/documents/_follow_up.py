"""The follow-up sheet's data (« Fiche de suivi »): one person's, or a batch's read at once.

A batch of sheets reads what every sheet shares once (the structure, workshops, teams,
staff) and each person's records in a few IN queries (``FollowUpBatch``); one sheet alone
goes through the same loader with its one id. Permissions and the audit trail are in
``documents.printing``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.support_codes import MilestoneStatus
from chantier_app.i18n import tr
from chantier_app.reports.data import (
    BarrierHistory,
    FollowUpDocument,
    MilestoneLine,
    MonthHours,
    StructureInfo,
    TrainingLine,
)
from chantier_app.services.documents._common import (
    contract_line,
    cumulative_months,
    current_contract,
    get_person,
    pass_for,
    person_identity,
    staff_name,
    structure_info,
    structure_row,
    team_label,
    workshops_by_id,
)


def _training_lines(session: Session, person_ids: Sequence[int]) -> dict[int, list[TrainingLine]]:
    """Every training each person is enrolled in, with the hours attended (the planned hours
    while none is): the follow-up sheet's list of what was and will be followed."""
    found: dict[int, list[TrainingLine]] = {}
    for ids in _chunks(person_ids):
        query = (
            select(m.Enrolment, m.TrainingSession)
            .join(m.TrainingSession, m.Enrolment.session_id == m.TrainingSession.id)
            .where(m.Enrolment.person_id.in_(ids))
            .order_by(m.Enrolment.person_id, m.TrainingSession.start_date, m.Enrolment.id)
        )
        for enrolment, session_row in session.execute(query):
            found.setdefault(enrolment.person_id, []).append(
                TrainingLine(
                    title=session_row.title,
                    start_date=session_row.start_date,
                    end_date=session_row.end_date,
                    provider=session_row.provider,
                    minutes=enrolment.attended_minutes or session_row.duration_minutes,
                    result=enrolment.result,
                    certificate=enrolment.certificate_obtained,
                )
            )
    return found


def _trainings(session: Session, person_id: int) -> list[TrainingLine]:
    """One person's trainings as the follow-up sheet lists them."""
    return _training_lines(session, [person_id]).get(person_id, [])


def _qualifying_exams(contracts: Iterable[m.Contract]) -> list[TrainingLine]:
    """The diploma a chantier qualifiant prepares, with its exam's result: often the main
    certificate of the path."""
    return [
        TrainingLine(
            title=tr("Formation qualifiante : {diploma}").format(diploma=c.target_diploma),
            start_date=c.start_date,
            end_date=c.exam_date or c.effective_end,
            provider=c.training_provider,
            result=c.exam_result,
            certificate=c.target_diploma,
        )
        for c in contracts
        if c.kind is ContractKind.CDDI_QUALIFYING and c.target_diploma
    ]


# One IN query per this many ids: far below the bound parameters SQLite and PostgreSQL take.
IN_CHUNK = 500


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    unique = list(dict.fromkeys(ids))
    return [unique[i : i + IN_CHUNK] for i in range(0, len(unique), IN_CHUNK)]


def _month_hours(session: Session, contract_ids: Sequence[int]) -> dict[int, list[MonthHours]]:
    found: dict[int, list[MonthHours]] = {}
    for ids in _chunks(contract_ids):
        rows = session.scalars(
            select(m.MonthlyHours)
            .where(m.MonthlyHours.contract_id.in_(ids))
            .order_by(m.MonthlyHours.contract_id, m.MonthlyHours.month)
        )
        for row in rows:
            found.setdefault(row.contract_id, []).append(
                MonthHours(
                    month=row.month,
                    worked_minutes=row.worked_minutes,
                    training_minutes=row.training_minutes,
                    pmsmp_minutes=row.pmsmp_minutes,
                    paid_absence_minutes=row.paid_absence_minutes,
                    sick_minutes=row.sick_minutes,
                    unjustified_minutes=row.unjustified_minutes,
                )
            )
    return found


def _by_person(session: Session, model: Any, person_ids: Sequence[int], *order: Any) -> Any:
    """The rows of ``model`` of these people, grouped by person, in ``order`` within each."""
    found: dict[int, list[Any]] = {}
    for ids in _chunks(person_ids):
        rows = session.scalars(
            select(model).where(model.person_id.in_(ids)).order_by(model.person_id, *order)
        )
        for row in rows:
            found.setdefault(row.person_id, []).append(row)
    return found


def _milestones(rows: Iterable[m.Milestone], *, encadrant: bool) -> list[MilestoneLine]:
    lines = []
    for row in rows:
        if row.status is MilestoneStatus.CANCELLED:
            continue
        done = row.status is MilestoneStatus.DONE
        if encadrant and done:
            continue
        when = (row.done_date if done else row.planned_date) or row.due_date
        lines.append(
            MilestoneLine(
                kind=row.kind,
                date=when,
                status=row.status,
                # The supervisor's sheet never carries what was said in the interviews.
                objectives_reached=None if encadrant else row.objectives_reached,
                next_objectives=None if encadrant else row.next_objectives,
            )
        )
    return sorted(lines, key=lambda line: line.date)


def _barriers(rows: Iterable[m.BarrierScore]) -> list[BarrierHistory]:
    by_barrier: dict[Barrier, dict[dt.date, int]] = {}
    for row in rows:
        if row.barrier.sensitive:  # health and justice never go on paper
            continue
        by_barrier.setdefault(row.barrier, {})[row.scored_on] = row.score  # last of a day wins
    order = list(Barrier)
    return [
        BarrierHistory(barrier, tuple(sorted(days.items())))
        for barrier, days in sorted(by_barrier.items(), key=lambda item: order.index(item[0]))
    ]


@dataclass
class FollowUpBatch:
    """What the follow-up sheets of a batch read once, in a few IN queries rather than about
    fifteen statements a sheet (issue 22): the structure, the workshops, the teams, the staff,
    and each person's file (PASS decisions, contracts, hours, trainings, milestones,
    barriers). Only data: the rights are still checked and the print audited sheet by sheet.

    ``rows`` holds the people, teams and staff loaded: the session's identity map keeps
    objects only while something refers to them, and ``session.get`` then finds them there
    (``get_person``, ``staff_name``) without a statement."""

    today: dt.date
    structure: StructureInfo
    workshops: dict[int, m.Workshop]
    contracts: dict[int, list[m.Contract]]
    hours: dict[int, list[MonthHours]]  # by contract: the current contract's on ``today``
    trainings: dict[int, list[TrainingLine]]
    milestones: dict[int, list[m.Milestone]]
    barriers: dict[int, list[m.BarrierScore]]
    rows: list[object]

    @classmethod
    def load(cls, session: Session, person_ids: Sequence[int], today: dt.date) -> FollowUpBatch:
        structure = structure_info(structure_row(session))  # first: its refusal comes first
        people = [
            person
            for ids in _chunks(person_ids)
            for person in session.scalars(
                select(m.Person)
                .where(m.Person.id.in_(ids))
                .options(
                    selectinload(m.Person.passes).selectinload(m.PassIae.suspensions),
                    selectinload(m.Person.passes).selectinload(m.PassIae.prolongations),
                )
            )
        ]
        contracts: dict[int, list[m.Contract]] = {}
        for ids in _chunks(person_ids):
            for contract in session.scalars(
                select(m.Contract)
                .where(m.Contract.person_id.in_(ids))
                .options(selectinload(m.Contract.amendments))
                .order_by(m.Contract.person_id, m.Contract.start_date, m.Contract.id)
            ):
                contracts.setdefault(contract.person_id, []).append(contract)
        current = [current_contract(c, today) for c in contracts.values()]
        # Teams are few: all of them, each one's supervisors read once (on first use).
        teams = list(session.scalars(select(m.Team)))
        staff = list(session.scalars(select(m.Staff)))
        return cls(
            today=today,
            structure=structure,
            workshops=workshops_by_id(session),
            contracts=contracts,
            hours=_month_hours(session, [c.id for c in current if c is not None]),
            trainings=_training_lines(session, person_ids),
            milestones=_by_person(session, m.Milestone, person_ids, m.Milestone.id),
            barriers=_by_person(
                session, m.BarrierScore, person_ids, m.BarrierScore.scored_on, m.BarrierScore.id
            ),
            rows=[*people, *teams, *staff],
        )


def follow_up_data(
    session: Session,
    person_id: int,
    *,
    encadrant: bool,
    today: dt.date,
    batch: FollowUpBatch | None = None,
) -> FollowUpDocument:
    """The follow-up sheet; ``batch``: what a batch of sheets read once (of the same day)."""
    if batch is None or batch.today != today:
        batch = FollowUpBatch.load(session, [person_id], today)
    person = get_person(session, person_id)
    contracts = batch.contracts.get(person_id, [])
    workshops = batch.workshops
    current = current_contract(contracts, today)
    team_id = (current.team_id if current else None) or person.team_id
    team = session.get(m.Team, team_id) if team_id else None
    pass_iae = None if encadrant else pass_for(person.passes, today)
    hours = batch.hours.get(current.id, []) if current else []
    return FollowUpDocument(
        structure=batch.structure,
        person=person_identity(person),
        issued_on=today,
        encadrant=encadrant,
        team=team_label(team) if team else None,
        cip_name=staff_name(session, person.cip_id),
        supervisor_names=tuple(s.display_name for s in team.supervisors) if team else (),
        pass_number=pass_iae.number if pass_iae else None,
        pass_end=pass_iae.end if pass_iae else None,
        contracts=tuple(contract_line(c, workshops) for c in contracts),
        cumulative_months=cumulative_months(contracts),
        current_contract=contract_line(current, workshops) if current else None,
        hours=tuple(hours),
        trainings=tuple(batch.trainings.get(person_id, []) + _qualifying_exams(contracts)),
        milestones=tuple(_milestones(batch.milestones.get(person_id, []), encadrant=encadrant)),
        barriers=() if encadrant else tuple(_barriers(batch.barriers.get(person_id, []))),
    )
