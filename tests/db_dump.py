"""Every row of every table, to prove a refused action left the database as it was.

Read through SQLAlchemy, so the same comparison holds on SQLite and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from chantier_app.db.base import Base
from chantier_app.db.engine import Database


def dump(database: Database) -> dict[str, list[tuple[object, ...]]]:
    """Each table's rows in primary-key order."""
    with database.reading() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }
