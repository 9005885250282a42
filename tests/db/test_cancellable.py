"""Cancelled contracts and suspensions stay in the database, out of every reader's sight
(db.cancellable): each shape of query the services use ignores them, those that ask for
them see them, and migration 0023 leaves existing rows not cancelled."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from chantier_app.db import migrate
from chantier_app.db import models as m
from chantier_app.db.base import now
from chantier_app.db.cancellable import including_cancelled
from chantier_app.db.engine import Database
from chantier_app.db.revisions import KNOWN_REVISIONS
from chantier_app.domain.codes.contract_codes import SuspensionReason
from chantier_app.domain.codes.support_codes import MilestoneKind, MilestoneStatus
from chantier_app.paths import AppPaths
from tests.contract_factories import add_contract, add_person

D = dt.date


def _two_contracts(database: Database) -> tuple[int, int, int]:
    """A person with a live contract and a cancelled one, each with a suspension and a
    milestone: (person, live contract, cancelled contract)."""
    with database.transaction() as session:
        person = add_person(session)
        live = add_contract(session, person, D(2026, 1, 5), D(2026, 6, 30))
        gone = add_contract(session, person, D(2026, 7, 1), D(2026, 12, 31))
        for contract_id, start in ((live, D(2026, 3, 2)), (gone, D(2026, 9, 7))):
            session.add(
                m.ContractSuspension(
                    contract_id=contract_id,
                    reason=SuspensionReason.PMSMP,
                    start_date=start,
                    end_date=start + dt.timedelta(days=4),
                )
            )
            session.add(
                m.Milestone(
                    person_id=person,
                    contract_id=contract_id,
                    kind=MilestoneKind.PLAN,
                    due_date=start,
                    status=MilestoneStatus.CANCELLED,
                )
            )
        session.flush()
        cancelled = session.get(m.Contract, gone)
        assert cancelled is not None
        cancelled.cancelled_at = now()
        # And the live contract's suspension cancelled on its own.
        suspension = session.scalars(
            select(m.ContractSuspension).where(m.ContractSuspension.contract_id == live)
        ).one()
        suspension.cancelled_at = now()
    return person, live, gone


def test_every_shape_of_query_ignores_cancelled_rows(database: Database) -> None:
    person, live, gone = _two_contracts(database)
    with database.reading() as session:
        assert session.scalars(select(m.Contract.id)).all() == [live]
        assert [c.id for c in session.scalars(select(m.Contract))] == [live]
        assert session.scalar(select(func.count()).select_from(m.Contract)) == 1
        assert session.scalar(select(func.count(m.Contract.id))) == 1
        assert session.get(m.Contract, gone) is None
        # Joined from another entity: the cancelled contract's milestone has no contract.
        joined = select(m.Milestone.id).join(m.Contract, m.Contract.id == m.Milestone.contract_id)
        assert len(session.scalars(joined).all()) == 1
        outer = select(m.Milestone.id, m.Contract.id).outerjoin(
            m.Contract, m.Contract.id == m.Milestone.contract_id
        )
        assert {contract for _id, contract in session.execute(outer)} == {None, live}
        # In a subquery and an EXISTS.
        people = select(m.Person.id).where(
            m.Person.id.in_(
                select(m.Contract.person_id).where(m.Contract.start_date > D(2026, 6, 1))
            )
        )
        assert session.scalars(people).all() == []
        has = select(m.Person.id).where(
            exists().where(m.Contract.person_id == m.Person.id, m.Contract.id == gone)
        )
        assert session.scalars(has).all() == []
        # Suspensions: by query (the cancelled contract's own is not: cancelling a hire
        # cancels them too), and in a live contract's collection.
        suspensions = select(m.ContractSuspension.contract_id)
        assert session.scalars(suspensions).all() == [gone]
        contract = session.get(m.Contract, live)
        assert contract is not None and contract.suspensions == []
        assert person in session.scalars(select(m.Person.id)).all()


def test_who_asks_for_them_sees_them(database: Database) -> None:
    _person, live, gone = _two_contracts(database)
    with database.reading() as session:
        rows = session.scalars(
            select(m.Contract).order_by(m.Contract.id), execution_options=including_cancelled()
        ).all()
        assert [(c.id, c.cancelled) for c in rows] == [(live, False), (gone, True)]
        assert session.get(m.Contract, gone, execution_options=including_cancelled()) is not None
        count = select(func.count()).select_from(m.ContractSuspension)
        assert session.scalar(count, execution_options=including_cancelled()) == 2


def test_a_cancelled_contract_in_hand_still_loads_and_bulk_updates_reach_it(
    database: Database,
) -> None:
    _person, _live, gone = _two_contracts(database)
    with database.transaction() as session:
        contract = session.get(m.Contract, gone, execution_options=including_cancelled())
        assert contract is not None
        session.expire(contract)  # as after a commit: its columns load again
        assert contract.start_date == D(2026, 7, 1)
        # Anonymisation's bulk updates are not filtered: the cancelled row is erased too.
        session.execute(update(m.Contract).values(job_title=None, cancellation_reason=None))
    with database.reading() as session:
        assert _cancelled_count(session) == 1


def _cancelled_count(session: Session) -> int:
    query = select(func.count()).select_from(m.Contract).where(m.Contract.cancelled_at.is_not(None))
    return int(session.scalar(query, execution_options=including_cancelled()) or 0)


@pytest.mark.sqlite_only(
    reason="writes the 0022 rows with sqlite3; the server's run migrates its template "
    "through 0023 (tests/postgres.py)"
)
def test_existing_contracts_are_not_cancelled_and_the_downgrade_keeps_them(
    app_paths: AppPaths,
) -> None:
    app_paths.ensure()
    database = Database.open_file(app_paths.db_path)
    migrate.upgrade(database, KNOWN_REVISIONS[KNOWN_REVISIONS.index("0023") - 1])
    database.dispose()
    with sqlite3.connect(app_paths.db_path) as conn:
        conn.execute(
            "INSERT INTO person (civility, usage_name, first_names, ft_registered, rsa, ass, "
            "aah, rqth, lone_parent, refugee, released_from_detention, qpv, zrr, created_at, "
            "updated_at) VALUES ('M', 'Martin', 'Loïc', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
            "'2026-01-05 09:00:00', '2026-01-05 09:00:00')"
        )
        conn.execute(
            "INSERT INTO contract (person_id, kind, start_date, initial_end_date, end_date, "
            "weekly_minutes, derogation, adjusted_sentence, extension_reason, print_count, "
            "created_at, updated_at) VALUES (1, 'CDDI_REMOB', '2026-01-05', '2026-06-30', "
            "'2026-06-30', 1560, 'AUCUNE', 0, 'AUCUNE', 0, '2026-01-05 09:00:00', "
            "'2026-01-05 09:00:00')"
        )
    conn.close()
    database = Database.open_file(app_paths.db_path)
    migrate.upgrade(database)
    with database.reading() as session:
        contracts = session.scalars(select(m.Contract)).all()
        assert [(c.start_date, c.cancelled_at, c.cancelled_by_id) for c in contracts] == [
            (D(2026, 1, 5), None, None)
        ]
    migrate_down(database, "0022")
    database.dispose()
    with sqlite3.connect(app_paths.db_path) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(contract)")]
        assert "cancelled_at" not in columns
        assert conn.execute("SELECT start_date FROM contract").fetchall() == [("2026-01-05",)]
    conn.close()


def migrate_down(database: Database, target: str) -> None:
    from alembic import command

    plain = Database(database.url, foreign_keys=False)
    with plain.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), target)
    plain.dispose()
    database.dispose()
