"""Correcting and cancelling a confidential note keeps its text as a version, read only by
who may read the note (in « Historique des modifications » too), never in the audit trail;
the support's retention erasing takes the versions with the notes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import AppContext
from chantier_app.services.history import record_history
from chantier_app.services.privacy.erasure import anonymise_with_backup
from chantier_app.services.privacy.retention import RetentionStep, retention_list
from chantier_app.services.support import sensitive_notes as notes
from chantier_app.services.support.sensitive_notes import NoteInput
from tests import support_factory as f
from tests.db_dump import dump
from tests.services.retention_factory import SECRETS, former_employee

D = dt.date
TODAY = D(2026, 2, 1)
SECRET = "Suivi addictologie au CSAPA"
HEALTH, JUSTICE = SensitiveNoteKind.HEALTH, SensitiveNoteKind.JUSTICE


@pytest.fixture
def world(database):
    """The person's CIP référent, a colleague (not her référent), a supervisor, the direction."""
    with database.transaction() as session:
        cip_row, cip = f.staff(session, Role.CIP)
        _colleague, colleague = f.staff(session, Role.CIP, last="Lacroix")
        _sup, supervisor = f.staff(session, Role.SUPERVISOR, last="Petitjean")
        _dir, direction = f.staff(session, Role.DIRECTION, last="Moreau")
        person = f.person(session, "Lefèvre", cip_row)
        f.contract(session, person, D(2026, 1, 5), D(2026, 7, 4))
        person_id = person.id
    return tuple(
        AppContext(database, a) for a in (cip, colleague, supervisor, direction)
    ), person_id


def _refused(ctx, action, *args, **kwargs) -> ValidationError:
    before = dump(ctx.database)
    with pytest.raises(ValidationError) as raised:
        ctx.run(action, *args, **kwargs)
    assert dump(ctx.database) == before
    return raised.value


def _trail(database) -> str:
    with database.reading() as session:
        return " ".join(
            s or ""
            for s in session.scalars(
                select(m.AuditEntry.summary).where(m.AuditEntry.entity == "sensitive_note")
            )
        )


def test_a_corrected_note_keeps_its_text_for_who_may_read_the_note(world) -> None:
    (cip, colleague, supervisor, direction), person_id = world
    note_id = cip.run(notes.add_note, person_id, NoteInput(HEALTH, TODAY, SECRET))
    cip.run(notes.update_note, note_id, NoteInput(HEALTH, TODAY, "Suivi CMP"))
    with cip.database.reading() as session:
        [version] = session.scalars(select(m.RecordVersion)).all()
        kept = (version.kind, version.action, json.loads(version.previous)["text"])
    assert kept == (RecordKind.SENSITIVE_NOTE.value, VersionAction.CORRECT.value, SECRET)
    [line] = cip.read(record_history, person_id)
    assert line.summary == "note confidentielle : texte corrigé"
    assert line.before == (("Note", SECRET),)
    assert [v.kind for v in direction.read(record_history, person_id)] == [
        RecordKind.SENSITIVE_NOTE
    ]
    # A CIP who does not follow her sees no trace of it; a supervisor not even her file.
    assert colleague.read(record_history, person_id) == []
    with pytest.raises(PermissionDeniedError):
        supervisor.read(record_history, person_id)
    trail = _trail(cip.database)
    assert "CSAPA" not in trail and "CMP" not in trail and "santé" not in trail.lower()
    assert "correction : note confidentielle : texte corrigé(s)" in trail


def test_cancelling_keeps_the_text_and_someone_elses_note_needs_a_reason(world) -> None:
    (cip, colleague, _supervisor, direction), person_id = world
    note_id = cip.run(notes.add_note, person_id, NoteInput(JUSTICE, TODAY, "Suivi SPIP"))
    with pytest.raises(PermissionDeniedError):
        colleague.run(notes.cancel_note, note_id, "Doublon")
    error = _refused(direction, notes.cancel_note, note_id)
    assert error.violations[0].message == (
        "Motif de l'annulation : obligatoire, la note a été écrite par une autre personne."
    )
    assert [v.code for v in direction.read(notes.check_cancel_note, note_id)] == ["reason_required"]
    direction.run(notes.cancel_note, note_id, "Écrite dans le mauvais dossier")
    assert cip.read(notes.list_notes, person_id) == []
    [line] = cip.read(record_history, person_id)
    assert (line.action, line.summary, line.reason) == (
        VersionAction.CANCEL,
        "note confidentielle du 01/02/2026 annulée",
        "Écrite dans le mauvais dossier",
    )
    assert line.previous["text"] == "Suivi SPIP"
    trail = _trail(cip.database)
    assert "SPIP" not in trail and "justice" not in trail.lower()
    assert "note confidentielle annulée" in trail


def test_invalid_or_unchanged_corrections_change_nothing(world) -> None:
    (cip, _colleague, _supervisor, direction), person_id = world
    note_id = cip.run(notes.add_note, person_id, NoteInput(HEALTH, TODAY, SECRET))
    assert _refused(cip, notes.update_note, note_id, NoteInput(HEALTH, TODAY, "  ")).codes == [
        "note_text"
    ]
    same = NoteInput(HEALTH, TODAY, SECRET)
    assert _refused(cip, notes.update_note, note_id, same).codes == ["correction_unchanged"]
    other = NoteInput(JUSTICE, TODAY, SECRET)
    assert _refused(direction, notes.update_note, note_id, other).codes == ["reason_required"]
    assert [v.code for v in cip.read(notes.check_note_correction, note_id, same)] == [
        "correction_unchanged"
    ]


def test_the_support_erasing_takes_the_notes_versions(demo_ctx) -> None:
    with demo_ctx.database.transaction() as session:
        person = former_employee(session, demo_ctx.actor)
    [note] = demo_ctx.read(notes.list_notes, person)
    demo_ctx.run(notes.cancel_note, note.id, "Mauvais dossier")
    with demo_ctx.database.reading() as session:
        kept = session.scalars(select(m.RecordVersion.previous)).all()
    assert any(SECRETS["sensitive"] in previous for previous in kept)
    due = D(2027, 7, 1)  # two years after her contract's end
    assert person in {row.person_id for row in demo_ctx.read(retention_list, today=due)}
    anonymise_with_backup(demo_ctx, person, RetentionStep.SUPPORT, today=due)
    with demo_ctx.database.reading() as session:
        left = session.scalars(select(m.RecordVersion.previous)).all()
    assert not any(SECRETS["sensitive"] in previous for previous in left)


def test_a_new_note_after_a_cancelled_one_is_not_its_history(world) -> None:
    (cip, _colleague, _supervisor, _direction), person_id = world
    note_id = cip.run(notes.add_note, person_id, NoteInput(JUSTICE, TODAY, "Suivi SPIP"))
    cip.run(notes.cancel_note, note_id, "Mauvais dossier")
    with cip.database.transaction() as session:  # the cancellation was a minute ago
        version = session.scalars(select(m.RecordVersion)).one()
        version.at -= dt.timedelta(minutes=1)
    again = cip.run(notes.add_note, person_id, NoteInput(HEALTH, TODAY, "Suivi CMP"))
    # The cancelled note keeps its row (db.cancellable): its id is never given again (SQLite
    # gave the largest one to the next note when it was deleted).
    assert again != note_id
    [line] = cip.read(record_history, person_id)
    # All it held, the date the new note shares included (not compared with the new note).
    assert line.record_id == note_id
    assert ("Écrite le", "01/02/2026") in line.before and ("Note", "Suivi SPIP") in line.before
