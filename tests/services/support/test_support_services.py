"""Milestones, barrier scores and actions, sensitive notes: on a real database, with rights and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.barriers import Trend, evolution
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import (
    ActionStatus,
    MilestoneKind,
    MilestoneStatus,
    SensitiveNoteKind,
)
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.support import barriers, schedule, sensitive_notes
from chantier_app.services.support import milestones as support
from chantier_app.services.support.barriers import ActionInput
from chantier_app.services.support.milestones import ReviewInput
from chantier_app.services.support.sensitive_notes import NoteInput
from tests import support_factory as f

D = dt.date
TODAY = D(2026, 5, 10)


@pytest.fixture
def world(database):
    """A CIP, a supervisor, and a person hired on 5 January 2026 for six months."""
    with database.transaction() as session:
        cip, cip_actor = f.staff(session, Role.CIP)
        _, supervisor = f.staff(session, Role.SUPERVISOR, last="Petitjean")
        person = f.person(session, cip=cip)
        contract = f.contract(session, person, D(2026, 1, 5), D(2026, 7, 4))
        schedule.on_contract_changed(session, Actor.system(), contract.id)
        ids = {"person": person.id, "contract": contract.id}
    return (
        ids,
        AppContext(database, cip_actor),
        AppContext(database, supervisor),
    )


def _milestone(cip: AppContext, person_id: int, kind: MilestoneKind) -> support.MilestoneView:
    return next(x for x in cip.read(support.list_milestones, person_id) if x.kind is kind)


def _count(database, model) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_mark_review_done_with_scores_in_one_action(world, database) -> None:
    ids, cip, _ = world
    review = _milestone(cip, ids["person"], MilestoneKind.REVIEW_M3)
    done = cip.run(
        support.mark_done,
        review.id,
        ReviewInput(
            D(2026, 4, 7),
            notes="Bonne implication",
            objectives_reached="CV à jour",
            next_objectives="Préparer une PMSMP",
            scores={Barrier.HOUSING: 4, Barrier.MOBILITY: 2, Barrier.HEALTH: None},
        ),
        today=TODAY,
    )
    assert done.status is MilestoneStatus.DONE and done.done_date == D(2026, 4, 7)
    assert done.author_name == "Rachid Bensaïd"
    assert done.next_objectives == "Préparer une PMSMP"
    history = cip.read(barriers.score_history, ids["person"])
    assert {(p.barrier, p.score) for p in history} == {(Barrier.HOUSING, 4), (Barrier.MOBILITY, 2)}
    with database.reading() as session:
        summaries = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.entity == "milestone")
        ).all()
    assert summaries == ["entretien réalisé ; 2 frein(s) coté(s)"]


def test_correcting_a_done_review_replaces_its_scores(world) -> None:
    ids, cip, _ = world
    review = _milestone(cip, ids["person"], MilestoneKind.REVIEW_M3)
    cip.run(
        support.mark_done,
        review.id,
        ReviewInput(D(2026, 4, 7), scores={Barrier.HOUSING: 4}),
        today=TODAY,
    )
    cip.run(
        support.mark_done,
        review.id,
        ReviewInput(D(2026, 4, 7), scores={Barrier.HOUSING: 3}),
        today=TODAY,
    )
    assert [p.score for p in cip.read(barriers.score_history, ids["person"])] == [3]


def test_barrier_history_and_evolution_between_reviews(world) -> None:
    ids, cip, _ = world
    welcome = _milestone(cip, ids["person"], MilestoneKind.DIAGNOSIS)
    review = _milestone(cip, ids["person"], MilestoneKind.REVIEW_M3)
    cip.run(
        support.mark_done,
        welcome.id,
        ReviewInput(D(2026, 2, 2), scores={Barrier.HOUSING: 5}),
        today=TODAY,
    )
    cip.run(
        support.mark_done,
        review.id,
        ReviewInput(D(2026, 4, 7), scores={Barrier.HOUSING: 3}),
        today=TODAY,
    )
    [housing] = evolution(cip.read(barriers.score_history, ids["person"]))
    assert (housing.previous, housing.latest, housing.trend) == (5, 3, Trend.BETTER)


@pytest.mark.parametrize(
    ("review", "code"),
    [
        (ReviewInput(None), "done_date_missing"),
        (ReviewInput(D(2026, 5, 11)), "done_date_future"),
        (ReviewInput(D(2026, 4, 7), scores={Barrier.HOUSING: 6}), "barrier_score_range"),
        (ReviewInput(D(2026, 4, 7), scores={Barrier.HOUSING: 0}), "barrier_score_range"),
    ],
)
def test_bad_review_is_refused_and_nothing_is_saved(world, database, review, code) -> None:
    ids, cip, _ = world
    milestone = _milestone(cip, ids["person"], MilestoneKind.REVIEW_M3)
    with pytest.raises(ValidationError) as refused:
        cip.run(support.mark_done, milestone.id, review, today=TODAY)
    assert code in refused.value.codes
    assert _milestone(cip, ids["person"], MilestoneKind.REVIEW_M3).status is MilestoneStatus.TO_PLAN
    assert _count(database, m.BarrierScore) == 0


def test_plan_postpone_and_add_an_interview(world) -> None:
    ids, cip, _ = world
    review = _milestone(cip, ids["person"], MilestoneKind.REVIEW_M3)
    planned = cip.run(support.plan_milestone, review.id, D(2026, 4, 2))
    assert planned.status is MilestoneStatus.PLANNED and not planned.generated
    with pytest.raises(ValidationError) as refused:
        cip.run(support.postpone_milestone, review.id, D(2026, 4, 1))
    assert refused.value.violations[0].field == "new_date"
    moved = cip.run(support.postpone_milestone, review.id, D(2026, 4, 20), "Arrêt maladie")
    assert moved.status is MilestoneStatus.POSTPONED and moved.due_date == D(2026, 4, 20)
    assert "Reporté au 20/04/2026 : Arrêt maladie" in moved.notes
    cancelled = cip.run(support.cancel_milestone, review.id)
    assert cancelled.status is MilestoneStatus.CANCELLED
    welcome = _milestone(cip, ids["person"], MilestoneKind.WELCOME)
    cip.run(support.mark_done, welcome.id, ReviewInput(D(2026, 1, 5)), today=TODAY)
    for change in (support.cancel_milestone, support.postpone_milestone):
        args = (welcome.id,) if change is support.cancel_milestone else (welcome.id, D(2026, 6, 1))
        with pytest.raises(ValidationError, match="a déjà eu lieu le 05/01/2026"):
            cip.run(change, *args)
    extra = cip.run(support.add_interview, ids["person"], D(2026, 3, 3), "Point logement")
    assert extra.kind is MilestoneKind.OTHER and extra.contract_id == ids["contract"]
    assert extra.status is MilestoneStatus.PLANNED


def test_supervisor_cannot_see_nor_change_support(world) -> None:
    ids, _, supervisor = world
    with pytest.raises(PermissionDeniedError):
        supervisor.read(support.list_milestones, ids["person"])
    with pytest.raises(PermissionDeniedError):
        supervisor.run(barriers.add_action, ids["person"], ActionInput(Barrier.HOUSING, "x"))


def test_actions_per_barrier(world) -> None:
    ids, cip, _ = world
    with pytest.raises(ValidationError) as refused:
        cip.run(barriers.add_action, ids["person"], ActionInput(None, "  "))
    assert {v.field for v in refused.value.violations} == {"barrier", "description"}
    action = cip.run(
        barriers.add_action,
        ids["person"],
        ActionInput(Barrier.HOUSING, "Demande SIAO", "CCAS Paris 19", D(2026, 6, 1)),
    )
    assert action.open and not action.overdue(TODAY)
    done = cip.run(
        barriers.update_action,
        action.id,
        ActionInput(
            Barrier.HOUSING, "Demande SIAO", "CCAS Paris 19", D(2026, 6, 1), ActionStatus.DONE
        ),
        today=TODAY,
    )
    assert done.status is ActionStatus.DONE and done.done_date == TODAY
    assert [a.partner for a in cip.read(barriers.list_actions, ids["person"])] == ["CCAS Paris 19"]


def test_sensitive_notes_are_kept_apart_and_never_in_the_audit(world, database) -> None:
    ids, cip, supervisor = world
    secret = "Suivi addictologie au CSAPA"
    with pytest.raises(PermissionDeniedError):
        supervisor.run(
            sensitive_notes.add_note,
            ids["person"],
            NoteInput(SensitiveNoteKind.HEALTH, TODAY, secret),
        )
    with pytest.raises(PermissionDeniedError):
        supervisor.read(sensitive_notes.list_notes, ids["person"])
    note_id = cip.run(
        sensitive_notes.add_note, ids["person"], NoteInput(SensitiveNoteKind.HEALTH, TODAY, secret)
    )
    [note] = cip.read(sensitive_notes.list_notes, ids["person"])
    assert note.text == secret and note.author_name == "Rachid Bensaïd"
    cip.run(
        sensitive_notes.update_note, note_id, NoteInput(SensitiveNoteKind.JUSTICE, TODAY, "SPIP")
    )
    cip.run(sensitive_notes.cancel_note, note_id)
    with database.reading() as session:
        trail = " ".join(s or "" for s in session.scalars(select(m.AuditEntry.summary)))
        note_trail = " ".join(
            session.scalars(
                select(m.AuditEntry.summary).where(m.AuditEntry.entity == "sensitive_note")
            )
        )
        person_notes = session.scalar(select(m.Person.notes).where(m.Person.id == ids["person"]))
    assert "CSAPA" not in trail and "SPIP" not in trail
    assert "santé" not in note_trail.lower() and "justice" not in note_trail.lower()
    assert "note confidentielle annulée" in note_trail
    assert person_notes is None  # never written among ordinary notes


def test_empty_note_is_refused(world) -> None:
    ids, cip, _ = world
    with pytest.raises(ValidationError) as refused:
        cip.run(sensitive_notes.add_note, ids["person"], NoteInput(None, TODAY, " "))
    assert {v.field for v in refused.value.violations} == {"kind", "text"}
