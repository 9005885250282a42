"""Bring a database to the schema of this version, safely, at start-up.

The common case (schema already current) reads one row and never imports Alembic,
which costs a third of a second: start-up only pays for it when there is work.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chantier_app.db import cipher
from chantier_app.db.backup import backup_database
from chantier_app.db.engine import Database
from chantier_app.db.revisions import HEAD_REVISION, KNOWN_REVISIONS
from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr

if TYPE_CHECKING:
    import sqlalchemy as sa
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class NewerDatabaseError(AppError):
    """The file was written by a newer version of the application."""


class ForeignDatabaseError(AppError):
    """The file holds tables but not ours: never touch it."""


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def migrated(self) -> bool:
        return self.from_revision != self.to_revision


def file_revision(path: Path) -> str | None:
    """The schema revision of a SQLite file, read with sqlite3 (None: none recorded)."""
    uri = f"file:{path.as_posix()}?mode=ro"
    with closing(cipher.connect(uri, path=path)) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except cipher.driver_errors():
            return None
    return row[0] if row else None


def current_revision(database: Database) -> str | None:
    import sqlalchemy as sa

    with database.engine.connect() as conn:
        inspector = sa.inspect(conn)
        if not inspector.has_table("alembic_version"):
            if inspector.get_table_names():
                raise ForeignDatabaseError(
                    tr(
                        "Ce fichier contient des données qui ne viennent pas de l'application : "
                        "il n'a pas été modifié."
                    )
                )
            return None
        row = conn.execute(sa.text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def alembic_config(connection: sa.Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(database: Database, target: str = "head") -> None:
    """Run the migrations in one transaction; on SQLite, foreign keys are checked at the end."""
    from alembic import command

    migrating = (
        Database(database.url, foreign_keys=False, key=database.key)
        if database.is_sqlite
        else database
    )
    try:
        with migrating.engine.begin() as conn:
            command.upgrade(alembic_config(conn), target)
            if migrating.is_sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise AppError(
                        tr(
                            "La mise à jour de la base a été annulée : {n} liens entre "
                            "enregistrements seraient rompus."
                        ).format(n=len(broken))
                    )
    finally:
        if migrating is not database:
            migrating.dispose()


def ensure_schema(database: Database, backups_dir: Path | None) -> MigrationResult:
    """Create or upgrade the schema; back the file (or the server) up first when it
    already holds data: no backup, no migration."""
    found = current_revision(database)
    if found == HEAD_REVISION:
        return MigrationResult(found, HEAD_REVISION, None)
    if found is not None and found not in KNOWN_REVISIONS:
        raise NewerDatabaseError(
            tr(
                "Ces données ont été enregistrées par une version plus récente de l'application "
                "(schéma {found}). Installez la dernière version pour les ouvrir ; le fichier "
                "n'a pas été modifié."
            ).format(found=found)
        )
    backup_path = None
    if found is not None and backups_dir is not None:
        if database.path is not None:
            backup_path = backup_database(
                database.path, backups_dir, reason=f"avant-migration-{found}"
            )
        elif not database.is_sqlite:  # a server: refused, unchanged, when it cannot be saved
            from chantier_app.db.server_dump import backup_before_migration

            backup_path = backup_before_migration(database, backups_dir, found)
    upgrade(database)
    return MigrationResult(found, HEAD_REVISION, backup_path)
