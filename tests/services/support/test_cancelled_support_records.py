"""A PMSMP, a confidential note, a barrier score or action cancelled by mistake keeps its row,
marked cancelled (who, when, why), its previous version in the history; every reader ignores
it: the lists, the chart, the to-do list, D5135-3's placements at the same host, the overlaps
(issue 15: nothing is hard-deleted except by the retention rules)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.base import Base
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import MilestoneKind, SensitiveNoteKind
from chantier_app.domain.errors import StaleEditError, UnacknowledgedWarnings
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.dashboard.figures import TodoKind
from chantier_app.services.dashboard.todo import todo_list
from chantier_app.services.history import record_history
from chantier_app.services.support import barriers, pmsmp, schedule
from chantier_app.services.support import milestones as support
from chantier_app.services.support import sensitive_notes as notes
from chantier_app.services.support.corrections import (
    ScoreCorrection,
    cancel_review,
    cancel_score,
    check_cancel_score,
    correct_score,
    latest_score,
)
from chantier_app.services.support.milestone_corrections import cancel_action
from chantier_app.services.support.pmsmp import PmsmpInput
from chantier_app.services.support.pmsmp_corrections import (
    cancel_pmsmp,
    check_cancel_pmsmp,
    correct_pmsmp,
)
from tests import support_factory as f

D = dt.date
TODAY = D(2026, 5, 10)
HOST = "Hôtel du Canal"


@pytest.fixture
def world(database):
    """The person's CIP référent (Rachid Bensaïd), hired for the year 2026."""
    with database.transaction() as session:
        cip_row, cip = f.staff(session, Role.CIP)
        person = f.person(session, "Lefèvre", cip_row)
        contract = f.contract(session, person, D(2026, 1, 1), D(2026, 12, 31))
        schedule.on_contract_changed(session, Actor.system(), contract.id)
        ids = {"cip": cip_row.id, "person": person.id, "contract": contract.id}
    return AppContext(database, cip), ids


def _kept(database, model: type[Base], record_id: int) -> tuple[object, ...]:
    """The row as it stays: cancelled when, by whom, why."""
    with database.reading() as session:
        row = session.get(model, record_id, execution_options=including_cancelled())
        assert row is not None, "deleted, not cancelled"
        return row.cancelled_at is not None, row.cancelled_by_id, row.cancellation_reason


def _ids(database, model: type[Base]) -> list[int]:
    with database.reading() as session:
        return list(
            session.scalars(
                select(model.id).order_by(model.id),  # type: ignore[attr-defined]
                execution_options=including_cancelled(),
            )
        )


def test_a_cancelled_note_is_kept_out_of_the_list_and_its_id_never_given_again(world) -> None:
    cip, ids = world
    note_id = cip.run(
        notes.add_note, ids["person"], notes.NoteInput(SensitiveNoteKind.HEALTH, TODAY, "CMP")
    )
    cip.run(notes.cancel_note, note_id, "Mauvais dossier")
    assert _kept(cip.database, m.SensitiveNote, note_id) == (True, ids["cip"], "Mauvais dossier")
    assert cip.read(notes.list_notes, ids["person"]) == []
    again = cip.run(
        notes.add_note, ids["person"], notes.NoteInput(SensitiveNoteKind.HEALTH, TODAY, "CSAPA")
    )
    assert again != note_id and _ids(cip.database, m.SensitiveNote) == [note_id, again]
    [line] = cip.read(record_history, ids["person"])
    assert (line.action, line.record_id, line.previous["text"]) == (
        VersionAction.CANCEL,
        note_id,
        "CMP",
    )
    assert line.after == ()  # « Après : retiré du dossier »
    # Cancelled: neither corrected nor cancelled again (a dialog left open says so).
    with pytest.raises(StaleEditError):
        cip.run(notes.update_note, note_id, notes.NoteInput(SensitiveNoteKind.HEALTH, TODAY, "x"))
    [stale] = cip.read(notes.check_cancel_note, note_id, "Doublon")
    assert stale.code == "stale_edit" and stale.message.startswith("Modifié par Rachid Bensaïd")


def test_a_cancelled_action_leaves_the_list_and_the_to_do_list(world) -> None:
    cip, ids = world
    action = cip.run(
        barriers.add_action,
        ids["person"],
        barriers.ActionInput(Barrier.HOUSING, "Demande SIAO", "SIAO 75", D(2026, 5, 12)),
    )

    def todo() -> list[int]:
        items = cip.read(todo_list, today=TODAY)
        return [i.ref_id for i in items if i.kind is TodoKind.ACTION]

    assert todo() == [action.id]
    cip.run(cancel_action, action.id, "Saisie sur le mauvais dossier", today=TODAY)
    assert _kept(cip.database, m.BarrierAction, action.id) == (
        True,
        ids["cip"],
        "Saisie sur le mauvais dossier",
    )
    assert cip.read(barriers.list_actions, ids["person"]) == [] and todo() == []
    [line] = cip.read(record_history, ids["person"])
    assert (line.kind, line.action) == (RecordKind.BARRIER_ACTION, VersionAction.CANCEL)
    assert line.previous["description"] == "Demande SIAO"
    with pytest.raises(StaleEditError):
        cip.run(cancel_action, action.id, "Encore", today=TODAY)


def _review(cip, ids) -> support.MilestoneView:
    return next(
        x
        for x in cip.read(support.list_milestones, ids["person"])
        if x.kind is MilestoneKind.REVIEW_M3
    )


def _scores(database) -> list[tuple[int, Barrier, int, bool, int]]:
    """(id, barrier, score, cancelled, version) of every score, the cancelled ones too."""
    with database.reading() as session:
        return [
            (s.id, s.barrier, s.score, s.cancelled, s.version)
            for s in session.scalars(
                select(m.BarrierScore).order_by(m.BarrierScore.id),
                execution_options=including_cancelled(),
            )
        ]


def test_a_cancelled_score_leaves_the_chart_and_the_latest_one_is_the_one_before(world) -> None:
    cip, ids = world
    review = _review(cip, ids)
    cip.run(
        support.mark_done,
        review.id,
        support.ReviewInput(D(2026, 4, 7), scores={Barrier.HOUSING: 4}),
        today=TODAY,
    )
    with cip.database.transaction() as session:  # scored again at an interview in May
        barriers.write_scores(
            session, cip.actor, ids["person"], D(2026, 5, 4), {Barrier.HOUSING: 2}
        )
    latest = cip.read(latest_score, ids["person"], Barrier.HOUSING)
    assert latest is not None and latest.score == 2
    assert cip.read(check_cancel_score, latest.id, None) == []
    cip.run(cancel_score, latest.id, "Cotée sur la mauvaise personne")
    assert _kept(cip.database, m.BarrierScore, latest.id) == (
        True,
        ids["cip"],
        "Cotée sur la mauvaise personne",
    )
    points = cip.read(barriers.score_history, ids["person"])
    assert [(p.scored_on, p.score) for p in points] == [(D(2026, 4, 7), 4)]
    before = cip.read(latest_score, ids["person"], Barrier.HOUSING)
    assert before is not None and (before.scored_on, before.score) == (D(2026, 4, 7), 4)
    with pytest.raises(StaleEditError):
        cip.run(correct_score, ScoreCorrection(latest.id, 3))


def test_a_review_written_again_updates_its_scores_and_cancels_those_no_longer_given(
    world,
) -> None:
    cip, ids = world
    review = _review(cip, ids)
    cip.run(
        support.mark_done,
        review.id,
        support.ReviewInput(D(2026, 4, 7), scores={Barrier.HOUSING: 4, Barrier.HEALTH: 3}),
        today=TODAY,
    )
    [(housing, *_h), (health, *_s)] = _scores(cip.database)
    done = _review(cip, ids)
    # « Compte rendu… » : housing scored again, health no longer, mobility scored now.
    cip.run(
        support.mark_done,
        review.id,
        support.ReviewInput(
            D(2026, 4, 7),
            scores={Barrier.HOUSING: 2, Barrier.HEALTH: None, Barrier.MOBILITY: 3},
        ),
        today=TODAY,
        expected_version=done.version,
    )
    rows = _scores(cip.database)
    assert rows[:2] == [
        (housing, Barrier.HOUSING, 2, False, 2),  # the same row, updated: its version moved
        (health, Barrier.HEALTH, 3, True, 2),  # cancelled, not deleted
    ]
    assert [(b, s, c) for _i, b, s, c, _v in rows[2:]] == [(Barrier.MOBILITY, 3, False)]
    assert _kept(cip.database, m.BarrierScore, health) == (
        True,
        ids["cip"],
        "retirée du compte rendu réécrit",
    )
    # The review's previous version holds the scores as they were.
    [line] = cip.read(record_history, ids["person"])
    assert (line.kind, line.action) == (RecordKind.MILESTONE, VersionAction.CORRECT)
    assert {(s["barrier"], s["score"]) for s in line.previous["scores"]} == {
        ("LOGEMENT", 4),
        ("SANTE", 3),
    }
    # Cancelling the review cancels its live scores; the cancelled one stays as it was.
    cip.run(cancel_review, review.id, "Entretien saisi par erreur", today=TODAY)
    assert [c for *_x, c, _v in _scores(cip.database)] == [True, True, True]
    assert _kept(cip.database, m.BarrierScore, housing)[2] == "Entretien saisi par erreur"
    assert _kept(cip.database, m.BarrierScore, health)[2] == "retirée du compte rendu réécrit"
    assert cip.read(barriers.score_history, ids["person"]) == []


def _placement(cip, ids, start: dt.date, end: dt.date, **kwargs) -> pmsmp.PmsmpView:
    return cip.run(pmsmp.create_pmsmp, ids["person"], PmsmpInput(HOST, start, end), **kwargs)


def test_a_cancelled_pmsmp_counts_neither_for_the_same_host_nor_for_the_overlaps(world) -> None:
    cip, ids = world
    first = _placement(cip, ids, D(2026, 3, 2), D(2026, 3, 13))
    second = _placement(cip, ids, D(2026, 4, 6), D(2026, 4, 17))
    # D5135-3: a third placement at the same host within 12 months is a renewal, to confirm.
    with pytest.raises(UnacknowledgedWarnings) as warned:
        _placement(cip, ids, D(2026, 6, 1), D(2026, 6, 12))
    assert warned.value.codes == ["pmsmp_same_host_renewal"]
    assert cip.read(check_cancel_pmsmp, second.id, None) == []

    def todo() -> list[int]:  # placements over, their outcome still to record
        return [i.ref_id for i in cip.read(todo_list, today=TODAY) if i.kind is TodoKind.PMSMP]

    assert todo() == [first.id, second.id]
    cip.run(cancel_pmsmp, second.id, "Convention jamais signée")
    assert todo() == [first.id]
    assert _kept(cip.database, m.Pmsmp, second.id) == (True, ids["cip"], "Convention jamais signée")
    # Cancelled, it counts no more: the third is a second placement, no warning; and a
    # placement on the cancelled one's very dates overlaps nothing.
    third = _placement(cip, ids, D(2026, 6, 1), D(2026, 6, 12))
    again = _placement(
        cip, ids, D(2026, 4, 6), D(2026, 4, 17), acknowledge_warnings=True
    )  # the same host a third time: confirmed as a renewal
    assert [p.id for p in cip.read(pmsmp.list_pmsmps, ids["person"])] == [
        first.id,
        again.id,
        third.id,
    ]
    assert again.id not in (first.id, second.id)
    with cip.database.reading() as session:
        suspensions = session.execute(
            select(
                m.ContractSuspension.pmsmp_id, m.ContractSuspension.cancelled_at.is_not(None)
            ).order_by(m.ContractSuspension.id),
            execution_options=including_cancelled(),
        ).all()
    assert suspensions == [
        (first.id, False),
        (second.id, True),  # the cancelled placement's, cancelled with it and still its own
        (third.id, False),
        (again.id, False),
    ]
    # A dialog left open on the cancelled one: the correction is refused as stale.
    with pytest.raises(StaleEditError):
        cip.run(correct_pmsmp, second.id, PmsmpInput(HOST, D(2026, 4, 6), D(2026, 4, 10)), "x")
    [line] = cip.read(record_history, ids["person"])
    assert (line.action, line.record_id) == (VersionAction.CANCEL, second.id)
    assert line.previous["suspension"]["start_date"] == "2026-04-06"


def test_delete_pmsmp_cancels_and_keeps_the_version_too(world) -> None:
    cip, ids = world
    placement = _placement(cip, ids, D(2026, 3, 2), D(2026, 3, 13))
    cip.run(pmsmp.delete_pmsmp, placement.id, expected_version=placement.version)
    assert _kept(cip.database, m.Pmsmp, placement.id) == (True, ids["cip"], None)
    assert cip.read(pmsmp.list_pmsmps, ids["person"]) == []
    [line] = cip.read(record_history, ids["person"])
    assert (line.kind, line.action, line.summary) == (
        RecordKind.PMSMP,
        VersionAction.CANCEL,
        "PMSMP chez Hôtel du Canal du 02/03/2026 au 13/03/2026 annulée",
    )
    with cip.database.reading() as session:
        trail = session.scalars(
            select(m.AuditEntry.summary)
            .where(m.AuditEntry.entity == "pmsmp")
            .order_by(m.AuditEntry.id.desc())
        ).first()
    assert trail == "annulation : PMSMP annulée"


def test_a_health_score_corrected_then_cancelled_is_not_named_in_the_trail(world) -> None:
    cip, ids = world
    review = _review(cip, ids)
    cip.run(
        support.mark_done,
        review.id,
        support.ReviewInput(D(2026, 4, 7), scores={Barrier.HEALTH: 3}),
        today=TODAY,
    )
    score = cip.read(latest_score, ids["person"], Barrier.HEALTH)
    assert score is not None
    cip.run(correct_score, ScoreCorrection(score.id, 2, "Suivi CMP"))
    cip.run(cancel_score, score.id, "Cotée par erreur")
    with cip.database.reading() as session:
        trail = list(
            session.scalars(
                select(m.AuditEntry.summary)
                .where(m.AuditEntry.entity == "barrier_score")
                .order_by(m.AuditEntry.id)
            )
        )
    # The trail says a barrier's score changed, not that it is about her health.
    assert trail == [
        "correction : cotation d'un frein du 07/04/2026 : cotation, commentaire corrigé(s)",
        "annulation : cotation d'un frein du 07/04/2026 annulée",
    ]
    # Her CIP référent reads which barrier in the history.
    assert [v.summary for v in cip.read(record_history, ids["person"])][:2] == [
        "cotation du frein « Santé » du 07/04/2026 annulée",
        "frein « Santé » coté le 07/04/2026 : cotation 3 → 2",
    ]


def test_a_cancelled_pmsmp_no_longer_holds_back_the_hire_s_cancellation(world, database) -> None:
    """« une PMSMP compte sur ce contrat ; annulez-la d'abord »: once it is cancelled, the
    hire entered by mistake may be cancelled."""
    from chantier_app.services.contracts.hire_cancellation import check_cancel_hire

    cip, ids = world
    director = AppContext(database, Actor.system())  # who cancels hires

    def blocking() -> list[str]:
        found = director.read(check_cancel_hire, ids["contract"], "Jamais signé", today=TODAY)
        return [v.code for v in found if v.code == "pmsmp" or "PMSMP" in v.message]

    placement = _placement(cip, ids, D(2026, 3, 2), D(2026, 3, 13))
    assert blocking() != []
    cip.run(cancel_pmsmp, placement.id, "Convention jamais signée")
    assert blocking() == []
