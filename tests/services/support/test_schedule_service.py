"""on_contract_changed on a real database: hire, renewal, early end, dates moved, chained contracts."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, EndReason
from chantier_app.domain.codes.support_codes import MilestoneKind as K
from chantier_app.domain.codes.support_codes import MilestoneStatus
from chantier_app.services.context import Actor
from chantier_app.services.support import milestones as support
from chantier_app.services.support import schedule
from chantier_app.services.support.milestones import ReviewInput
from tests import support_factory as f

D = dt.date


def _milestones(database, contract_id: int) -> dict[K, list[m.Milestone]]:
    with database.reading() as session:
        rows = session.scalars(
            select(m.Milestone)
            .where(m.Milestone.contract_id == contract_id)
            .order_by(m.Milestone.due_date)
        )
        result: dict[K, list[m.Milestone]] = {}
        for row in rows:
            result.setdefault(row.kind, []).append(row)
        return result


JAN_5, JUL_4 = D(2026, 1, 5), D(2026, 7, 4)


def _hire(database, start: dt.date = JAN_5, end: dt.date = JUL_4) -> tuple[int, int]:
    with database.transaction() as session:
        person = f.person(session)
        contract = f.contract(session, person, start, end)
        schedule.on_contract_changed(session, Actor.system(), contract.id)
        return person.id, contract.id


def test_hire_creates_the_generated_schedule(database) -> None:
    person_id, contract_id = _hire(database)
    stored = _milestones(database, contract_id)
    assert stored[K.WELCOME][0].due_date == D(2026, 1, 5)
    assert stored[K.EXIT_REVIEW][0].due_date == D(2026, 7, 4)
    assert all(
        x.generated and x.status is MilestoneStatus.TO_PLAN for v in stored.values() for x in v
    )
    assert all(x.person_id == person_id for v in stored.values() for x in v)
    with database.reading() as session:
        entry = session.scalars(
            select(m.AuditEntry).where(m.AuditEntry.entity == "milestone_schedule")
        ).one()
        assert entry.person_id == person_id and "8 créé(s)" in entry.summary


def test_the_schedule_follows_the_associations_settings(database) -> None:
    """Paramètres: diagnosis within 2 months, no 3-6-10 reviews, no follow-ups."""
    from chantier_app.services.structure import settings

    with database.transaction() as session:
        session.add(m.Structure(name="Les Ateliers du Canal"))
    with database.transaction() as session:
        current = settings.get_structure(session, Actor.system())
        changed = settings.save_structure(
            session,
            Actor.system(),
            dataclasses.replace(
                current,
                schedule_diagnosis_months=2,
                schedule_reviews=False,
                schedule_follow_ups=False,
            ),
        )
    assert set(changed) == {
        "échéance du diagnostic", "bilans à 3, 6 et 10 mois", "suivis après la sortie",
    }  # fmt: skip
    _, contract_id = _hire(database)
    stored = _milestones(database, contract_id)
    assert stored[K.DIAGNOSIS][0].due_date == D(2026, 3, 4)  # two months from 5 January
    assert K.REVIEW_M3 not in stored and K.REVIEW_M6 not in stored
    assert K.FOLLOW_UP_3M not in stored and K.FOLLOW_UP_6M not in stored
    assert K.EXIT_REVIEW in stored


def test_calling_again_changes_nothing(database) -> None:
    _, contract_id = _hire(database)
    with database.transaction() as session:
        assert schedule.on_contract_changed(session, Actor.system(), contract_id).empty


def test_renewal_keeps_done_and_hand_planned_milestones(ctx, database) -> None:
    _, contract_id = _hire(database)
    stored = _milestones(database, contract_id)
    ctx.run(
        support.mark_done, stored[K.WELCOME][0].id, ReviewInput(D(2026, 1, 5)), today=D(2026, 1, 6)
    )
    ctx.run(support.plan_milestone, stored[K.RENEWAL_REVIEW][0].id, D(2026, 6, 1))
    with database.transaction() as session:
        f.renew(session, session.get(m.Contract, contract_id), D(2027, 1, 4))
        schedule.on_contract_changed(session, Actor.system(), contract_id)
    after = _milestones(database, contract_id)
    assert after[K.WELCOME][0].status is MilestoneStatus.DONE
    assert [x.due_date for x in after[K.RENEWAL_REVIEW]] == [D(2026, 6, 4), D(2026, 12, 4)]
    assert after[K.RENEWAL_REVIEW][0].planned_date == D(2026, 6, 1)  # kept as planned by hand
    assert after[K.EXIT_REVIEW][0].due_date == D(2027, 1, 4)
    assert after[K.REVIEW_M6][0].due_date == D(2026, 7, 5)
    assert after[K.FOLLOW_UP_3M][0].due_date == D(2027, 4, 4)


def test_early_end_removes_milestones_no_longer_due(database) -> None:
    _, contract_id = _hire(database, D(2026, 1, 1), D(2026, 12, 31))
    with database.transaction() as session:
        contract = session.get(m.Contract, contract_id)
        contract.actual_end_date = D(2026, 4, 20)
        contract.end_reason = EndReason.MUTUAL_AGREEMENT
        schedule.on_contract_changed(session, Actor.system(), contract_id)
    after = _milestones(database, contract_id)
    assert K.REVIEW_M6 not in after and K.REVIEW_M10 not in after and K.RENEWAL_REVIEW not in after
    assert after[K.EXIT_REVIEW][0].due_date == D(2026, 4, 20)
    assert after[K.FOLLOW_UP_6M][0].due_date == D(2026, 10, 20)


def test_contract_moved_moves_its_milestones(database) -> None:
    _, contract_id = _hire(database)
    with database.transaction() as session:
        contract = session.get(m.Contract, contract_id)
        contract.start_date, contract.end_date = D(2026, 2, 2), D(2026, 8, 1)
        schedule.on_contract_changed(session, Actor.system(), contract_id)
    after = _milestones(database, contract_id)
    assert after[K.WELCOME][0].due_date == D(2026, 2, 2)
    assert after[K.EXIT_REVIEW][0].due_date == D(2026, 8, 1)


def test_first_hours_then_cddi_share_one_path(database) -> None:
    with database.transaction() as session:
        person = f.person(session)
        first = f.contract(session, person, D(2026, 1, 1), D(2026, 4, 30), ContractKind.FIRST_HOURS)
        schedule.on_contract_changed(session, Actor.system(), first.id)
        first.actual_end_date, first.end_reason = D(2026, 3, 31), EndReason.MOVE_TO_CDDI
        cddi = f.contract(session, person, D(2026, 4, 1), D(2026, 9, 30))
        cddi.previous_contract_id = first.id
        schedule.on_contract_changed(session, Actor.system(), cddi.id)
        first_id, cddi_id = first.id, cddi.id
    first_ms, cddi_ms = _milestones(database, first_id), _milestones(database, cddi_id)
    assert K.EXIT_REVIEW not in first_ms and K.FOLLOW_UP_3M not in first_ms
    assert K.WELCOME in first_ms and K.WELCOME not in cddi_ms
    assert cddi_ms[K.EXIT_REVIEW][0].due_date == D(2026, 9, 30)


def test_deleted_contract_loses_its_generated_milestones(database) -> None:
    _, contract_id = _hire(database)
    with database.transaction() as session:
        session.delete(session.get(m.Contract, contract_id))
        session.flush()
        schedule.on_contract_changed(session, Actor.system(), contract_id)
    with database.reading() as session:
        assert session.scalars(select(m.Milestone)).all() == []
