"""Health and justice notes: stored apart, read and written only with the sensitive rights.

The audit trail records that a note was written, changed or deleted, never its text
nor whether it is about health or justice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.domain.errors import NotFoundError, ValidationError, Violation
from chantier_app.i18n import tr
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission

MAX_LENGTH = 20_000


@dataclass(frozen=True)
class NoteView:
    id: int
    person_id: int
    kind: SensitiveNoteKind
    written_on: dt.date
    author_name: str | None
    text: str


@dataclass(frozen=True)
class NoteInput:
    kind: SensitiveNoteKind | None
    written_on: dt.date | None
    text: str | None


def list_notes(session: Session, actor: Actor, person_id: int) -> list[NoteView]:
    permissions.require_person(session, actor, person_id, Permission.SENSITIVE_VIEW)
    rows = session.execute(
        select(m.SensitiveNote, m.Staff.first_name, m.Staff.last_name)
        .outerjoin(m.Staff, m.Staff.id == m.SensitiveNote.author_id)
        .where(m.SensitiveNote.person_id == person_id)
        .order_by(m.SensitiveNote.written_on.desc(), m.SensitiveNote.id.desc())
    )
    return [
        NoteView(
            note.id,
            note.person_id,
            note.kind,
            note.written_on,
            f"{first} {last}" if first else None,
            note.text,
        )
        for note, first, last in rows
    ]


def _validate(data: NoteInput) -> str:
    violations = []
    if data.kind is None:
        violations.append(Violation("note_kind", tr("Nature : santé ou justice."), field="kind"))
    if data.written_on is None:
        violations.append(Violation("note_date", tr("Date : obligatoire."), field="written_on"))
    text = (data.text or "").strip()
    if not text:
        violations.append(Violation("note_text", tr("Note : le texte est vide."), field="text"))
    elif len(text) > MAX_LENGTH:
        violations.append(
            Violation(
                "note_too_long",
                tr("Note : {max} caractères au plus.").format(max=MAX_LENGTH),
                field="text",
            )
        )
    if violations:
        raise ValidationError(violations)
    return text


def add_note(session: Session, actor: Actor, person_id: int, data: NoteInput) -> int:
    permissions.require_person(session, actor, person_id, Permission.SENSITIVE_EDIT)
    text = _validate(data)
    assert data.kind is not None and data.written_on is not None
    note = m.SensitiveNote(
        person_id=person_id,
        kind=data.kind,
        written_on=data.written_on,
        author_id=actor.staff_id,
        text=text,
    )
    session.add(note)
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        "sensitive_note",
        note.id,
        person_id=person_id,
        summary="note confidentielle ajoutée",
    )
    return note.id


def _load(session: Session, actor: Actor, note_id: int) -> m.SensitiveNote:
    """The note, if the actor may write the person's notes."""
    roles_matrix.require(actor, Permission.SENSITIVE_EDIT)
    note = session.get(m.SensitiveNote, note_id)
    if note is None:
        raise NotFoundError(tr("Note"), note_id)
    permissions.require_person(session, actor, note.person_id, Permission.SENSITIVE_EDIT)
    return note


def update_note(session: Session, actor: Actor, note_id: int, data: NoteInput) -> None:
    note = _load(session, actor, note_id)
    text = _validate(data)
    assert data.kind is not None and data.written_on is not None
    note.kind, note.written_on, note.text = data.kind, data.written_on, text
    audit.record(
        session,
        actor,
        audit.Action.UPDATE,
        "sensitive_note",
        note.id,
        person_id=note.person_id,
        summary="note confidentielle modifiée",
    )


def delete_note(session: Session, actor: Actor, note_id: int) -> None:
    note = _load(session, actor, note_id)
    person_id = note.person_id
    session.delete(note)
    audit.record(
        session,
        actor,
        audit.Action.DELETE,
        "sensitive_note",
        note_id,
        person_id=person_id,
        summary="note confidentielle supprimée",
    )
