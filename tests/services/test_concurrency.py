"""Several writers at once, as two offices are: two processes load the same person's file,
contract and grid month; the first saves; the second's save is refused in French with who
saved and when, and the database holds the first's values — no lost update.

On PostgreSQL the saves also run truly at once (the first's transaction held open while the
second waits on its row lock): still one refusal, and amendments or printed copies added at
the same instant get distinct numbers in order. SQLite runs one writer at a time (its writer
lock), so there the second always sees the first's commit before it reads.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import queue
import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.services import contracts
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import ContractInput
from chantier_app.services.people import records as people
from tests.contract_factories import add_workshop
from tests.services.concurrency_workers import Place, office
from tests.services.people_factory import nir_for, person_input

H = 60
WAIT = 60  # seconds an answer may take on a loaded machine before the test gives up


@pytest.fixture
def place(database: Database) -> Place:
    """Two people of one team with a CDDI over March 2026, the structure able to print."""
    with database.transaction() as session:
        session.add(
            m.Structure(
                name="Atelier test",
                siret="12345678200010",
                address_line1="1 rue du Port",
                postal_code="44000",
                city="Nantes",
            )
        )
        workshop, team = add_workshop(session)
    ctx = AppContext(database, Actor.system())
    hired = []
    for index, (name, first) in enumerate((("Lefèvre", "Élodie"), ("Durand", "Marie"))):
        birth = dt.date(1990, 5, 17 + index)
        person = ctx.run(
            people.create_person,
            person_input(
                usage_name=name,
                first_names=first,
                birth_date=birth,
                nir=nir_for(Civility.MRS, birth, order=f"12{index}"),
                address_line1="3 rue des Lilas",
            ),
        )
        with database.transaction() as session:
            session.add(
                m.PassIae(
                    person_id=person,
                    number=f"99999000000{index}",
                    start_date=dt.date(2025, 12, 1),
                    initial_end_date=dt.date(2027, 11, 30),
                )
            )
        view = ctx.run(
            contracts.hire,
            ContractInput(
                person,
                ContractKind.CDDI_REMOBILISING,
                dt.date(2026, 1, 5),
                dt.date(2026, 7, 4),
                workshop_id=workshop,
                team_id=team,
                job_title="Agent d'entretien",
                weekly_minutes=26 * H,
            ),
        )
        hired.append((person, view.id))
    return Place(hired[0][0], hired[0][1], team, hired[1][1])


class Office:
    """One process of the application, answering the test's commands."""

    def __init__(self, url: str, name: str, place: Place) -> None:
        context = mp.get_context("spawn")
        self.todo: Any = context.Queue()
        self.done: Any = context.Queue()
        self.process = context.Process(
            target=office, args=(url, name, place, self.todo, self.done), daemon=True
        )
        self.process.start()

    def send(self, *command: object) -> None:
        self.todo.put(command if len(command) > 1 else command[0])

    def answer(self) -> tuple[str, Any]:
        try:
            found: tuple[str, Any] = self.done.get(timeout=WAIT)
        except queue.Empty:
            raise AssertionError("the office process did not answer") from None
        return found

    def ask(self, *command: object) -> tuple[str, Any]:
        self.send(*command)
        return self.answer()

    def close(self) -> None:
        self.send("stop")
        self.process.join(WAIT)
        assert self.process.exitcode == 0


@pytest.fixture
def offices(database: Database, place: Place) -> Iterator[tuple[Office, Office]]:
    pair = (
        Office(database.url, "Sophie Lacroix", place),
        Office(database.url, "Isabelle Moreau", place),
    )
    try:
        yield pair
    finally:
        for one in pair:
            one.close()


def _last_change_time(database: Database, entity: str, record_id: int) -> str:
    with database.reading() as session:
        at = session.scalar(
            sa.select(m.AuditEntry.at)
            .where(m.AuditEntry.entity == entity, m.AuditEntry.entity_id == record_id)
            .where(m.AuditEntry.action.in_(["create", "update"]))
            .order_by(m.AuditEntry.id.desc())
            .limit(1)
        )
    assert at is not None
    return f"{at:%H:%M}"


def _stored(database: Database, place: Place) -> dict[str, object]:
    with database.reading() as session:
        person = session.get(m.Person, place.person_id)
        contract = session.get(m.Contract, place.contract_id)
        rows = session.execute(sa.select(m.MonthlyHours.contract_id, m.MonthlyHours.worked_minutes))
        worked = {contract_id: minutes for contract_id, minutes in rows}
    assert person is not None and contract is not None
    return {"phone": person.phone, "job": contract.job_title, "worked": worked}


def _month_row_id(database: Database, contract_id: int) -> int:
    with database.reading() as session:
        found = session.scalar(
            sa.select(m.MonthlyHours.id).where(m.MonthlyHours.contract_id == contract_id)
        )
    assert found is not None
    return found


def test_the_second_office_is_refused_and_the_first_kept(database, place, offices) -> None:
    first, second = offices
    loaded = first.ask("load", "")
    assert loaded[0] == "ok" and second.ask("load", "") == loaded
    assert first.ask("save", "person", "06 00 00 00 01")[0] == "ok"
    assert first.ask("save", "contract", "Agent polyvalent") == ("ok", "Agent polyvalent")
    assert first.ask("save", "grid", "100") == ("ok", 2)

    refused_person = second.ask("save", "person", "07 99 99 99 99")
    at = _last_change_time(database, "person", place.person_id)
    assert refused_person == (
        "refused",
        f"Modifié par Sophie Lacroix à {at} : rechargez la fiche avant de modifier.",
    )
    refused_contract = second.ask("save", "contract", "Agent de tri")
    at = _last_change_time(database, "contract", place.contract_id)
    assert refused_contract == (
        "refused",
        f"Modifié par Sophie Lacroix à {at} : rechargez la fiche avant de modifier.",
    )
    kind, by_row = second.ask("save", "grid", "80")
    assert kind == "refused"
    assert set(by_row) == {f"{place.contract_id}/total", f"{place.other_contract_id}/total"}
    at = _last_change_time(database, "monthly_hours", _month_row_id(database, place.contract_id))
    assert by_row[f"{place.contract_id}/total"] == [
        f"LEFÈVRE Élodie : modifié par Sophie Lacroix à {at} : rechargez le mois avant de modifier."
    ]
    assert _stored(database, place) == {
        "phone": "06 00 00 00 01",
        "job": "Agent polyvalent",
        "worked": {place.contract_id: 100 * H, place.other_contract_id: 100 * H},
    }


def _waiting_on_a_lock(database: Database) -> None:
    """Return once a connection of the database waits for a row lock (the second office)."""
    engine = sa.create_engine(database.url, poolclass=NullPool)
    try:
        deadline = time.monotonic() + WAIT
        with engine.connect() as conn:
            while time.monotonic() < deadline:
                waiting = conn.scalar(
                    sa.text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                        "current_database() AND wait_event_type = 'Lock'"
                    )
                )
                conn.rollback()
                if waiting:
                    return
                time.sleep(0.05)
    finally:
        engine.dispose()
    raise AssertionError("the second office never waited for the first's lock")


def _at_once(
    database: Database, first: Office, second: Office, action: str, texts: tuple[str, str]
):
    """The first writes and holds its transaction; the second's save waits on its lock; the
    first commits; both answers."""
    written = first.ask("hold", action, texts[0])
    assert written[0] == "written"
    second.send("save", action, texts[1])
    _waiting_on_a_lock(database)
    first.send("commit")
    return first.answer(), second.answer()


@pytest.mark.postgres_only
def test_saves_at_the_same_instant_still_refuse_the_second(database, place, offices) -> None:
    first, second = offices
    first.ask("load", "")
    second.ask("load", "")
    ok, refused = _at_once(database, first, second, "person", ("06 00 00 00 01", "07 99 99 99 99"))
    at = _last_change_time(database, "person", place.person_id)
    assert ok[0] == "ok"
    assert refused == (
        "refused",
        f"Modifié par Sophie Lacroix à {at} : rechargez la fiche avant de modifier.",
    )
    ok, refused = _at_once(
        database, first, second, "contract", ("Agent polyvalent", "Agent de tri")
    )
    assert (ok, refused[0]) == (("ok", "Agent polyvalent"), "refused")
    ok, refused = _at_once(database, first, second, "grid", ("100", "80"))
    assert ok == ("ok", 2) and refused[0] == "refused"
    assert "rechargez le mois" in refused[1][f"{place.contract_id}/total"][0]
    assert _stored(database, place) == {
        "phone": "06 00 00 00 01",
        "job": "Agent polyvalent",
        "worked": {place.contract_id: 100 * H, place.other_contract_id: 100 * H},
    }


@pytest.mark.postgres_only
def test_amendments_and_copies_added_at_once_are_numbered_in_order(database, offices) -> None:
    first, second = offices
    assert _at_once(database, first, second, "amendment", ("2026-03-02,28", "2026-04-06,30")) == (
        ("ok", 1),
        ("ok", 2),
    )
    assert _at_once(database, first, second, "print", ("", "")) == (("ok", 1), ("ok", 2))
