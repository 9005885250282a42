"""History of corrections: the previous version of each corrected or cancelled record.

``keep_version`` is called by a correction inside its own transaction, before it writes
the new values; ``keep_correction`` and ``keep_cancellation`` are its two usual shapes.
What every correction service shares is here too: who recorded the record and when
(``Recorded.of``, its creation line in the trail), who may change it
(``require_may_change``, ``may_change``: the person in the actor's scope, then
``roles_matrix.CORRECTIONS``), a reason once the record was used (``reason_check``,
``Recorded.printed_since``) and « nothing changed » (``unchanged``). ``record_history`` lists a person's versions for « Historique des
modifications », each kind shown only to who may see such records, the fields the reader
may not see (``domain.sensitivity``) left out of the previous values.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import Base
from chantier_app.db.cancellable import CANCELLED_COLUMNS, including_cancelled
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.domain.errors import PermissionDeniedError, Violation
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.pass_iae import format_number as format_pass_number
from chantier_app.domain.sensitivity import HIDDEN
from chantier_app.domain.text_rules import REASON_MAX, checked_reason, text_violations
from chantier_app.i18n import tr
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.privacy._access_labels import column_label
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.sensitivity import Clearance, clearance

# Bookkeeping a reader has no use for in « before »: ids, times, acknowledgements, copies.
_TECHNICAL = {
    "id",
    "person_id",  # the file the history is read in
    "contract_id",
    "created_at",
    "updated_at",
    "acknowledged_warnings",
    "print_count",
}

_MODELS: dict[str, type[Base]] = {
    "contract": m.Contract,
    "contract_suspension": m.ContractSuspension,
    "amendment": m.Amendment,
    "enrolment": m.Enrolment,
    "training_session": m.TrainingSession,
    "milestone": m.Milestone,
    "barrier_score": m.BarrierScore,
    "barrier_action": m.BarrierAction,
    "sensitive_note": m.SensitiveNote,
    "pmsmp": m.Pmsmp,
    "monthly_hours": m.MonthlyHours,
    "eligibility_diagnosis": m.EligibilityDiagnosis,
    "pass_iae": m.PassIae,
    "pass_suspension": m.PassSuspension,
    "pass_prolongation": m.PassProlongation,
}
_NAMED: dict[str, type[Base]] = {
    "team_id": m.Team,
    "workshop_id": m.Workshop,
    "session_id": m.TrainingSession,
    "author_id": m.Staff,
}

# Who may read the previous versions of each kind, and the entity ``domain.sensitivity``
# classifies its fields under.
_READERS: dict[RecordKind, tuple[Permission, str]] = {
    RecordKind.CONTRACT: (Permission.CONTRACTS_VIEW, "contract"),
    RecordKind.EXIT: (Permission.CONTRACTS_VIEW, "contract"),
    RecordKind.SUSPENSION: (Permission.CONTRACTS_VIEW, "contract_suspension"),
    RecordKind.AMENDMENT: (Permission.CONTRACTS_VIEW, "amendment"),
    RecordKind.ENROLMENT: (Permission.TRAINING_ATTENDANCE, "enrolment"),
    RecordKind.MILESTONE: (Permission.SUPPORT_VIEW, "milestone"),
    RecordKind.BARRIER_SCORE: (Permission.SUPPORT_VIEW, "barrier_score"),
    RecordKind.BARRIER_ACTION: (Permission.SUPPORT_VIEW, "barrier_action"),
    RecordKind.PMSMP: (Permission.SUPPORT_VIEW, "pmsmp"),
    RecordKind.MONTH_HOURS: (Permission.CONTRACTS_VIEW, "monthly_hours"),
    RecordKind.DIAGNOSIS: (Permission.ELIGIBILITY_VIEW, "eligibility_diagnosis"),
    RecordKind.PASS_IAE: (Permission.PEOPLE_VIEW, "pass_iae"),
    RecordKind.PASS_SUSPENSION: (Permission.PEOPLE_VIEW, "pass_suspension"),
    RecordKind.PASS_PROLONGATION: (Permission.PEOPLE_VIEW, "pass_prolongation"),
    RecordKind.MOVE_TO_CDDI: (Permission.CONTRACTS_VIEW, "contract"),
    # A confidential note's text, as the note itself: who follows the person.
    RecordKind.SENSITIVE_NOTE: (Permission.SENSITIVE_VIEW, "sensitive_note"),
    # A session the person was enrolled in: who reads the trainings' attendance.
    RecordKind.TRAINING_SESSION: (Permission.TRAINING_ATTENDANCE, "training_session"),
    # A convention (no one's file): who reads the figures it funds.
    RecordKind.CONVENTION: (Permission.FIGURES_VIEW, "convention"),
}


@dataclass(frozen=True)
class RecordVersionView:
    id: int
    kind: RecordKind
    record_id: int
    action: VersionAction
    at: dt.datetime
    staff_name: str | None
    reason: str | None
    summary: str | None
    previous: Mapping[str, Any]  # column -> value as stored in JSON (dates as ISO text)
    changed: tuple[str, ...] = ()  # the columns this change changed
    before: tuple[tuple[str, str], ...] = ()  # those columns as a reader says them
    # Those columns just after the change (the next version's, else the record now); empty
    # when the record is gone (a cancellation that removed it).
    after: tuple[tuple[str, str], ...] = ()


def _json_value(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row_values(row: Base, fields: tuple[str, ...] | None = None) -> dict[str, object]:
    """A row's column values (or ``fields`` of them), ready for JSON; not its ``version``
    (a counter of saves) nor its cancelled state: no facts of the record's."""
    columns = [
        c.key
        for c in row.__table__.columns
        if c.key != "version" and c.key not in CANCELLED_COLUMNS
    ]
    return {name: _json_value(getattr(row, name)) for name in fields or columns}


def keep_version(
    session: Session,
    actor: Actor,
    kind: RecordKind,
    action: VersionAction,
    *,
    record_id: int,
    person_id: int | None,
    previous: Mapping[str, object],
    reason: str | None,
    summary: str,
    audit_summary: str | None = None,
) -> m.RecordVersion:
    """Keep ``previous`` (the record before the change) and write the audit line:
    ``audit_summary`` when ``summary`` quotes values the trail must not hold (the trail
    names what changed, the version keeps the values). ``person_id`` None: a record of no
    one's file (a training session nobody is enrolled in), read where the record is."""
    version = m.RecordVersion(
        kind=kind.value,
        record_id=record_id,
        person_id=person_id,
        action=action.value,
        staff_id=actor.staff_id,
        staff_name=actor.name,
        reason=checked_reason(reason),
        summary=summary,
        previous=json.dumps(previous, ensure_ascii=False, sort_keys=True),
    )
    session.add(version)
    audit.record(
        session,
        actor,
        audit.Action.UPDATE,
        _READERS[kind][1],
        record_id,
        person_id=person_id,
        summary=f"{action.label.lower()} : {audit_summary or summary}",
    )
    return version


def keep_correction(
    session: Session,
    actor: Actor,
    kind: RecordKind,
    *,
    record_id: int,
    person_id: int | None,
    previous: Mapping[str, object],
    reason: str | None,
    what: str,
    changes: Sequence[tuple[str, str]],
    acknowledged: Sequence[str] = (),
) -> m.RecordVersion:
    """A correction's version and audit line. ``changes`` are (field, line saying the change):
    the version's summary quotes the lines, the trail names the fields corrected, never their
    values (the version keeps them); warnings accepted are named in both."""
    summary = tr("{what} : {changes}").format(
        what=what, changes=" ; ".join(line for _field, line in changes)
    )
    trail = tr("{what} : {fields} corrigé(s)").format(
        what=what, fields=", ".join(field for field, _line in changes)
    )
    if acknowledged:
        accepted = tr(" ; avertissements acceptés : {codes}").format(codes=", ".join(acknowledged))
        summary, trail = summary + accepted, trail + accepted
    return keep_version(
        session,
        actor,
        kind,
        VersionAction.CORRECT,
        record_id=record_id,
        person_id=person_id,
        previous=previous,
        reason=reason,
        summary=summary,
        audit_summary=trail,
    )


def keep_cancellation(
    session: Session,
    actor: Actor,
    kind: RecordKind,
    *,
    record_id: int,
    person_id: int | None,
    previous: Mapping[str, object],
    reason: str | None,
    summary: str,
    trail: str | None = None,
) -> m.RecordVersion:
    """A cancellation's version and audit line: ``summary`` says what was cancelled, with
    its values; ``trail``, when given, says it without the values the trail must not hold."""
    return keep_version(
        session,
        actor,
        kind,
        VersionAction.CANCEL,
        record_id=record_id,
        person_id=person_id,
        previous=previous,
        reason=reason,
        summary=summary,
        audit_summary=trail,
    )


# What every correction service shares ---------------------------------------------------
@dataclass(frozen=True)
class Recorded:
    """Who recorded a record and when (None: not known, e.g. a record older than the trail)."""

    author_id: int | None
    at: dt.datetime | None

    @property
    def on(self) -> dt.date | None:
        return self.at.date() if self.at else None

    @classmethod
    def of(cls, session: Session, entity: str, record_id: int) -> Recorded:
        """Who created the record, and when: its creation line in the audit trail."""
        entry = session.scalars(
            select(m.AuditEntry)
            .where(
                m.AuditEntry.entity == entity,
                m.AuditEntry.entity_id == record_id,
                m.AuditEntry.action == audit.Action.CREATE.value,
            )
            .order_by(m.AuditEntry.id)
            .limit(1)
        ).first()
        return cls(entry.staff_id, entry.at) if entry else cls(None, None)

    def printed_since(self, session: Session, person_id: int) -> bool:
        """Was a document of the person printed since it was recorded (not known: ever)?"""
        printed = select(m.AuditEntry.id).where(
            m.AuditEntry.person_id == person_id, m.AuditEntry.action == audit.Action.PRINT.value
        )
        if self.at is not None:
            printed = printed.where(m.AuditEntry.at >= self.at)
        return session.scalar(printed.limit(1)) is not None


def may_change(
    session: Session,
    actor: Actor,
    kind: RecordKind,
    person_id: int,
    by: Recorded,
    today: dt.date | None = None,
) -> bool:
    """May ``actor`` correct or cancel this person's record of ``kind`` recorded ``by``?"""
    return permissions.in_scope(session, actor, person_id) and roles_matrix.may_correct(
        actor, kind, author_id=by.author_id, recorded_on=by.on, today=today or dt.date.today()
    )


def require_may_change(
    session: Session,
    actor: Actor,
    kind: RecordKind,
    person_id: int,
    by: Recorded,
    today: dt.date | None = None,
) -> None:
    """The French refusal when ``actor`` may not: out of their teams, or their role."""
    if not permissions.in_scope(session, actor, person_id):
        raise PermissionDeniedError(permissions.OUT_OF_TEAM)
    roles_matrix.require_correction(
        actor, kind, author_id=by.author_id, recorded_on=by.on, today=today or dt.date.today()
    )


def reason_check(
    reason: str | None, needed: bool, because: str, *, cancel: bool = False
) -> list[Violation]:
    """The correction's reason, required ``because`` the record was used (printed,
    declared). ``cancel``: the field is « Motif de l'annulation » in a cancellation's dialog,
    and its message must name that field, not the correction's."""
    label = tr("Motif de l'annulation") if cancel else tr("Motif de la correction")
    if needed and not clean_text(reason):
        message = tr("{label} : obligatoire, {because}.").format(label=label, because=because)
        return [Violation("reason_required", message, field="reason")]
    return text_violations(
        "reason", label, clean_text(reason), max_length=REASON_MAX, multiline=True
    )


def unchanged(field: str) -> Violation:
    return Violation("correction_unchanged", tr("Correction : rien n'a changé."), field=field)


def record_history(session: Session, actor: Actor, person_id: int) -> list[RecordVersionView]:
    """The person's previous versions, latest first, as far as ``actor`` may read them."""
    permissions.require_person(session, actor, person_id, Permission.PEOPLE_VIEW)
    readable = {k for k, (right, _e) in _READERS.items() if roles_matrix.allowed(actor, right)}
    seen = clearance(session, actor, person_id)
    rows = session.scalars(
        select(m.RecordVersion)
        .where(m.RecordVersion.person_id == person_id)
        .order_by(m.RecordVersion.at.desc(), m.RecordVersion.id.desc())
    )
    views = []
    # What each record was just after a version: the previous values of the next one (the
    # rows come latest first), else the record as it is now.
    newer: dict[tuple[str, int], dict[str, Any]] = {}
    for row in rows:
        kind = RecordKind.from_code(row.kind)
        key = (_READERS[kind][1], row.record_id)
        next_previous = newer.get(key)
        newer[key] = json.loads(row.previous)
        if kind not in readable:
            continue
        hidden = seen.hidden(_READERS[kind][1])
        previous = {k: v for k, v in json.loads(row.previous).items() if k not in hidden}
        # A health or justice barrier's score or action is not shown at all to who may not
        # see it.
        if kind is RecordKind.BARRIER_SCORE and not _score_seen(seen, previous):
            continue
        action = VersionAction.from_code(row.action)
        current = _current_values(session, kind, row.record_id, action, row.at)
        # An action's barrier corrected to or from health is neither's to who may not see it.
        if kind is RecordKind.BARRIER_ACTION and not (
            _score_seen(seen, previous, "barrier_action")
            and _score_seen(seen, current, "barrier_action")
        ):
            continue
        if kind is RecordKind.SENSITIVE_NOTE and not (
            _note_seen(seen, previous) and _note_seen(seen, current)
        ):
            continue
        if isinstance(previous.get("scores"), list):  # a review's scores went with it
            previous["scores"] = [s for s in previous["scores"] if _score_seen(seen, s)]
        order = list(Base.metadata.tables[_READERS[kind][1]].c.keys())  # the table's order
        after_state = {**current, **next_previous} if next_previous is not None else current
        changed = tuple(
            sorted(
                # Only the table's columns (a version may keep rows gone with it, too).
                (
                    k
                    for k, v in previous.items()
                    if k in order and k not in _TECHNICAL and after_state.get(k) != v
                ),
                key=lambda k: order.index(k) if k in order else len(order),
            )
        )
        after: tuple[tuple[str, str], ...] = ()
        if after_state:
            after = _before(session, kind, {k: after_state.get(k) for k in changed}, changed)
            entity = _READERS[kind][1]
            # A score or an action moved to a barrier the reader may not see: not said where.
            if entity in ("barrier_score", "barrier_action") and not _score_seen(
                seen, after_state, entity
            ):
                after = tuple((label, HIDDEN) for label, _value in after)
        views.append(
            RecordVersionView(
                id=row.id,
                kind=kind,
                record_id=row.record_id,
                action=action,
                at=row.at,
                staff_name=row.staff_name,
                reason=row.reason,
                summary=row.summary,
                previous=previous,
                changed=changed,
                before=_before(session, kind, previous, changed),
                after=after,
            )
        )
    return views


def _score_seen(seen: Clearance, values: Mapping[str, Any], entity: str = "barrier_score") -> bool:
    barrier = values.get("barrier")
    return not isinstance(barrier, str) or seen.row(entity, Barrier.from_code(barrier))


def _note_seen(seen: Clearance, values: Mapping[str, Any]) -> bool:
    kind = values.get("kind")
    return not isinstance(kind, str) or seen.row(
        "sensitive_note", SensitiveNoteKind.from_code(kind)
    )


def _current_values(
    session: Session,
    kind: RecordKind,
    record_id: int,
    action: VersionAction,
    at: dt.datetime | None = None,
) -> dict[str, object]:
    """The record as it is now, to tell what the change changed: empty when it is gone, or
    for its own cancellation (a cancelled contract keeps its values: its cancellation
    changed all of them); a correction made before it was cancelled reads the row."""
    model = _MODELS[_READERS[kind][1]]
    row = session.get(model, record_id, execution_options=including_cancelled())
    if row is None or (action is VersionAction.CANCEL and getattr(row, "cancelled", False)):
        return {}
    if not _same_record(row, at):
        return {}
    return row_values(row)


def _same_record(row: Base, at: dt.datetime | None) -> bool:
    """Is ``row`` the record a version kept ``at`` is about? A record cancelled by deleting
    its row (a note, an action, a session) leaves its id free, and SQLite gives the largest
    one again to the next row: a row created after the version is another record."""
    created = getattr(row, "created_at", None)
    return at is None or created is None or created <= at


def _before(
    session: Session, kind: RecordKind, previous: Mapping[str, Any], changed: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """What the correction changed, as it was before: (French label, value as read)."""
    entity = _READERS[kind][1]
    return tuple(
        (column_label(entity, key), _as_text(session, entity, key, previous[key]))
        for key in changed
    )


def _as_text(session: Session, entity: str, key: str, value: object) -> str:
    """A stored value as a reader says it: names, labels of codes, dates, hours, oui / non."""
    if value is None or value == "":
        return "—"
    if entity == "pass_iae" and key == "number" and isinstance(value, str):
        return format_pass_number(value)  # as the tab and the platform write it, in groups
    named = _NAMED.get(key)
    if named is not None and isinstance(value, int):
        # A session cancelled since is still named (an enrolment moved out of it).
        row = session.get(named, value, execution_options=including_cancelled())
        if row is None:
            return str(value)
        if isinstance(row, m.Staff):
            return row.display_name
        return str(getattr(row, "name", None) or getattr(row, "title", value))
    column_type = Base.metadata.tables[entity].c[key].type
    codes = getattr(column_type, "enum_class", None)
    if codes is not None and isinstance(value, str):
        member = codes(value)
        return str(getattr(member, "label", member.value))
    if isinstance(value, bool):
        return tr("oui") if value else tr("non")
    if key.endswith("_minutes") and isinstance(value, int):
        return format_minutes(value)
    if isinstance(value, str) and isinstance(column_type, sa.Date):
        return format_date(dt.date.fromisoformat(value))
    return str(value)
