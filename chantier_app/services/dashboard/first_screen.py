"""The first screen's figures, read with the standard library's sqlite3 before SQLAlchemy loads.

Importing SQLAlchemy and mapping the models takes about 0.35 s; a bare window shows in
0.12 s. So the dashboard the application opens on is read here with plain SQL on a
read-only connection, and computed by the very functions the services use
(``dashboard.figures``, ``domain.fte.plan_year``, ``domain.hours_terms``): only the reading differs,
and ``tests/services/dashboard/test_first_screen.py`` checks every figure against its service.

A SQLite file only, and deliberately so. On a shared database (PostgreSQL) there is
nothing to gain: the start reaches the server and checks its schema through SQLAlchemy
and Alembic (``services/safety/server_open.py``: the migration and its backup come before
any window), so SQLAlchemy is loaded before a first screen could show; and only the demo
is shown before a log-in, which a server's data never skip. The window then logs in and
the dashboard's services read the figures (``tests/ui/safety/test_server_start.py``
compares them). A second reader of the same figures on a server would only be code to keep
equal to the services (it once took the server's URL without its password, kept in the
keyring: it could not have opened a server that asks one).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from chantier_app.db import cipher
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.contract_codes import ContractKind, SuspensionReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import (
    ActionStatus,
    EnrolmentStatus,
    MilestoneKind,
    MilestoneStatus,
    PmsmpOutcome,
)
from chantier_app.domain.fte import plan_year
from chantier_app.domain.hours_terms import (
    AmendmentHours,
    ContractTerms,
    SuspensionPeriod,
    initial_hours,
    public_holidays,
)
from chantier_app.domain.path_end import PathContract
from chantier_app.i18n import tr
from chantier_app.services.context import Actor
from chantier_app.services.dashboard.figures import (
    HORIZON_DAYS,
    ExitsSummary,
    FteReport,
    Heading,
    Overview,
    TodoItem,
    WorkshopChoice,
    action_item,
    milestone_item,
    path_report_items,
    pmsmp_item,
    todo_order,
    training_item,
)
from chantier_app.services.roles_matrix import Permission, allowed

DEFAULT_FULLTIME = 1607 * 60
OPEN = (MilestoneStatus.TO_PLAN, MilestoneStatus.PLANNED, MilestoneStatus.POSTPONED)
PAID = "mh.worked_minutes + mh.training_minutes + mh.pmsmp_minutes"
PERSON = "p.id, p.usage_name, p.first_names, p.cip_id"
KEPT = "p.archived_at IS NULL AND p.anonymised_at IS NULL"
# A record cancelled (db.cancellable: a contract, a suspension, an amendment, a PASS, an
# enrolment, a session, a PMSMP, an action on a barrier) is read by no one: plain SQL says so
# itself, the ORM's global filter does not reach it.
LIVE = "cancelled_at IS NULL"


@dataclass(frozen=True)
class FirstScreen:
    """What the dashboard shows first; None where the actor may not see it."""

    actor: Actor
    today: dt.date
    heading: Heading
    overview: Overview
    todo: tuple[TodoItem, ...] | None
    fte: FteReport | None
    exits: ExitsSummary | None


class Rows(Protocol):
    def __iter__(self) -> Iterator[Any]: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Reader(Protocol):
    """What the queries below need of a connection: ``sqlite3``'s or ``sqlcipher3``'s."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Rows: ...


def _day(text: str) -> dt.date:
    """A NOT NULL date column, which SQLite keeps as ISO text."""
    return dt.date.fromisoformat(text[:10])


def _optional_day(text: str | None) -> dt.date | None:
    return _day(text) if text else None


def _marks(values: Iterable[object]) -> str:
    return ", ".join("?" for _ in values)


@contextmanager
def _connect(source: Path) -> Iterator[Reader]:
    """A read-only connection to the SQLite file (clear, or SQLCipher with its key)."""
    uri = f"file:{source.as_posix()}?mode=ro"
    with closing(cipher.connect(uri, path=source)) as db:
        yield db


def read_first_screen(
    source: Path | str, today: dt.date, *, demo_only: bool = False
) -> FirstScreen | None:
    """Everything the dashboard's panels show on ``today``, in a dozen queries.

    ``source``: the SQLite file, or its URL (``sqlite:///…``); a server's URL is refused
    (ValueError): its dashboard is the services' (see the module's docstring).
    ``demo_only``: None unless the data are the demo's (it logs in directly as its director;
    other data ask who logs in first).
    """
    if isinstance(source, str):
        from chantier_app.db.engine import Database

        path = Database(source).path
        if path is None:
            raise ValueError("the first screen reads a SQLite file, not a server")
        source = path
    if demo_only and not cipher.is_clear(source):
        return None  # encrypted data: nothing is read before someone logs in
    with _connect(source) as db:
        structure = db.execute(
            "SELECT name, is_demo, annual_fulltime_minutes, holiday_region FROM structure "
            "ORDER BY id LIMIT 1"
        ).fetchone()
        if demo_only and not (structure and structure[1]):
            return None
        actor = startup_actor(db)
        name, demo, fulltime, region = structure or (None, False, DEFAULT_FULLTIME, None)
        fulltime = int(fulltime or DEFAULT_FULLTIME)
        figures = allowed(actor, Permission.FIGURES_VIEW)
        return FirstScreen(
            actor=actor,
            today=today,
            heading=Heading(name, bool(demo)) if structure else Heading(None, False),
            overview=overview(db, today, fulltime),
            todo=tuple(todo(db, today)) if allowed(actor, Permission.SUPPORT_VIEW) else None,
            fte=fte(db, today.year, fulltime, region) if figures else None,
            exits=exits(db, today) if figures else None,
        )


def startup_actor(db: Reader) -> Actor:
    """As ``services.structure.accounts.startup_actor``: the first active director, else the system."""
    row = db.execute(
        "SELECT id, first_name, last_name, civility FROM staff WHERE role = ? AND active "
        "ORDER BY id LIMIT 1",
        (Role.DIRECTION.value,),
    ).fetchone()
    if row is None:
        return Actor.system()
    staff_id, first, last, civility = row
    teams = frozenset(
        team
        for (team,) in db.execute("SELECT team_id FROM staff_team WHERE staff_id = ?", (staff_id,))
    )
    # The civility too: the status bar says « Directrice » from the first screen on.
    return Actor(
        staff_id,
        f"{first} {last}",
        Role.DIRECTION,
        teams,
        civility=Civility.from_code(civility) if civility else None,
    )


def overview(db: Reader, today: dt.date, fulltime: int) -> Overview:
    """As ``services.dashboard.home.overview``."""
    day = today.isoformat()
    contracts, people = db.execute(
        "SELECT count(*), count(DISTINCT person_id) FROM contract "
        f"WHERE {LIVE} AND start_date <= ? AND coalesce(actual_end_date, end_date) >= ?",
        (day, day),
    ).fetchone()
    (paid,) = db.execute(
        f"SELECT coalesce(sum({PAID}), 0) FROM monthly_hours mh JOIN contract c "
        f"ON c.id = mh.contract_id WHERE c.{LIVE} AND mh.month BETWEEN ? AND ?",
        (dt.date(today.year, 1, 1).isoformat(), dt.date(today.year, 12, 1).isoformat()),
    ).fetchone()
    return Overview(int(people), int(contracts), int(paid), fulltime)


def todo(db: Reader, today: dt.date) -> list[TodoItem]:
    """As ``services.dashboard.todo.todo_list`` for the whole structure."""
    limit = (today + dt.timedelta(days=HORIZON_DAYS)).isoformat()
    day = today.isoformat()
    items = []
    statuses = [s.value for s in OPEN]
    for row in db.execute(
        f"SELECT ms.id, ms.kind, ms.due_date, ms.planned_date, {PERSON} FROM milestone ms "
        f"JOIN person p ON p.id = ms.person_id WHERE ms.status IN ({_marks(statuses)}) "
        f"AND coalesce(ms.planned_date, ms.due_date) <= ? AND {KEPT}",
        (*statuses, limit),
    ):
        milestone_id, kind, due, planned, *person = row
        items.append(
            milestone_item(
                milestone_id,
                MilestoneKind.from_code(kind),
                _day(due),
                _optional_day(planned),
                tuple(person),
                today,
            )
        )
    for row in db.execute(
        f"SELECT a.id, a.barrier, a.description, a.partner, a.due_date, {PERSON} "
        "FROM barrier_action a JOIN person p ON p.id = a.person_id "
        f"WHERE a.status IN (?, ?) AND a.due_date IS NOT NULL AND a.due_date <= ? AND {KEPT} "
        f"AND a.{LIVE}",
        (ActionStatus.TODO.value, ActionStatus.IN_PROGRESS.value, limit),
    ):
        action_id, barrier, description, partner, due, *person = row
        items.append(
            action_item(
                action_id,
                Barrier.from_code(barrier),
                description,
                partner,
                _day(due),
                tuple(person),
                today,
            )
        )
    for row in db.execute(
        f"SELECT x.id, x.host_name, x.start_date, x.end_date, {PERSON} FROM pmsmp x "
        "JOIN person p ON p.id = x.person_id "
        f"WHERE x.end_date <= ? AND (x.end_date >= ? OR x.outcome = ?) AND {KEPT} AND x.{LIVE}",
        (limit, day, PmsmpOutcome.PENDING.value),
    ):
        pmsmp_id, host, start, end, *person = row
        items.append(pmsmp_item(pmsmp_id, host, _day(start), _day(end), tuple(person), today))
    for row in db.execute(
        f"SELECT e.id, s.title, s.start_date, s.provider, {PERSON} FROM enrolment e "
        "JOIN training_session s ON s.id = e.session_id JOIN person p ON p.id = e.person_id "
        f"WHERE s.{LIVE} AND e.{LIVE} AND s.start_date >= ? AND s.start_date <= ? "
        f"AND e.status = ? AND {KEPT}",
        (day, limit, EnrolmentStatus.ENROLLED.value),
    ):
        enrolment_id, title, start, provider, *person = row
        items.append(training_item(enrolment_id, title, _day(start), provider, tuple(person)))
    items += path_reports(db, today)
    return todo_order(items)


def path_reports(db: Reader, today: dt.date) -> list[TodoItem]:
    """As ``services.dashboard.todo._path_reports`` for the whole structure."""
    running = f"SELECT person_id FROM contract WHERE actual_end_date IS NULL AND {LIVE}"
    people = {
        pid: (pid, last, first, cip)
        for pid, last, first, cip in db.execute(
            f"SELECT {PERSON} FROM person p WHERE p.id IN ({running}) AND {KEPT}"
        )
    }
    contracts = [
        (pid, PathContract(cid, ContractKind.from_code(kind), _day(start), _day(end), ended))
        for cid, pid, kind, start, end, ended in db.execute(
            "SELECT id, person_id, kind, start_date, coalesce(actual_end_date, end_date), "
            f"actual_end_date IS NOT NULL FROM contract WHERE {LIVE} AND person_id IN ({running})"
        )
    ]
    passes: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for pid, start, end in db.execute(
        "SELECT person_id, start_date, initial_end_date FROM pass_iae "
        f"WHERE {LIVE} AND person_id IN ({running})"
    ):
        passes[pid].append((_day(start), _day(end)))
    written = {
        pid: _day(day)
        for pid, day in db.execute(
            "SELECT person_id, max(written_on) FROM path_report WHERE cancelled_at IS NULL "
            "GROUP BY person_id"
        )
    }
    return path_report_items(contracts, passes, written, people, today)


def fte(db: Reader, year: int, fulltime: int, region: str | None) -> FteReport:
    """As ``services.hours.fte.fte_report`` for the whole structure."""
    first, last = dt.date(year, 1, 1).isoformat(), dt.date(year, 12, 31).isoformat()
    recorded: dict[dt.date, int] = defaultdict(int)
    recorded_keys: set[tuple[int, dt.date]] = set()
    entered: set[dt.date] = set()
    for month, contract_id, paid, worked in db.execute(
        f"SELECT mh.month, mh.contract_id, {PAID}, mh.worked_minutes FROM monthly_hours mh "
        f"JOIN contract c ON c.id = mh.contract_id WHERE c.{LIVE} AND mh.month BETWEEN ? AND ?",
        (first, last),
    ):
        day = _day(month)
        recorded[day] += int(paid)
        recorded_keys.add((contract_id, day))
        if worked:
            entered.add(day)
    funded = _funded(db, year)
    report = plan_year(
        year,
        fulltime,
        contract_terms(db, first, last),
        recorded,
        recorded_keys,
        public_holidays([year], region),
        funded,
        entered,
    )
    workshops = tuple(
        WorkshopChoice(workshop_id, name)
        for workshop_id, name in db.execute("SELECT id, name FROM workshop ORDER BY name")
    )
    return FteReport(report, None, tr("Toute la structure"), workshops)


def _funded(db: Reader, year: int) -> Decimal | None:
    """As ``services.hours.fte._funded_fte`` for the whole structure."""
    rows = db.execute(
        "SELECT workshop_id, funded_fte FROM convention WHERE year = ?", (year,)
    ).fetchall()
    by_workshop = {workshop: Decimal(value) for workshop, value in rows}
    if None in by_workshop:
        return by_workshop[None]
    return sum(by_workshop.values(), Decimal(0)) if by_workshop else None


def contract_terms(db: Reader, first: str, last: str) -> list[ContractTerms]:
    """As ``hours._contracts.terms_of`` for the contracts running between two days."""
    rows = db.execute(
        "SELECT id, kind, start_date, coalesce(actual_end_date, end_date), weekly_minutes, "
        "monthly_minutes FROM contract "
        f"WHERE {LIVE} AND start_date <= ? AND coalesce(actual_end_date, end_date) >= ?",
        (last, first),
    ).fetchall()
    ids = [row[0] for row in rows]
    amendments: dict[int, list[AmendmentHours]] = defaultdict(list)
    suspensions: dict[int, list[SuspensionPeriod]] = defaultdict(list)
    for chunk in (ids[i : i + 900] for i in range(0, len(ids), 900)):
        for contract_id, effective, pw, nw, pm, nm in db.execute(
            "SELECT contract_id, effective_date, previous_weekly_minutes, new_weekly_minutes, "
            "previous_monthly_minutes, new_monthly_minutes FROM amendment "
            f"WHERE {LIVE} AND contract_id IN ({_marks(chunk)}) ORDER BY contract_id, number",
            chunk,
        ):
            amendments[contract_id].append(AmendmentHours(_day(effective), pw, nw, pm, nm))
        for contract_id, start, end, reason in db.execute(
            "SELECT contract_id, start_date, end_date, reason FROM contract_suspension "
            f"WHERE {LIVE} AND contract_id IN ({_marks(chunk)}) ORDER BY start_date",
            chunk,
        ):
            suspensions[contract_id].append(
                SuspensionPeriod(
                    _day(start),
                    _day(end),
                    reason == SuspensionReason.PMSMP.value,
                )
            )
    terms = []
    for contract_id, kind, start, end, weekly, monthly in rows:
        weekly, monthly, changes = initial_hours(weekly, monthly, amendments[contract_id])
        terms.append(
            ContractTerms(
                contract_id,
                ContractKind.from_code(kind),
                _day(start),
                _day(end),
                weekly,
                monthly,
                changes,
                tuple(suspensions[contract_id]),
            )
        )
    return terms


def exits(db: Reader, today: dt.date) -> ExitsSummary:
    """As ``services.contracts.exits.exits_summary`` for the dashboard's period: this year so far."""
    start = dt.date(today.year, 1, 1)
    end = max(start, min(dt.date(today.year, 12, 31), today))
    rows = db.execute(
        f"SELECT exit_reason, count(*) FROM contract WHERE {LIVE} AND actual_end_date >= ? "
        "AND actual_end_date <= ? AND exit_reason IS NOT NULL GROUP BY exit_reason",
        (start.isoformat(), end.isoformat()),
    )
    return ExitsSummary.of(start, end, {ExitReason.from_code(reason): int(n) for reason, n in rows})
