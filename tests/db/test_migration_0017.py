"""Migration 0017: a contract that had a derogation below 20 h gets a period = its dates."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

from chantier_app.db import migrate
from chantier_app.db.engine import Database
from chantier_app.domain.codes.contract_codes import DerogationKind
from chantier_app.paths import AppPaths
from tests.contract_factories import add_contract, add_person

D = dt.date
# The tables migration 0022 gives a version column.
_VERSIONED_AT_0022 = (
    "person", "eligibility_diagnosis", "pass_iae", "contract", "amendment",
    "contract_suspension", "monthly_hours", "milestone", "pmsmp", "training_session",
    "enrolment",
)  # fmt: skip
# The tables and columns migration 0023 adds (a cancelled contract or suspension).
_CANCELLABLE_AT_0023 = ("contract", "contract_suspension")
# And those of 0024 (every other record a user can cancel; the last editable ones versioned).
_CANCELLABLE_AT_0024 = (
    "amendment", "pmsmp", "sensitive_note", "training_session", "enrolment", "barrier_score",
    "barrier_action", "eligibility_diagnosis", "pass_iae", "pass_suspension", "pass_prolongation",
)  # fmt: skip
_VERSIONED_AT_0024 = (
    "pass_suspension", "pass_prolongation", "barrier_score", "barrier_action", "sensitive_note",
)  # fmt: skip
_CANCELLED_COLUMNS = (
    ("cancelled_at", "DATETIME"), ("cancellation_reason", "TEXT"), ("cancelled_by_id", "INTEGER"),
)  # fmt: skip


def test_existing_derogations_get_the_contracts_dates(app_paths: AppPaths) -> None:
    app_paths.ensure()
    database = Database.open_file(app_paths.db_path)
    migrate.upgrade(database, "0016")
    # Today's models carry the version column of 0022 and 0024 and the cancelled state of
    # 0023 and 0024: the rows of a 0016 file are written through them with those columns
    # added for the while, then dropped (the file at 0016 again).
    _columns(database, add=True)
    with database.transaction() as session:
        person = add_person(session)
        with_derogation = add_contract(
            session, person, D(2025, 1, 1), D(2026, 6, 30), weekly_minutes=18 * 60,
            derogation=DerogationKind.COLLECTIVE, derogation_reference="Arrêté 2024-7",
        )  # fmt: skip
        add_contract(session, person, D(2026, 7, 1), D(2026, 12, 31))  # 26 h, none
    _columns(database, add=False)
    migrate.upgrade(database)
    database.dispose()
    with sqlite3.connect(app_paths.db_path) as conn:
        rows = conn.execute(
            "SELECT contract_id, kind, start_date, end_date, reference, decided_on "
            "FROM contract_derogation"
        ).fetchall()
    # 18 months: more than the twelve the law allows, kept as recorded (the old rule
    # accepted them); the decision's date was never asked.
    assert rows == [
        (with_derogation, "COLLECTIVE", "2025-01-01", "2026-06-30", "Arrêté 2024-7", None)
    ]


def _columns(database: Database, *, add: bool) -> None:
    database.dispose()
    versioned = _VERSIONED_AT_0022 + _VERSIONED_AT_0024
    cancellable = _CANCELLABLE_AT_0023 + _CANCELLABLE_AT_0024
    changes = [(table, "version", "INTEGER NOT NULL DEFAULT 1") for table in versioned] + [
        (table, name, kind) for table in cancellable for name, kind in _CANCELLED_COLUMNS
    ]
    with closing(sqlite3.connect(database.path)) as conn, conn:
        for table, name, kind in changes:
            change = f"ADD COLUMN {name} {kind}" if add else f"DROP COLUMN {name}"
            conn.execute(f"ALTER TABLE {table} {change}")
