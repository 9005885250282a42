"""The reads of one user action share one session (``Database.shared_reads``): one
transaction and the person loaded once, yet what is read after a change is read anew."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from chantier_app.db.engine import Database
from chantier_app.domain.codes.person_codes import NirMissingReason
from chantier_app.domain.errors import NotFoundError
from chantier_app.domain.person_record import PersonInput
from chantier_app.services.context import AppContext
from chantier_app.services.people import records
from chantier_app.services.people.views import get_person
from tests.contract_factories import add_person


@pytest.fixture
def counted(database: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    sa.event.listen(database.engine, "before_cursor_execute", count)
    yield statements
    sa.event.remove(database.engine, "before_cursor_execute", count)


def _person_reads(statements: list[str]) -> int:
    return sum(s.startswith("SELECT person.id, person.civility") for s in statements)


def _renamed(record: PersonInput) -> PersonInput:
    return dataclasses.replace(
        record, usage_name="Martin", nir_missing_reason=NirMissingReason.NOT_PROVIDED
    )


def _begins(statements: list[str]) -> int:
    # SQLite: the engine's own BEGIN; PostgreSQL: psycopg's implicit one, one SET a session.
    return sum(s.startswith(("BEGIN", "SET TRANSACTION")) for s in statements)


def test_the_reads_inside_share_one_transaction_and_load_the_person_once(
    ctx: AppContext, database: Database, counted: list[str]
) -> None:
    with database.transaction() as session:
        person_id = add_person(session, "Lefèvre")
    counted.clear()
    ctx.read(get_person, person_id)
    ctx.read(get_person, person_id)
    apart = _person_reads(counted)
    counted.clear()
    with ctx.shared_reads():
        first = ctx.read(get_person, person_id)
        second = ctx.read(get_person, person_id)
    assert first == second and first.record.usage_name == "Lefèvre"
    assert apart == 2 and _person_reads(counted) == 1
    if database.is_sqlite:
        assert _begins(counted) == 1


def test_a_change_saved_inside_is_read_anew(ctx: AppContext, database: Database) -> None:
    with database.transaction() as session:
        person_id = add_person(session, "Lefèvre")
    with ctx.shared_reads():
        before = ctx.read(get_person, person_id)
        record = _renamed(before.record)
        ctx.run(records.update_person, person_id, record, expected_version=before.version)
        after = ctx.read(get_person, person_id)
    assert (before.record.usage_name, after.record.usage_name) == ("Lefèvre", "Martin")
    assert after.version == before.version + 1


def test_another_office_s_change_is_read_once_the_sharing_ends(
    ctx: AppContext, database: Database
) -> None:
    with database.transaction() as session:
        person_id = add_person(session, "Lefèvre")
    elsewhere = AppContext(Database(database.url), ctx.actor)
    try:
        with ctx.shared_reads():
            before = ctx.read(get_person, person_id)
            record = _renamed(before.record)
            elsewhere.run(records.update_person, person_id, record, expected_version=before.version)
            # One snapshot for the whole action: its reads agree with one another.
            assert ctx.read(get_person, person_id).record.usage_name == "Lefèvre"
        assert ctx.read(get_person, person_id).record.usage_name == "Martin"
    finally:
        elsewhere.database.dispose()


def test_a_failed_read_ends_the_sharing_and_the_next_reads_work(
    ctx: AppContext, database: Database, counted: list[str]
) -> None:
    with database.transaction() as session:
        person_id = add_person(session, "Lefèvre")
    with ctx.shared_reads():
        with pytest.raises(NotFoundError):
            ctx.read(get_person, person_id + 1000)
        counted.clear()
        assert ctx.read(get_person, person_id).record.usage_name == "Lefèvre"
        assert ctx.read(get_person, person_id).record.usage_name == "Lefèvre"
    assert _person_reads(counted) == 2  # a session of its own each: the sharing ended


def test_another_thread_reads_in_its_own_session(ctx: AppContext, database: Database) -> None:
    with database.transaction() as session:
        person_id = add_person(session, "Lefèvre")
    sessions: dict[str, object] = {}

    def read_there() -> None:
        with database.reading() as session:
            sessions["thread"] = session

    with ctx.shared_reads(), database.reading() as here:
        worker = threading.Thread(target=read_there)
        worker.start()
        worker.join()
        with database.reading() as again:
            assert again is here
        assert ctx.read(get_person, person_id).id == person_id
    assert sessions["thread"] is not here


def test_a_kept_session_serves_its_blocks_only_until_it_ends(
    ctx: AppContext, database: Database, counted: list[str]
) -> None:
    with database.transaction() as session:
        person_id = add_person(session, "Lefèvre")
    kept = ctx.keep_reads()
    counted.clear()
    with ctx.shared_reads(kept):
        ctx.read(get_person, person_id)
    ctx.read(get_person, person_id)  # another screen's read: a session of its own
    with ctx.shared_reads(kept):
        ctx.read(get_person, person_id)  # the kept session: the person found in it
    assert _person_reads(counted) == 2
    kept.end()
    counted.clear()
    with ctx.shared_reads(kept):  # ended: a block's own session
        ctx.read(get_person, person_id)
    assert kept.ended and _person_reads(counted) == 1


def test_a_change_saved_ends_the_kept_session(ctx: AppContext, database: Database) -> None:
    with database.transaction() as session:
        person_id = add_person(session, "Lefèvre")
    kept = ctx.keep_reads()
    with ctx.shared_reads(kept):
        before = ctx.read(get_person, person_id)
    ctx.run(records.update_person, person_id, _renamed(before.record), expected_version=1)
    assert kept.ended
    with ctx.shared_reads(kept):
        assert ctx.read(get_person, person_id).record.usage_name == "Martin"
