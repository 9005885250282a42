"""Correcting an action on a barrier keeps the previous version; its follow-up (done, given
up) does not need one; a refused correction leaves the database as it was (whole dump)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import ActionStatus
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services import audit
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.history import record_history
from chantier_app.services.support import barriers
from chantier_app.services.support.barriers import ActionInput
from tests import support_factory as f
from tests.db_dump import dump

D = dt.date
TODAY = D(2026, 2, 1)


@pytest.fixture
def world(database):
    with database.transaction() as session:
        cip_row, cip = f.staff(session, Role.CIP)
        _colleague, other_cip = f.staff(session, Role.CIP, last="Lacroix")
        _sup, supervisor = f.staff(session, Role.SUPERVISOR, last="Petitjean")
        person = f.person(session, "Lefèvre", cip_row)
        f.contract(session, person, D(2026, 1, 5), D(2026, 7, 4))
        person_id = person.id
    return (
        AppContext(database, cip),
        AppContext(database, other_cip),
        AppContext(database, supervisor),
        person_id,
    )


def _refused(ctx, action, *args, **kwargs) -> ValidationError:
    before = dump(ctx.database)
    with pytest.raises(ValidationError) as raised:
        ctx.run(action, *args, **kwargs)
    assert dump(ctx.database) == before
    return raised.value


def _versions(database) -> list[m.RecordVersion]:
    with database.reading() as session:
        return list(session.scalars(select(m.RecordVersion).order_by(m.RecordVersion.id)))


def test_a_correction_keeps_the_previous_version_and_the_trail_names_fields(world) -> None:
    cip, _other, supervisor, person_id = world
    action = cip.run(
        barriers.add_action,
        person_id,
        ActionInput(Barrier.MOBILITY, "Permis B", "Auto-ecole sociale", D(2026, 3, 1)),
    )
    fixed = ActionInput(Barrier.MOBILITY, "Permis B", "Wimoov", D(2026, 3, 15))
    corrected = cip.run(barriers.update_action, action.id, fixed, today=TODAY)
    assert (corrected.partner, corrected.due_date) == ("Wimoov", D(2026, 3, 15))
    [version] = _versions(cip.database)
    assert (version.kind, version.action) == (
        RecordKind.BARRIER_ACTION.value,
        VersionAction.CORRECT.value,
    )
    previous = json.loads(version.previous)
    assert (previous["partner"], previous["due_date"]) == ("Auto-ecole sociale", "2026-03-01")
    assert version.summary == (
        "action sur un frein : partenaire : Auto-ecole sociale → Wimoov ; "
        "échéance : 01/03/2026 → 15/03/2026"
    )
    with cip.database.reading() as session:
        line = session.scalars(
            select(m.AuditEntry)
            .where(m.AuditEntry.entity == "barrier_action")
            .order_by(m.AuditEntry.id.desc())
        ).first()
    assert line is not None and "Wimoov" not in (line.summary or "")
    assert line.summary == "correction : action sur un frein : partenaire, échéance corrigé(s)"
    [seen] = cip.read(record_history, person_id)
    assert seen.before == (("Partenaire", "Auto-ecole sociale"), ("Échéance", "01/03/2026"))
    # The follow-up moves on without a version: the state is not a mistake corrected.
    done = ActionInput(Barrier.MOBILITY, "Permis B", "Wimoov", D(2026, 3, 15), ActionStatus.DONE)
    assert cip.run(barriers.update_action, action.id, done, today=TODAY).done_date == TODAY
    assert len(_versions(cip.database)) == 1
    with pytest.raises(PermissionDeniedError):
        supervisor.run(barriers.update_action, action.id, fixed, today=TODAY)


def test_invalid_unchanged_or_unexplained_corrections_change_nothing(world) -> None:
    cip, _other, _supervisor, person_id = world
    action = cip.run(
        barriers.add_action, person_id, ActionInput(Barrier.HOUSING, "Demande SIAO", "CCAS")
    )
    error = _refused(cip, barriers.update_action, action.id, ActionInput(Barrier.HOUSING, " "))
    assert error.codes == ["action_description"]
    same = ActionInput(Barrier.HOUSING, "Demande SIAO", "CCAS")
    assert _refused(cip, barriers.update_action, action.id, same).codes == ["correction_unchanged"]
    with cip.database.transaction() as session:  # the follow-up sheet printed since
        audit.record(
            session, Actor.system(), audit.Action.PRINT, "person", person_id,
            person_id=person_id, summary="fiche de suivi",
        )  # fmt: skip
    moved = ActionInput(Barrier.HOUSING, "Demande SIAO", "CCAS Paris 19")
    error = _refused(cip, barriers.update_action, action.id, moved)
    assert error.codes == ["reason_required"]
    assert error.violations[0].message == (
        "Motif de la correction : obligatoire, un document a été imprimé depuis."
    )
    # What the dialog reads while the user types: the same refusal, nothing written.
    assert [v.code for v in cip.read(barriers.check_action_change, action.id, moved)] == [
        "reason_required"
    ]
    # The follow-up needs no reason: the printed sheet's facts are the same.
    closed = ActionInput(Barrier.HOUSING, "Demande SIAO", "CCAS", status=ActionStatus.ABANDONED)
    cip.run(barriers.update_action, action.id, closed)
    explained = ActionInput(Barrier.HOUSING, "Demande SIAO", "CCAS Paris 19", reason="Mal saisi")
    cip.run(barriers.update_action, action.id, explained)
    [version] = _versions(cip.database)
    assert version.reason == "Mal saisi"


def test_an_action_moved_to_health_is_hidden_from_who_may_not_see_health(world) -> None:
    cip, other_cip, _supervisor, person_id = world
    action = cip.run(barriers.add_action, person_id, ActionInput(Barrier.MOBILITY, "Bilan", "CMP"))
    cip.run(barriers.update_action, action.id, ActionInput(Barrier.HEALTH, "Bilan", "CMP"))
    # The referent CIP reads it; a colleague (not the referent) sees neither version.
    assert [v.kind for v in cip.read(record_history, person_id)] == [RecordKind.BARRIER_ACTION]
    assert other_cip.read(record_history, person_id) == []
