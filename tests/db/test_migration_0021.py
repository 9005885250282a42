"""Migration 0021: staff accounts get a civility; the ones already there keep none."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from chantier_app.db import migrate
from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.db.revisions import KNOWN_REVISIONS
from chantier_app.paths import AppPaths


def test_existing_accounts_are_kept_without_a_civility(app_paths: AppPaths) -> None:
    app_paths.ensure()
    database = Database.open_file(app_paths.db_path)
    migrate.upgrade(database, KNOWN_REVISIONS[KNOWN_REVISIONS.index("0021") - 1])
    database.dispose()
    with sqlite3.connect(app_paths.db_path) as conn:
        conn.executemany(
            "INSERT INTO staff (last_name, first_name, role, login, must_change_password, "
            "active, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 1, '2026-01-05 09:00:00', "
            "'2026-01-05 09:00:00')",
            [
                ("Moreau", "Isabelle", "DIRECTION", "i.moreau"),
                ("Petit", "Marc", "ENCADRANT", "m.p"),
            ],
        )
    conn.close()
    database = Database.open_file(app_paths.db_path)
    migrate.upgrade(database)
    with database.reading() as session:
        rows = [
            (s.login, s.display_name, s.civility, s.role_title)
            for s in session.scalars(select(m.Staff).order_by(m.Staff.id))
        ]
    database.dispose()
    assert rows == [
        ("i.moreau", "Isabelle Moreau", None, "Direction"),
        ("m.p", "Marc Petit", None, "Encadrant technique"),
    ]
