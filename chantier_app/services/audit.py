"""The audit trail: written by every service, read by the director. Summaries name fields
and records, never sensitive values, nor what identifies a person (names, NIR, PASS IAE
number, contact details): a line points to her by ``person_id``, so that anonymising her
leaves every other line as it was (``privacy/erasure.py``)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from chantier_app.db.base import now
from chantier_app.db.models import AuditEntry, Person
from chantier_app.i18n import tr
from chantier_app.services import _batch, roles_matrix
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


# Reading the trail (the director's « Journal des actions ») ------------------------------------
ACTION_LABELS: dict[str, str] = {
    Action.CREATE: tr("Création"),
    Action.UPDATE: tr("Modification"),
    Action.DELETE: tr("Suppression"),
    Action.ARCHIVE: tr("Archivage"),
    Action.EXPORT: tr("Export"),
    Action.PRINT: tr("Impression"),
    Action.IMPORT: tr("Import"),
    Action.LOGIN: tr("Connexion"),
    Action.LOGIN_FAILED: tr("Connexion refusée"),
    Action.REFUSED: tr("Action refusée"),
    Action.LOCK: tr("Verrouillage"),
    Action.UNLOCK: tr("Déverrouillage"),
    Action.BACKUP: tr("Sauvegarde"),
    Action.RESTORE: tr("Restauration"),
    Action.ANONYMISE: tr("Anonymisation"),
}
ENTITY_LABELS: dict[str, str] = {
    "person": tr("salarié"),
    "contract": tr("contrat"),
    "amendment": tr("avenant"),
    "monthly_hours": tr("heures"),
    "daily_attendance": tr("émargement"),
    "declared_month": tr("mois déclaré"),
    "eligibility_diagnosis": tr("diagnostic"),
    "pass_iae": tr("PASS IAE"),
    "milestone": tr("entretien"),
    "barrier_score": tr("frein"),
    "barrier_action": tr("action"),
    "sensitive_note": tr("note sensible"),
    "pmsmp": tr("PMSMP"),
    "training_session": tr("formation"),
    "enrolment": tr("inscription"),
    "staff": tr("personnel"),
    "structure": tr("structure"),
    "convention": tr("convention"),
    "database": tr("base de données"),
    "audit_entry": tr("journal"),
    "emplois_hire": tr("embauche les emplois"),
    "path_report": tr("bilan d'accompagnement"),
    "frozen_yearly_report": tr("bilan annuel figé"),
}
MAX_ROWS = 20_000
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    staff_id: int | None
    staff_name: str
    action: str
    action_label: str
    entity: str
    entity_label: str
    entity_id: int | None
    person_id: int | None
    person_name: str
    summary: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    truncated: bool  # more entries than MAX_ROWS in the period: narrow the dates


def list_entries(
    session: Session,
    actor: Actor,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = MAX_ROWS,
) -> AuditPage:
    """The trail between two days (included), newest first, with the people's names."""
    roles_matrix.require(actor, roles_matrix.Permission.AUDIT_VIEW)
    query = (
        select(AuditEntry, Person.usage_name, Person.first_names)
        .outerjoin(Person, Person.id == AuditEntry.person_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit + 1)
    )
    if since is not None:
        query = query.where(AuditEntry.at >= dt.datetime.combine(since, dt.time.min))
    if until is not None:
        query = query.where(AuditEntry.at < dt.datetime.combine(until, dt.time.min) + ONE_DAY)
    rows = [
        _row(entry, usage_name, first_names)
        for entry, usage_name, first_names in session.execute(query)
    ]
    return AuditPage(rows[:limit], len(rows) > limit)


def _row(entry: AuditEntry, usage_name: str | None, first_names: str | None) -> AuditRow:
    if usage_name is not None:
        person = f"{usage_name.upper()} {first_names or ''}".strip()
    elif entry.person_id is not None:
        person = tr("n° {id} (supprimé)").format(id=entry.person_id)
    else:
        person = ""
    return AuditRow(
        id=entry.id,
        at=entry.at,
        staff_id=entry.staff_id,
        staff_name=entry.staff_name or tr("Système"),
        action=entry.action,
        action_label=ACTION_LABELS.get(entry.action, entry.action),
        entity=entry.entity,
        entity_label=ENTITY_LABELS.get(entry.entity, entry.entity),
        entity_id=entry.entity_id,
        person_id=entry.person_id,
        person_name=person,
        summary=entry.summary or "",
    )


EXPORT_HEADERS = ("Date", "Heure", "Personnel", "Action", "Objet", "N°", "Salarié", "Détail")


def export_csv(session: Session, actor: Actor, rows: Sequence[AuditRow], path: Path) -> Path:
    """Write ``rows`` (as shown, filtered and sorted) to a CSV file; the export is traced."""
    roles_matrix.require(actor, roles_matrix.Permission.AUDIT_VIEW)
    from chantier_app.services.tabular import write_csv

    write_csv(
        path,
        [tr(h) for h in EXPORT_HEADERS],
        (
            [
                r.at.date(),
                r.at.strftime("%H:%M:%S"),
                r.staff_name,
                r.action_label,
                r.entity_label,
                r.entity_id,
                r.person_name,
                r.summary,
            ]
            for r in rows
        ),
    )
    record(
        session,
        actor,
        Action.EXPORT,
        "audit_entry",
        summary=tr("export du journal des actions : {n} lignes").format(n=len(rows)),
    )
    return path


def record_many(
    session: Session,
    actor: Actor,
    entries: Sequence[tuple[Action | str, str, int | None, int | None, str]],
) -> None:
    """Many lines at once, ``(action, entity, entity_id, person_id, summary)`` each (a month of
    hours saved for hundreds of contracts): one INSERT for them all."""
    if not entries:
        return
    at = now()
    params = [
        {
            "at": at,
            "staff_id": actor.staff_id,
            "staff_name": actor.name,
            "action": str(action),
            "entity": entity,
            "entity_id": entity_id,
            "person_id": person_id,
            "summary": summary,
        }
        for action, entity, entity_id, person_id, summary in entries
    ]
    by_position = _batch.positional(session, _INSERT_MANY, _INSERT_KEYS)  # SQLite
    if by_position is not None:
        sql, keys = by_position
        session.connection().exec_driver_sql(sql, _batch.rows(keys, params))
    else:
        session.execute(_INSERT_MANY, params)


# The table, not the class: a plain executemany (the ORM's bulk path is slower).
_TABLE = AuditEntry.__table__
assert isinstance(_TABLE, Table)  # typed as any FromClause; this class maps a table
_INSERT_MANY = insert(_TABLE)
_INSERT_KEYS = ("at", "staff_id", "staff_name", "action", "entity", "entity_id", "person_id",
                "summary")  # fmt: skip
