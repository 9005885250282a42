"""History of corrections: the previous version of each corrected or cancelled record.

``keep_version`` is called by a correction inside its own transaction, before it writes
the new values; ``record_history`` lists a person's versions for « Historique des
modifications », each kind shown only to who may see such records, the fields the reader
may not see (``domain.sensitivity``) left out of the previous values.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import Base
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.parsing import clean_text
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.sensitivity import clearance

# Who may read the previous versions of each kind, and the entity ``domain.sensitivity``
# classifies its fields under.
_READERS: dict[RecordKind, tuple[Permission, str]] = {
    RecordKind.CONTRACT: (Permission.CONTRACTS_VIEW, "contract"),
    RecordKind.EXIT: (Permission.CONTRACTS_VIEW, "contract"),
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


def _json_value(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row_values(row: Base, fields: tuple[str, ...] | None = None) -> dict[str, object]:
    """A row's column values (or ``fields`` of them), ready for JSON."""
    columns = [c.key for c in row.__table__.columns]
    return {name: _json_value(getattr(row, name)) for name in fields or columns}


def keep_version(
    session: Session,
    actor: Actor,
    kind: RecordKind,
    action: VersionAction,
    *,
    record_id: int,
    person_id: int,
    previous: Mapping[str, object],
    reason: str | None,
    summary: str,
) -> m.RecordVersion:
    """Keep ``previous`` (the record before the change) and write the audit line."""
    version = m.RecordVersion(
        kind=kind.value,
        record_id=record_id,
        person_id=person_id,
        action=action.value,
        staff_id=actor.staff_id,
        staff_name=actor.name,
        reason=clean_text(reason),
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
        summary=f"{action.label.lower()} : {summary}",
    )
    return version


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
    for row in rows:
        kind = RecordKind.from_code(row.kind)
        if kind not in readable:
            continue
        hidden = seen.hidden(_READERS[kind][1])
        previous = {k: v for k, v in json.loads(row.previous).items() if k not in hidden}
        views.append(
            RecordVersionView(
                id=row.id,
                kind=kind,
                record_id=row.record_id,
                action=VersionAction.from_code(row.action),
                at=row.at,
                staff_name=row.staff_name,
                reason=row.reason,
                summary=row.summary,
                previous=previous,
            )
        )
    return views
