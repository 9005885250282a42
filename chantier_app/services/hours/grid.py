"""The monthly hours grid: load a month, save it in one transaction, declare (lock) it.

One row per contract running that month. Training hours recorded day by day by the
trainings area (``TrainingAttendance``) are the month's training hours when there are any.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import now
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.errors import Severity, ValidationError, Violation, warnings_only
from chantier_app.domain.fr_format import format_month, team_label
from chantier_app.domain.hours_rules import (
    HoursValues,
    MonthFrame,
    check_month,
    month_frame,
    month_is_over,
    parse_cell,
)
from chantier_app.domain.hours_terms import (
    ContractTerms,
    month_end,
    month_start,
    round_minutes,
)
from chantier_app.i18n import tr
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.hours._common import (
    DeclaredInfo,
    MonthWrite,
    attendance_by_month,
    attendance_minutes,
    changed_meanwhile,
    declared_months,
    ensure_unlocked,
    holidays_for,
    lock_contracts,
    month_rows,
    raise_if_refused,
    stored_months,
    stored_rows,
    values_of,
    write_month,
    write_months,
)
from chantier_app.services.hours._contracts import LoadedContract, load_contracts
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class GridRow:
    contract_id: int
    person_id: int
    person_name: str
    contract_label: str
    kind: ContractKind
    team_name: str  # « Nettoyage — Équipe A », or empty for a contract with no team
    terms: ContractTerms
    values: HoursValues
    expected_minutes: int
    stored: bool
    from_daily: bool  # computed from the sign-in sheets: edited day by day
    training_from_attendance: bool  # training hours come from the trainings' attendance
    frame: MonthFrame  # what the contract allows that month: the row is checked against it
    version: int = 0  # the stored row's (0: none yet), handed back with the row's entry


@dataclass(frozen=True)
class TeamChoice:
    id: int
    label: str


@dataclass(frozen=True)
class MonthGrid:
    month: dt.date
    team_id: int | None
    rows: tuple[GridRow, ...]
    teams: tuple[TeamChoice, ...]
    declared: DeclaredInfo | None
    holidays: frozenset[dt.date]
    can_edit: bool
    can_declare: bool
    month_over: bool  # before its end, rows without worked hours are still to come

    @property
    def locked(self) -> bool:
        return self.declared is not None


@dataclass(frozen=True)
class MonthEntry:
    """What the grid sends for one row: typed text (or minutes) per category."""

    contract_id: int
    values: Mapping[HoursCategory, str | int | None]
    # The row's version when the grid was loaded (GridRow.version; 0: no row then). Saved
    # over a row someone else saved since, the entry is refused; None: nothing to compare.
    version: int | None = None


@dataclass(frozen=True)
class SaveResult:
    saved: int
    warnings: tuple[Violation, ...] = ()
    versions: Mapping[int, int] = field(default_factory=dict)  # contract id -> row's version


def teams(session: Session, actor: Actor | None = None) -> tuple[TeamChoice, ...]:
    """Active teams (an encadrant's own teams only)."""
    query = (
        sa.select(m.Team.id, m.Team.name, m.Workshop.name)
        .join(m.Workshop, m.Workshop.id == m.Team.workshop_id)
        .where(m.Team.active.is_(True))
        .order_by(m.Workshop.name, m.Team.name)
    )
    if actor is not None and not permissions.sees_everyone(actor):
        query = query.where(m.Team.id.in_(sorted(actor.team_ids)))
    rows = session.execute(query)
    return tuple(TeamChoice(id, team_label(workshop, name)) for id, name, workshop in rows)


def month_grid(
    session: Session,
    actor: Actor,
    month: dt.date,
    team_id: int | None = None,
    *,
    with_teams: bool = True,
) -> MonthGrid:
    """The month's rows (a handful of queries whatever the number of contracts);
    ``with_teams`` false: no list of the teams to choose from (a grid that has it already)."""
    roles_matrix.require(actor, Permission.HOURS_EDIT)
    month = month_start(month)
    loaded = load_contracts(session, month, month_end(month), team_id=team_id)
    scope = permissions.people_in_scope(session, actor)
    if scope is not None:  # an encadrant: the people of their teams
        loaded = [c for c in loaded if c.contract.person_id in scope]
    stored = stored_months(session, month, team_id)  # looked up by the contracts loaded
    training = attendance_by_month(attendance_minutes(session, month, month_end(month), loaded))
    holidays = holidays_for(session, [month.year])
    rows = []
    for item in loaded:
        key = (item.contract.id, month)
        found = stored.get(item.contract.id)
        values = found.values if found is not None else HoursValues()
        if key in training:
            values = values.with_value(HoursCategory.TRAINING, training[key])
        frame = _frame(item.terms, month, holidays)
        rows.append(
            GridRow(
                contract_id=item.contract.id,
                person_id=item.contract.person_id,
                person_name=item.person_name,
                contract_label=item.label,
                kind=item.contract.kind,
                team_name=team_label(item.workshop_name, item.team_name) if item.team_name else "",
                terms=item.terms,
                values=values,
                expected_minutes=round_minutes(frame.expected),
                stored=found is not None,
                from_daily=found is not None and found.from_daily,
                training_from_attendance=key in training,
                frame=frame,
                version=found.version if found is not None else 0,
            )
        )
    return MonthGrid(
        month=month,
        team_id=team_id,
        rows=tuple(rows),
        teams=teams(session, actor) if with_teams else (),
        declared=declared_months(session, [month]).get(month),
        holidays=holidays,
        can_edit=roles_matrix.allowed(actor, Permission.HOURS_EDIT),
        can_declare=roles_matrix.allowed(actor, Permission.HOURS_DECLARE),
        month_over=month_is_over(month, dt.date.today()),
    )


# Month frames by what they follow from (the terms, the month, the holidays): the grid's
# load computes each row's, its save and the next load of the month find them (a month of
# 329 contracts: 2.2 ms of CPU computed, 0.2 ms found). A contract changed since is other
# terms, hence another key; the cache is emptied when full.
_FRAMES: dict[tuple[ContractTerms, dt.date, frozenset[dt.date]], MonthFrame] = {}
_FRAMES_MAX = 8192


def _frame(terms: ContractTerms, month: dt.date, holidays: frozenset[dt.date]) -> MonthFrame:
    key = (terms, month, holidays)
    found = _FRAMES.get(key)
    if found is None:
        if len(_FRAMES) >= _FRAMES_MAX:
            _FRAMES.clear()
        found = _FRAMES[key] = month_frame(terms, month, holidays)
    return found


# Each row's check by what it follows from: the grid's load checks every row, its save checks
# the rows sent, the next load checks them again, mostly the same values of the same terms
# (329 checks: about 1.2 ms of CPU each time). Emptied when full.
_CHECKS: dict[
    tuple[ContractTerms, dt.date, HoursValues, bool, frozenset[dt.date]], tuple[Violation, ...]
] = {}
_CHECKS_MAX = 8192


def checked_month(
    terms: ContractTerms,
    month: dt.date,
    values: HoursValues,
    holidays: frozenset[dt.date],
    *,
    month_over: bool,
    frame: MonthFrame | None = None,
) -> list[Violation]:
    """``check_month``, found again for the same terms, month, values and holidays."""
    key = (terms, month, values, month_over, holidays)
    found = _CHECKS.get(key)
    if found is None:
        if len(_CHECKS) >= _CHECKS_MAX:
            _CHECKS.clear()
        found = _CHECKS[key] = tuple(
            check_month(terms, month, values, holidays, month_over=month_over, frame=frame)
        )
    return list(found)


def _named(violation: Violation, loaded: LoadedContract) -> Violation:
    """The person's name in front, the contract in the field: ``"<contract id>/<field>"``."""
    return Violation(
        violation.code,
        f"{loaded.person_name} : {violation.message}",
        violation.severity,
        f"{loaded.contract.id}/{violation.field or 'total'}",
    )


def save_month(
    session: Session,
    actor: Actor,
    month: dt.date,
    entries: Sequence[MonthEntry],
    *,
    acknowledge_warnings: bool = False,
) -> SaveResult:
    """Validate every cell, then write: one bad cell and nothing is saved."""
    roles_matrix.require(actor, Permission.HOURS_EDIT)
    month = month_start(month)
    ensure_unlocked(session, [month], actor)
    by_id = {
        c.contract.id: c
        for c in load_contracts(
            session, month, month_end(month), contract_ids=[e.contract_id for e in entries]
        )
    }
    permissions.require_people(
        session, actor, {c.contract.person_id for c in by_id.values()}, Permission.HOURS_EDIT
    )
    lock_contracts(session, by_id)
    stored = stored_rows(session, list(by_id), month)
    training = attendance_by_month(
        attendance_minutes(session, month, month_end(month), list(by_id.values()))
    )
    holidays = holidays_for(session, [month.year])
    month_over = month_is_over(month, dt.date.today())
    violations: list[Violation] = []
    planned: list[tuple[LoadedContract, HoursValues]] = []
    for entry in entries:
        loaded = by_id.get(entry.contract_id)
        if loaded is None:
            violations.append(
                Violation(
                    "hours_outside_contract",
                    tr("Le contrat n° {id} ne court pas en {month}.").format(
                        id=entry.contract_id, month=format_month(month)
                    ),
                    Severity.ERROR,
                    f"{entry.contract_id}/total",
                )
            )
            continue
        values, cell_errors = _parse_entry(entry, loaded)
        violations.extend(cell_errors)
        if cell_errors:
            continue
        key = (loaded.contract.id, month)
        if key in training:
            values = values.with_value(HoursCategory.TRAINING, training[key])
        existing = stored.get(key)
        changed = values != values_of(existing)
        if entry.version is not None and changed:
            conflict = changed_meanwhile(session, existing, entry.version)
            if conflict is not None:
                violations.append(_named(conflict, loaded))
                continue
        if existing is not None and existing.from_daily and changed:
            violations.append(
                _named(
                    Violation(
                        "hours_from_daily",
                        tr(
                            "ses heures de {month} viennent des feuilles d'émargement : "
                            "modifiez-les jour par jour."
                        ).format(month=format_month(month)),
                    ),
                    loaded,
                )
            )
            continue
        frame = _frame(loaded.terms, month, holidays)  # the contract as it is now
        found = checked_month(
            loaded.terms, month, values, holidays, month_over=month_over, frame=frame
        )
        if found:  # most rows: nothing to name
            violations.extend(_named(v, loaded) for v in found)
        planned.append((loaded, values))
    raise_if_refused(violations, acknowledge_warnings)
    writes = []
    for loaded, values in planned:
        existing = stored.get((loaded.contract.id, month))
        from_daily = existing.from_daily if existing is not None else False
        writes.append(MonthWrite(loaded, month, values, existing, from_daily))
    saved = write_months(session, actor, writes)
    # The rows' versions now, so the grid kept on screen saves again without reloading: the
    # stored rows' as the save left them, the new rows' read (none in a month entered before).
    new_rows = [(cid, month) for cid in by_id if (cid, month) not in stored]
    versions = {cid: row.version for (cid, _month), row in stored.items()}
    if new_rows:
        versions.update(
            (cid, row.version) for (cid, _m), row in month_rows(session, new_rows).items()
        )
    return SaveResult(saved, tuple(warnings_only(violations)), versions)


# HoursValues' field of each category; a caller's plain code (« worked ») finds it too.
_FIELD = {category: category.value for category in HoursCategory}
_MINUTES = {int}  # an entry's values' types when they are all minutes (not bool, not text)


def _parse_entry(entry: MonthEntry, loaded: LoadedContract) -> tuple[HoursValues, list[Violation]]:
    if set(map(type, entry.values.values())) <= _MINUTES:  # minutes, as a grid sends
        return HoursValues(**{_FIELD[c]: value for c, value in entry.values.items()}), []  # type: ignore[arg-type]
    minutes: dict[str, int] = {}
    errors = []
    for category, text in entry.values.items():
        try:
            minutes[_FIELD[category]] = parse_cell(category, text)
        except ValueError as exc:
            errors.append(
                _named(
                    Violation("hours_unreadable", str(exc), Severity.ERROR, category.value), loaded
                )
            )
    return HoursValues(**minutes), errors  # built once, not once per category


# Declaring a month -----------------------------------------------------------------------------
def declare_month(session: Session, actor: Actor, month: dt.date) -> DeclaredInfo:
    """Lock the month's hours: it has been declared to the State."""
    roles_matrix.require(actor, Permission.HOURS_DECLARE)
    month = month_start(month)
    ensure_unlocked(session, [month])
    row = m.DeclaredMonth(month=month, declared_at=now(), declared_by_id=actor.staff_id)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.LOCK,
        "declared_month",
        row.id,
        summary=tr("Mois de {month} déclaré : heures verrouillées").format(
            month=format_month(month)
        ),
    )
    return DeclaredInfo(month, row.declared_at, actor.name)


def unlock_month(session: Session, actor: Actor, month: dt.date, reason: str = "") -> None:
    """Unlock a declared month (the UI asked for confirmation); recorded with its reason."""
    roles_matrix.require(actor, Permission.HOURS_DECLARE)
    month = month_start(month)
    row = session.scalars(sa.select(m.DeclaredMonth).where(m.DeclaredMonth.month == month)).first()
    if row is None:
        raise ValidationError(
            tr("Le mois de {month} n'est pas déclaré.").format(month=format_month(month))
        )
    session.delete(row)
    reason = reason.strip()
    audit.record(
        session,
        actor,
        audit.Action.UNLOCK,
        "declared_month",
        row.id,
        summary=tr("Mois de {month} déverrouillé{reason}").format(
            month=format_month(month), reason=f" ({tr('motif')} : {reason})" if reason else ""
        ),
    )


def sync_training_hours(
    session: Session,
    actor: Actor,
    contract_ids: Sequence[int],
    months: Sequence[dt.date],
    *,
    clear_missing: bool = False,
) -> int:
    """For the trainings area, after it records attendance (same transaction): the months'
    training hours become the attendance's. A declared month refuses (LockedError).

    ``clear_missing``: a month whose attendance was all removed goes back to no training
    hours (the caller knows the attendance of these contracts just changed)."""
    months = sorted({month_start(mo) for mo in months})
    if not months or not contract_ids:
        return 0
    ensure_unlocked(session, months)
    first, last = months[0], month_end(months[-1])
    loaded = load_contracts(session, first, last, contract_ids=contract_ids)
    training = attendance_by_month(attendance_minutes(session, first, last, loaded))
    stored = month_rows(session, [(c.contract.id, mo) for c in loaded for mo in months])
    changed = 0
    for item in loaded:
        for month in months:
            key = (item.contract.id, month)
            existing = stored.get(key)
            minutes = training.get(key)
            if minutes is None:
                if not (clear_missing and existing is not None and existing.training_minutes):
                    continue
                minutes = 0
            values = values_of(existing).with_value(HoursCategory.TRAINING, minutes)
            changed += write_month(
                session,
                actor,
                item,
                month,
                values,
                existing,
                from_daily=bool(existing and existing.from_daily),
                source=tr(" (présences en formation)"),
            )
    return changed
