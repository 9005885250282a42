"""Two offices adding the same record at the same instant (the same person by NIR, the same
enrolment): each service's « already there? » check passes on both, as neither sees the
other's uncommitted row; the database's unique constraint refuses the second. The user gets
a French sentence naming what already exists, the database holds the first's row only, and
the refusal is traced like any other.
"""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import DuplicateRecordError
from chantier_app.services import audit
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.people import records as people
from tests.services.people_factory import person_input

WAIT = 60  # seconds a thread may take on a loaded machine before the test gives up
TWIN = "Cette personne (même NIR) existe déjà : un autre poste vient de l'enregistrer. Rechargez."


def _count(database: Database, model: type[m.Base]) -> int:
    with database.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _refusals(database: Database) -> list[str | None]:
    with database.reading() as session:
        return list(
            session.scalars(
                sa.select(m.AuditEntry.summary).where(
                    m.AuditEntry.action == str(audit.Action.REFUSED)
                )
            )
        )


def _add_after_the_check(session: Session, actor: Actor) -> int:
    # What the second office does once its NIR check passed, before the first's commit.
    return people.insert_checked(session, actor, person_input(), "fiche salarié créée")


def test_a_twin_refused_by_the_constraint_is_named_in_french(database: Database) -> None:
    ctx = AppContext(database, Actor.system())
    first = ctx.run(people.create_person, person_input())
    lines = _count(database, m.AuditEntry)

    with pytest.raises(DuplicateRecordError) as refused:
        ctx.run(_add_after_the_check)

    assert refused.value.message == TWIN
    assert refused.value.table == "person"
    with database.reading() as session:
        assert list(session.scalars(sa.select(m.Person.id))) == [first]
    assert _count(database, m.AuditEntry) == lines + 1  # the refusal's line, nothing else
    assert _refusals(database) == [TWIN]


def test_an_unknown_table_gets_the_general_sentence(database: Database) -> None:
    ctx = AppContext(database, Actor.system())
    ctx.run(people.create_person, person_input())

    def add_twin_row(session: Session, _actor: Actor) -> None:
        # A table the map does not name: the refusal still speaks French.
        session.execute(sa.text("CREATE TABLE twin_probe (code TEXT UNIQUE)"))
        session.execute(sa.text("INSERT INTO twin_probe VALUES ('a'), ('a')"))

    with pytest.raises(DuplicateRecordError) as refused:
        ctx.run(add_twin_row)
    assert refused.value.message == (
        "Cet enregistrement existe déjà : un autre poste vient de l'enregistrer. Rechargez."
    )


def _waiting_on_a_lock(database: Database) -> None:
    """Return once a connection of the database waits for a lock (the second office)."""
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
    raise AssertionError("the second office never waited for the first's row")


@pytest.mark.postgres_only
def test_two_offices_creating_the_same_person_at_once(database: Database) -> None:
    """On a server both saves truly run at once: the first holds its new row uncommitted,
    the second's NIR check passes and its INSERT waits on the unique index, the first
    commits, the second is refused in French."""
    first_ctx = AppContext(database, Actor(None, "Sophie Lacroix", Role.DIRECTION))
    second_ctx = AppContext(database, Actor(None, "Isabelle Moreau", Role.DIRECTION))
    hold, written = threading.Event(), threading.Event()
    answers: dict[str, object] = {}

    def first_office() -> None:
        def create_and_wait(session: Session, actor: Actor) -> int:
            created = people.create_person(session, actor, person_input())
            written.set()
            hold.wait(WAIT)
            return created

        answers["first"] = first_ctx.run(create_and_wait)

    def second_office() -> None:
        try:
            answers["second"] = second_ctx.run(people.create_person, person_input())
        except DuplicateRecordError as refused:
            answers["second"] = refused.message

    one = threading.Thread(target=first_office)
    one.start()
    assert written.wait(WAIT)
    two = threading.Thread(target=second_office)
    two.start()
    _waiting_on_a_lock(database)
    hold.set()
    one.join(WAIT)
    two.join(WAIT)
    assert not one.is_alive() and not two.is_alive()

    assert answers["second"] == TWIN
    with database.reading() as session:
        assert list(session.scalars(sa.select(m.Person.id))) == [answers["first"]]
    assert _refusals(database) == [TWIN]
