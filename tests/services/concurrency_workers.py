"""Two offices in two processes: each a real ``AppContext`` on the same database, driven by
the test through a queue (load, save, or save and hold the transaction open until told).

Run with multiprocessing's ``spawn``: a child imports this module afresh, as the application
starts, and shares nothing with the test's process but the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing as mp
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from chantier_app.db.engine import Database
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import AppError, ValidationError
from chantier_app.services._concurrency import refusing_stale
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import HoursChangeInput, change_hours
from chantier_app.services.contracts.corrections import ContractCorrection, correct_contract
from chantier_app.services.contracts.views import person_contracts
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest, prepare
from chantier_app.services.hours import grid as hours
from chantier_app.services.people import records as people
from chantier_app.services.people import views as people_views

MARCH = dt.date(2026, 3, 1)


@dataclass(frozen=True)
class Place:
    """What both offices open: a person, her contract (and its team), a second contract of
    the same team's month."""

    person_id: int
    contract_id: int
    team_id: int
    other_contract_id: int


@dataclass
class Loaded:
    """The versions a process's screens loaded (its person's file, contract and grid)."""

    person: Any = None
    contract: Any = None
    grid: dict[int, int] = dataclasses.field(default_factory=dict)


def _load(ctx: AppContext, place: Place, loaded: Loaded) -> dict[str, object]:
    loaded.person = ctx.read(people_views.get_person, place.person_id)
    found = ctx.read(person_contracts, place.person_id)
    loaded.contract = next(c for c in found.contracts if c.id == place.contract_id)
    grid = ctx.read(hours.month_grid, MARCH, place.team_id)
    loaded.grid = {row.contract_id: row.version for row in grid.rows}
    return {"person": loaded.person.version, "contract": loaded.contract.version}


Action = Callable[[Session, Actor, Place, Loaded, str], object]


def _save_person(session: Session, actor: Actor, place: Place, loaded: Loaded, text: str) -> object:
    record = dataclasses.replace(loaded.person.record, phone=text)
    return people.update_person(
        session, actor, place.person_id, record, expected_version=loaded.person.version
    )


def _save_contract(
    session: Session, actor: Actor, place: Place, loaded: Loaded, text: str
) -> object:
    correction = ContractCorrection(
        place.contract_id, loaded.contract.start_date, place.team_id, text, "intitulé mal saisi"
    )
    result = correct_contract(session, actor, correction, expected_version=loaded.contract.version)
    return result.contract.job_title


def _save_grid(session: Session, actor: Actor, place: Place, loaded: Loaded, text: str) -> object:
    entries = [
        hours.MonthEntry(cid, {HoursCategory.WORKED: text}, loaded.grid[cid])
        for cid in (place.contract_id, place.other_contract_id)
    ]
    return hours.save_month(session, actor, MARCH, entries, acknowledge_warnings=True).saved


def _add_amendment(
    session: Session, actor: Actor, place: Place, loaded: Loaded, text: str
) -> object:
    # No version handed back: an amendment adds to the contract; both are kept, numbered.
    day, weekly_hours = text.split(",")
    data = HoursChangeInput(
        place.contract_id, dt.date.fromisoformat(day), weekly_minutes=int(weekly_hours) * 60
    )
    return change_hours(session, actor, data).number


def _print(session: Session, actor: Actor, place: Place, loaded: Loaded, text: str) -> object:
    request = DocumentRequest(DocumentKind.CONTRACT, contract_id=place.contract_id)
    return prepare(session, actor, request).data.copy_number


ACTIONS: dict[str, Action] = {
    "person": _save_person,
    "contract": _save_contract,
    "grid": _save_grid,
    "amendment": _add_amendment,
    "print": _print,
}


def _refusal(error: AppError) -> object:
    if isinstance(error, ValidationError) and any(v.field for v in error.violations):
        return error.by_field
    return error.message


def office(url: str, name: str, place: Place, todo: mp.Queue[Any], done: mp.Queue[Any]) -> None:
    """One office: ``("load", "")``, ``("save", action, text)`` (one user action, as the
    screens run it), ``("hold", action, text)`` (the same, its transaction left open after
    writing until ``"commit"`` comes), ``"stop"``. Each answer: ("ok" | "refused", value)."""
    database = Database(url)
    ctx = AppContext(database, Actor(None, name, Role.DIRECTION))
    loaded = Loaded()
    try:
        while (command := todo.get()) != "stop":
            kind, *args = command
            try:
                if kind == "load":
                    done.put(("ok", _load(ctx, place, loaded)))
                elif kind == "save":
                    action, text = args
                    done.put(("ok", ctx.run(ACTIONS[action], place, loaded, text)))
                else:
                    action, text = args
                    with database.transaction() as session, refusing_stale(session):
                        value = ACTIONS[action](session, ctx.actor, place, loaded, text)
                        session.flush()
                        done.put(("written", value))
                        if todo.get() != "commit":
                            raise RuntimeError("expected commit")
                    done.put(("ok", value))
            except AppError as error:
                done.put(("refused", _refusal(error)))
    finally:
        database.dispose()
