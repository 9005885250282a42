"""What every hours use case loads and checks: contracts of a period with their terms, the
public holidays, training attendance, declared (locked) months, and the writing of month rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from chantier_app.db import models as m
from chantier_app.db.base import now
from chantier_app.db.models.structure import DEFAULT_ANNUAL_FULLTIME_MINUTES
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.errors import (
    LockedError,
    StaleEditError,
    UnacknowledgedWarnings,
    Violation,
    refuse_errors,
    stale_text,
    warnings_only,
)
from chantier_app.domain.fr_format import format_date, format_month
from chantier_app.domain.hours_rules import HoursValues
from chantier_app.domain.hours_terms import (
    ContractTerms,
    month_start,
    public_holidays,
)
from chantier_app.i18n import tr
from chantier_app.services import _batch, _concurrency, audit, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.hours._contracts import LoadedContract, among


def holidays_for(session: Session, years: Iterable[int]) -> frozenset[dt.date]:
    region = session.scalar(sa.select(m.Structure.holiday_region).limit(1))
    return public_holidays(years, region)


def annual_fulltime_minutes(session: Session) -> int:
    value = session.scalar(sa.select(m.Structure.annual_fulltime_minutes).limit(1))
    return int(value) if value else DEFAULT_ANNUAL_FULLTIME_MINUTES


# Training attendance (written by the trainings area) -------------------------------------
def attendance_minutes(
    session: Session, first: dt.date, last: dt.date, contracts: Sequence[LoadedContract]
) -> dict[tuple[int, dt.date], int]:
    """Training minutes per (contract, day) between two dates, one query.

    An enrolment names its contract, or else the day falls to the person's contract then.
    """
    if not contracts:
        return {}
    by_person: dict[int, list[ContractTerms]] = {}
    for loaded in contracts:
        by_person.setdefault(loaded.contract.person_id, []).append(loaded.terms)
    known = {loaded.contract.id for loaded in contracts}
    rows = session.execute(
        sa.select(
            m.Enrolment.contract_id,
            m.Enrolment.person_id,
            m.TrainingAttendance.day,
            m.TrainingAttendance.minutes,
        )
        .join(m.Enrolment, m.Enrolment.id == m.TrainingAttendance.enrolment_id)
        .where(
            m.TrainingAttendance.day.between(first, last),
            among(session, m.Enrolment.person_id, by_person),
        )
    )
    found: dict[tuple[int, dt.date], int] = {}
    for contract_id, person_id, day, minutes in rows:
        if contract_id is None or contract_id not in known:
            contract_id = next(
                (t.contract_id for t in by_person[person_id] if t.active_on(day)), None
            )
        if contract_id is not None and contract_id in known:
            found[(contract_id, day)] = found.get((contract_id, day), 0) + minutes
    return found


def attendance_by_month(found: dict[tuple[int, dt.date], int]) -> dict[tuple[int, dt.date], int]:
    months: dict[tuple[int, dt.date], int] = {}
    for (contract_id, day), minutes in found.items():
        key = (contract_id, month_start(day))
        months[key] = months.get(key, 0) + minutes
    return months


# Declared months ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DeclaredInfo:
    month: dt.date
    declared_at: dt.datetime
    declared_by: str


def declared_months(session: Session, months: Iterable[dt.date]) -> dict[dt.date, DeclaredInfo]:
    wanted = sorted({month_start(month) for month in months})
    if not wanted:
        return {}
    rows = session.execute(
        sa.select(m.DeclaredMonth, m.Staff.first_name, m.Staff.last_name)
        .outerjoin(m.Staff, m.Staff.id == m.DeclaredMonth.declared_by_id)
        .where(m.DeclaredMonth.month.in_(wanted))
    )
    return {
        row.month: DeclaredInfo(
            row.month, row.declared_at, f"{first} {last}" if first else tr("Système")
        )
        for row, first, last in rows
    }


def ensure_unlocked(
    session: Session, months: Iterable[dt.date], actor: Actor | None = None
) -> None:
    """A LockedError naming the first declared month among ``months``; to ``actor`` who may
    not correct a declared month (``roles_matrix.CORRECTIONS``), who may."""
    declared = declared_months(session, months)
    if declared:
        info = declared[min(declared)]
        may = actor is None or roles_matrix.may_correct(
            actor, RecordKind.MONTH_HOURS, author_id=None, recorded_on=None, today=dt.date.today()
        )
        what = (
            tr("Déverrouillez le mois pour les modifier.")
            if may
            else tr(
                "Les corriger est réservé au rôle « {roles} » (« Corriger le mois déclaré »)."
            ).format(
                roles=", ".join(r.label for r in roles_matrix.may_always(RecordKind.MONTH_HOURS))
            )
        )
        raise LockedError(
            tr(
                "Le mois de {month} a été déclaré le {date} par {name} : ses heures sont "
                "verrouillées. {what}"
            ).format(
                what=what,
                month=format_month(info.month),
                date=format_date(info.declared_at.date()),
                name=info.declared_by,
            )
        )


# Writing month rows --------------------------------------------------------------------------
def month_rows(
    session: Session, keys: Iterable[tuple[int, dt.date]]
) -> dict[tuple[int, dt.date], m.MonthlyHours]:
    keys = set(keys)
    if not keys:
        return {}
    contract_ids = {c for c, _ in keys}
    months = {mo for _, mo in keys}
    rows = session.scalars(
        sa.select(m.MonthlyHours).where(
            m.MonthlyHours.contract_id.in_(contract_ids), m.MonthlyHours.month.in_(months)
        )
    )
    return {(r.contract_id, r.month): r for r in rows if (r.contract_id, r.month) in keys}


@dataclass(slots=True)
class StoredRow:
    """A stored month row as a save reads and writes it: its columns of that name, plain (a
    grid's save reads hundreds; their ORM objects cost a tenth of it). Written through
    ``write_months``, which sets ``version`` and the rest to what the database then holds."""

    id: int
    contract_id: int
    month: dt.date
    worked_minutes: int
    training_minutes: int
    pmsmp_minutes: int
    paid_absence_minutes: int
    sick_minutes: int
    unjustified_minutes: int
    from_daily: bool
    version: int
    updated_by_id: int | None
    updated_at: dt.datetime | None


def stored_rows(
    session: Session, contract_ids: Sequence[int], month: dt.date
) -> dict[tuple[int, dt.date], StoredRow]:
    """The month's stored rows of these contracts, plain, keyed as ``month_rows``."""
    if not contract_ids:
        return {}
    t = m.MonthlyHours
    rows = session.execute(
        sa.select(
            t.id, t.contract_id, t.month, t.worked_minutes, t.training_minutes, t.pmsmp_minutes,
            t.paid_absence_minutes, t.sick_minutes, t.unjustified_minutes, t.from_daily,
            t.version, t.updated_by_id, t.updated_at,
        ).where(among(session, t.contract_id, contract_ids), t.month == month)
    )  # fmt: skip
    # By position: a row's attributes by name cost a fifth of this read.
    return {(row[1], row[2]): StoredRow(*row) for row in rows.all()}  # type: ignore[call-arg]


@dataclass(frozen=True, slots=True)
class StoredMonth:
    """What a screen shows of a stored month row."""

    values: HoursValues
    from_daily: bool
    version: int


def stored_months(
    session: Session, month: dt.date, team_id: int | None = None
) -> dict[int, StoredMonth]:
    """The month's stored rows (of a team's contracts), by contract, read as plain rows: a grid
    only shows them (``month_rows`` builds the ORM objects a save writes to, a third slower).
    Read by the month's index, each row's contract by its id: no list of the grid's hundreds
    of contract ids to bind (the caller picks the rows of its contracts)."""
    t, c = m.MonthlyHours, m.Contract
    query = (
        sa.select(
            t.contract_id, t.worked_minutes, t.training_minutes, t.pmsmp_minutes,
            t.paid_absence_minutes, t.sick_minutes, t.unjustified_minutes, t.from_daily,
            t.version,
        )
        .join(c, c.id == t.contract_id)
        .where(t.month == month)
    )  # fmt: skip
    if team_id is not None:
        query = query.where(c.team_id == team_id)
    rows = session.execute(query)
    return {row[0]: StoredMonth(HoursValues(*row[1:7]), bool(row[7]), row[8]) for row in rows.all()}


def lock_contracts(session: Session, contract_ids: Iterable[int]) -> None:
    """On a server, hold the contracts' rows until the save commits (SQLite's writer lock
    already runs saves one at a time): two grids saving the same team's month run one after
    the other, the second reading the first's rows, even those just created, whose absence
    no lock on the month rows could hold."""
    ids = sorted(set(contract_ids))  # always in the same order: no deadlock between two saves
    if ids and session.get_bind().dialect.name != "sqlite":
        session.execute(
            sa.select(m.Contract.id).where(m.Contract.id.in_(ids)).with_for_update()
        ).all()


def changed_meanwhile(
    session: Session, row: m.MonthlyHours | StoredRow | None, loaded: int
) -> Violation | None:
    """The refusal of an entry typed over a month row saved by someone else since the grid
    was loaded at version ``loaded`` (0: there was no row then); None when it is the same."""
    if (row.version if row is not None else 0) == loaded:
        return None
    who, at = _concurrency.last_change(session, "monthly_hours", row.id) if row else (None, None)
    text = stale_text(who, at or (row.updated_at if row else None), reload=tr("le mois"))
    return Violation("hours_changed_meanwhile", text[0].lower() + text[1:])


def values_of(row: m.MonthlyHours | m.DailyAttendance | StoredRow | None) -> HoursValues:
    if row is None:
        return HoursValues()
    # Spelled out: read for every row of a grid (the generic form cost a third of a save).
    return HoursValues(
        row.worked_minutes,
        row.training_minutes,
        row.pmsmp_minutes,
        row.paid_absence_minutes,
        row.sick_minutes,
        row.unjustified_minutes,
    )


@dataclass(frozen=True)
class MonthWrite:
    """One contract's month to write (``write_months`` writes many in one flush)."""

    loaded: LoadedContract
    month: dt.date
    values: HoursValues
    existing: m.MonthlyHours | StoredRow | None
    from_daily: bool = False
    source: str = ""


def write_month(
    session: Session,
    actor: Actor,
    loaded: LoadedContract,
    month: dt.date,
    values: HoursValues,
    existing: m.MonthlyHours | None,
    *,
    from_daily: bool = False,
    source: str = "",
) -> bool:
    """Create or update one contract's month; an audit line naming the changed categories.

    Returns False when nothing changed (nothing written).
    """
    item = MonthWrite(loaded, month, values, existing, from_daily, source)
    return write_months(session, actor, [item]) == 1


def write_months(session: Session, actor: Actor, items: Sequence[MonthWrite]) -> int:
    """Write the months that changed (a whole grid: hundreds of rows) — the stored ones in
    one batched UPDATE, the new ones in one flush — then their audit lines. Returns how many
    were written.

    Hours already entered that change are corrected: who may is ``roles_matrix.CORRECTIONS``
    (``OPEN_MONTH_HOURS``; a declared month was refused before, by ``ensure_unlocked``, and
    the people out of the actor's teams by the caller's scope check)."""
    todo: list[tuple[MonthWrite, list[HoursCategory]]] = []
    for item in items:
        before, after = values_of(item.existing).__dict__, item.values.__dict__
        changed = [c for c, name in _CATEGORIES if before[name] != after[name]]
        if item.existing is None and item.values.total == 0:
            continue
        if not changed and (item.existing is None or item.existing.from_daily == item.from_daily):
            continue
        todo.append((item, changed))
    today = dt.date.today()
    anyone, _author = roles_matrix.CORRECTIONS[RecordKind.OPEN_MONTH_HOURS]
    may_correct_any = roles_matrix.allowed(actor, anyone)  # then each row's author is moot
    for item, _changed in todo:
        if item.existing is not None and not may_correct_any:
            roles_matrix.require_correction(
                actor,
                RecordKind.OPEN_MONTH_HOURS,
                author_id=item.existing.updated_by_id,
                recorded_on=item.existing.updated_at.date() if item.existing.updated_at else None,
                today=today,
            )
    written: list[tuple[MonthWrite, m.MonthlyHours | StoredRow, list[HoursCategory]]] = []
    updated: list[tuple[MonthWrite, m.MonthlyHours | StoredRow]] = []
    for item, changed in todo:
        row: m.MonthlyHours | StoredRow
        if item.existing is None:
            row = m.MonthlyHours(contract_id=item.loaded.contract.id, month=item.month)
            for category in HoursCategory:
                setattr(row, category.column, item.values.get(category))
            row.from_daily = item.from_daily
            row.updated_by_id = actor.staff_id
            session.add(row)
        else:
            row = item.existing
            updated.append((item, row))
        written.append((item, row, changed))
    if not written:
        return 0
    _update_stored(session, actor, updated)
    session.flush()  # the new rows: their ids name them in the audit lines
    audit.record_many(
        session,
        actor,
        [
            (
                audit.Action.CREATE if item.existing is None else audit.Action.UPDATE,
                "monthly_hours",
                row.id,
                item.loaded.contract.person_id,
                _summary(item.month, item.source, tuple(changed)),
            )
            for item, row, changed in written
        ],
    )
    return len(written)


@lru_cache(maxsize=512)  # a grid's save: hundreds of lines, a handful of distinct texts
def _summary(month: dt.date, source: str, changed: tuple[HoursCategory, ...]) -> str:
    return tr("Heures de {month}{source} : {labels}").format(
        month=format_month(month),
        source=source,
        labels=", ".join(c.label.lower() for c in changed) or tr("saisie par jour"),
    )


# (category, HoursValues field, column) once: walking the enum for each row of a grid's save
# cost a tenth of it.
_CATEGORIES = tuple((c, c.value) for c in HoursCategory)
_COLUMNS = tuple((c.value, c.column) for c in HoursCategory)
_MONTHLY: sa.Table = m.MonthlyHours.__table__  # type: ignore[assignment]
# Each row's UPDATE checks its version, as the ORM's would (db.base.Versioned); the ORM sends
# one statement per versioned row (330 for a month's grid: 60 ms of CPU under load), this one
# is sent once with every row's parameters, and the rows it matched counted.
_UPDATE_STORED = (
    sa.update(_MONTHLY)
    .where(_MONTHLY.c.id == sa.bindparam("row_id"))
    .where(_MONTHLY.c.version == sa.bindparam("row_version"))
)


_UPDATE_KEYS = (*(column for _name, column in _COLUMNS), "from_daily", "updated_by_id",
                "updated_at", "version", "row_id", "row_version")  # fmt: skip


def _rowcount(result: sa.Result[Any]) -> int:
    assert isinstance(result, sa.CursorResult)  # an UPDATE's: the rows it matched
    return result.rowcount


def _update_stored(
    session: Session,
    actor: Actor,
    updated: Sequence[tuple[MonthWrite, m.MonthlyHours | StoredRow]],
) -> None:
    """Stored month rows written in one statement; a row saved by someone else since it was
    read here (its version moved) refuses the whole action with who saved it and when."""
    if not updated:
        return
    at = now()
    by = actor.staff_id
    # Spelled out (HoursValues' fields, the columns of _COLUMNS): a dict per row of a grid.
    params: list[dict[str, Any]] = [
        {
            "worked_minutes": item.values.worked,
            "training_minutes": item.values.training,
            "pmsmp_minutes": item.values.pmsmp,
            "paid_absence_minutes": item.values.paid_absence,
            "sick_minutes": item.values.sick,
            "unjustified_minutes": item.values.unjustified,
            "from_daily": item.from_daily,
            "updated_by_id": by,
            "updated_at": at,
            "version": row.version + 1,
            "row_id": row.id,
            "row_version": row.version,
        }
        for item, row in updated
    ]
    dialect = session.get_bind().dialect
    by_position = _batch.positional(session, _UPDATE_STORED, _UPDATE_KEYS)
    if by_position is not None and dialect.supports_sane_multi_rowcount:  # SQLite
        sql, keys = by_position
        batch = _batch.rows(keys, params)
        matched = _rowcount(session.connection().exec_driver_sql(sql, batch))
    elif dialect.supports_sane_multi_rowcount:
        matched = _rowcount(session.execute(_UPDATE_STORED, params))
    else:  # a driver that cannot count a batch's rows: one statement each, each counted
        matched = sum(_rowcount(session.execute(_UPDATE_STORED, p)) for p in params)
    if matched != len(params):
        ids = [row.id for _item, row in updated]
        now_at = dict(
            session.execute(
                sa.select(_MONTHLY.c.id, _MONTHLY.c.version).where(_MONTHLY.c.id.in_(ids))
            ).all()
        )
        stale = next((row for _item, row in updated if now_at.get(row.id) != row.version), None)
        if isinstance(stale, StoredRow):
            who, when = _concurrency.last_change(session, "monthly_hours", stale.id)
            raise StaleEditError(who, when or stale.updated_at)
        if stale is not None:
            raise _concurrency.stale(session, stale)
        raise StaleEditError(None, None)
    # ORM copies of these rows the session holds (a declared month's correction read them
    # before): the database's values too, or they would read the old ones back. Found in one
    # pass over the identity map (a save's session holds few objects), not per row.
    held = {obj.id: obj for obj in session.identity_map.values() if isinstance(obj, m.MonthlyHours)}
    for (_item, row), written in zip(updated, params, strict=True):
        orm: m.MonthlyHours | None
        if isinstance(row, StoredRow):  # spelled out: 10 columns of hundreds of rows
            row.worked_minutes = written["worked_minutes"]
            row.training_minutes = written["training_minutes"]
            row.pmsmp_minutes = written["pmsmp_minutes"]
            row.paid_absence_minutes = written["paid_absence_minutes"]
            row.sick_minutes = written["sick_minutes"]
            row.unjustified_minutes = written["unjustified_minutes"]
            row.from_daily = written["from_daily"]
            row.updated_by_id = written["updated_by_id"]
            row.updated_at = written["updated_at"]
            row.version = written["version"]
            orm = held.get(row.id)
        else:
            orm = row
        if orm is None:
            continue
        state = orm.__dict__  # the loaded values: no attribute instrumentation per read
        for key in _WRITTEN:  # the session's copy is the database's again
            if state.get(key) != written[key]:
                set_committed_value(orm, key, written[key])


_WRITTEN = (*(column for _name, column in _COLUMNS), "from_daily", "updated_by_id", "updated_at",
            "version")  # fmt: skip


def raise_if_refused(violations: list[Violation], acknowledge_warnings: bool) -> None:
    """Errors refuse; warnings refuse until the user acknowledged them."""
    refuse_errors(violations)
    if warnings_only(violations) and not acknowledge_warnings:
        raise UnacknowledgedWarnings(warnings_only(violations))


def entered_hours(
    session: Session, contract_id: int
) -> tuple[dict[dt.date, HoursValues], dict[dt.date, HoursValues]]:
    """A contract's hours as entered: by month, and by day (sign-in sheets), none empty."""
    months = {
        row.month: values_of(row)
        for row in session.scalars(
            sa.select(m.MonthlyHours).where(m.MonthlyHours.contract_id == contract_id)
        )
    }
    days = {
        row.day: values_of(row)
        for row in session.scalars(
            sa.select(m.DailyAttendance).where(m.DailyAttendance.contract_id == contract_id)
        )
    }
    return (
        {k: v for k, v in months.items() if v.total},
        {k: v for k, v in days.items() if v.total},
    )
