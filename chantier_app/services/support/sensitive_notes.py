"""Health and justice notes: stored apart, read and written only with the sensitive rights.

The audit trail records that a note was written, corrected or cancelled, never its text
nor whether it is about health or justice. A correction or a cancellation keeps the note as
it was (``services.history``): its version is read only by who may read the note (the
direction, the person's CIP référent; « Historique des modifications » filters it so), and
goes with the notes when the support's retention date or the anonymisation erases them
(``privacy.erasure``). A reason is asked to change a note someone else wrote. A cancelled
note keeps its row (``db.cancellable``: out of every list, its id never another note's) and
its text, erased with the others. Two offices correcting the same note: the second,
made from the note as it was before the first's, is refused (``expected_version``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.domain.errors import StaleEditError, ValidationError, Violation, refuse_errors
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.text_rules import checked_reason
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services._records import live, stale_violation
from chantier_app.services.context import Actor
from chantier_app.services.history import (
    Recorded,
    keep_cancellation,
    keep_correction,
    reason_check,
    require_may_change,
    row_values,
    unchanged,
)
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
    version: int = 1  # handed back with an edit (services._concurrency)


@dataclass(frozen=True)
class NoteInput:
    kind: SensitiveNoteKind | None
    written_on: dt.date | None
    text: str | None
    reason: str | None = None  # a correction's, required for a note someone else wrote


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
            note.version,
        )
        for note, first, last in rows
    ]


def _validate(data: NoteInput) -> str:
    violations = _violations(data)
    if violations:
        raise ValidationError(violations)
    return (data.text or "").strip()


def _violations(data: NoteInput) -> list[Violation]:
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
    return violations


def add_note(session: Session, actor: Actor, person_id: int, data: NoteInput) -> int:
    permissions.require_person(session, actor, person_id, Permission.SENSITIVE_EDIT)
    data = _codes(data)
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


def _load(
    session: Session, actor: Actor, note_id: int, today: dt.date | None = None
) -> m.SensitiveNote:
    """The note, if the actor may write the person's notes and change this one."""
    roles_matrix.require(actor, Permission.SENSITIVE_EDIT)
    note = live(
        session,
        m.SensitiveNote,
        note_id,
        tr("Note"),
        guard=lambda cancelled: permissions.require_person(
            session, actor, cancelled.person_id, Permission.SENSITIVE_EDIT
        ),
    )
    permissions.require_person(session, actor, note.person_id, Permission.SENSITIVE_EDIT)
    by = Recorded(note.author_id, note.created_at)
    require_may_change(session, actor, RecordKind.SENSITIVE_NOTE, note.person_id, by, today)
    return note


def _codes(data: NoteInput) -> NoteInput:
    """The nature as a member (a combo box gives back its plain text)."""
    return replace(data, kind=SensitiveNoteKind.from_code(data.kind) if data.kind else None)


def _reason(
    actor: Actor, note: m.SensitiveNote, reason: str | None, *, cancel: bool = False
) -> list[Violation]:
    """Someone else's note is changed with a reason (its author is asked, or told why)."""
    other = note.author_id is not None and note.author_id != actor.staff_id
    because = tr("la note a été écrite par une autre personne")
    return reason_check(reason, other, because, cancel=cancel)


def _correction_check(actor: Actor, note: m.SensitiveNote, data: NoteInput) -> list[Violation]:
    found = _violations(data)
    if found:
        return found
    if (data.kind, data.written_on, (data.text or "").strip()) == (
        note.kind,
        note.written_on,
        note.text,
    ):
        return [unchanged("text")]
    return _reason(actor, note, data.reason)


def update_note(
    session: Session,
    actor: Actor,
    note_id: int,
    data: NoteInput,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Correct a note: the note as it was is kept, for who may read the note."""
    note = _load(session, actor, note_id, today)
    concurrency.expect(session, note, expected_version)
    data = _codes(data)
    refuse_errors(_correction_check(actor, note, data))
    text = _validate(data)
    assert data.kind is not None and data.written_on is not None
    previous = row_values(note)
    changes = []
    if data.kind is not note.kind:
        line = tr("nature : {old} → {new}").format(old=note.kind.label, new=data.kind.label)
        changes.append((tr("nature"), line))
    if data.written_on != note.written_on:
        line = tr("date : {old} → {new}").format(
            old=format_date(note.written_on), new=format_date(data.written_on)
        )
        changes.append((tr("date"), line))
    if text != note.text:
        changes.append((tr("texte"), tr("texte corrigé")))
    note.kind, note.written_on, note.text = data.kind, data.written_on, text
    # « note confidentielle » only: the trail says neither health nor justice, nor the text.
    keep_correction(
        session,
        actor,
        RecordKind.SENSITIVE_NOTE,
        record_id=note.id,
        person_id=note.person_id,
        previous=previous,
        reason=data.reason,
        what=tr("note confidentielle"),
        changes=changes,
    )
    session.flush()


def check_note_correction(
    session: Session, actor: Actor, note_id: int, data: NoteInput, *, today: dt.date | None = None
) -> list[Violation]:
    """What ``update_note`` would refuse (read while the user types)."""
    try:
        note = _load(session, actor, note_id, today)
    except StaleEditError as stale:
        return stale_violation(stale)
    return _correction_check(actor, note, _codes(data))


def cancel_note(
    session: Session,
    actor: Actor,
    note_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """A note written by mistake (wrong person, twice): it leaves the notes; its text stays
    in the history, as restricted as the note, until the retention rules erase it."""
    note = _load(session, actor, note_id, today)
    concurrency.expect(session, note, expected_version)
    refuse_errors(_reason(actor, note, reason, cancel=True))
    keep_cancellation(
        session,
        actor,
        RecordKind.SENSITIVE_NOTE,
        record_id=note.id,
        person_id=note.person_id,
        previous=row_values(note),
        reason=reason,
        summary=tr("note confidentielle du {date} annulée").format(
            date=format_date(note.written_on)
        ),
        trail=tr("note confidentielle annulée"),
    )
    # Kept, out of every list; its text is the version's too, and both go with the notes
    # when the retention rules or the anonymisation erase them.
    note.mark_cancelled(actor.staff_id, checked_reason(reason))
    session.flush()


def check_cancel_note(
    session: Session,
    actor: Actor,
    note_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    try:
        note = _load(session, actor, note_id, today)
    except StaleEditError as stale:
        return stale_violation(stale)
    return _reason(actor, note, reason, cancel=True)
