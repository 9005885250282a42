"""Two offices changing the same action, confidential note or barrier score (issue 21): each
works on its own ``Database`` on the same data; the second save, made from the record as it
was before the first's, is refused in French with who saved and when, and the first's values
stay. A record cancelled by one office is a stale edit for the other, never « introuvable »."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from chantier_app.db.engine import Database
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import MilestoneKind, SensitiveNoteKind
from chantier_app.domain.errors import StaleEditError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.structure.accounts import actor_for
from chantier_app.services.support import barriers, schedule
from chantier_app.services.support import milestones as support
from chantier_app.services.support import sensitive_notes as notes
from chantier_app.services.support.corrections import (
    ScoreCorrection,
    cancel_score,
    correct_score,
    latest_score,
)
from chantier_app.services.support.milestone_corrections import cancel_action
from tests import support_factory as f
from tests.stale_records import stale_text

D = dt.date
TODAY = D(2026, 5, 10)


@pytest.fixture
def offices(database) -> Iterator[tuple[AppContext, AppContext, int]]:
    """Rachid Bensaïd, her CIP, here; Sophie Lacroix of the direction at another office."""
    with database.transaction() as session:
        cip_row, cip = f.staff(session, Role.CIP)
        director, _ = f.staff(session, Role.DIRECTION, last="Lacroix")
        director.first_name = "Sophie"
        session.flush()
        person = f.person(session, "Lefèvre", cip_row)
        contract = f.contract(session, person, D(2026, 1, 5), D(2026, 12, 31))
        schedule.on_contract_changed(session, Actor.system(), contract.id)
        person_id = person.id
        elsewhere_actor = actor_for(director)
    elsewhere = Database(database.url)
    try:
        yield AppContext(database, cip), AppContext(elsewhere, elsewhere_actor), person_id
    finally:
        elsewhere.dispose()


def _stale(ctx: AppContext, entity: str, record_id: int) -> str:
    return stale_text(ctx, entity, record_id)[0]


def test_an_action_changed_at_another_office_is_not_overwritten(offices) -> None:
    here, elsewhere, person_id = offices
    action = here.run(
        barriers.add_action,
        person_id,
        barriers.ActionInput(Barrier.HOUSING, "Demande SIAO", "SIAO 75", D(2026, 6, 1)),
        today=TODAY,
    )
    [seen_there] = elsewhere.read(barriers.list_actions, person_id)
    assert seen_there.version == action.version == 1
    elsewhere.run(
        barriers.update_action,
        action.id,
        barriers.ActionInput(Barrier.HOUSING, "Demande SIAO", "Interlogement 75", D(2026, 6, 1)),
        today=TODAY,
        expected_version=seen_there.version,
    )
    with pytest.raises(StaleEditError) as refused:
        here.run(
            barriers.update_action,
            action.id,
            barriers.ActionInput(Barrier.HOUSING, "Demande SIAO", "SIAO 75", D(2026, 6, 15)),
            today=TODAY,
            expected_version=action.version,
        )
    assert refused.value.message == _stale(here, "barrier_action", action.id)
    assert refused.value.message.startswith("Modifié par Sophie Lacroix à ")
    with pytest.raises(StaleEditError):
        here.run(cancel_action, action.id, "Doublon", expected_version=action.version)
    [now] = here.read(barriers.list_actions, person_id)
    assert (now.partner, now.due_date, now.version) == ("Interlogement 75", D(2026, 6, 1), 2)
    # Cancelled there, it is a stale edit here too, and the check says so while typing.
    elsewhere.run(cancel_action, action.id, "Saisie en double", expected_version=now.version)
    with pytest.raises(StaleEditError):
        here.run(
            barriers.update_action,
            action.id,
            barriers.ActionInput(Barrier.HOUSING, "Demande SIAO", "SIAO 75"),
            today=TODAY,
            expected_version=now.version,
        )
    [stale] = here.read(
        barriers.check_action_change,
        action.id,
        barriers.ActionInput(Barrier.HOUSING, "Demande SIAO", "SIAO 75"),
        today=TODAY,
    )
    assert (stale.code, stale.message) == ("stale_edit", _stale(here, "barrier_action", action.id))


def test_a_note_corrected_at_another_office_is_not_overwritten(offices) -> None:
    here, elsewhere, person_id = offices
    note_id = here.run(
        notes.add_note, person_id, notes.NoteInput(SensitiveNoteKind.HEALTH, TODAY, "Suivi CMP")
    )
    [seen_here] = here.read(notes.list_notes, person_id)
    [seen_there] = elsewhere.read(notes.list_notes, person_id)
    elsewhere.run(
        notes.update_note,
        note_id,
        notes.NoteInput(SensitiveNoteKind.HEALTH, TODAY, "Suivi CMP, tous les mois", "Précisé"),
        expected_version=seen_there.version,
    )
    with pytest.raises(StaleEditError) as refused:
        here.run(
            notes.update_note,
            note_id,
            notes.NoteInput(SensitiveNoteKind.HEALTH, TODAY, "Suivi CMP et CSAPA"),
            expected_version=seen_here.version,
        )
    assert refused.value.message == _stale(here, "sensitive_note", note_id)
    with pytest.raises(StaleEditError):
        here.run(notes.cancel_note, note_id, "Doublon", expected_version=seen_here.version)
    [now] = here.read(notes.list_notes, person_id)
    assert (now.text, now.version) == ("Suivi CMP, tous les mois", 2)
    # The trail says who changed it, never the text.
    assert "CMP" not in refused.value.message


def test_a_score_changed_at_another_office_is_not_overwritten(offices) -> None:
    here, elsewhere, person_id = offices
    review = next(
        x
        for x in here.read(support.list_milestones, person_id)
        if x.kind is MilestoneKind.REVIEW_M3
    )
    here.run(
        support.mark_done,
        review.id,
        support.ReviewInput(D(2026, 4, 7), scores={Barrier.HOUSING: 4}),
        today=TODAY,
    )
    seen_here = here.read(latest_score, person_id, Barrier.HOUSING)
    seen_there = elsewhere.read(latest_score, person_id, Barrier.HOUSING)
    assert seen_here is not None and seen_there is not None
    elsewhere.run(
        correct_score,
        ScoreCorrection(seen_there.id, 3, "Relogée en foyer"),
        expected_version=seen_there.version,
    )
    with pytest.raises(StaleEditError) as refused:
        here.run(
            correct_score, ScoreCorrection(seen_here.id, 2), expected_version=seen_here.version
        )
    assert refused.value.message == _stale(here, "barrier_score", seen_here.id)
    with pytest.raises(StaleEditError):
        here.run(cancel_score, seen_here.id, "Erreur", expected_version=seen_here.version)
    now = here.read(latest_score, person_id, Barrier.HOUSING)
    assert now is not None and (now.score, now.comment, now.version) == (3, "Relogée en foyer", 2)
    # The review written again there rewrites the score: a copy loaded before is stale.
    done = next(x for x in elsewhere.read(support.list_milestones, person_id) if x.id == review.id)
    elsewhere.run(
        support.mark_done,
        review.id,
        support.ReviewInput(D(2026, 4, 7), scores={Barrier.HOUSING: 5}),
        today=TODAY,
        expected_version=done.version,
    )
    with pytest.raises(StaleEditError):
        here.run(correct_score, ScoreCorrection(now.id, 1), expected_version=now.version)
    again = here.read(latest_score, person_id, Barrier.HOUSING)
    assert again is not None and (again.id, again.score) == (now.id, 5)
