"""Write the audit trail. Summaries name fields and records, never sensitive values."""

from __future__ import annotations

import enum

from sqlalchemy.orm import Session

from chantier_app.db.models import AuditEntry
from chantier_app.services.context import Actor


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    ARCHIVE = "archive"
    EXPORT = "export"
    PRINT = "print"
    IMPORT = "import"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    REFUSED = "refused"
    LOCK = "lock"
    UNLOCK = "unlock"
    BACKUP = "backup"
    RESTORE = "restore"
    ANONYMISE = "anonymise"


def record(
    session: Session,
    actor: Actor,
    action: Action | str,
    entity: str,
    entity_id: int | None = None,
    *,
    person_id: int | None = None,
    summary: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        staff_id=actor.staff_id,
        staff_name=actor.name,
        action=str(action),
        entity=entity,
        entity_id=entity_id,
        person_id=person_id,
        summary=summary,
    )
    session.add(entry)
    return entry


def changed_fields(before: dict[str, object], after: dict[str, object]) -> list[str]:
    """Names of the fields whose value changed (the values themselves are not logged)."""
    return sorted(key for key in after if before.get(key) != after[key])
