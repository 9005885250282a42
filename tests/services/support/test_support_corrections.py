"""Correcting and cancelling a review and a barrier score: mark_done's own rules, the
previous version kept and read by the right people only, refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.contract_codes import AmendmentKind
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import MilestoneKind, MilestoneStatus
from chantier_app.domain.errors import (
    PermissionDeniedError,
    UnacknowledgedWarnings,
    ValidationError,
)
from chantier_app.services import audit
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.history import record_history, row_values
from chantier_app.services.structure.accounts import actor_for
from chantier_app.services.support import milestones as support
from chantier_app.services.support import schedule
from chantier_app.services.support.corrections import (
    ReviewCorrection,
    ScoreCorrection,
    cancel_review,
    cancel_score,
    check_cancel_score,
    check_score_correction,
    correct_review,
    correct_score,
)
from chantier_app.services.support.milestones import ReviewInput
from tests import support_factory as f
from tests.team_factory import team_of

D = dt.date
TODAY = D(2026, 5, 10)


@pytest.fixture
def world(database):
    """A person hired on 5 January 2026 with their CIP; the M3 review done on 7 April."""
    with database.transaction() as session:
        cip, cip_actor = f.staff(session, Role.CIP)
        _other, other_cip = f.staff(session, Role.CIP, last="Moreau")
        supervisor, _ = f.staff(session, Role.SUPERVISOR, last="Petitjean")
        person = f.person(session, cip=cip)
        contract = f.contract(session, person, D(2026, 1, 5), D(2026, 7, 4))
        schedule.on_contract_changed(session, Actor.system(), contract.id)
        supervisor.teams = [session.get(m.Team, team_of(session, person.id))]
        ids = {"person": person.id, "contract": contract.id}
    ctx = AppContext(database, cip_actor)
    with database.reading() as session:  # the encadrant of the person's team
        supervisor_ctx = AppContext(database, actor_for(session.get(m.Staff, supervisor.id)))
    review = next(
        x
        for x in ctx.read(support.list_milestones, ids["person"])
        if x.kind is MilestoneKind.REVIEW_M3
    )
    ctx.run(
        support.mark_done,
        review.id,
        ReviewInput(
            D(2026, 4, 7),
            notes="Suivi santé en cours",
            scores={Barrier.HOUSING: 4, Barrier.HEALTH: 3},
        ),
        today=TODAY,
    )
    ids["review"] = review.id
    return ids, ctx, AppContext(database, other_cip), supervisor_ctx


def _state(database) -> tuple[object, ...]:
    with database.reading() as session:
        milestones = [
            {k: v for k, v in row_values(x).items() if k != "updated_at"}
            for x in session.scalars(select(m.Milestone).order_by(m.Milestone.id))
        ]
        scores = [
            {k: v for k, v in row_values(x).items() if k != "updated_at"}
            for x in session.scalars(select(m.BarrierScore).order_by(m.BarrierScore.id))
        ]
        counts = [
            session.scalar(select(func.count()).select_from(model))
            for model in (m.RecordVersion, m.AuditEntry, m.Amendment)
        ]
    return milestones, scores, counts


def _refused(ctx, error, action, *args, **kwargs):
    before = _state(ctx.database)
    with pytest.raises(error) as raised:
        ctx.run(action, *args, **kwargs)
    assert _state(ctx.database) == before
    return raised.value


def test_a_review_is_corrected_with_its_scores_and_the_previous_version_kept(
    database, world
) -> None:
    ids, cip, other_cip, supervisor = world
    done = cip.run(
        correct_review,
        ReviewCorrection(ids["review"], D(2026, 4, 9), notes="Suivi en cours"),
        today=TODAY,
    )
    assert (done.done_date, done.notes) == (D(2026, 4, 9), "Suivi en cours")
    with database.reading() as session:
        dates = set(session.scalars(select(m.BarrierScore.scored_on)))
    assert dates == {D(2026, 4, 9)}  # the review's scores are dated by it
    (version,) = cip.read(record_history, ids["person"])
    assert (version.kind, version.action) == (RecordKind.MILESTONE, VersionAction.CORRECT)
    assert version.previous["done_date"] == "2026-04-07"
    assert "date : 07/04/2026 → 09/04/2026 ; compte rendu corrigé" in version.summary
    with database.reading() as session:
        line = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.summary.startswith("correction"))
        ).one()
    assert line.endswith("date de l'entretien, compte rendu corrigé(s)")
    assert "santé" not in line.lower()
    # Another CIP corrects it too (support records: who follows people); the encadrant
    # neither corrects nor reads the support history.
    other_cip.run(
        correct_review, ReviewCorrection(ids["review"], D(2026, 4, 8), "Suivi"), today=TODAY
    )
    with pytest.raises(PermissionDeniedError):
        supervisor.run(correct_review, ReviewCorrection(ids["review"], D(2026, 4, 6)), today=TODAY)
    assert supervisor.read(record_history, ids["person"]) == []


@pytest.mark.parametrize(
    ("done_date", "code"),
    [
        (None, "done_date_missing"),
        (D(2026, 6, 1), "done_date_future"),
        (D(2026, 4, 7), "correction_unchanged"),
    ],
)
def test_an_invalid_review_correction_is_refused_and_changes_nothing(
    world, done_date, code
) -> None:
    ids, cip, _other, _supervisor = world
    data = ReviewCorrection(ids["review"], done_date, notes="Suivi santé en cours")
    error = _refused(cip, ValidationError, correct_review, data, today=TODAY)
    assert error.codes == [code]


def test_a_cancelled_review_is_to_hold_again_and_a_renewal_relying_on_it_says_so(
    database, world
) -> None:
    ids, cip, other_cip, _supervisor = world
    with database.transaction() as session:  # renewed on 20 April, on the strength of it
        contract = session.get(m.Contract, ids["contract"])
        contract.amendments.append(
            m.Amendment(
                number=1,
                kind=AmendmentKind.RENEWAL,
                signed_on=D(2026, 4, 20),
                effective_date=D(2026, 7, 5),
                previous_end_date=D(2026, 7, 4),
                new_end_date=D(2026, 12, 31),
            )
        )
    warned = _refused(cip, UnacknowledgedWarnings, cancel_review, ids["review"], today=TODAY)
    assert warned.codes == ["review_used_by_renewal"]
    assert "Le renouvellement décidé le 20/04/2026 (avenant n° 1)" in warned.message
    view = cip.run(
        cancel_review, ids["review"], acknowledge=["review_used_by_renewal"], today=TODAY
    )
    assert (view.status, view.done_date, view.notes) == (MilestoneStatus.TO_PLAN, None, None)
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.BarrierScore)) == 0
    # The CIP following the person reads the health score in it; another CIP does not.
    (version,) = cip.read(record_history, ids["person"])
    assert version.action is VersionAction.CANCEL
    assert {s["barrier"] for s in version.previous["scores"]} == {"LOGEMENT", "SANTE"}
    assert version.previous["notes"] == "Suivi santé en cours"
    (seen,) = other_cip.read(record_history, ids["person"])
    assert [s["barrier"] for s in seen.previous["scores"]] == ["LOGEMENT"]


def test_a_barrier_score_is_corrected_then_cancelled(database, world) -> None:
    ids, cip, other_cip, _supervisor = world
    with database.reading() as session:
        housing, health = (
            session.scalars(
                select(m.BarrierScore.id).where(m.BarrierScore.barrier == barrier)
            ).one()
            for barrier in (Barrier.HOUSING, Barrier.HEALTH)
        )
    error = _refused(cip, ValidationError, correct_score, ScoreCorrection(housing, 7))
    assert error.codes == ["barrier_score_range"]
    error = _refused(cip, ValidationError, correct_score, ScoreCorrection(housing, 4))
    assert error.codes == ["correction_unchanged"]
    with database.transaction() as session:  # the follow-up sheet printed since
        audit.record(
            session, Actor.system(), audit.Action.PRINT, "person", ids["person"],
            person_id=ids["person"], summary="fiche de suivi",
        )  # fmt: skip
    error = _refused(cip, ValidationError, correct_score, ScoreCorrection(housing, 2))
    assert error.codes == ["reason_required"]
    # What the dialog reads while the user types: the same refusals, nothing written.
    before = _state(database)
    for data in (ScoreCorrection(housing, 7), ScoreCorrection(housing, 2)):
        found = cip.read(check_score_correction, data)
        assert [v.code for v in found] == _refused(cip, ValidationError, correct_score, data).codes
    (why,) = cip.read(check_cancel_score, health)
    assert (why.code, why.message) == (
        "reason_required",  # named as the cancellation dialog's field
        "Motif de l'annulation : obligatoire, un document a été imprimé depuis.",
    )
    assert error.by_field == {
        "reason": ["Motif de la correction : obligatoire, un document a été imprimé depuis."]
    }
    assert cip.read(check_cancel_score, health, "Cotée par erreur") == []
    assert _state(database) == before
    cip.run(correct_score, ScoreCorrection(housing, 2, reason="Erreur de saisie"))
    cip.run(cancel_score, health, "Cotée par erreur")
    with database.reading() as session:
        rows = session.execute(select(m.BarrierScore.barrier, m.BarrierScore.score)).all()
    assert rows == [(Barrier.HOUSING, 2)]
    kinds = [(v.kind, v.action) for v in cip.read(record_history, ids["person"])]
    assert kinds == [
        (RecordKind.BARRIER_SCORE, VersionAction.CANCEL),
        (RecordKind.BARRIER_SCORE, VersionAction.CORRECT),
    ]
    # Another CIP does not see the health score's line at all.
    assert [v.action for v in other_cip.read(record_history, ids["person"])] == [
        VersionAction.CORRECT
    ]


def test_rewriting_a_done_review_keeps_what_it_said(database, world) -> None:
    ids, cip, _other, _supervisor = world
    cip.run(
        support.mark_done,
        ids["review"],
        ReviewInput(D(2026, 4, 7), notes="Compte rendu complété", scores={Barrier.HOUSING: 3}),
        today=TODAY,
    )
    (version,) = cip.read(record_history, ids["person"])
    assert (version.kind, version.action) == (RecordKind.MILESTONE, VersionAction.CORRECT)
    assert version.previous["notes"] == "Suivi santé en cours"
    assert {s["barrier"]: s["score"] for s in version.previous["scores"]} == {
        "LOGEMENT": 4,
        "SANTE": 3,
    }
    assert version.summary == "Bilan à 3 mois du 07/04/2026 : compte rendu réécrit"
