"""Migration 0017: a contract that had a derogation below 20 h gets a period = its dates."""

from __future__ import annotations

import datetime as dt
import sqlite3

from chantier_app.db import migrate
from chantier_app.db.engine import Database
from chantier_app.domain.codes.contract_codes import DerogationKind
from chantier_app.paths import AppPaths
from tests.contract_factories import add_contract, add_person

D = dt.date


def test_existing_derogations_get_the_contracts_dates(app_paths: AppPaths) -> None:
    app_paths.ensure()
    database = Database.open_file(app_paths.db_path)
    migrate.upgrade(database, "0016")
    with database.transaction() as session:
        person = add_person(session)
        with_derogation = add_contract(
            session, person, D(2025, 1, 1), D(2026, 6, 30), weekly_minutes=18 * 60,
            derogation=DerogationKind.COLLECTIVE, derogation_reference="Arrêté 2024-7",
        )  # fmt: skip
        add_contract(session, person, D(2026, 7, 1), D(2026, 12, 31))  # 26 h, none
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
