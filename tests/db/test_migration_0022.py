"""Migration 0022: the records several people edit get a version; those already there start
at 1, and every save increments it (SQLAlchemy's version_id_col)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from chantier_app.db import migrate
from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.db.revisions import KNOWN_REVISIONS
from chantier_app.paths import AppPaths


@pytest.mark.sqlite_only(
    reason="writes the 0021 rows with sqlite3; the server's run migrates "
    "its template through 0022 (tests/postgres.py)"
)
def test_existing_records_start_at_version_one(app_paths: AppPaths) -> None:
    app_paths.ensure()
    database = Database.open_file(app_paths.db_path)
    migrate.upgrade(database, KNOWN_REVISIONS[KNOWN_REVISIONS.index("0022") - 1])
    database.dispose()
    with sqlite3.connect(app_paths.db_path) as conn:
        conn.executemany(
            "INSERT INTO training_session (title, kind, start_date, end_date, "
            "duration_minutes, created_at, updated_at) VALUES (?, 'ADAPTATION', '2026-02-02', "
            "'2026-02-03', 840, '2026-01-05 09:00:00', '2026-01-05 09:00:00')",
            [("Sauveteur secouriste",), ("Gestes et postures",)],
        )
    conn.close()
    database = Database.open_file(app_paths.db_path)
    migrate.upgrade(database)
    with database.transaction() as session:
        rows = session.scalars(select(m.TrainingSession).order_by(m.TrainingSession.id)).all()
        assert [(s.title, s.version) for s in rows] == [
            ("Sauveteur secouriste", 1),
            ("Gestes et postures", 1),
        ]
        rows[0].location = "Salle 2"
    with database.reading() as session:
        versions = session.scalars(
            select(m.TrainingSession.version).order_by(m.TrainingSession.id)
        ).all()
    database.dispose()
    assert versions == [2, 1]
