"""Several writers at once (several offices on one server): a stale edit is refused, never
written over someone else's.

Versioned records (``db.base.Versioned``) carry ``version``. A screen keeps the version it
loaded and hands it back with the edit; ``expect`` compares it with the row's, in the saving
transaction, before anything is written. Two saves in flight at the same instant on a server
both read the same version: the second's ``UPDATE … WHERE version = …`` then matches no row
once the first commits (SQLAlchemy raises StaleDataError at flush), and ``refusing_stale``
(around every action of ``AppContext.run``) turns that into the same refusal. Who made the
change and when come from the audit trail, which every service writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from chantier_app.db import models as m
from chantier_app.db.base import Base, Versioned
from chantier_app.domain.errors import DuplicateRecordError, StaleEditError
from chantier_app.i18n import tr
from chantier_app.services import audit

# The trail's lines that change a record (a print or an export leaves it as it was).
_WRITES = (
    audit.Action.CREATE,
    audit.Action.UPDATE,
    audit.Action.DELETE,
    audit.Action.ARCHIVE,
    audit.Action.IMPORT,
    audit.Action.ANONYMISE,
)


def last_change(
    reader: Session | sa.Connection, entity: str, record_id: int
) -> tuple[str | None, dt.datetime | None]:
    """Who last changed the record and when, as the audit trail says (None, None: no line)."""
    found = reader.execute(
        sa.select(m.AuditEntry.staff_name, m.AuditEntry.at)
        .where(
            m.AuditEntry.entity == entity,
            m.AuditEntry.entity_id == record_id,
            m.AuditEntry.action.in_([str(a) for a in _WRITES]),
        )
        .order_by(m.AuditEntry.at.desc(), m.AuditEntry.id.desc())
        .limit(1)
    ).first()
    return (found[0], found[1]) if found is not None else (None, None)


def stale(session: Session, row: Versioned) -> StaleEditError:
    """The refusal for ``row``, changed by someone else since it was loaded."""
    table = row.__table__.name  # type: ignore[attr-defined]
    who, at = last_change(session, table, row.id)  # type: ignore[attr-defined]
    return StaleEditError(who, at or getattr(row, "updated_at", None))


def expect(session: Session, row: Versioned, expected: int | None) -> None:
    """Refuse the edit when ``row`` is no longer at the version the user loaded.

    ``expected`` None: the caller loaded nothing to compare (a script, a batch): the flush's
    own check still stops a concurrent save."""
    if expected is not None and row.version != expected:
        raise stale(session, row)


def touch(row: Versioned) -> None:
    """``row`` changed through its children only (a diagnosis's criteria): its own row is
    updated too, so its version moves and a copy loaded before is refused (an UPDATE only
    runs, and only counts a version, when one of the row's own columns changed)."""
    flag_modified(row, "updated_at")


@contextmanager
def refusing_stale(session: Session) -> Iterator[None]:
    """Turn a flush that found a versioned row changed meanwhile into ``StaleEditError``."""
    # What each flush is about to write, taken before it runs: a failed flush expires it.
    flushing: list[tuple[str, int, int]] = []

    def remember(flushed: Session, _context: object, _instances: object) -> None:
        flushing[:] = [
            (obj.__table__.name, obj.id, obj.version)  # type: ignore[attr-defined]
            for obj in (*flushed.dirty, *flushed.deleted)
            if isinstance(obj, Versioned) and sa.inspect(obj).identity is not None
        ]

    event.listen(session, "before_flush", remember)
    try:
        yield
    except StaleDataError as exc:
        raise _stale_at_flush(session, flushing, str(exc)) from exc
    finally:
        event.remove(session, "before_flush", remember)


def _stale_at_flush(
    session: Session, flushing: list[tuple[str, int, int]], message: str
) -> StaleEditError:
    # The failed flush left the session's transaction unusable: the row's current version
    # and the trail are read on a connection of their own (the other save is committed).
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, sa.Connection) else bind
    with engine.connect() as conn:
        for table, record_id, loaded in flushing:
            if f"'{table}'" not in message:
                continue
            model = Base.metadata.tables[table]
            now = conn.scalar(sa.select(model.c.version).where(model.c.id == record_id))
            if now != loaded:
                return StaleEditError(*last_change(conn, table, record_id))
    return StaleEditError(None, None)


def _record_nouns() -> dict[str, str]:
    # The tables with a unique constraint (db/models), as the refusal names their record.
    return {
        "enrolment": tr("Cette inscription"),
        "person": tr("Cette personne (même NIR)"),
        "pass_iae": tr("Ce PASS IAE (même numéro)"),
        "amendment": tr("Cet avenant (même numéro)"),
        "monthly_hours": tr("Ce mois d'heures"),
        "daily_attendance": tr("Cette journée de présence"),
        "training_attendance": tr("Cette présence en formation"),
        "declared_month": tr("Cette déclaration du mois"),
        "convention": tr("Cette convention (même année, même atelier)"),
        "workshop": tr("Cet atelier (même nom)"),
        "team": tr("Cette équipe (même nom)"),
        "staff": tr("Cet identifiant de connexion"),
        "eligibility_criterion": tr("Ce critère d'éligibilité"),
        "emplois_hire": tr("Cette embauche des emplois de l'inclusion"),
    }


def duplicate_table(exc: sa.exc.IntegrityError) -> tuple[bool, str | None]:
    """(is it a unique constraint's refusal, the table it names) for either engine."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == "23505":  # PostgreSQL's unique_violation
        diag = getattr(orig, "diag", None)
        return True, getattr(diag, "table_name", None)
    text = str(orig)
    if "UNIQUE constraint failed: " not in text:  # SQLite's wording
        return False, None
    # « UNIQUE constraint failed: enrolment.session_id, enrolment.person_id »
    column = text.split("UNIQUE constraint failed: ", 1)[1].split(",", 1)[0].strip()
    return True, column.split(".", 1)[0] if "." in column else None


@contextmanager
def refusing_duplicate() -> Iterator[None]:
    """Turn a flush refused by a unique constraint into ``DuplicateRecordError``."""
    try:
        yield
    except sa.exc.IntegrityError as exc:
        unique, table = duplicate_table(exc)
        if not unique:
            raise  # a missing parent or an empty required field is a bug, not a race
        noun = _record_nouns().get(table or "", tr("Cet enregistrement"))
        raise DuplicateRecordError(table, noun) from exc
