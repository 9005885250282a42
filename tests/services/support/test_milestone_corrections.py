"""Cancelling a milestone still to hold and restoring it, with history: a reason for the
follow-up schedule's milestones, none for an interview added by hand; refusals leave the
database as it was (a whole dump compared)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import MilestoneKind, MilestoneStatus
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.history import record_history
from chantier_app.services.support import barriers, schedule
from chantier_app.services.support import milestones as support
from chantier_app.services.support.milestone_corrections import (
    cancel_action,
    cancel_planned,
    restore_milestone,
)
from tests import support_factory as f
from tests.db_dump import dump

D = dt.date
TODAY = D(2026, 2, 1)


@pytest.fixture
def world(database):
    with database.transaction() as session:
        _cip, cip = f.staff(session, Role.CIP)
        _sup, supervisor = f.staff(session, Role.SUPERVISOR, last="Petitjean")
        person = f.person(session, "Lefèvre", _cip)
        contract = f.contract(session, person, D(2026, 1, 5), D(2026, 7, 4))
        schedule.on_contract_changed(session, Actor.system(), contract.id)
        person_id = person.id
    return AppContext(database, cip), AppContext(database, supervisor), person_id


def _milestone(ctx, person_id, kind: MilestoneKind):
    return next(x for x in ctx.read(support.list_milestones, person_id) if x.kind is kind)


def _refused(ctx, action, *args, **kwargs) -> ValidationError:
    before = dump(ctx.database)
    with pytest.raises(ValidationError) as raised:
        ctx.run(action, *args, **kwargs)
    assert dump(ctx.database) == before
    return raised.value


def test_a_scheduled_review_is_cancelled_with_a_reason_then_restored(world) -> None:
    cip, _supervisor, person_id = world
    review = _milestone(cip, person_id, MilestoneKind.REVIEW_M3)
    cip.run(support.plan_milestone, review.id, D(2026, 4, 2))
    error = _refused(cip, cancel_planned, review.id, " ", today=TODAY)
    assert error.message == (
        "Motif de l'annulation : obligatoire, c'est un entretien du calendrier de suivi."
    )
    cancelled = cip.run(cancel_planned, review.id, "Remplacé par le bilan de renouvellement")
    assert cancelled.status is MilestoneStatus.CANCELLED
    restored = cip.run(restore_milestone, review.id, "Annulé par erreur", today=TODAY)
    assert (restored.status, restored.planned_date) == (MilestoneStatus.PLANNED, D(2026, 4, 2))
    again, first = cip.read(record_history, person_id)
    assert (first.kind, first.action) == (RecordKind.MILESTONE, VersionAction.CANCEL)
    assert first.summary == "Bilan à 3 mois prévu le 02/04/2026 annulé"
    assert first.reason == "Remplacé par le bilan de renouvellement"
    assert (again.action, again.summary) == (
        VersionAction.CORRECT,
        "Bilan à 3 mois prévu le 02/04/2026 rétabli (planifié)",
    )
    assert again.previous["status"] == MilestoneStatus.CANCELLED.value


def test_an_interview_added_by_mistake_is_cancelled_without_a_reason(world) -> None:
    cip, supervisor, person_id = world
    interview = cip.run(support.add_interview, person_id, D(2026, 2, 10), "Point logement")
    with pytest.raises(PermissionDeniedError):
        supervisor.run(cancel_planned, interview.id)
    cip.run(cancel_planned, interview.id, today=TODAY)
    assert _refused(cip, cancel_planned, interview.id).codes == ["milestone_not_open"]
    with cip.database.reading() as session:
        assert session.get(m.Milestone, interview.id).status is MilestoneStatus.CANCELLED


def test_nothing_to_restore_is_refused(world) -> None:
    cip, _supervisor, person_id = world
    welcome = _milestone(cip, person_id, MilestoneKind.WELCOME)
    assert _refused(cip, restore_milestone, welcome.id).codes == ["milestone_not_cancelled"]
    cip.run(support.cancel_milestone, welcome.id)  # the old way, no version kept
    assert _refused(cip, restore_milestone, welcome.id).codes == ["milestone_no_version"]


def test_an_action_on_a_barrier_entered_by_mistake_is_cancelled_with_history(world) -> None:
    cip, supervisor, person_id = world
    action = cip.run(
        barriers.add_action,
        person_id,
        barriers.ActionInput(Barrier.HOUSING, "Demande SIAO", "SIAO 75", D(2026, 3, 1)),
    )
    with pytest.raises(PermissionDeniedError):
        supervisor.run(cancel_action, action.id, "x")
    cip.run(cancel_action, action.id, "Saisie sur le mauvais dossier")
    assert cip.read(barriers.list_actions, person_id) == []
    (version,) = cip.read(record_history, person_id)
    assert (version.kind, version.action) == (RecordKind.BARRIER_ACTION, VersionAction.CANCEL)
    assert version.summary == "action « Demande SIAO » (Logement) annulée"
    assert version.previous["partner"] == "SIAO 75"
    with cip.database.reading() as session:
        trail = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.summary.startswith("annulation"))
        ).one()
    assert trail == "annulation : action sur un frein annulée"  # no partner, no barrier
