"""``--postgres``: the database fixtures are PostgreSQL databases, migrated, one per test."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from chantier_app.db import migrate, revisions
from chantier_app.db.engine import Database, libpq_url
from tests import postgres


@pytest.mark.postgres_only
def test_the_database_is_a_migrated_postgresql_database_of_its_own(database: Database) -> None:
    assert database.engine.dialect.name == "postgresql"
    assert not database.is_sqlite and database.path is None
    assert migrate.current_revision(database) == revisions.HEAD_REVISION
    with database.engine.connect() as conn:
        name = conn.exec_driver_sql("SELECT current_database()").scalar()
    assert name not in (postgres.SCHEMA_TEMPLATE, postgres.DEMO_TEMPLATE)


@pytest.mark.postgres_only
def test_a_write_in_one_database_is_not_in_the_template(
    database: Database, postgres_server: postgres.Server
) -> None:
    with database.transaction() as session:
        session.execute(sa.text("UPDATE alembic_version SET version_num = 'changed'"))
    with postgres_server.fresh_database(postgres.SCHEMA_TEMPLATE) as other:
        assert migrate.current_revision(other) == revisions.HEAD_REVISION


def test_a_server_url_is_given_to_psycopg_without_sqlalchemy_s_driver_name() -> None:
    url = "postgresql+psycopg://chantier@serveur.local:5433/asso?sslmode=verify-full"
    assert libpq_url(url) == "postgresql://chantier@serveur.local:5433/asso?sslmode=verify-full"
    with pytest.raises(ValueError):
        libpq_url("sqlite:///chantier.sqlite3")


@pytest.mark.postgres_only
def test_a_server_s_backup_is_a_sqlite_file_with_every_row(
    demo_database: Database, tmp_path
) -> None:
    import sqlite3
    from contextlib import closing

    from chantier_app.db.backup import inspect_backup, same_content
    from chantier_app.db.base import Base
    from chantier_app.db.server_copy import dump_to_file

    first = dump_to_file(demo_database, tmp_path / "un.sqlite3")
    with demo_database.engine.connect() as conn:
        on_server = {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
            for t in Base.metadata.sorted_tables
        }
    with closing(sqlite3.connect(first)) as copy:
        in_file = {
            name: copy.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in on_server
        }
    assert in_file == on_server and on_server["person"] > 0
    preview = inspect_backup(first)
    assert preview.restorable and preview.people == on_server["person"]
    assert same_content(first, dump_to_file(demo_database, tmp_path / "deux.sqlite3"))
